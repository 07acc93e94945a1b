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
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal, TypeVar

import attrs
import numpy as np

from thdx.model._errors import EvaluationError, EvaluationTypeError, ThdxError, UnknownUnitError
from thdx.model._periods import Period, as_period
from thdx.model._quantities import format_quantity
from thdx.model._units import AdministrativeUnit, Hierarchy, Level
from thdx.rules._targets import rule_indicators
from thdx.rules._vocabulary import (
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
    Score,
    ShareUnits,
    Undetermined,
)
from thdx.store._measurements import MeasurementSet, Recognition, ReportedCount, _ratio_factor
from thdx.verdicts._node import B1, I8, Node
from thdx.verdicts._notes import GrowthMethod, MethodStep, Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._status import MET, NA, NOT_MET, UNKNOWN, Counts
from thdx.verdicts._verdict import Report

if TYPE_CHECKING:
    from thdx.rules._rulebook import Rulebook

__all__ = ["EvaluationError", "EvaluationTypeError", "evaluate", "evaluate_rule"]


T = TypeVar("T")

_ROUTE_NONE, _ROUTE_REC, _ROUTE_CARRIED, _ROUTE_CRITERIA, _ROUTE_REPORTED = 0, 1, 2, 3, 4


@attrs.frozen
class _Ctx:
    data: MeasurementSet
    hierarchy: Hierarchy | None
    as_of: _dt.date
    deadline: Period | None
    day: _dt.date
    #: The day the rulebook was issued: a count of units is set over that day's era.
    anchor: _dt.date | None = None
    #: ``"set"``: a count of units whose era ended before the deadline is judged on the
    #: era's last day; ``"current"``: on the units of the evaluation day.
    count_era: str = "set"
    #: The last day whose facts count (the deadline's end, or an era's last day).
    cutoff: _dt.date | None = None
    #: For a target on named units: the unit each code named when the rulebook was
    #: issued (a code reused by a later unit still names the earlier one).
    named: dict[str, AdministrativeUnit] | None = attrs.field(default=None, eq=False)

    @property
    def as_of_ord(self) -> int:
        """The last usable day as an ordinal (``day`` is never after ``as_of``)."""
        return self.day.toordinal()

    @property
    def settled(self) -> bool:
        """No later fact can change what happened by the cut-off day."""
        if self.deadline is None:
            return True
        cutoff = self.cutoff if self.cutoff is not None else self.deadline.end
        return self.as_of >= cutoff


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
    count_era: Literal["set", "current"] = "set",
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
        count_era: how a goal stated as a *number* of units is judged when every unit
            of its level that existed when the rulebook was issued ceased before the
            deadline (the 2025 reform): ``"set"`` (the default) judges it over the
            units of that era on the era's last day; ``"current"`` over the units
            of the evaluation day (recognitions carried over only with
            ``carry_over``). Either way the verdict says so.

    Returns:
        A :class:`~thdx.Report`.

    Raises:
        TypeError: ``data`` is not a MeasurementSet, or ``units`` not a Hierarchy.
        ValueError: a breakdown level or ``count_era`` that does not exist.
    """
    given: tuple[object, object] = (data, units)  # checked at run time too
    book: object = rulebook
    if not all(hasattr(book, a) for a in ("targets", "jurisdiction", "catalogue")):
        msg = (
            "rulebook must be a thdx.Rulebook (thdx.resolution_06(), thdx.load_rulebook(...)), "
            f"got {type(book).__name__}"
        )
        raise EvaluationTypeError(msg)
    if not isinstance(given[0], MeasurementSet):
        msg = (
            f"data must be a thdx.MeasurementSet, got {type(given[0]).__name__} "
            "(wrap measurements in thdx.MeasurementSet([...]))"
        )
        raise EvaluationTypeError(msg)
    if given[1] is not None and not isinstance(given[1], Hierarchy):
        msg = f"units must be a thdx.Hierarchy, got {type(given[1]).__name__}"
        raise EvaluationTypeError(msg)
    if count_era not in ("set", "current"):
        msg = f"count_era must be 'set' or 'current', got {count_era!r}"
        raise EvaluationError(msg)
    day = _day(as_of) if as_of is not None else _dt.date.today()
    if units is not None:
        _check_units(rulebook, data, units, day)
    if isinstance(breakdown, Level | str):
        levels: list[object] = [breakdown]
    elif isinstance(breakdown, list | tuple):
        levels = list(breakdown)
    else:
        msg = f"breakdown must be a level, its name or a list of them, got {breakdown!r}"
        raise EvaluationTypeError(msg)
    bd_levels = [_breakdown_level(lv) for lv in levels]
    nodes: dict[str, Node] = {}
    breakdowns: dict[tuple[str, Level], Node] = {}
    unused = _Unused(data, units, rulebook.jurisdiction, day)
    for t in rulebook.targets:
        codes = list(t.units) if t.units else [rulebook.jurisdiction]
        ctx = _Ctx(
            data,
            units,
            day,
            t.deadline,
            min(day, t.deadline.end),
            anchor=rulebook.issued,
            count_era=count_era,
        )
        valid = _valid_from(units, codes, ctx.day)
        if t.units and units is not None:
            named = _named_units(units, codes, rulebook.issued or t.deadline.start, ctx.day)
            ctx = attrs.evolve(ctx, named=named)
            for i, code in enumerate(codes):
                if code in named:
                    first = _first_day(units, named[code])
                    valid[i] = first.toordinal() if first is not None else _MIN_ORD
        node = _eval(t.rule, ctx, codes, valid)
        nodes[t.id] = node
        broken: list[Node] = []
        if bd_levels and isinstance(t.rule, Compare | Growth) and not t.units:
            if units is None:
                msg = "breakdown= needs units= (a Hierarchy)"
                raise ThdxError(msg)
            for lv in bd_levels:
                sub = units.units_of(lv, ctx.day, under=rulebook.jurisdiction)
                if not sub:
                    node.common_notes.append(Note(NC.BREAKDOWN_ABSENT, (lv, ctx.day)))
                sub_codes = [u.code for u in sub]
                valid = _valid_from_units(units, sub)
                breakdowns[(t.id, lv)] = _eval(t.rule, ctx, sub_codes, valid)
                broken.append(breakdowns[(t.id, lv)])
        unused.note(t.rule, ctx, node, broken)
    return Report(rulebook, data, day, nodes, breakdowns)


def _breakdown_level(value: object) -> Level:
    if isinstance(value, Level):
        return value
    if not isinstance(value, str):
        msg = f"breakdown level must be a thdx.Level or its name, got {value!r}"
        raise EvaluationTypeError(msg)
    try:
        return Level(value)
    except ValueError:
        known = ", ".join(repr(lv.value) for lv in Level)
        msg = f"breakdown level {value!r} does not exist (expected one of {known})"
        raise EvaluationError(msg) from None


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
_MAX_ORD = np.iinfo(np.int64).max


def _valid_from_units(h: Hierarchy | None, units: Sequence[AdministrativeUnit]) -> np.ndarray:
    """Per unit, the ordinal of the first day it existed as the same unit."""
    firsts = (_first_day(h, u) if h is not None else u.valid_from for u in units)
    return np.fromiter(
        (d.toordinal() if d is not None else _MIN_ORD for d in firsts), np.int64, len(units)
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
        first = _first_day(units, u)
        if first is not None:
            out[i] = first.toordinal()
    return out


#: Facts derived from a hierarchy alone, kept as long as the hierarchy lives.
_MEMO: weakref.WeakKeyDictionary[Hierarchy, dict[tuple[object, ...], object]] = (
    weakref.WeakKeyDictionary()
)


#: Masks over a data set's unit codes for a hierarchy, kept while both live.
_DATA_MEMO: weakref.WeakKeyDictionary[
    MeasurementSet, weakref.WeakKeyDictionary[Hierarchy, dict[object, np.ndarray]]
] = weakref.WeakKeyDictionary()


def _memo(h: Hierarchy) -> dict[tuple[object, ...], object]:
    got = _MEMO.get(h)
    if got is None:
        got = _MEMO[h] = {}
    return got


def _memoised(h: Hierarchy, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per hierarchy and key."""
    memo = _memo(h)
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def _first_day(h: Hierarchy, unit: AdministrativeUnit) -> _dt.date | None:
    # The hierarchy holds its units: their ids are stable while it lives.
    return _memoised(h, ("first", id(unit)), lambda: _first_day_of(h, unit))


