"""Strategies for the inputs where bugs live: values at a threshold and dates on a boundary."""

from __future__ import annotations

import datetime as _dt
import math
from typing import NamedTuple

from hypothesis import strategies as st

from thdx.model._hierarchy import Hierarchy
from thdx.model._indicators import IndicatorKind
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition
from thdx.model._periods import Period
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import Target
from thdx.rules._vocabulary import Compare, CountUnits, Growth, tolerance
from thdx.store._measurement_set import MeasurementSet
from thdx.strategies._defaults import hierarchy_or_default, rulebook_or_default

_ONE_DAY = _dt.timedelta(days=1)
#: The rule types :func:`edge_cases` builds inputs for.
_EDGED = (Compare, Growth, CountUnits)


def _around(day: _dt.date) -> list[_dt.date]:
    out = [day]
    if day > _dt.date.min:
        out.append(day - _ONE_DAY)
    if day < _dt.date.max:
        out.append(day + _ONE_DAY)
    return out


def _boundaries(rulebook: Rulebook, hierarchy: Hierarchy) -> list[_dt.date]:
    days: set[_dt.date] = set()
    for t in rulebook.targets:
        days.update(_around(t.deadline.start))
        days.update(_around(t.deadline.end))
    for u in hierarchy:
        for day in (u.valid_from, u.valid_until):
            if day is not None:
                days.update(_around(day))
    return sorted(days)


def boundary_dates(
    rulebook: Rulebook | None = None, hierarchy: Hierarchy | None = None
) -> st.SearchStrategy[_dt.date]:
    """Days on a boundary, and the days either side of it.

    The boundaries are each target's deadline period's first and last day, and every
    day a unit of the hierarchy begins or ends (for Thanh Hóa: the reform of
    1 Jul 2025, so 30 Jun, 1 Jul and 2 Jul 2025). Shrinks toward the earliest.

    Args:
        rulebook: whose deadlines (default: Resolution 06-NQ/TU).
        hierarchy: whose eras (default: Thanh Hóa's units, both eras).

    >>> import datetime as dt
    >>> dt.date(2025, 7, 1) in _boundaries(rulebook_or_default(None), hierarchy_or_default(None))
    True
    """
    return st.sampled_from(
        _boundaries(rulebook_or_default(rulebook), hierarchy_or_default(hierarchy))
    )


def _thresholds(target: Target) -> float:
    rule = target.rule
    if not isinstance(rule, _EDGED):
        msg = (
            f"target {target.id!r} is a {type(rule).__name__} rule; values near a threshold"
            " are drawn for Compare, Growth and CountUnits targets"
        )
        raise ValueError(msg)
    return float(rule.threshold)


def _near(threshold: float, *, whole: bool, lo: float, hi: float) -> list[float]:
    """The threshold, one float either side, the edges of its tolerance, and ±1 % of it."""
    if whole:
        cands = [threshold - 1.0, threshold, threshold + 1.0]
    else:
        tol = tolerance(threshold)
        step = max(abs(threshold) * 0.01, 0.01)
        cands = [
            threshold,
            math.nextafter(threshold, -math.inf),
            math.nextafter(threshold, math.inf),
            threshold - tol,
            threshold + tol,
            threshold - 2 * tol,
            threshold + 2 * tol,
            threshold - step,
            threshold + step,
        ]
    return sorted({c for c in cands if lo <= c <= hi}, key=lambda c: (abs(c - threshold), c))


def _value_range(rulebook: Rulebook, target: Target) -> tuple[float, float, bool]:
    rule = target.rule
    if isinstance(rule, CountUnits):
        return 0.0, math.inf, True
    if isinstance(rule, Growth):
        return -100.0, math.inf, False
    assert isinstance(rule, Compare)  # _thresholds checked the rule type
    ind = rulebook.catalogue[rule.indicator]
    if ind.kind is IndicatorKind.SHARE:
        return 0.0, 100.0, False
    if ind.kind is IndicatorKind.RANK:
        return 1.0, math.inf, True
    if ind.kind is IndicatorKind.COUNT:
        return 0.0, math.inf, True
    if ind.kind is IndicatorKind.GROWTH_RATE:
        return -100.0, math.inf, False
    return 0.0, math.inf, False


def _edged_targets(rulebook: Rulebook) -> list[Target]:
    return [t for t in rulebook.targets if isinstance(t.rule, _EDGED)]


def _target_of(rulebook: Rulebook, target: Target | str) -> Target:
    return rulebook.target(target) if isinstance(target, str) else target


