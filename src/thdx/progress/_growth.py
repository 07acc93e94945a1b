"""Progress of a growth goal: the average annual growth of a window of years so far,
against the goal, and the average the remaining years must reach.

"Average annual growth ≥ g over 2021–2025" is compound: it asks the level of 2025 to be
at least ``(1 + g)^5`` times that of 2020. From what is known by ``as_of`` — the
levels of the year before the window and of a later year ``L`` of it, or the yearly
rates of every year from the first to ``L`` — the growth so far is a factor ``G`` over
``k = L − first + 1`` years, and:

- the observed rate is the average so far, ``G^(1/k) − 1``;
- the required rate is the goal's ``g``, and the ratio ``R`` their signed quotient
  (the Open SDG measure applied to the level the goal amounts to);
- the pace the remaining ``n = last − L`` years must reach, on average, is
  ``((1 + g)^W / G)^(1/n) − 1`` (``W`` the window's years);
- the projection is the window's average at the observed pace (the average so far).

A goal to rise is ACHIEVED once ``G`` already reaches ``(1 + g)^W`` (the remaining
years then need no growth on average). A ceiling on growth (≤, <, ==) has no required
growth to compare with: its rates and required pace are given, its status is
NOT_AVAILABLE with a note. Levels are preferred to rates when both reach as far
(as the engine does); mixed chains are not built here.
"""

from __future__ import annotations

import math

from thdx.model._periods import Period
from thdx.progress._math import compound, compound_reach, first_year_at
from thdx.progress._notes import ProgressNoteCode as NC
from thdx.progress._result import Draft, Goal, Point
from thdx.progress._status import ProgressMethod, ProgressStatus
from thdx.rules._vocabulary import Comparator, Growth
from thdx.store._measurement_set import MeasurementSet

__all__ = ["assess_growth"]


def _value(data: MeasurementSet, unit: str, indicator: str | None, year: int) -> float | None:
    if indicator is None:
        return None
    m = data.get(unit, indicator, Period.year(year))
    return None if m is None else m.magnitude


def _known(draft: Draft, rule: Growth, data: MeasurementSet) -> tuple[int, float, NC, int] | None:
    """The last year known, the growth factor up to it, and how it was found (a note
    code and its first year); None (noted) when nothing is known."""
    first, last = rule.window.first_year, rule.window.last_year
    ended = [y for y in range(first - 1, last + 1) if Period.year(y).end <= draft.as_of]
    if not any(y >= first for y in ended):
        draft.note(NC.WINDOW_NOT_STARTED, rule.window, draft.as_of)
        return None
    levels = {y: v for y in ended if (v := _value(data, draft.unit, rule.indicator, y)) is not None}
    rates: list[float] = []
    year = first
    while year in ended and (r := _value(data, draft.unit, rule.rate_indicator, year)) is not None:
        rates.append(r)
        year += 1
    base = levels.get(first - 1)
    later = [y for y in levels if y >= first]
    by_levels = None
    if base is not None and later:
        if base <= 0:
            draft.note(NC.BASE_ZERO, Period.year(first - 1))
        else:
            by_levels = (max(later), levels[max(later)] / base)
    by_rates = (first + len(rates) - 1, math.prod(1.0 + r / 100.0 for r in rates))
    if by_levels is not None and (not rates or by_levels[0] >= by_rates[0]):
        return by_levels[0], by_levels[1], NC.GROWTH_FROM_LEVELS, first - 1
    if rates:
        return by_rates[0], by_rates[1], NC.GROWTH_FROM_RATES, first
    if not levels and not any(
        m.period.end <= draft.as_of
        for i in (rule.indicator, rule.rate_indicator)
        if i is not None
        for m in data.measurements(unit=draft.unit, indicator=i)
    ):
        draft.note(NC.NO_DATA, draft.as_of)
    elif not (base is not None and base <= 0 and later):
        draft.note(NC.GROWTH_MISSING, first - 1, first)
    return None


def assess_growth(draft: Draft, goal: Goal, rule: Growth, data: MeasurementSet) -> None:
    """Assess a growth goal (``measure == "growth"``) into ``draft``."""
    draft.method = ProgressMethod.GROWTH_REMAINING
    draft.unit_of_measure, draft.rate_unit = goal.unit or "percent", "percent / year"
    first, last = rule.window.first_year, rule.window.last_year
    width = last - first + 1
    periods = [
        m.period
        for i in (rule.indicator, rule.rate_indicator)
        if i is not None
        for m in data.measurements(unit=draft.unit, indicator=i)
    ]
    beyond = sum(1 for p in periods if p.start.year > last and p.end <= draft.as_of)
    later = sum(1 for p in periods if p.end > draft.as_of)
    if beyond:
        draft.note(NC.UNUSED_AFTER_DEADLINE, beyond, draft.deadline)
    if later:
        draft.note(NC.UNUSED_AFTER_AS_OF, later, draft.as_of)
    known = _known(draft, rule, data)
    if known is None:
        return
    end, factor, how, since = known
    draft.note(how, since, end)
    observed = compound(factor, end - first + 1)
    flat = compound(factor, width)  # the window's average if the rest did not grow
    g = goal.threshold / 100.0
    if observed is None or flat is None or g <= -1.0:
        draft.note(NC.NOT_COMPUTABLE)
        return
    draft.latest = Point(Period.parse(f"{first}/{end}"), observed * 100.0)
    draft.observed_rate, draft.required_rate = observed * 100.0, goal.threshold
    rising = goal.comparator in (Comparator.GE, Comparator.GT)
    achieved = rising and goal.comparator.holds(flat * 100.0, goal.threshold)
    if not rising:
        # A ceiling on growth has no required growth to compare with: the rates are
        # shown, the status is not banded.
        draft.note(NC.NOT_ASSESSED, f"growth {goal.comparator.value}")
    elif achieved:
        draft.status = ProgressStatus.ACHIEVED
        draft.projected_year = end
    if rising:
        draft.band(observed, g, achieved=achieved)
    draft.projected = observed * 100.0
    left = last - end
    if left == 0:
        draft.note(NC.DEADLINE_REACHED, rule.window)
        return
    try:
        goal_factor = (1.0 + g) ** width
    except OverflowError:
        goal_factor = math.inf
    # A rate of −100 % leaves nothing to grow from: no pace can make up for it.
    remaining = compound(goal_factor / factor, left) if factor > 0 else None
    if not achieved and remaining is not None:
        draft.required_pace = remaining * 100.0
    if rising and not achieved:
        # The year the growth so far, kept up, reaches the window's goal.
        reach = compound_reach(float(end), factor, observed, goal_factor)
        draft.projected_year = first_year_at(reach, after=end)