def _first_day_of(h: Hierarchy, unit: AdministrativeUnit) -> _dt.date | None:
    """The first day ``unit`` existed as the same unit: back through earlier versions of
    its code that it alone continued (a xã that became a phường, a commune moved to
    another district), but never across an era boundary (a day on which every unit of
    its level was replaced, 1 Jul 2025)."""
    current = unit
    for _ in range(64):  # a chain of versions is short; the bound guards bad data
        start = current.valid_from
        if start is None:
            return None
        before = [p for p in h.predecessors(current.code) if p.valid_until == start]
        if (
            len(before) != 1
            or before[0].code != current.code
            or before[0].level is not current.level
            or _replaces_level(h, current.level, start)
        ):
            return start
        current = before[0]
    return current.valid_from


def _replaces_level(h: Hierarchy, level: Level, day: _dt.date) -> bool:
    """Whether every unit of ``level`` that existed the day before ``day`` ended on it."""

    def compute() -> bool:
        eve = h.units_of(level, day - _dt.timedelta(days=1))
        return bool(eve) and all(u.valid_until == day for u in eve)

    return _memoised(h, ("replaces", level, day), compute)


def _eval(rule: Rule, ctx: _Ctx, codes: list[str], valid_from: np.ndarray) -> Node:
    if isinstance(rule, Compare):
        return _compare(rule, ctx, codes, valid_from)
    if isinstance(rule, Growth):
        return _growth(rule, ctx, codes)
    if isinstance(rule, AllOf | AnyOf | AtLeast | Score | Undetermined):
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
    node = Node(rule, codes, status, values, known.copy(), rows=rows)
    dl = ctx.deadline
    if dl is None:
        return node
    final = np.zeros(len(codes), dtype=bool)
    if known.any():
        r = rows[known]
        start, end = ctx.data._start[r], ctx.data._end[r]
        if ctx.cutoff is not None and ctx.cutoff < dl.end:
            # Judged on an era's last day, before the deadline period ends: data for the
            # deadline period up to that day (2025-H1 for 2025) is the last there can be.
            final[known] = (start == dl.start_ordinal) & (end == ctx.cutoff.toordinal())
        else:
            final[known] = (start == dl.start_ordinal) & (end == dl.end_ordinal)
    node.final = final
    _note_parts(rule, ctx.data, node)
    later = np.full(len(codes), -1, dtype=np.int64)
    if ctx.as_of > ctx.day and not final.all():
        # Data after the day judged exists and was set aside: say so, beside a standing
        # on older data as well as where nothing else was found.
        later = ctx.data.latest(rule.indicator, codes, valid_from, ctx.as_of.toordinal(), None)
        later = np.where(later > rows, later, -1)
    before_end = ctx.cutoff is not None and ctx.cutoff < dl.end
    node.lazy = _CompareNotes(
        standing=known & ~final,
        no_data=~known,
        later=later >= 0,
        deadline=dl,
        day=ctx.day,
        after=Note(NC.AFTER_DAY, (ctx.day,)) if before_end else Note(NC.AFTER_DEADLINE, (dl,)),
        data=ctx.data,
    )
    return node


def _note_parts(rule: Compare, data: MeasurementSet, node: Node) -> None:
    """A derived indicator measured directly (a digital economy share of 19 %) beside
    its two parts for the same period (which give 20 %): the value used is the one
    measured, and the parts' ratio, when it differs, is named, not dropped."""
    ind = data.catalogue.get(rule.indicator)
    if ind is None or not ind.derived or node.rows is None:
        return
    num, den = str(ind.numerator), str(ind.denominator)
    for i in np.flatnonzero(node.rows >= 0).tolist():
        used = data.row(int(node.rows[i]))
        if used.derived_from:
            continue
        a = data.get(used.unit, num, used.period)
        b = data.get(used.unit, den, used.period)
        if a is None or b is None or b.magnitude == 0:
            continue
        factor = _ratio_factor(data.catalogue[num], data.catalogue[den], ind)
        ratio = a.magnitude / b.magnitude * factor
        if not Comparator.EQ.holds(ratio, used.magnitude):
            shown = format_quantity(ratio, ind.unit)
            node.notes.setdefault(i, []).append(Note(NC.PARTS_DIFFER, (shown, num, den)))


@attrs.frozen
class _CompareNotes:
    """The notes of a comparison, written only when a verdict is read (a country's
    criteria have hundreds of thousands of them)."""

    standing: np.ndarray
    no_data: np.ndarray
    later: np.ndarray
    deadline: Period
    day: _dt.date
    after: Note
    data: MeasurementSet

    def __call__(self, node: Node, i: int) -> list[Note]:
        out: list[Note] = []
        if self.standing[i]:
            period = self.data.period_of(int(node.rows[i]))  # type: ignore[index]
            out.append(Note(NC.STANDING, (period, self.deadline)))
        if self.no_data[i]:
            out.append(Note(NC.NO_DATA, (self.day,)))
        if self.later[i]:
            out.append(self.after)
        return out


