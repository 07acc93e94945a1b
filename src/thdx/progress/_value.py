"""Progress of a goal on an indicator's value: the Open SDG progress measure (compound
annual growth, observed against required) and, for ranks, a linear trend.

The Open SDG method (sdg-build ``sdg/ProgressMeasure.py``, ``methodology_2``,
following Eurostat's method for targets with a number): from the base value ``v0`` of
year ``t0`` and the latest ``v1`` of year ``t1``, toward the threshold ``T`` by the
deadline year ``tT``::

    CAGR_obs = (v1 / v0) ** (1 / (t1 − t0)) − 1
    CAGR_req = (T / v0) ** (1 / (tT − t0)) − 1
    R        = s · d · CAGR_obs / |CAGR_req|

``d`` is +1 for a goal to rise (≥, >) and −1 for one to fall (≤, <); ``s`` is −1 when
the values are negative. The status is ACHIEVED when the latest value meets the
threshold (within :func:`thdx.rules.tolerance`), else the band of ``R``
(:func:`~thdx.progress.classify`). Unlike sdg-build, a base of zero is not replaced by
0.001: it gives NOT_AVAILABLE, with a note.

A rank is ordinal: its compound growth means little. A rank goal is assessed on the
least-squares line through its values (``rank_trend``): the observed rate is the
slope (ranks a year), the required rate ``(T − v0) / (tT − t0)``, and ``R`` the same
signed ratio; the projection is the line at the deadline (never better than rank 1).

Only values of whole calendar years are used (``t = Y`` is the end of year ``Y``),
from the base year on, for periods ending on or before ``as_of`` and not after the
deadline; every value set aside is counted in a note.
"""

from __future__ import annotations

import math

import attrs

from thdx.model._indicators import IndicatorKind
from thdx.model._periods import Granularity, Period
from thdx.model._quantities import format_quantity
from thdx.progress._math import (
    compound,
    compound_reach,
    compound_value,
    first_year_at,
    least_squares,
    linear_reach,
    year_end_time,
)
from thdx.progress._notes import ProgressNoteCode as NC
from thdx.progress._result import Draft, Goal, Point
from thdx.progress._status import ProgressMethod, ProgressStatus
from thdx.rules._vocabulary import Comparator
from thdx.store._measurement_set import MeasurementSet

__all__ = ["YearValue", "assess_value", "direction", "year_series"]


@attrs.frozen
class YearValue:
    """The value of one whole year (and a rank's cohort)."""

    year: int
    value: float
    cohort: int | None = None

    @property
    def point(self) -> Point:
        """The value as a :class:`Point`."""
        return Point(Period.year(self.year), self.value)


def direction(comparator: Comparator, threshold: float, base: float) -> int:
    """+1 for a goal to rise, −1 for one to fall; for ``==``, toward the threshold."""
    if comparator in (Comparator.GE, Comparator.GT):
        return 1
    if comparator in (Comparator.LE, Comparator.LT):
        return -1
    return -1 if threshold < base else 1


def year_series(
    draft: Draft, data: MeasurementSet, indicator: str, *, base_year: int
) -> list[YearValue]:
    """The unit's values of whole years from ``base_year`` to the deadline, up to
    ``as_of``, oldest first; what is set aside is noted in ``draft``."""
    after_as_of = after_deadline = before_base = not_year = 0
    got: list[YearValue] = []
    for m in data.measurements(unit=draft.unit, indicator=indicator):
        if m.period.end > draft.as_of:
            after_as_of += 1
        elif m.period.granularity is not Granularity.YEAR:
            not_year += 1
        elif m.period.end > draft.deadline.end:
            after_deadline += 1
        elif m.period.first_year < base_year:
            before_base += 1
        elif math.isfinite(m.magnitude):  # always: a MeasurementSet holds finite values
            got.append(YearValue(m.period.first_year, m.magnitude, m.cohort))
    if before_base:
        draft.note(NC.UNUSED_BEFORE_BASE, before_base, base_year)
    if not_year:
        draft.note(NC.UNUSED_NOT_YEAR, not_year)
    if after_deadline:
        draft.note(NC.UNUSED_AFTER_DEADLINE, after_deadline, draft.deadline)
    if after_as_of:
        draft.note(NC.UNUSED_AFTER_AS_OF, after_as_of, draft.as_of)
    got.sort(key=lambda v: v.year)
    return got


