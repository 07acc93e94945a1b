"""Assess progress toward a target before its deadline: :func:`assess` for one target
and unit, :func:`assess_rulebook` for every target of a rulebook.

A progress stands beside a verdict and never changes it. It uses only data up to
``as_of`` (periods ending after it, recognitions dated after it, are never used) and
only data up to the deadline.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import cast

from thdx.model._coerce import as_day, code_problem, shown
from thdx.model._hierarchy import Hierarchy
from thdx.progress._errors import ProgressError, ProgressTypeError
from thdx.progress._growth import assess_growth
from thdx.progress._notes import ProgressNoteCode as NC
from thdx.progress._result import Draft, Goal, Progress
from thdx.progress._units import assess_units
from thdx.progress._value import assess_value
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import Target
from thdx.rules._vocabulary import Compare, CountUnits, Growth, ShareUnits
from thdx.store._measurement_set import MeasurementSet

__all__ = ["DEFAULT_BASE_YEAR", "assess", "assess_rulebook"]

#: The base year of Resolution 06-NQ/TU's goals (its targets run from 2021): the base
#: value of a goal is its first value from this year on.
DEFAULT_BASE_YEAR = 2020

_MIN_YEAR, _MAX_YEAR = 1000, 9999


def _typed(value: object, cls: type, what: str, hint: str = "") -> None:
    if not isinstance(value, cls):
        msg = f"{what} must be a thdx.{cls.__name__}{hint}, got {type(value).__name__}"
        raise ProgressTypeError(msg)


def _base_year(value: object, what: str = "base_year") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{what} must be a whole year (an int such as 2020), got {shown(value)}"
        raise ProgressTypeError(msg)
    if not _MIN_YEAR <= value <= _MAX_YEAR:
        msg = f"{what} must be a year from {_MIN_YEAR} to {_MAX_YEAR}, got {shown(value)}"
        raise ProgressError(msg)
    return value


def _unit(value: object) -> str:
    problem = code_problem(value)
    if problem is not None:
        raise ProgressError(f"unit: {problem}")
    return cast(str, value)


def _checked(
    data: object, hierarchy: object, plan: object
) -> tuple[MeasurementSet, Hierarchy | None, Rulebook | None]:
    _typed(data, MeasurementSet, "data", " (wrap measurements in thdx.MeasurementSet([...]))")
    if hierarchy is not None:
        _typed(hierarchy, Hierarchy, "hierarchy", " (thdx.thanh_hoa_units())")
    if plan is not None:
        _typed(plan, Rulebook, "plan", " (thdx.plan_qd969())")
    return (
        cast(MeasurementSet, data),
        cast(Hierarchy | None, hierarchy),
        cast(Rulebook | None, plan),
    )


def assess(
    target: Target,
    data: MeasurementSet,
    *,
    unit: str,
    as_of: _dt.date | str,
    base_year: int = DEFAULT_BASE_YEAR,
    hierarchy: Hierarchy | None = None,
    plan: Rulebook | None = None,
    issued: _dt.date | str | None = None,
) -> Progress:
    """The progress of ``unit`` toward ``target`` on the data up to ``as_of``.

    Value goals follow the Open SDG progress measure (``cagr``; ranks: ``rank_trend``),
    growth goals the average the rest of their window needs (``growth_remaining``),
    counts and shares of completed units the plan's quotas (``units_plan``) or the
    goal's pace (``units_pace``). See :mod:`thdx.progress`.

    Args:
        target: the goal (a :class:`~thdx.Target` with a threshold).
        data: measurements, recognitions and published counts.
        unit: the official code of the unit assessed (the province, "38").
        as_of: the last day whose data may be used (a day, "2025-12-31").
        base_year: the year from which the base value is taken (the first value from
            it on); default :data:`DEFAULT_BASE_YEAR`. Growth goals take the year
            before their window instead.
        hierarchy: the administrative units, needed for counts and shares of units.
        plan: a plan rulebook with yearly quotas of completed units (QĐ 969).
        issued: the day the goal was set (its rulebook's issue day): a count of units
            is over the units of that day's era. Default: the deadline's first day.

    Returns:
        A :class:`Progress`; a goal it cannot assess is NOT_AVAILABLE with a note.

    Raises:
        ProgressTypeError: an argument of the wrong type (also a TypeError).
        ProgressError: a unit that is not a code, a day that is not a day, a base year
            outside 1000..9999 (also a ValueError).

    >>> import thdx
    >>> rb = thdx.resolution_06()
    >>> data = thdx.MeasurementSet([
    ...     thdx.Measurement(unit="38", indicator="digital_economy_share", value=v, period=y)
    ...     for y, v in (("2020", "5 %"), ("2023", "8.28 %"))])
    >>> p = assess(rb.target("2030.econ.digital_economy_share"), data, unit="38",
    ...            as_of="2024-06-30")
    >>> p.status.value, round(p.observed_rate, 1), round(p.required_rate, 1), round(p.ratio, 2)
    ('moderate', 18.3, 19.6, 0.93)
    """
    _typed(target, Target, "target", " (rulebook.target(id))")
    data, hierarchy, plan = _checked(data, hierarchy, plan)
    code = _unit(unit)
    day = as_day(as_of, error=ProgressError, what="as_of")
    year = _base_year(base_year)
    anchor = (
        target.deadline.start
        if issued is None
        else as_day(issued, error=ProgressError, what="issued")
    )
    draft = Draft(target.id, code, day, target.deadline, target.threshold_magnitude)
    comparator, threshold, rule = target.comparator, target.threshold_magnitude, target.rule
    if comparator is None or threshold is None or target.units:
        draft.note(NC.NOT_ASSESSED, "named units" if target.units else target.measure)
        return draft.finish()
    goal = Goal(comparator, threshold, target.threshold_unit)
    if isinstance(rule, Compare):
        assess_value(draft, goal, data, rule.indicator, base_year=year)
    elif isinstance(rule, Growth):
        assess_growth(draft, goal, rule, data)
    elif isinstance(rule, CountUnits | ShareUnits):
        assess_units(
            draft, goal, rule, data, base_year=year, hierarchy=hierarchy, plan=plan, anchor=anchor
        )
    return draft.finish()


def assess_rulebook(
    rulebook: Rulebook,
    data: MeasurementSet,
    *,
    as_of: _dt.date | str,
    unit: str | None = None,
    base_year: int = DEFAULT_BASE_YEAR,
    base_years: Mapping[str, int] | None = None,
    hierarchy: Hierarchy | None = None,
    plan: Rulebook | None = None,
) -> dict[str, Progress]:
    """The progress toward every target of ``rulebook``, by target id, in its order.

    Args:
        rulebook: the goals (``thdx.resolution_06()``).
        data, as_of, hierarchy, plan: as for :func:`assess`.
        unit: the unit assessed (default: the rulebook's jurisdiction).
        base_year: the base year of every target, unless ``base_years`` names one.
        base_years: base years by target id, overriding ``base_year``.

    Raises:
        UnknownTargetError: ``base_years`` names a target the rulebook does not hold.
        ProgressTypeError, ProgressError: as for :func:`assess`.
    """
    _typed(rulebook, Rulebook, "rulebook", " (thdx.resolution_06())")
    overrides = dict(base_years or {})
    for tid, year in overrides.items():
        rulebook.target(tid)  # UnknownTargetError naming it
        _base_year(year, f"base_years[{tid!r}]")
    code = rulebook.jurisdiction if unit is None else unit
    return {
        t.id: assess(
            t,
            data,
            unit=code,
            as_of=as_of,
            base_year=overrides.get(t.id, base_year),
            hierarchy=hierarchy,
            plan=plan,
            issued=rulebook.issued,
        )
        for t in rulebook.targets
    }