def _combined_status(rule: AllOf | AnyOf | AtLeast | Score | Undetermined, st: np.ndarray) -> I8:
    """Kleene's combination of the children's statuses (one row per child)."""
    na = st == NA
    if isinstance(rule, AllOf):
        status = np.where(na, MET, st).min(axis=0)
    elif isinstance(rule, AnyOf):
        status = np.where(na, -1, st).max(axis=0)
    elif isinstance(rule, AtLeast):
        met = (st == MET).sum(axis=0)
        unknown = (st == UNKNOWN).sum(axis=0)
        status = np.where(met >= rule.k, MET, np.where(met + unknown < rule.k, NOT_MET, UNKNOWN))
    elif isinstance(rule, Score):
        pts = np.asarray(rule.points, dtype=float)[:, None]
        known = ((st == MET) * pts).sum(axis=0)
        potential = known + ((st == UNKNOWN) * pts).sum(axis=0)
        reached = Comparator.GE.apply(known, rule.at_least)
        reachable = Comparator.GE.apply(potential, rule.at_least)
        status = np.where(reached, MET, np.where(reachable, UNKNOWN, NOT_MET))
    else:
        status = np.full(st.shape[1], UNKNOWN)
    return np.where(na.all(axis=0), NA, status).astype(np.int8)


def _combine(
    rule: AllOf | AnyOf | AtLeast | Score | Undetermined, children: list[Node], codes: list[str]
) -> Node:
    st = np.stack([c.status for c in children])
    status = _combined_status(rule, st)
    settled = np.stack([c.final | (c.status == NA) for c in children])
    # Final when every part is, or when the final parts alone already decide it (a
    # final NOT_MET makes "all of" final whatever its UNKNOWN parts).
    alone = _combined_status(rule, np.where(settled, st, UNKNOWN))
    final: B1 = np.asarray(settled.all(axis=0) | ((alone == status) & (status != UNKNOWN)))
    values = np.full(len(codes), np.nan)
    if isinstance(rule, Score):
        pts = np.asarray(rule.points, dtype=float)[:, None]
        values = ((st == MET) * pts).sum(axis=0).astype(float)
    return Node(rule, codes, status, values, final, children=children)


@attrs.frozen
class _GrowthResult:
    """One way of computing a growth average from the data of one unit."""

    rate: float
    end: int  # the last year covered
    method: GrowthMethod
    rows: tuple[int, ...]


def _growth(rule: Growth, ctx: _Ctx, codes: list[str]) -> Node:
    data = ctx.data
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    values = np.full(n, np.nan)
    final = np.zeros(n, dtype=bool)
    first, last = rule.window.first_year, rule.window.last_year
    as_of = ctx.day  # data after the day judged is never used
    years = [y for y in range(first - 1, last + 1) if Period.year(y).end <= as_of]
    level_rows = {y: data.exact(rule.indicator, codes, Period.year(y)) for y in years}
    rate_rows: dict[int, np.ndarray] = {}
    avg_rows: dict[int, np.ndarray] = {}
    if rule.rate_indicator:
        for y in years:
            if y >= first:
                rate_rows[y] = data.exact(rule.rate_indicator, codes, Period.year(y))
            if y > first:
                # A published average for the window so far ("2021/2025").
                avg_rows[y] = data.exact(rule.rate_indicator, codes, Period.parse(f"{first}/{y}"))
    periods: list[Period | None] = [None] * n
    methods: list[GrowthMethod | None] = [None] * n
    node = Node(rule, codes, status, values, final, periods=periods, methods=methods)
    for i in range(n):
        found = _growth_results(data, rule, level_rows, rate_rows, avg_rows, i)
        finite = [r for r in found if math.isfinite(r.rate)]
        if not finite:
            held = any(
                col[i] >= 0 for table in (level_rows, rate_rows, avg_rows) for col in table.values()
            )
            if found:
                node.notes[i] = [Note(NC.GROWTH_OUT_OF_RANGE, (rule.window,))]
            elif not held:
                node.notes[i] = [Note(NC.NO_DATA, (ctx.day,))]
            elif not any(Period.year(y).end <= as_of for y in range(first, last + 1)):
                node.notes[i] = [Note(NC.GROWTH_NOT_STARTED, (rule.window, ctx.day))]
            else:
                missing = _missing_years(level_rows, rate_rows, first, last, i, as_of)
                node.notes[i] = [Note(NC.GROWTH_MISSING, (missing,))]
            continue
        # The most complete method wins; among equally complete ones, the order of
        # _growth_results (levels, yearly rates, levels chained with rates, published).
        end = max(r.end for r in finite)
        best, *others = [r for r in finite if r.end == end]
        values[i] = best.rate
        status[i] = MET if rule.comparator.holds(best.rate, rule.threshold) else NOT_MET
        final[i] = best.end == last
        periods[i] = Period.parse(f"{first}/{best.end}")
        methods[i] = best.method
        node.used_rows[i] = best.rows
        notes: list[Note] = []
        if not final[i]:
            notes.append(Note(NC.GROWTH_PARTIAL, (periods[i], rule.window)))  # type: ignore[arg-type]
        for other in others:
            if not Comparator.EQ.holds(other.rate, best.rate):
                notes.append(Note(NC.GROWTH_OTHER, (other.method, other.rate)))
        # Values of later years of the window that no method could chain (a level with
        # no level or rates before it, a rate beyond a gap) are named, not dropped.
        beyond = [
            int(col[i])
            for table in (level_rows, rate_rows)
            for year, col in table.items()
            if year > best.end and col[i] >= 0
        ]
        if beyond:
            notes.append(Note(NC.GROWTH_UNUSED, (len(beyond),)))
        if notes:
            node.notes[i] = notes
    if ctx.as_of > ctx.day:
        # Levels or rates for years after the window, up to as_of, are set aside.
        after = [Period.year(y) for y in range(last + 1, ctx.as_of.year + 1)]
        later = np.zeros(n, dtype=bool)
        for ind in filter(None, (rule.indicator, rule.rate_indicator)):
            for p in after:
                if p.end <= ctx.as_of:
                    later |= data.exact(ind, codes, p) >= 0
        for i in np.flatnonzero(later).tolist():
            node.notes.setdefault(i, []).append(Note(NC.AFTER_DEADLINE, (rule.window.last_year,)))
    return node


