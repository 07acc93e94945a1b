"""The evaluation engine: a rulebook, data, units and a date in; a Report out.

Every rule is evaluated over a batch of units at once, on plain magnitudes already in
canonical units: the statuses of a batch are a small-integer array (NOT_MET 0,
UNKNOWN 1, MET 2, NOT_APPLICABLE 3) and Kleene's three-valued logic is ``min`` and
``max`` over it. No pint Quantity is built here.

>>> import thdx
>>> rb = thdx.resolution_06()
>>> m = thdx.Measurement(unit="38", indicator="satisfaction_share", value="92.5 %",
...                      period="2025", source="SIPAS 2025")
>>> report = thdx.evaluate(rb, thdx.MeasurementSet([m]), as_of="2025-12-31")
>>> v = report.verdict("2025.gov.satisfaction")
>>> v.status, v.final
(<Status.MET: 'met'>, True)
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np

from .admin import AdministrativeUnit, Hierarchy, Level
from .errors import ThdxError, UnknownUnitError
from .measurements import MeasurementSet, Recognition, ReportedCount
from .periods import Period, as_period
from .quantities import format_quantity
from .rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Growth,
    PassRule,
    Rule,
    ShareUnits,
)
from .verdicts import B1, MET, NA, NOT_MET, UNKNOWN, Counts, Node, Report

if TYPE_CHECKING:
    from .rulebook import Rulebook

__all__ = ["evaluate", "evaluate_rule"]

_ROUTE_NONE, _ROUTE_REC, _ROUTE_CARRIED, _ROUTE_CRITERIA, _ROUTE_REPORTED = 0, 1, 2, 3, 4


@attrs.frozen
class _Ctx:
    data: MeasurementSet
    hierarchy: Hierarchy | None
    as_of: _dt.date
    deadline: Period | None
    day: _dt.date

    @property
    def as_of_ord(self) -> int:
        """The last usable day as an ordinal (``day`` is never after ``as_of``)."""
        return self.day.toordinal()


def _day(value: _dt.date | str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    p = as_period(value, where="as_of")
    return p.end


def evaluate(
    rulebook: Rulebook,
    data: MeasurementSet,
    *,
    units: Hierarchy | None = None,
    as_of: _dt.date | str | None = None,
    breakdown: Level | str | Sequence[Level | str] = (),
) -> Report:
    """Judge every target of ``rulebook`` on ``data`` as of a date.

    Args:
        rulebook: the targets (``thdx.resolution_06()`` or a loaded file).
        data: measurements, recognitions and reported counts.
        units: the administrative units (needed for counts and shares of units and
            for breakdowns; default: none).
        as_of: the evaluation date (default: today). Data for periods ending after
            it is never used. A period such as "2025" means its last day.
        breakdown: levels for which value and growth targets of the province are
            also judged unit by unit (who lags).

    Returns:
        A :class:`~thdx.Report`.
    """
    day = _day(as_of) if as_of is not None else _dt.date.today()
    if units is not None:
        _check_units(rulebook, data, units, day)
    levels = [breakdown] if isinstance(breakdown, Level | str) else list(breakdown)
    bd_levels = [lv if isinstance(lv, Level) else Level(lv) for lv in levels]
    nodes: dict[str, Node] = {}
    breakdowns: dict[tuple[str, Level], Node] = {}
    for t in rulebook.targets:
        codes = list(t.units) if t.units else [rulebook.jurisdiction]
        ctx = _Ctx(data, units, day, t.deadline, min(day, t.deadline.end))
        nodes[t.id] = _eval(t.rule, ctx, codes, _valid_from(units, codes, ctx.day))
        if bd_levels and isinstance(t.rule, Compare | Growth) and not t.units:
            if units is None:
                msg = "breakdown= needs units= (a Hierarchy)"
                raise ThdxError(msg)
            for lv in bd_levels:
                sub = units.units_of(lv, ctx.day, under=rulebook.jurisdiction)
                sub_codes = [u.code for u in sub]
                breakdowns[(t.id, lv)] = _eval(t.rule, ctx, sub_codes, _valid_from_units(sub))
    return Report(rulebook, data, day, nodes, breakdowns)


def _check_units(rulebook: Rulebook, data: MeasurementSet, units: Hierarchy, day: _dt.date) -> None:
    """Refuse data about units that ``units`` does not know: it would be ignored.

    Recognitions dated after ``day`` are not checked: they are not used anyway.
    """
    if rulebook.jurisdiction not in units:
        detail = (
            f"the jurisdiction of rulebook {rulebook.number} is not among units=; "
            "pass that province's units (thdx.read_units)"
        )
        raise UnknownUnitError(rulebook.jurisdiction, detail=detail)
    problems: list[tuple[str, str]] = []  # (code, why)
    unknown = sorted(
        {c for c in (*data._unit_codes, *data._recognitions) if c not in units}
        | {rc.unit for rc in data.reported_counts if rc.unit not in units}
        | {c for t in rulebook.targets for c in t.units if c not in units}
    )
    problems.extend((c, "no such unit") for c in unknown)
    for r in data.recognitions:
        if (
            r.on <= day
            and r.unit in units
            and not any(v.exists_on(r.on) for v in units.versions(r.unit))
        ):
            problems.append((r.unit, f"recognised on {r.on}, when no unit had this code"))
    if problems:
        listed = [f"{code!r} ({why})" for code, why in problems[:_MAX_LISTED]]
        more = len(problems) - _MAX_LISTED
        shown = ", ".join(listed) + (f" and {more} more" if more > 0 else "")
        msg = f"the data names units that units= does not hold: {shown}"
        raise UnknownUnitError(problems[0][0], message=msg)


#: How many unknown units an error lists before "and N more".
_MAX_LISTED = 10


def evaluate_rule(
    rule: Rule,
    data: MeasurementSet,
    codes: Sequence[str],
    *,
    units: Hierarchy | None = None,
    as_of: _dt.date | str,
    deadline: Period | str | None = None,
) -> Node:
    """Evaluate one rule over a batch of unit codes (the engine's batch entry point).

    Returns the internal result arrays (``status``, ``value``, ``final``); statuses
    are the integers of :attr:`thdx.Status.code`.
    """
    day = _day(as_of)
    dl = as_period(deadline) if deadline is not None else None
    eval_day = min(day, dl.end) if dl is not None else day
    ctx = _Ctx(data, units, day, dl, eval_day)
    return _eval(rule, ctx, list(codes), _valid_from(units, codes, eval_day))


_MIN_ORD = np.iinfo(np.int64).min


def _valid_from_units(units: Sequence[AdministrativeUnit]) -> np.ndarray:
    return np.fromiter(
        (u.valid_from.toordinal() if u.valid_from else _MIN_ORD for u in units),
        np.int64,
        len(units),
    )


def _valid_from(units: Hierarchy | None, codes: Sequence[str], day: _dt.date) -> np.ndarray:
    if units is None:
        return np.full(len(codes), _MIN_ORD, dtype=np.int64)
    out = np.full(len(codes), _MIN_ORD, dtype=np.int64)
    for i, code in enumerate(codes):
        try:
            u = units.get(code, day)
        except UnknownUnitError:
            continue
        if u.valid_from is not None:
            out[i] = u.valid_from.toordinal()
    return out


def _eval(rule: Rule, ctx: _Ctx, codes: list[str], valid_from: np.ndarray) -> Node:
    if isinstance(rule, Compare):
        return _compare(rule, ctx, codes, valid_from)
    if isinstance(rule, Growth):
        return _growth(rule, ctx, codes)
    if isinstance(rule, AllOf | AnyOf | AtLeast):
        return _combine(rule, [_eval(r, ctx, codes, valid_from) for r in rule.rules], codes)
    if isinstance(rule, CountUnits | ShareUnits):
        return _rollup(rule, ctx, codes)
    return _completed(rule, ctx, codes, valid_from)


def _compare(rule: Compare, ctx: _Ctx, codes: list[str], valid_from: np.ndarray) -> Node:
    rows = ctx.data.latest(rule.indicator, codes, valid_from, ctx.as_of_ord, ctx.deadline)
    values = ctx.data.values_at(rows)
    known = rows >= 0
    # True → MET (2), False → NOT_MET (0); a missing value (NaN) compares False and is
    # then marked UNKNOWN.
    status = rule.comparator.apply(values, rule.threshold).view(np.int8) * np.int8(MET)
    status[~known] = UNKNOWN
    if ctx.deadline is None:
        final = known.copy()
    else:
        final = np.zeros(len(codes), dtype=bool)
        if known.any():
            r = rows[known]
            final[known] = (ctx.data._start[r] == ctx.deadline.start_ordinal) & (
                ctx.data._end[r] == ctx.deadline.end_ordinal
            )
    node = Node(rule, codes, status, values, final, rows=rows)
    if ctx.deadline is not None:
        for i in np.flatnonzero(known & ~final).tolist():
            used = ctx.data.period_of(int(rows[i]))
            node.notes[i] = [f"standing:{used}:{ctx.deadline}"]
        unknown = np.flatnonzero(~known)
        later = np.full(len(codes), -1, dtype=np.int64)
        if ctx.as_of > ctx.day and len(unknown):
            # Say so only where data after the deadline exists and was set aside.
            later = ctx.data.latest(rule.indicator, codes, valid_from, ctx.as_of.toordinal(), None)
        for i in unknown.tolist():
            node.notes[i] = [f"no_data:{ctx.day.isoformat()}"]
            if later[i] >= 0:
                node.notes[i].append(f"after_deadline:{ctx.deadline}")
    return node


def _combine(rule: AllOf | AnyOf | AtLeast, children: list[Node], codes: list[str]) -> Node:
    st = np.stack([c.status for c in children])
    na = st == NA
    all_na = na.all(axis=0)
    if isinstance(rule, AllOf):
        status = np.where(na, MET, st).min(axis=0)
    elif isinstance(rule, AnyOf):
        status = np.where(na, -1, st).max(axis=0)
    else:
        met = (st == MET).sum(axis=0)
        unknown = (st == UNKNOWN).sum(axis=0)
        status = np.where(met >= rule.k, MET, np.where(met + unknown < rule.k, NOT_MET, UNKNOWN))
    status = np.where(all_na, NA, status).astype(np.int8)
    final: B1 = np.asarray(np.stack([c.final | (c.status == NA) for c in children]).all(axis=0))
    values = np.full(len(codes), np.nan)
    return Node(rule, codes, status, values, final, children=children)


def _growth(rule: Growth, ctx: _Ctx, codes: list[str]) -> Node:
    data = ctx.data
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    values = np.full(n, np.nan)
    final = np.zeros(n, dtype=bool)
    first, last = rule.window.first_year, rule.window.last_year
    as_of = ctx.as_of
    years = [y for y in range(first - 1, last + 1) if Period.year(y).end <= as_of]
    level_rows = {y: data.exact(rule.indicator, codes, Period.year(y)) for y in years}
    rate_rows = (
        {y: data.exact(rule.rate_indicator, codes, Period.year(y)) for y in years if y >= first}
        if rule.rate_indicator
        else {}
    )
    periods: list[Period | None] = [None] * n
    methods: list[str | None] = [None] * n
    node = Node(rule, codes, status, values, final, periods=periods, methods=methods)
    for i in range(n):
        result = None
        if rule.method == "compound":
            result = _growth_levels(data, level_rows, first, i)
        if result is None:
            result = _growth_rates(data, rate_rows, first, i, rule.method)
        if result is None:
            missing = _missing_years(level_rows, rate_rows, first, last, i, as_of)
            node.notes[i] = [f"growth_missing:{missing}"]
            continue
        rate, end_year, method, used = result
        values[i] = rate
        status[i] = MET if rule.comparator.holds(rate, rule.threshold) else NOT_MET
        final[i] = end_year == last
        periods[i] = Period.parse(f"{first}/{end_year}")
        methods[i] = method
        node.used_rows[i] = used
        if not final[i]:
            node.notes[i] = [f"growth_partial:{first}/{end_year}:{rule.window}"]
    return node


def _growth_levels(
    data: MeasurementSet, rows: dict[int, np.ndarray], first: int, i: int
) -> tuple[float, int, str, tuple[int, ...]] | None:
    base = rows.get(first - 1)
    if base is None or base[i] < 0:
        return None
    ends = [y for y in sorted(rows) if y >= first and rows[y][i] >= 0]
    if not ends:
        return None
    end = ends[-1]
    p0, p1 = float(data._value[base[i]]), float(data._value[rows[end][i]])
    if p0 <= 0:
        return None
    years = end - first + 1
    rate = ((p1 / p0) ** (1.0 / years) - 1.0) * 100.0
    return (
        rate,
        end,
        f"compound from levels {first - 1} and {end}",
        (int(base[i]), int(rows[end][i])),
    )


def _growth_rates(
    data: MeasurementSet, rows: dict[int, np.ndarray], first: int, i: int, method: str
) -> tuple[float, int, str, tuple[int, ...]] | None:
    got: list[int] = []
    for y in sorted(rows):
        if rows[y][i] < 0:
            break
        got.append(int(rows[y][i]))
    present = [y for y in sorted(rows) if rows[y][i] >= 0]
    if not got or len(got) != len(present):
        return None  # a gap inside the years covered: no number
    rates = [float(data._value[r]) for r in got]
    end = first + len(got) - 1
    if method == "arithmetic":
        rate = sum(rates) / len(rates)
        how = f"arithmetic mean of the yearly rates {first}–{end}"
    else:
        product = math.prod(1.0 + r / 100.0 for r in rates)
        if product <= 0:
            return None
        rate = (product ** (1.0 / len(rates)) - 1.0) * 100.0
        how = f"compound from the yearly rates {first}–{end}"
    return rate, end, how, tuple(got)


def _missing_years(
    level_rows: dict[int, np.ndarray],
    rate_rows: dict[int, np.ndarray],
    first: int,
    last: int,
    i: int,
    as_of: _dt.date,
) -> str:
    missing = [
        y
        for y in range(first, last + 1)
        if Period.year(y).end <= as_of
        and not (y in rate_rows and rate_rows[y][i] >= 0)
        and not (y in level_rows and level_rows[y][i] >= 0)
    ]
    if (
        first - 1 in level_rows
        and level_rows[first - 1][i] < 0
        and not any(y in rate_rows and rate_rows[y][i] >= 0 for y in range(first, last + 1))
    ):
        missing.insert(0, first - 1)
    return ",".join(map(str, missing)) or "all"


def _completed(rule: Completed, ctx: _Ctx, codes: list[str], valid_from: np.ndarray) -> Node:
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    routes = np.full(n, _ROUTE_NONE, dtype=np.int8)
    final = np.full(n, ctx.deadline is None or ctx.as_of >= ctx.deadline.end, dtype=bool)
    node = Node(rule, codes, status, np.full(n, np.nan), final, routes=routes)
    for i, code in enumerate(codes):
        day = ctx.day
        if ctx.hierarchy is not None and code in ctx.hierarchy:
            last = _last_day(ctx.hierarchy, code, day)
            if last is None:
                status[i], final[i] = NA, True
                node.notes[i] = [f"unit_gone:{code}:{day.isoformat()}"]
                continue
            if last < day:
                # A unit that ceased to exist is judged on its last day.
                day = last
                node.notes[i] = [f"unit_ended:{code}:{last.isoformat()}"]
        recs = _recognised(ctx.data.recognitions_of(code), valid_from[i], day)
        if recs:
            status[i], routes[i] = MET, _ROUTE_REC
            node.recognitions[i] = recs
    if rule.carry_over and ctx.hierarchy is not None:
        for i in np.flatnonzero((status != MET) & (status != NA)).tolist():
            carried = _carried(ctx.hierarchy, ctx.data, codes[i], ctx.day)
            if carried:
                status[i], routes[i] = MET, _ROUTE_CARRIED
                node.recognitions[i] = carried
                node.notes[i] = ["carried"]
    if rule.criteria is not None:
        crit = _criteria(rule.criteria, ctx, codes, valid_from)
        node.children.append(crit)
        open_ = (status != MET) & (status != NA)
        decided = open_ & (crit.status != UNKNOWN)
        status[decided] = crit.status[decided]
        routes[decided] = _ROUTE_CRITERIA
        if not rule.criteria.complete:
            node.incomplete = open_
            for i in np.flatnonzero(open_).tolist():
                node.notes.setdefault(i, []).append(f"incomplete:{rule.criteria.id}")
    return node


def _last_day(h: Hierarchy, code: str, day: _dt.date) -> _dt.date | None:
    """``day`` if the unit exists then; else the last day it existed before; else None."""
    last: _dt.date | None = None
    for v in h.versions(code):
        if v.exists_on(day):
            return day
        if v.valid_until is not None and v.valid_until <= day:
            end = v.valid_until - _dt.timedelta(days=1)
            last = end if last is None else max(last, end)
    return last


def _recognised(
    recs: Sequence[Recognition], valid_from: int, day: _dt.date
) -> tuple[Recognition, ...]:
    return tuple(r for r in recs if r.on <= day and r.on.toordinal() >= valid_from)


def _carried(
    h: Hierarchy, data: MeasurementSet, code: str, day: _dt.date
) -> tuple[Recognition, ...]:
    """Recognitions of the units that ``code`` succeeded on the day it began."""
    try:
        unit = h.get(code, day)
    except UnknownUnitError:
        return ()
    out: list[Recognition] = []
    for old in h.predecessors(code):
        if unit.valid_from is None or old.valid_until != unit.valid_from:
            continue
        start = old.valid_from.toordinal() if old.valid_from else _MIN_ORD
        out.extend(_recognised(data.recognitions_of(old.code), start, old.valid_until))
    return tuple(out)


def _criteria(cs: CriteriaSet, ctx: _Ctx, codes: list[str], valid_from: np.ndarray) -> Node:
    sub = _Ctx(ctx.data, ctx.hierarchy, ctx.as_of, None, ctx.day)
    children = [_compare(c.rule, sub, codes, valid_from) for c in cs.criteria]
    if cs.pass_rule is PassRule.SCORE:
        st = np.stack([c.status for c in children])
        pts = np.array([c.points for c in cs.criteria])[:, None]
        known = ((st == MET) * pts).sum(axis=0)
        potential = known + ((st == UNKNOWN) * pts).sum(axis=0)
        cut = float(cs.score_at_least or 0.0)
        status = np.where(known >= cut, MET, np.where(potential < cut, NOT_MET, UNKNOWN)).astype(
            np.int8
        )
        final: B1 = np.asarray(np.stack([c.final for c in children]).all(axis=0))
        node = Node(cs.as_rule(), codes, status, known.astype(float), final, children=children)
    else:
        node = _combine(cs.as_rule(), children, codes)  # type: ignore[arg-type]
    if not cs.complete:
        # Passing the known part of an incomplete set does not show completion.
        node.status = np.where(node.status == MET, UNKNOWN, node.status).astype(np.int8)
    return node


def _units_under(
    h: Hierarchy, level: Level, day: _dt.date, parents: Sequence[str]
) -> tuple[list[AdministrativeUnit], list[list[int]]]:
    """The units of ``level`` on ``day`` under some parent and, per parent, their
    positions.

    A unit counts for every ancestor in ``parents``, not only the nearest, so a batch
    gives each parent what it would get alone; only the subtrees asked about are
    walked, so one province does not evaluate the whole country's communes.
    """
    under = {code: h.descendants(code, level, day) for code in dict.fromkeys(parents)}
    kept = sorted(
        {u.code: u for units in under.values() for u in units}.values(), key=lambda u: int(u.code)
    )
    position = {u.code: j for j, u in enumerate(kept)}
    return kept, [[position[u.code] for u in under[code]] for code in parents]


def _rollup(rule: CountUnits | ShareUnits, ctx: _Ctx, codes: list[str]) -> Node:
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    values = np.full(n, np.nan)
    final = np.full(n, ctx.deadline is None or ctx.as_of >= ctx.deadline.end, dtype=bool)
    counts: list[Counts | None] = [None] * n
    node = Node(rule, codes, status, values, final, counts=counts)
    if ctx.hierarchy is None:
        node.common_notes.append("no_hierarchy")
        return node
    subs, members = _units_under(ctx.hierarchy, rule.level, ctx.day, codes)
    child = _eval(rule.rule, ctx, [u.code for u in subs], _valid_from_units(subs))
    node.children.append(child)
    node.members = [np.asarray(m, dtype=np.int64) for m in members]
    _lift_completion_notes(node, child)
    is_share = isinstance(rule, ShareUnits)
    for i in range(n):
        st = child.status[node.members[i]]
        passed = int((st == MET).sum())
        failed = int((st == NOT_MET).sum())
        unknown = int((st == UNKNOWN).sum())
        total = passed + failed + unknown
        counts[i] = Counts(rule.level, passed, failed, unknown, total, ctx.day)
        if total == 0:
            status[i] = NA
            node.notes[i] = [f"no_units:{rule.level.value}:{ctx.day.isoformat()}"]
            continue
        # Counted on standings from data older than the deadline: not final either.
        final[i] &= bool((child.final[node.members[i]] | (st == NA)).all())
        lo, hi = float(passed), float(passed + unknown)
        if is_share:
            lo, hi = lo * 100.0 / total, hi * 100.0 / total
        values[i] = lo if passed + failed else np.nan
        status[i] = _bounds(rule.comparator, rule.threshold, lo, hi)
        if (
            not is_share
            and rule.comparator in (Comparator.GE, Comparator.GT, Comparator.EQ)
            and (rule.threshold > total)
        ):
            node.notes[i] = [
                f"unreachable:{format_quantity(rule.threshold, '')}:{total}:{rule.level.value}"
            ]
        members_ = [subs[int(j)] for j in node.members[i]]
        era_start = max((u.valid_from or _dt.date.min for u in members_), default=_dt.date.min)
        _reported(ctx, node, i, rule, (passed, unknown, total), era_start)
    return node


def _lift_completion_notes(node: Node, child: Node) -> None:
    """Say on the rollup itself when units were counted by carried recognitions or
    judged on an incomplete criteria set (the per-unit trace says which)."""
    if child.routes is not None:
        carried = int((child.routes == _ROUTE_CARRIED).sum())
        if carried:
            node.common_notes.append(f"carried_units:{carried}")
    rule = child.rule
    if (
        child.incomplete is not None
        and child.incomplete.any()
        and isinstance(rule, Completed)
        and rule.criteria is not None
    ):
        node.common_notes.append(f"incomplete:{rule.criteria.id}")


def _bounds(comparator: Comparator, threshold: float, lo: float, hi: float) -> int:
    """Three-valued status of ``x <op> threshold`` for every x in [lo, hi]."""
    if comparator is Comparator.EQ:
        if lo == hi == threshold:
            return MET
        return NOT_MET if not lo <= threshold <= hi else UNKNOWN
    at_lo, at_hi = comparator.holds(lo, threshold), comparator.holds(hi, threshold)
    if at_lo and at_hi:
        return MET
    if not at_lo and not at_hi:
        return NOT_MET
    return UNKNOWN


def _reported_order(rc: ReportedCount) -> tuple[int, int, int, int, str]:
    """Newest period first, then the longest; ties broken on the content, never on
    the order the data came in."""
    total = -1 if rc.total is None else rc.total
    return (rc.period.end_ordinal, -rc.period.start_ordinal, rc.count, total, rc.source)


def _reported(
    ctx: _Ctx,
    node: Node,
    i: int,
    rule: CountUnits | ShareUnits,
    counts: tuple[int, int, int],
    era_start: _dt.date,
) -> None:
    """Use or compare a count published for the whole level."""
    candidates = [
        rc
        for rc in ctx.data.reported_counts
        if rc.unit == node.codes[i] and rc.level is rule.level and rc.period.end <= ctx.day
    ]
    if not candidates:
        return
    # A count published for units of another era (before the 2025 reform, say) says
    # nothing about the units that exist on the evaluation day.
    era = [rc for rc in candidates if rc.period.end >= era_start]
    if not era:
        newest = max(candidates, key=_reported_order)
        node.notes.setdefault(i, []).append(f"reported_other_era:{newest.count}:{newest.period}")
        return
    candidates = era
    passed, unknown, total = counts
    rc = max(candidates, key=_reported_order)
    node.reported[i] = rc
    if total > unknown:
        # Unit-level data exists: it wins; say whether the published count agrees.
        if rc.count != passed:
            node.notes.setdefault(i, []).append(
                f"reported_disagrees:{rc.count}:{passed}:{rc.period}"
            )
        return
    rc_total = rc.total or total
    value = float(rc.count) if isinstance(rule, CountUnits) else rc.count * 100.0 / rc_total
    node.value[i] = value
    node.status[i] = MET if rule.comparator.holds(value, rule.threshold) else NOT_MET
    if node.routes is None:
        node.routes = np.full(len(node.codes), _ROUTE_NONE, dtype=np.int8)
    node.routes[i] = _ROUTE_REPORTED
    node.final[i] = ctx.deadline is not None and rc.period == ctx.deadline
    if node.periods is None:
        node.periods = [None] * len(node.codes)
    node.periods[i] = rc.period
    node.notes.setdefault(i, []).append(f"reported:{rc.count}:{rc.period}")