def _start(
    draft: Draft, goal: Goal, points: list[YearValue], base_year: int
) -> tuple[YearValue, YearValue, bool, float] | None:
    """The base, the latest value, whether it meets the threshold, and the deadline as
    a time in years; None (the progress NOT_AVAILABLE, noted) without two points."""
    if not points:
        draft.note(NC.NO_DATA, draft.as_of)
        return None
    base, latest = points[0], points[-1]
    if base.year > base_year:
        draft.note(NC.BASE_LATER, base_year, Period.year(base.year))
    draft.base, draft.latest = base.point, latest.point
    comparator, threshold = goal.comparator, goal.threshold
    achieved = comparator.holds(latest.value, threshold)
    if achieved:
        draft.status = ProgressStatus.ACHIEVED
        draft.projected_year = latest.year
    if comparator.holds(base.value, threshold) and len(points) > 1:
        draft.note(NC.BASE_MET, base.point.period)
    if len(points) < 2:
        if not achieved:
            draft.note(NC.ONE_POINT, latest.point.period)
        return None
    return base, latest, achieved, year_end_time(draft.deadline.end)


def assess_value(
    draft: Draft, goal: Goal, data: MeasurementSet, indicator: str, *, base_year: int
) -> None:
    """Assess a goal on an indicator's value (``measure == "value"``) into ``draft``."""
    ind = data.catalogue.get(indicator)
    points = year_series(draft, data, indicator, base_year=base_year)
    if ind is not None and ind.kind is IndicatorKind.RANK:
        draft.method, draft.unit_of_measure, draft.rate_unit = (
            ProgressMethod.RANK_TREND,
            "rank",
            "rank / year",
        )
        _rank_trend(draft, goal, points, base_year)
        return
    draft.method, draft.rate_unit = ProgressMethod.CAGR, "percent / year"
    draft.unit_of_measure = ind.unit if ind is not None else goal.unit
    share = ind is not None and ind.kind is IndicatorKind.SHARE
    _cagr(draft, goal, points, base_year, share=share)


def _cagr(
    draft: Draft, goal: Goal, points: list[YearValue], base_year: int, *, share: bool
) -> None:
    started = _start(draft, goal, points, base_year)
    if started is None:
        return
    base, latest, achieved, t_deadline = started
    comparator, threshold = goal.comparator, goal.threshold
    if base.value == 0:
        draft.note(NC.BASE_ZERO, base.point.period)
        return
    if base.value * latest.value < 0:
        draft.note(NC.OPPOSITE_SIGNS, base.value, latest.value)
        return
    if threshold / base.value < 0:
        draft.note(NC.THRESHOLD_SIGN, threshold, base.value)
        return
    observed = compound(latest.value / base.value, latest.year - base.year)
    required = compound(threshold / base.value, t_deadline - base.year)
    if observed is None or required is None:
        draft.note(NC.NOT_COMPUTABLE)
        return
    draft.observed_rate, draft.required_rate = observed * 100.0, required * 100.0
    sign = -1 if base.value < 0 else 1
    d = direction(comparator, threshold, base.value)
    draft.band(sign * d * observed, required, achieved=achieved)
    left = t_deadline - latest.year
    if left <= 0:
        draft.note(NC.DEADLINE_REACHED, draft.deadline)
        draft.projected = latest.value
    else:
        pace = compound(threshold / latest.value, left) if latest.value != 0 else None
        if not achieved and pace is not None:
            draft.required_pace = pace * 100.0
        projected = compound_value(latest.value, observed, left)
        if projected is None:
            draft.note(NC.NOT_COMPUTABLE)
        elif share and projected > 100.0:
            draft.note(NC.PROJECTION_CAPPED, format_quantity(100.0, "percent"))
            projected = 100.0
        draft.projected = projected
    if not achieved:
        reach = compound_reach(latest.year, latest.value, observed, threshold)
        draft.projected_year = first_year_at(reach, after=latest.year)


def _rank_trend(draft: Draft, goal: Goal, points: list[YearValue], base_year: int) -> None:
    cohorts = sorted({p.cohort for p in points if p.cohort is not None})
    if len(cohorts) > 1:
        draft.note(NC.COHORTS_MIXED, ", ".join(map(str, cohorts)))
    started = _start(draft, goal, points, base_year)
    if started is None:
        return
    base, latest, achieved, t_deadline = started
    comparator, threshold = goal.comparator, goal.threshold
    slope, t_mean, v_mean = least_squares([p.year for p in points], [p.value for p in points])
    required = (threshold - base.value) / (t_deadline - base.year)
    draft.observed_rate, draft.required_rate = slope, required
    d = direction(comparator, threshold, base.value)
    draft.band(d * slope, required, achieved=achieved)
    left = t_deadline - latest.year
    if left <= 0:
        draft.note(NC.DEADLINE_REACHED, draft.deadline)
    elif not achieved:
        draft.required_pace = (threshold - latest.value) / left
    projected = latest.value if left <= 0 else v_mean + slope * (t_deadline - t_mean)
    if projected < 1.0:
        draft.note(NC.RANK_FLOOR)
        projected = 1.0
    draft.projected = projected
    if not achieved and d * slope > 0:
        reach = linear_reach(t_mean, v_mean, slope, threshold)
        draft.projected_year = first_year_at(reach, after=latest.year)