def _growth_results(
    data: MeasurementSet,
    rule: Growth,
    level_rows: dict[int, np.ndarray],
    rate_rows: dict[int, np.ndarray],
    avg_rows: dict[int, np.ndarray],
    i: int,
) -> list[_GrowthResult]:
    """Every way the data of unit ``i`` gives the average, in order of preference."""
    first = rule.window.first_year
    out: list[_GrowthResult] = []
    rates = _consecutive(rate_rows, first, i)
    if rule.method == "arithmetic":
        if rates:
            got = [float(data._value[r]) for r in rates]
            end = first + len(got) - 1
            how = GrowthMethod("arithmetic", (MethodStep("rates", first, end),))
            out.append(_GrowthResult(sum(got) / len(got), end, how, tuple(rates)))
        return out
    base = level_rows.get(first - 1)
    p0 = float(data._value[base[i]]) if base is not None and base[i] >= 0 else math.nan
    level_years = [y for y in sorted(level_rows) if y >= first and level_rows[y][i] >= 0]
    if p0 <= 0 and level_years:
        # A base level of zero or below gives no growth: say so, not "missing".
        how = GrowthMethod("compound", (MethodStep("levels", first - 1, level_years[-1]),))
        out.append(_GrowthResult(math.nan, level_years[-1], how, ()))
    if p0 > 0 and level_years:
        end = level_years[-1]
        ratio = float(data._value[level_rows[end][i]]) / p0
        how = GrowthMethod("compound", (MethodStep("levels", first - 1, end),))
        rows = (int(base[i]), int(level_rows[end][i]))  # type: ignore[index]
        out.append(_GrowthResult(_compound(ratio, end - first + 1), end, how, rows))
    if rates:
        product = math.prod(1.0 + float(data._value[r]) / 100.0 for r in rates)
        end = first + len(rates) - 1
        how = GrowthMethod("compound", (MethodStep("rates", first, end),))
        out.append(_GrowthResult(_compound(product, len(rates)), end, how, tuple(rates)))
    for levels_first in (True, False):
        chained = _chain(data, level_rows, rate_rows, first, i, levels_first=levels_first)
        if chained is not None and all(chained.method != r.method for r in out):
            out.append(chained)
    published = [y for y in sorted(avg_rows) if avg_rows[y][i] >= 0]
    if published:
        end = published[-1]
        row = int(avg_rows[end][i])
        how = GrowthMethod("published", (MethodStep("published", first, end),))
        out.append(_GrowthResult(float(data._value[row]), end, how, (row,)))
    return out


def _chain(
    data: MeasurementSet,
    level_rows: dict[int, np.ndarray],
    rate_rows: dict[int, np.ndarray],
    first: int,
    i: int,
    *,
    levels_first: bool,
) -> _GrowthResult | None:
    """Levels and yearly rates chained over the window: from a year with a level, to
    the latest later level, or through the yearly rates of the years after it (levels up
    to 2024 and a 2025 rate; a 2021 rate and levels 2021 and 2025). Each step takes the
    levels when it can (``levels_first``) or whichever reaches further. None unless it
    mixes the two kinds (each alone is a method of its own)."""

    def value(row: int) -> float:
        return float(data._value[row])

    def level(y: int) -> int:
        got = level_rows.get(y)
        return int(got[i]) if got is not None else -1

    t, ratio = first - 1, 1.0
    parts: list[MethodStep] = []
    rows: list[int] = []
    kinds: set[str] = set()
    while True:
        here = level(t)
        later = [y for y in sorted(level_rows) if y > t and level(y) >= 0]
        by_levels = later[-1] if here >= 0 and value(here) > 0 and later else None
        run: list[int] = []
        y = t + 1
        while y in rate_rows and rate_rows[y][i] >= 0:
            run.append(int(rate_rows[y][i]))
            y += 1
        if by_levels is None and not run:
            break
        if by_levels is not None and (levels_first or by_levels >= t + len(run)):
            ratio *= value(level(by_levels)) / value(here)
            parts.append(MethodStep("levels", t, by_levels))
            rows += [here, level(by_levels)]
            kinds.add("levels")
            t = by_levels
        else:
            ratio *= math.prod(1.0 + value(r) / 100.0 for r in run)
            parts.append(MethodStep("rates", t + 1, t + len(run)))
            rows += run
            kinds.add("rates")
            t += len(run)
    if len(kinds) < 2 or t < first:
        return None
    how = GrowthMethod("compound", tuple(parts))
    return _GrowthResult(_compound(ratio, t - first + 1), t, how, tuple(dict.fromkeys(rows)))


def _years(first: int, last: int) -> str:
    """``2021–2025``, or ``2025`` for a single year."""
    return str(first) if first == last else f"{first}–{last}"


def _consecutive(rows: dict[int, np.ndarray], start: int, i: int) -> list[int]:
    """The rows of unit ``i`` for every year from ``start`` on; none when a year is
    missing before a later one is given (a gap inside the years covered: no number)."""
    got: list[int] = []
    year = start
    while year in rows and rows[year][i] >= 0:
        got.append(int(rows[year][i]))
        year += 1
    if any(y >= year and rows[y][i] >= 0 for y in rows):
        return []
    return got


def _compound(ratio: float, years: int) -> float:
    """The average yearly rate, in percent, of a growth by ``ratio`` over ``years``:
    a level that fell to zero is −100 % a year; a negative ratio has no rate."""
    if ratio == 0:
        return -100.0
    if not ratio > 0:
        return math.nan
    try:
        return float((ratio ** (1.0 / years) - 1.0) * 100.0)
    except OverflowError:
        return math.inf


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
    final = np.full(n, ctx.settled, dtype=bool)
    node = Node(rule, codes, status, np.full(n, np.nan), final, routes=routes)
    for i, code in enumerate(codes):
        day = ctx.day
        unit = ctx.named.get(code) if ctx.named is not None else None
        end = unit.valid_until if unit is not None else None
        if end is not None and end - _dt.timedelta(days=1) <= day:
            # The unit the target named ceases (its code may name a later unit then):
            # it is judged on its last day, finally once as_of reaches that day.
            final_day = end - _dt.timedelta(days=1)
            if final_day < day:
                node.notes[i] = [Note(NC.UNIT_ENDED, (code, final_day))]
            day = final_day
            final[i] = ctx.as_of >= final_day
        elif unit is None and ctx.hierarchy is not None and code in ctx.hierarchy:
            last = _last_day(ctx.hierarchy, code, day)
            if last is None:
                status[i], final[i] = NA, True
                node.notes[i] = [Note(NC.UNIT_GONE, (code, day))]
                continue
            if last < day:
                # A unit that ceased to exist is judged on its last day.
                day = last
                node.notes[i] = [Note(NC.UNIT_ENDED, (code, last))]
                final[i] = ctx.as_of >= last
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
                node.notes[i] = [Note(NC.CARRIED)]
    if rule.criteria is not None:
        cs = rule.criteria
        crit = _criteria(cs, ctx, codes, valid_from)
        node.children.append(crit)
        open_ = (status != MET) & (status != NA)
        decided = open_ & (crit.status != UNKNOWN)
        status[decided] = crit.status[decided]
        routes[decided] = _ROUTE_CRITERIA
        # Judged on criteria data older than the deadline period: a standing.
        final[decided] = crit.final[decided]
        if not cs.complete:
            node.incomplete = open_
            for i in np.flatnonzero(open_).tolist():
                node.notes.setdefault(i, []).append(Note(NC.INCOMPLETE, (cs.id,)))
        if cs.pass_rule is PassRule.UNKNOWN:
            for i in np.flatnonzero(open_).tolist():
                node.notes.setdefault(i, []).append(Note(NC.PASS_RULE_UNKNOWN, (cs.id,)))
    return node