def threshold_values(
    target: Target | str | None = None, *, rulebook: Rulebook | None = None
) -> st.SearchStrategy[float]:
    """Values at a target's threshold and just around it, in the threshold's unit.

    The threshold itself, the floats either side of it, the edges of the comparison's
    tolerance (:func:`thdx.rules.tolerance`) and twice that, and 1 % of the threshold
    either side; for ranks and counts, the whole numbers threshold − 1, threshold and
    threshold + 1. Only values the indicator allows (a share within 0–100 %). Shrinks
    toward the threshold.

    Args:
        target: a Compare, Growth or CountUnits target or its id (default: the
            values near every such target of the rulebook).
        rulebook: where the target is (default: Resolution 06-NQ/TU).

    Raises:
        ValueError: the target's rule has no single threshold.
        UnknownTargetError: the rulebook has no target of that id.

    >>> sorted(_near(90.0, whole=False, lo=0.0, hi=100.0))[4]
    90.0
    """
    rb = rulebook_or_default(rulebook)
    targets = [_target_of(rb, target)] if target is not None else _edged_targets(rb)
    values: list[float] = []
    for t in targets:
        thr = _thresholds(t)
        lo, hi, whole = _value_range(rb, t)
        values += [v for v in _near(thr, whole=whole, lo=lo, hi=hi) if v not in values]
    return st.sampled_from(values)


class EdgeCase(NamedTuple):
    """The inputs of one verdict on an edge: evaluate ``rulebook`` on ``data`` as of
    ``as_of`` with ``units=hierarchy`` and read ``target``'s verdict for ``unit``."""

    rulebook: Rulebook
    hierarchy: Hierarchy
    target: Target
    unit: str
    data: MeasurementSet
    as_of: _dt.date
    value: float


def _deadline_days(t: Target) -> list[_dt.date]:
    return [*_around(t.deadline.end), t.deadline.start]


@st.composite
def _edge_case(
    draw: st.DrawFn, rulebook: Rulebook, hierarchy: Hierarchy, target: Target | None
) -> EdgeCase:
    t = target if target is not None else draw(st.sampled_from(_edged_targets(rulebook)))
    value = draw(threshold_values(t, rulebook=rulebook))
    unit = t.units[0] if t.units else rulebook.jurisdiction
    deadline = Period.year(t.deadline.last_year)
    items: list[Measurement | Recognition] = []
    rule = t.rule
    cat = rulebook.catalogue
    if isinstance(rule, Compare):
        per = draw(st.sampled_from([deadline, Period.year(deadline.last_year - 1)]))
        items.append(Measurement(unit, rule.indicator, value, per, "edge", catalogue=cat))
    elif isinstance(rule, Growth):
        first, last = rule.window.first_year - 1, rule.window.last_year
        base = draw(st.sampled_from([100.0, 1000.0, 12345.0]))
        end = base * (1 + value / 100.0) ** (last - first)
        for year, level in ((first, base), (last, end)):
            items.append(
                Measurement(unit, rule.indicator, level, Period.year(year), "edge", catalogue=cat)
            )
    else:
        assert isinstance(rule, CountUnits)  # _edged_targets chose it
        # The units of the level on the last day of the era the count was set in: the
        # day before the first on which no unit of the rulebook's issue day remains.
        issued: _dt.date = rulebook.issued or t.deadline.start
        set_in = hierarchy.units_of(rule.level, issued)
        ends = sorted({u.valid_until for u in hierarchy if u.level is rule.level and u.valid_until})
        gone = next((d for d in ends if not any(u.exists_on(d) for u in set_in)), None)
        day = min(t.deadline.end, gone - _ONE_DAY) if gone is not None else t.deadline.end
        pool = list(hierarchy.units_of(rule.level, day))
        k = min(int(value), len(pool))
        chosen = draw(st.permutations(pool))[:k]
        for u in chosen:
            lo = max(issued, u.valid_from or issued)
            on = draw(st.dates(lo, day)) if lo <= day else day
            items.append(Recognition(unit=u.code, on=on, decision=f"QĐ {u.code}/QĐ-UBND"))
        value = float(k)
    as_of = draw(st.sampled_from(_deadline_days(t)))
    return EdgeCase(
        rulebook, hierarchy, t, unit, MeasurementSet(items, catalogue=cat), as_of, value
    )


def edge_cases(
    target: Target | str | None = None,
    *,
    rulebook: Rulebook | None = None,
    hierarchy: Hierarchy | None = None,
) -> st.SearchStrategy[EdgeCase]:
    """The data of one verdict on an edge: a value near its threshold, a day on its deadline.

    For a Compare target, one measurement of the target's unit at a value of
    :func:`threshold_values`, for the deadline year or the year before; for a Growth
    target, the levels of the year before the window and of its last year, whose
    compound average growth is such a value; for a CountUnits target, recognitions
    of threshold − 1, threshold or threshold + 1 units of the level, dated from the
    rulebook's issue day until their era ends (the 1 Jul 2025 reform for Thanh Hóa).
    ``as_of`` is the deadline's first or last day or a day either side of the last.
    ``value`` is the value set (for counts: the number of units recognised).

    Args:
        target: a Compare, Growth or CountUnits target or its id (default: any such
            target of the rulebook).
        rulebook: the targets (default: Resolution 06-NQ/TU).
        hierarchy: the units (default: Thanh Hóa's units, both eras).

    Raises:
        ValueError: the target's rule has no single threshold.
    """
    rb = rulebook_or_default(rulebook)
    t = _target_of(rb, target) if target is not None else None
    if t is not None:
        _thresholds(t)
    return _edge_case(rb, hierarchy_or_default(hierarchy), t)
