"""Progress toward a goal before its deadline: beside a verdict, never changing it.

A verdict says whether a goal is met on the data; a progress says, before the
deadline, whether the data is on its way there. The default for a goal on a value is
the Open SDG progress measure (sdg-build's ``ProgressMeasure``, which follows
Eurostat): the ratio *R* of the compound annual growth observed since the base year to
the growth required to reach the threshold by the deadline, banded as

==============================  ==========================================
the latest value meets it       :attr:`ProgressStatus.ACHIEVED`
R ≥ 0.95                        :attr:`ProgressStatus.SUBSTANTIAL`
0.6 ≤ R < 0.95                  :attr:`ProgressStatus.MODERATE`
0 ≤ R < 0.6                     :attr:`ProgressStatus.LIMITED`
R < 0                           :attr:`ProgressStatus.DETERIORATION`
fewer than two values, ...      :attr:`ProgressStatus.NOT_AVAILABLE`
==============================  ==========================================

Ranks follow a least-squares line (``rank_trend``); growth goals the average their
window still needs (``growth_remaining``); counts and shares of completed units a
plan's yearly quotas (``units_plan``, QĐ 969/QĐ-UBND) or the goal's pace
(``units_pace``). Every progress also gives the pace required from the latest value,
the value projected at the deadline at the observed pace, and the year the threshold
would be reached (None: never at that pace). Its notes are typed codes.

>>> import thdx
>>> from thdx.progress import assess
>>> data = thdx.MeasurementSet([
...     thdx.Measurement(unit="38", indicator="digital_economy_share", value=v, period=y)
...     for y, v in (("2020", "5 %"), ("2023", "8.28 %"))])
>>> p = assess(thdx.resolution_06().target("2030.econ.digital_economy_share"), data,
...            unit="38", as_of="2024-06-30")
>>> p.status, p.method.value, p.projected_year
(<ProgressStatus.MODERATE: 'moderate'>, 'cagr', 2031)
"""

from thdx.progress._assess import DEFAULT_BASE_YEAR, assess, assess_rulebook
from thdx.progress._errors import ProgressError, ProgressTypeError
from thdx.progress._notes import ProgressNote, ProgressNoteCode
from thdx.progress._result import SCHEMA, PlanYear, Point, Progress
from thdx.progress._status import BANDS, ORDER, ProgressMethod, ProgressStatus, classify
from thdx.progress._units import plan_quotas

__all__ = [
    "BANDS",
    "DEFAULT_BASE_YEAR",
    "ORDER",
    "SCHEMA",
    "PlanYear",
    "Point",
    "Progress",
    "ProgressError",
    "ProgressMethod",
    "ProgressNote",
    "ProgressNoteCode",
    "ProgressStatus",
    "ProgressTypeError",
    "assess",
    "assess_rulebook",
    "classify",
    "plan_quotas",
]