def _named_units(
    h: Hierarchy, codes: Sequence[str], anchor: _dt.date, day: _dt.date
) -> dict[str, AdministrativeUnit]:
    """The unit each code named on ``anchor`` (else on ``day``), for codes that had one."""
    out: dict[str, AdministrativeUnit] = {}
    for code in codes:
        if code not in h:
            continue
        versions = h.versions(code)
        for on in (min(anchor, day), day):
            hit = [u for u in versions if u.exists_on(on)]
            if hit:
                out[code] = hit[0]
                break
    return out


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
    # Criteria are judged on the data of the goal's deadline period when it exists,
    # else as a standing on older data (never final).
    children = [_compare(c.rule, ctx, codes, valid_from) for c in cs.criteria]
    node = _combine(cs.as_rule(), children, codes)
    if not cs.complete:
        # The missing criteria could change the result: an incomplete set never shows
        # completion, and fails a unit only when its pass rule is "all".
        undecided = node.status == MET
        if cs.pass_rule is not PassRule.ALL:
            undecided |= node.status == NOT_MET
        node.status = np.where(undecided, UNKNOWN, node.status).astype(np.int8)
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


def _era_end(
    h: Hierarchy, level: Level, anchor: _dt.date, day: _dt.date, parents: Sequence[str]
) -> _dt.date | None:
    """The last day of the era a count was set in, when that era ended by ``day``.

    The era of ``anchor`` (the day the goal was set) ended when no unit of ``level``
    that existed under ``parents`` on that day exists any more: the level was
    abolished or all its units rearranged (1 Jul 2025). Its last day is the day
    before the last of those units ceased. None while some of them still exist.
    """
    if anchor >= day:
        return None
    key = ("era", level, anchor, day, tuple(parents))
    return _memoised(h, key, lambda: _era_end_of(h, level, anchor, day, parents))


def _era_end_of(
    h: Hierarchy, level: Level, anchor: _dt.date, day: _dt.date, parents: Sequence[str]
) -> _dt.date | None:
    seen = [u for code in dict.fromkeys(parents) for u in h.descendants(code, level, anchor)]
    if not seen or any(u.exists_on(day) for u in seen):
        return None
    ends = [u.valid_until for u in seen if u.valid_until is not None]
    return max(ends) - _dt.timedelta(days=1) if ends else None


def _rollup(rule: CountUnits | ShareUnits, ctx: _Ctx, codes: list[str]) -> Node:
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    values = np.full(n, np.nan)
    counts: list[Counts | None] = [None] * n
    if ctx.hierarchy is None:
        node = Node(rule, codes, status, values, np.full(n, ctx.settled), counts=counts)
        node.common_notes.append(Note(NC.NO_HIERARCHY))
        return node
    hierarchy = ctx.hierarchy
    era_note: Note | None = None
    if isinstance(rule, CountUnits) and ctx.deadline is not None:
        anchor = ctx.anchor or ctx.deadline.start
        ends = [_era_end(hierarchy, rule.level, anchor, ctx.day, [c]) for c in codes]
        if len(set(ends)) > 1:
            # Each unit's count in its own era: judge the groups apart, then join them.
            groups: dict[_dt.date | None, list[int]] = {}
            for i, end in enumerate(ends):
                groups.setdefault(end, []).append(i)
            parts = [_rollup(rule, ctx, [codes[i] for i in idx]) for idx in groups.values()]
            order = [i for idx in groups.values() for i in idx]
            return _reorder(_concat(parts), np.argsort(np.asarray(order, dtype=np.int64)))
        last = ends[0] if ends else None
        if last is not None:
            reform = last + _dt.timedelta(days=1)
            if ctx.count_era == "set":
                # A number of units set over the units of its era is judged over them.
                ctx = attrs.evolve(ctx, day=last, cutoff=last)
                era_note = Note(NC.ERA_ENDED, (rule.level, reform, last))
            else:
                era_note = Note(NC.ERA_CURRENT, (rule.level, reform, ctx.day))
    final = np.full(n, ctx.settled, dtype=bool)
    node = Node(rule, codes, status, values, final, counts=counts)
    if era_note is not None:
        node.common_notes.append(era_note)
    subs, members = _units_under(hierarchy, rule.level, ctx.day, codes)
    ctx = attrs.evolve(ctx, named=None)  # the units counted are those of the day
    child = _eval(rule.rule, ctx, [u.code for u in subs], _valid_from_units(hierarchy, subs))
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
            node.notes[i] = [Note(NC.NO_UNITS, (rule.level, ctx.day))]
            continue
        lo, hi = float(passed), float(passed + unknown)
        if is_share:
            lo, hi = lo * 100.0 / total, hi * 100.0 / total
        values[i] = lo if passed + failed else np.nan
        status[i] = _bounds(rule.comparator, rule.threshold, lo, hi)
        # Counted on standings from data older than the deadline: not final, unless
        # the units judged finally decide the count alone.
        settled = child.final[node.members[i]] | (st == NA)
        if final[i] and not settled.all():
            alone = np.where(settled, st, UNKNOWN)
            lo_f, hi_f = (
                float((alone == MET).sum()),
                float((alone != NOT_MET).sum() - (alone == NA).sum()),
            )
            if is_share:
                lo_f, hi_f = lo_f * 100.0 / total, hi_f * 100.0 / total
            final[i] = _bounds(rule.comparator, rule.threshold, lo_f, hi_f) == status[i]
            if not final[i]:
                node.notes.setdefault(i, []).append(
                    Note(NC.UNITS_STANDING, (int((~settled).sum()),))
                )
        members_ = [subs[int(j)] for j in node.members[i]]
        # The era of the units counted: from the first day one of them existed to the
        # last (a published count for a period inside it is about them).
        era_start = min((u.valid_from or _dt.date.min for u in members_), default=_dt.date.min)
        era_end = max((u.valid_until or _dt.date.max for u in members_), default=_dt.date.max)
        era = (era_start, era_end - _dt.timedelta(days=1) if era_end < _dt.date.max else era_end)
        _reported(ctx, node, i, rule, (passed, unknown, total), era)
        if (
            status[i] == NOT_MET
            and not is_share
            and rule.comparator in (Comparator.GE, Comparator.GT, Comparator.EQ)
            and rule.threshold > total
        ):
            node.notes.setdefault(i, []).append(
                Note(NC.UNREACHABLE, (float(rule.threshold), total, rule.level))
            )
    return node


