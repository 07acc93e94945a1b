"""What the charts of a report show, as plain data: the SVG charts of the HTML report
(:mod:`thdx.verdicts._svg`) and the matplotlib figures (:mod:`thdx.verdicts._plot`)
draw the same numbers from here.

Three kinds of chart: the scorecard (how many goals of each pillar have each status), a
value goal's series against its threshold and deadline, and a unit goal's units
completed by year against a plan's cumulative quotas (QĐ 969/QĐ-UBND:
:func:`thdx.plan_qd969`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

from thdx.model._errors import EvaluationError
from thdx.model._periods import Period
from thdx.progress import PlanYear, Progress
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import Target
from thdx.verdicts._status import Status
from thdx.verdicts._views import VerdictView

if TYPE_CHECKING:
    from thdx.store._measurement_set import MeasurementSet

__all__ = [
    "PILLARS",
    "ChartReport",
    "PlanChart",
    "SeriesChart",
    "chart_of",
    "scorecard_counts",
]

#: The order pillars are shown in; goals without a pillar come last, as "other".
PILLARS = ("overall", "government", "economy", "society", "other")


class ChartReport(Protocol):
    """What the charts read of a report (see :class:`~thdx.Report`)."""

    @property
    def rulebook(self) -> Rulebook: ...
    @property
    def as_of(self) -> _dt.date: ...
    @property
    def data(self) -> MeasurementSet: ...
    def verdicts(self) -> Sequence[VerdictView]: ...
    def verdict(self, target: str, unit: str | None = None) -> VerdictView: ...
    def progress(self, target: str, unit: str | None = None) -> Progress: ...


def pillar_of(t: Target) -> str:
    """The pillar a target is shown under (``other`` when it names none)."""
    return t.pillar.value if t.pillar is not None else "other"


def scorecard_counts(verdicts: Sequence[VerdictView]) -> dict[str, dict[Status, int]]:
    """How many verdicts of each pillar have each status (pillars in :data:`PILLARS`
    order, only those with a verdict; every status present, 0 included)."""
    out: dict[str, dict[Status, int]] = {}
    for p in PILLARS:
        for v in verdicts:
            if pillar_of(v.target) == p:
                out.setdefault(p, dict.fromkeys(Status, 0))[v.status] += 1
    return out


@attrs.frozen
class SeriesChart:
    """A value goal's series: its values by period, the threshold and the deadline."""

    target: str
    unit: str
    indicator: str
    unit_of_measure: str
    points: tuple[tuple[Period, float], ...]
    threshold: float | None
    comparator: str | None
    deadline: Period
    lower_is_better: bool


@attrs.frozen
class PlanChart:
    """A unit goal's units completed by the end of each year against the cumulative
    quota of a plan (``plan`` empty: no plan was given), and the goal's own threshold."""

    target: str
    unit: str
    plan: tuple[PlanYear, ...]
    threshold: float | None
    unit_of_measure: str
    deadline: Period
    latest: tuple[Period, float] | None


def chart_of(report: ChartReport, target: str, unit: str | None = None) -> SeriesChart | PlanChart:
    """What the chart of one goal shows: a plan chart for a goal over units (count,
    share, completed), a series chart for a goal on a value or a growth.

    Raises:
        UnknownTargetError: the rulebook has no such target.
        EvaluationError: the goal combines several rules: there is no one series to draw.
    """
    t = report.rulebook.target(target)
    code = unit if unit is not None else (t.units[0] if t.units else report.rulebook.jurisdiction)
    if t.measure in ("count", "share", "completed"):
        p = report.progress(t.id, code)
        latest = None if p.latest is None else (p.latest.period, p.latest.value)
        return PlanChart(
            target=t.id,
            unit=code,
            plan=p.plan,
            threshold=t.threshold_magnitude,
            unit_of_measure=t.threshold_unit,
            deadline=t.deadline,
            latest=latest,
        )
    if t.indicator is None:
        msg = (
            f"target {t.id!r} combines several rules ({t.measure}): there is no one series "
            "to plot; plot one of the goals on a value, a growth or units instead"
        )
        raise EvaluationError(msg)
    ind = report.data.catalogue.get(t.indicator)
    lower = ind is not None and ind.direction.value == "lower"
    rows = report.data.measurements(unit=code, indicator=t.indicator)
    points = tuple(sorted((m.period, m.magnitude) for m in rows))
    growth = t.measure == "growth"
    return SeriesChart(
        target=t.id,
        unit=code,
        indicator=t.indicator,
        unit_of_measure=rows[0].unit_of_measure if rows else t.threshold_unit,
        points=points,
        # A growth goal's threshold is a rate, not a value of the series.
        threshold=None if growth else t.threshold_magnitude,
        comparator=None if growth or t.comparator is None else t.comparator.value,
        deadline=t.deadline,
        lower_is_better=lower,
    )


def year_of(p: Period) -> float:
    """A period's position on a time axis: its end, in years (2024 ends at 2025.0 − ε,
    drawn at 2024.5: the middle of the period)."""
    mid = p.start + (p.end - p.start) / 2
    return mid.year + (mid.timetuple().tm_yday - 1) / 365.25