def _materialise(node: Node) -> None:
    """Write a node's lazy and common notes into its per-unit notes (before joining)."""
    for i in range(len(node.codes)):
        got = node.notes_of(i)
        if got:
            node.notes[i] = got
    node.lazy, node.common_notes = None, []
    for child in node.children:
        _materialise(child)


def _concat(parts: list[Node]) -> Node:
    """One node for the batches of ``parts`` (the same rule over different units)."""
    for p in parts:
        _materialise(p)
    sizes = [len(p.codes) for p in parts]
    offsets = np.cumsum([0, *sizes])[:-1].tolist()

    def joined(get: Callable[[Node], dict[int, T]]) -> dict[int, T]:
        return {o + i: v for p, o in zip(parts, offsets, strict=True) for i, v in get(p).items()}

    def listed(get: Callable[[Node], list[T] | None], fill: T) -> list[T] | None:
        if all(get(p) is None for p in parts):
            return None
        return [x for p, n in zip(parts, sizes, strict=True) for x in (get(p) or [fill] * n)]

    def stacked(get: Callable[[Node], np.ndarray | None], fill: object) -> np.ndarray | None:
        if all(get(p) is None for p in parts):
            return None
        arrays = [get(p) for p in parts]
        return np.concatenate(
            [a if a is not None else np.full(n, fill) for a, n in zip(arrays, sizes, strict=True)]
        )

    first = parts[0]
    children = [_concat([p.children[k] for p in parts]) for k in range(len(first.children))]
    members = None
    if first.members is not None and first.children:
        child_sizes = [len(p.children[0].codes) for p in parts]
        child_offsets = np.cumsum([0, *child_sizes])[:-1].tolist()
        members = [
            m + o for p, o in zip(parts, child_offsets, strict=True) for m in (p.members or [])
        ]
    return Node(
        first.rule,
        [c for p in parts for c in p.codes],
        np.concatenate([p.status for p in parts]),
        np.concatenate([p.value for p in parts]),
        np.concatenate([p.final for p in parts]),
        rows=stacked(lambda p: p.rows, -1),
        children=children,
        periods=listed(lambda p: p.periods, None),
        notes=joined(lambda p: p.notes),
        methods=listed(lambda p: p.methods, None),
        counts=listed(lambda p: p.counts, None),
        routes=stacked(lambda p: p.routes, _ROUTE_NONE),
        recognitions=joined(lambda p: p.recognitions),
        reported=joined(lambda p: p.reported),
        members=members,
        used_rows=joined(lambda p: p.used_rows),
        incomplete=stacked(lambda p: p.incomplete, False),
    )


def _reorder(node: Node, perm: np.ndarray) -> Node:
    """``node`` with its units in the order ``perm`` gives (children left as they are)."""
    where = {int(old): int(new) for new, old in enumerate(perm.tolist())}

    def moved(d: dict[int, T]) -> dict[int, T]:
        return {where[i]: v for i, v in d.items()}

    def taken(xs: list[T] | None) -> list[T] | None:
        return None if xs is None else [xs[int(i)] for i in perm]

    return attrs.evolve(
        node,
        codes=[node.codes[int(i)] for i in perm],
        status=node.status[perm],
        value=node.value[perm],
        final=node.final[perm],
        rows=None if node.rows is None else node.rows[perm],
        periods=taken(node.periods),
        notes=moved(node.notes),
        methods=taken(node.methods),
        counts=taken(node.counts),
        routes=None if node.routes is None else node.routes[perm],
        recognitions=moved(node.recognitions),
        reported=moved(node.reported),
        members=taken(node.members),
        used_rows=moved(node.used_rows),
        incomplete=None if node.incomplete is None else node.incomplete[perm],
    )


def _lift_completion_notes(node: Node, child: Node) -> None:
    """Say on the rollup itself when units were counted by carried recognitions or
    judged on an incomplete criteria set (the per-unit trace says which)."""
    if child.routes is not None:
        carried = int((child.routes == _ROUTE_CARRIED).sum())
        if carried:
            node.common_notes.append(Note(NC.CARRIED_UNITS, (carried,)))
    rule = child.rule
    if (
        child.incomplete is not None
        and child.incomplete.any()
        and isinstance(rule, Completed)
        and rule.criteria is not None
    ):
        node.common_notes.append(Note(NC.INCOMPLETE, (rule.criteria.id,)))


def _bounds(comparator: Comparator, threshold: float, lo: float, hi: float) -> int:
    """Three-valued status of ``x <op> threshold`` for every x in [lo, hi]."""
    at_lo, at_hi = comparator.holds(lo, threshold), comparator.holds(hi, threshold)
    if at_lo and at_hi:
        return MET
    if comparator is Comparator.EQ:
        inside = Comparator.LE.holds(lo, threshold) and Comparator.GE.holds(hi, threshold)
        return UNKNOWN if inside else NOT_MET
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
    era: tuple[_dt.date, _dt.date],
) -> None:
    """Use or compare a count published for the whole level.

    A published count is about the units of the era its period lies in (``era``: from
    the first day one of the units counted here existed to the last). A period that runs
    across the era's bounds (a count "for 2025", across the 1 Jul 2025 reform) is
    about these units only when its total is their number. Periods ending after
    ``as_of`` or beginning after the day judged are never used.
    """
    passed, unknown, total = counts
    held = [
        rc
        for rc in ctx.data.reported_counts
        if rc.unit == node.codes[i] and rc.level is rule.level and rc.period.end <= ctx.as_of
    ]
    candidates = [rc for rc in held if rc.period.start <= ctx.day]
    late = [rc for rc in held if rc.period.start > ctx.day]
    if late:
        node.notes.setdefault(i, []).append(Note(NC.UNUSED_AFTER_DAY, (len(late), ctx.day)))
    if not candidates:
        return
    h = ctx.hierarchy

    def only_era(rc: ReportedCount) -> bool:
        """No unit of the level exists in the period outside the era (the level was
        created or abolished at its bounds): a count for the period is about these."""
        outside = []
        if rc.period.start < era[0]:
            outside.append(era[0] - _dt.timedelta(days=1))
        if rc.period.end > era[1]:
            outside.append(era[1] + _dt.timedelta(days=1))
        return h is not None and not any(
            h.descendants(node.codes[i], rule.level, d) for d in outside
        )

    def about_these(rc: ReportedCount) -> bool:
        if era[0] <= rc.period.start and rc.period.end <= era[1]:
            return True
        if not (rc.period.end >= era[0] and rc.period.start <= era[1]):
            return False
        return rc.total == total if rc.total is not None else only_era(rc)

    mine = [rc for rc in candidates if about_these(rc)]
    if not mine:
        newest = max(candidates, key=_reported_order)
        of = "" if newest.total is None else str(newest.total)
        node.notes.setdefault(i, []).append(
            Note(NC.REPORTED_OTHER_ERA, (newest.count, newest.period, of, total))
        )
        return
    rc = max(mine, key=_reported_order)
    if rc.count > total or (rc.total is not None and rc.count > rc.total):
        # More units completed than exist: the count cannot be about these units.
        node.notes.setdefault(i, []).append(
            Note(NC.REPORTED_IMPOSSIBLE, (rc.count, rc.period, total))
        )
        return
    node.reported[i] = rc
    if rc.total is not None and rc.total != total:
        node.notes.setdefault(i, []).append(Note(NC.REPORTED_TOTAL_DIFFERS, (rc.total, total)))
    if total > unknown:
        # Unit-level data exists: it wins; say whether the published count agrees.
        if rc.count != passed:
            node.notes.setdefault(i, []).append(
                Note(NC.REPORTED_DISAGREES, (rc.count, passed, rc.period))
            )
        return
    # A count for a period that covers the day judged is the count of that day; an
    # older one is a lower bound (units complete, they do not un-complete): the others
    # are unknown, as they would be with the same facts given unit by unit.
    exact = rc.period.end >= ctx.day
    out_of = rc.total or total
    lo = float(rc.count) * (100.0 / out_of if isinstance(rule, ShareUnits) else 1.0)
    most = 100.0 if isinstance(rule, ShareUnits) else float(max(total, rc.count))
    hi = lo if exact else most
    status = _bounds(rule.comparator, rule.threshold, lo, hi)
    node.value[i] = lo
    node.status[i] = status
    if node.periods is None:
        node.periods = [None] * len(node.codes)
    node.periods[i] = rc.period
    # Decided by the count only where the bounds decide it; final then as unit-level
    # facts would be (a lower bound that reaches the threshold stays reached).
    node.final[i] = bool(node.final[i]) and status != UNKNOWN
    if status == UNKNOWN:
        node.notes.setdefault(i, []).append(Note(NC.REPORTED_BOUND, (rc.count, rc.period)))
        return
    if node.routes is None:
        node.routes = np.full(len(node.codes), _ROUTE_NONE, dtype=np.int8)
    node.routes[i] = _ROUTE_REPORTED
    node.notes.setdefault(i, []).append(Note(NC.REPORTED, (rc.count, rc.period)))


def _inside(h: Hierarchy, root: str) -> frozenset[str]:
    """The codes of every unit that was ever under ``root`` (``root`` included)."""
    return _memoised(h, ("inside", root), lambda: _inside_of(h, root))


def _inside_of(h: Hierarchy, root: str) -> frozenset[str]:
    under = _memoised(h, ("under-all",), lambda: _descendants_ever(h))
    return frozenset({root, *under.get(root, set())})


def _descendants_ever(h: Hierarchy) -> dict[str, set[str]]:
    """Per code, the codes of every unit ever under it (through any version)."""
    parents: dict[str, set[str]] = {}
    for u in h:
        if u.parent is not None:
            parents.setdefault(u.code, set()).add(u.parent)
    found: dict[str, set[str]] = {}
    for code in parents:
        seen: set[str] = set()
        todo = list(parents[code])
        while todo and len(seen) < 64:  # the bound guards bad data
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(parents.get(p, ()))
        for p in seen:
            found.setdefault(p, set()).add(code)
    return found


class _Unused:
    """Names, with counts, the data about a target that the evaluation holds and did
    not use: after ``as_of``, outside the jurisdiction, about units not counted on the
    day judged (another era), after that day, about sub-units of a unit judged on its
    own data (``note``). Older data superseded by newer data of the same unit is not
    listed: it is the series the value comes from, not data set aside. Data about units
    of another level than a count's, or not under the units judged, belongs to other
    goals and is not listed either.

    What depends only on the data and the units is computed once per evaluation.
    """

    def __init__(
        self, data: MeasurementSet, h: Hierarchy | None, jurisdiction: str, as_of: _dt.date
    ) -> None:
        self.data, self.h, self.jurisdiction = data, h, jurisdiction
        self.as_of = as_of.toordinal()
        self.codes = data._unit_codes
        n = len(self.codes)
        # Masks over the data's unit codes, kept while the data and the units live.
        memo: dict[object, np.ndarray] = {}  # keys: levels, codes, ("rows", …)
        if h is not None:
            per_data = _DATA_MEMO.setdefault(data, weakref.WeakKeyDictionary())
            memo = per_data.setdefault(h, {})
        self._under = memo
        self.levels: dict[Level, np.ndarray] = {}
        if h is not None:
            for lv in Level:
                got = memo.get(lv)
                if got is None:
                    got = memo[lv] = np.fromiter(
                        (c in h and any(u.level is lv for u in h.versions(c)) for c in self.codes),
                        bool,
                        n,
                    )
                self.levels[lv] = got
        # Recognitions of units under the jurisdiction, and a count of the others.
        whole = _inside(h, jurisdiction) if h is not None else None
        self.recs = [
            (code, recs)
            for code, recs in data._recognitions.items()
            if whole is None or code in whole
        ]
        out = [
            r.on.toordinal()
            for code, recs in data._recognitions.items()
            if whole is not None and code not in whole
            for r in recs
        ]
        self.recs_outside = sum(1 for on in out if on <= self.as_of)
        self.recs_outside_after = len(out) - self.recs_outside

    def under(self, code: str) -> np.ndarray | None:
        """Per data unit code, whether the unit was ever under ``code`` (or is it)."""
        if self.h is None:
            return None
        got = self._under.get(code)
        if got is None:
            inside = _inside(self.h, code)
            got = self._under[code] = np.fromiter(
                (c in inside for c in self.codes), bool, len(self.codes)
            )
        return got

    def per_unit(self, indicator: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Per data unit code, the indicator's rows ending after as_of, and the others."""
        data = self.data
        lo, hi = data._slices.get(indicator, (0, 0))
        if hi == lo:
            return None
        key = ("rows", indicator, self.as_of)
        got = self._under.get(key)
        if got is None:
            at, late = data._u[lo:hi], data._end[lo:hi] > self.as_of
            n = len(self.codes)
            got = np.stack(
                [np.bincount(at[late], minlength=n), np.bincount(at[~late], minlength=n)]
            )
            self._under[key] = got
        return got[0], got[1]

    def mask(self, codes: Iterable[str]) -> np.ndarray:
        out = np.zeros(len(self.codes), dtype=bool)
        index = self.data._unit_index
        at = [index[c] for c in codes if c in index]
        out[at] = True
        return out

    def note(self, rule: Rule, ctx: _Ctx, node: Node, broken: list[Node]) -> None:
        data, h = self.data, self.h
        rollups = _rollups(node)
        day = ctx.day
        # Each unit counted by a rollup: the ordinals of its first day (as the same
        # unit) and of the day after its last.
        spans: dict[str, tuple[int, int]] = {}
        level: Level | None = None
        for roll in rollups:
            if h is None or not roll.children or roll.counts is None or roll.members is None:
                continue
            sub = roll.children[0].codes
            for counted, members in zip(roll.counts, roll.members, strict=True):
                if counted is None:
                    continue
                if level is None:
                    day, level = counted.on, counted.level
                for j in members.tolist():
                    u = h.get(sub[j], counted.on)
                    begun = _first_day(h, u)
                    spans[sub[j]] = (
                        begun.toordinal() if begun is not None else _MIN_ORD,
                        u.valid_until.toordinal() if u.valid_until is not None else _MAX_ORD,
                    )
        judged = list(node.codes)
        seen = {*judged, *spans, *(c for b in broken for c in b.codes)}  # codes evaluated
        used = self.mask(seen)
        inside = self.under(self.jurisdiction)
        outside = ~inside if inside is not None else np.zeros_like(used)
        relevant = np.zeros_like(used)
        for code in judged:
            under = self.under(code)
            relevant |= under if under is not None else True
        if level is not None and level in self.levels:
            relevant &= self.levels[level]
        other = ~used & ~outside & relevant
        starts = np.full(len(self.codes), _MIN_ORD, dtype=np.int64)
        for code, (start, _end) in spans.items():
            j = data._unit_index.get(code)
            if j is not None:
                starts[j] = start
        after = n_out = n_other = later = 0
        for ind in sorted(rule_indicators(rule)):
            got = self.per_unit(ind)
            if got is None:
                continue
            late_n, now_n = got
            mine = used | other | outside
            after += int(late_n[mine].sum())
            n_out += int(now_n[outside].sum())
            n_other += int(now_n[other].sum())
            if spans and (starts[used] > _MIN_ORD).any():
                # Rows about units counted, from before the unit existed (a reused code).
                lo, hi = data._slices[ind]
                at, e = data._u[lo:hi], data._end[lo:hi]
                n_other += int(((e <= self.as_of) & used[at] & (e < starts[at])).sum())
        if _reads_completion(rule):
            taken = _used_recognitions(node)
            sets = [_inside(h, c) for c in judged] if h is not None else []
            if rollups or self.jurisdiction in judged:
                n_out += self.recs_outside
                after += self.recs_outside_after
            for code, recs in self.recs:
                is_out = False
                if code not in seen:
                    if h is not None and not any(code in x for x in sets):
                        continue  # not under the units judged: another goal's unit
                    if (
                        level is not None
                        and h is not None
                        and code in h
                        and all(u.level is not level for u in h.versions(code))
                    ):
                        continue  # a unit of another level: another goal's
                for r in recs:
                    on = r.on.toordinal()
                    if r in taken:
                        continue
                    if on > self.as_of:
                        after += 1
                    elif is_out:
                        n_out += 1
                    elif code not in seen or not _within(spans.get(code), on):
                        n_other += 1
                    elif r.on > day:
                        later += 1
        if rollups and level is not None:
            after += sum(
                1
                for rc in data.reported_counts
                if rc.unit in judged and rc.level is level and rc.period.end > ctx.as_of
            )
        notes = node.common_notes
        if after:
            notes.append(Note(NC.UNUSED_AFTER_AS_OF, (after, ctx.as_of)))
        if n_out:
            notes.append(Note(NC.UNUSED_OUTSIDE, (n_out, self.jurisdiction)))
        if n_other and rollups:
            notes.append(Note(NC.UNUSED_OTHER_ERA, (n_other, day)))
        elif n_other:
            notes.append(Note(NC.UNUSED_SUB_UNITS, (n_other,)))
        if later:
            notes.append(Note(NC.UNUSED_AFTER_DAY, (later, day)))


def _rollups(node: Node) -> list[Node]:
    """The count and share nodes in a node's tree (outermost first)."""
    found: list[Node] = []
    stack = [node]
    while stack:
        n = stack.pop(0)
        if isinstance(n.rule, CountUnits | ShareUnits):
            found.append(n)
            continue  # what it counts is judged by its own children
        stack.extend(n.children)
    return found


def _used_recognitions(node: Node) -> set[Recognition]:
    """Every recognition a node or its children used (carried ones included)."""
    used = {r for recs in node.recognitions.values() for r in recs}
    for child in node.children:
        used |= _used_recognitions(child)
    return used


def _reads_completion(rule: Rule) -> bool:
    if isinstance(rule, Completed):
        return True
    if isinstance(rule, CountUnits | ShareUnits):
        return _reads_completion(rule.rule)
    if isinstance(rule, AllOf | AnyOf | AtLeast | Score | Undetermined):
        return any(_reads_completion(r) for r in rule.rules)
    return False


def _within(span: tuple[int, int] | None, day: int) -> bool:
    """Whether ``day`` (an ordinal) lies in ``span`` (first day, day after the last)."""
    return span is None or span[0] <= day < span[1]
