"""The plan compiler: rules, a MeasurementSet and a Hierarchy into typed steps.

This is the one place that dispatches over the rule vocabulary (:meth:`Compiler.step`).
What depends only on the rules, the units and the day is decided here, once: the
batches of units and their positions among the data's units, the sub-units each unit
counts, the era a count of units is judged in, the rows each gather reads. What a run
does is array operations over those (:mod:`thdx.engine._run`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import attrs
import numpy as np

from thdx.engine._data import MIN_ORD, Columns, columns, is_bounded
from thdx.engine._hierarchy import (
    era_end,
    eras,
    first_day,
    lifetimes,
    named_units,
    units_under,
    valid_from,
    valid_from_units,
)
from thdx.engine._steps import (
    Batch,
    Completion,
    CountOver,
    Criteria,
    Exact,
    Gather,
    GrowthOver,
    Kleene,
    KleeneOp,
    Regroup,
    Scope,
    Step,
    TargetPlan,
    Threshold,
)
from thdx.model._errors import ThdxError
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.model._periods import Period
from thdx.rules import _vocabulary as rv
from thdx.rules._targets import Target, rule_indicators
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, F8, I8, I64
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC

__all__ = ["Compiler"]

_KLEENE: dict[type, KleeneOp] = {
    rv.AllOf: KleeneOp.ALL,
    rv.AnyOf: KleeneOp.ANY,
    rv.AtLeast: KleeneOp.AT_LEAST,
    rv.Score: KleeneOp.SCORE,
    rv.Undetermined: KleeneOp.UNDETERMINED,
}


class Compiler:
    """Compiles rules over one MeasurementSet and Hierarchy into steps, and collects
    the gathers they read (resolved at once by :meth:`resolve`)."""

    def __init__(self, data: MeasurementSet, hierarchy: Hierarchy | None) -> None:
        self.data = data
        self.cols: Columns = columns(data)
        self.hierarchy = hierarchy
        self.gathers: dict[Gather | Exact, None] = {}
        self._batches: dict[tuple[tuple[str, ...], bytes], Batch] = {}

    # -- batches and gathers -----------------------------------------------------------

    def batch(self, codes: Sequence[str], first_days: I64) -> Batch:
        """The batch of ``codes`` (one object per codes and first days)."""
        key = (tuple(codes), first_days.tobytes())
        got = self._batches.get(key)
        if got is None:
            req, whole, token = self.cols.positions(key[0])
            got = Batch(list(codes), first_days, req, is_bounded(first_days), whole, token)
            self._batches[key] = got
        return got

    def _gather(self, g: Gather | Exact) -> Gather | Exact:
        self.gathers.setdefault(g)
        return g

    def resolve(self) -> tuple[dict[Gather | Exact, I64], dict[Gather, tuple[F8, B1, I8]]]:
        """The rows of every gather the compiled steps read; for the latest-value
        gathers, their values (NaN for none), where there is one, and 1 where not."""
        cols = self.cols
        rows: dict[Gather | Exact, I64] = {}
        values: dict[Gather, tuple[F8, B1, I8]] = {}
        for g in self.gathers:
            b = g.batch
            if isinstance(g, Gather):
                found, value, known, unknown = cols.latest(
                    g.indicator,
                    b.req,
                    b.valid_from,
                    g.upto,
                    g.prefer,
                    bounded=b.bounded,
                    whole=b.whole,
                    token=b.token,
                )
                rows[g], values[g] = found, (value, known, unknown)
            else:
                rows[g] = cols.exact(g.indicator, b.req, g.period, whole=b.whole)
        return rows, values

    # -- targets ----------------------------------------------------------------------

    def target(
        self,
        t: Target,
        jurisdiction: str,
        as_of: _dt.date,
        *,
        issued: _dt.date | None,
        count_era: str,
        breakdown: Sequence[Level],
    ) -> TargetPlan:
        """The plan of one target of a rulebook."""
        h = self.hierarchy
        codes = list(t.units) if t.units else [jurisdiction]
        scope = Scope(
            as_of, t.deadline, min(as_of, t.deadline.end), anchor=issued, count_era=count_era
        )
        first = valid_from(h, codes, scope.day)
        if t.units and h is not None:
            named = named_units(h, codes, issued or t.deadline.start, scope.day)
            scope = attrs.evolve(scope, named=named)
            for i, code in enumerate(codes):
                if code in named:
                    began = first_day(h, named[code])
                    first[i] = began.toordinal() if began is not None else MIN_ORD
        root = self.step(t.rule, scope, self.batch(codes, first))
        broken: list[tuple[Level, Step]] = []
        absent: list[Level] = []
        if breakdown and isinstance(t.rule, rv.Compare | rv.Growth) and not t.units:
            if h is None:
                msg = "breakdown= needs units= (a Hierarchy)"
                raise ThdxError(msg)
            for lv in breakdown:
                sub = h.units_of(lv, scope.day, under=jurisdiction)
                if not sub:
                    absent.append(lv)
                batch = self.batch([u.code for u in sub], valid_from_units(h, sub))
                broken.append((lv, self.step(t.rule, scope, batch)))
        return TargetPlan(
            t,
            scope,
            root,
            tuple(broken),
            tuple(absent),
            frozenset(rule_indicators(t.rule)),
            _reads_completion(t.rule),
        )

    # -- rules ------------------------------------------------------------------------

    def step(self, rule: rv.Rule, scope: Scope, batch: Batch) -> Step:
        """The step that judges ``rule`` over ``batch`` (the one dispatch over rules)."""
        if isinstance(rule, rv.Compare):
            return self._threshold(rule, scope, batch)
        if isinstance(rule, rv.Growth):
            return self._growth(rule, scope, batch)
        if isinstance(rule, rv.Combinator):
            args = tuple(self.step(r, scope, batch) for r in rule.rules)
            return _kleene(rule, batch, args)
        if isinstance(rule, rv.CountUnits | rv.ShareUnits):
            return self._count(rule, scope, batch)
        return self._completion(rule, scope, batch)

    def _threshold(self, rule: rv.Compare, scope: Scope, batch: Batch) -> Threshold:
        dl = scope.deadline
        src = Gather(rule.indicator, batch, scope.day_ord, dl)
        self._gather(src)
        final_period: tuple[int, int] | None = None
        later: Gather | None = None
        if dl is not None:
            # Judged on an era's last day, before the deadline period ends: data for the
            # deadline period up to that day (2025-H1 for 2025) is the last there can be.
            cutoff = scope.cutoff
            end = cutoff.toordinal() if scope.before_end and cutoff else dl.end_ordinal
            final_period = (dl.start_ordinal, end)
            if scope.as_of > scope.day:
                later = Gather(rule.indicator, batch, scope.as_of.toordinal(), None)
                self._gather(later)
        cmp, thr = rule.comparator, rule.threshold
        bound = (
            thr - rv.tolerance(thr)
            if cmp in (rv.Comparator.GE, rv.Comparator.LT)
            else thr + rv.tolerance(thr)
        )
        return Threshold(rule, batch, scope, src, cmp, thr, bound, final_period, later)

    def _growth(self, rule: rv.Growth, scope: Scope, batch: Batch) -> GrowthOver:
        first, last = rule.window.first_year, rule.window.last_year
        years = [y for y in range(first - 1, last + 1) if Period.year(y).end <= scope.day]

        def exact(indicator: str, period: Period) -> Exact:
            g = Exact(indicator, batch, period)
            self._gather(g)
            return g

        levels = tuple((y, exact(rule.indicator, Period.year(y))) for y in years)
        rates: list[tuple[int, Exact]] = []
        averages: list[tuple[int, Exact]] = []
        if rule.rate_indicator:
            for y in years:
                if y >= first:
                    rates.append((y, exact(rule.rate_indicator, Period.year(y))))
                if y > first:
                    # A published average for the window so far ("2021/2025").
                    window = Period.parse(f"{first}/{y}")
                    averages.append((y, exact(rule.rate_indicator, window)))
        after: list[Exact] = []
        if scope.as_of > scope.day:
            for ind in filter(None, (rule.indicator, rule.rate_indicator)):
                for y in range(last + 1, scope.as_of.year + 1):
                    if Period.year(y).end <= scope.as_of:
                        after.append(exact(ind, Period.year(y)))
        return GrowthOver(rule, batch, scope, levels, tuple(rates), tuple(averages), tuple(after))

    def _completion(self, rule: rv.Completed, scope: Scope, batch: Batch) -> Completion:
        criteria = None
        if rule.criteria is not None:
            criteria = self._criteria(rule.criteria, scope, batch)
        life = lifetimes(
            self.hierarchy, batch.codes, scope.named, scope.day, scope.as_of, scope.settled
        )
        return Completion(rule, batch, scope, criteria, life)

    def _criteria(self, cs: rv.CriteriaSet, scope: Scope, batch: Batch) -> Criteria:
        # Criteria are judged on the data of the goal's deadline period when it exists,
        # else as a standing on older data (never final).
        args = tuple(self._threshold(c.rule, scope, batch) for c in cs.criteria)
        return Criteria(cs, _kleene(cs.as_rule(), batch, args))

    def _count(self, rule: rv.CountUnits | rv.ShareUnits, scope: Scope, batch: Batch) -> Step:
        h = self.hierarchy
        if h is None:
            share = isinstance(rule, rv.ShareUnits)
            return CountOver(rule, batch, scope, rule.level, None, (), (), None, share=share)
        era_note: Note | None = None
        if isinstance(rule, rv.CountUnits) and scope.deadline is not None:
            anchor = scope.anchor or scope.deadline.start
            ends = [era_end(h, rule.level, anchor, scope.day, [c]) for c in batch.codes]
            if len(set(ends)) > 1:
                # Each unit's count in its own era: judge the groups apart, then join them.
                groups: dict[_dt.date | None, list[int]] = {}
                for i, end in enumerate(ends):
                    groups.setdefault(end, []).append(i)
                parts = tuple(self._count(rule, scope, _part(batch, ix)) for ix in groups.values())
                order = np.asarray([i for ix in groups.values() for i in ix], dtype=np.int64)
                return Regroup(rule, batch, parts, order)
            last = ends[0] if ends else None
            if last is not None:
                reform = last + _dt.timedelta(days=1)
                if scope.count_era == "set":
                    # A number of units set over the units of its era is judged over them.
                    scope = attrs.evolve(scope, day=last, cutoff=last)
                    era_note = Note(NC.ERA_ENDED, (rule.level, reform, last))
                else:
                    era_note = Note(NC.ERA_CURRENT, (rule.level, reform, scope.day))
        subs, members = units_under(h, rule.level, scope.day, batch.codes)
        sub_batch = self.batch([u.code for u in subs], valid_from_units(h, subs))
        # The units counted are those of the day, not the ones a target named.
        child = self.step(rule.rule, attrs.evolve(scope, named=None), sub_batch)
        return CountOver(
            rule,
            batch,
            scope,
            rule.level,
            child,
            tuple(subs),
            tuple(np.asarray(m, dtype=np.int64) for m in members),
            era_note,
            eras(h, rule.level, scope.day, batch.codes),
            share=isinstance(rule, rv.ShareUnits),
        )


def _part(batch: Batch, ix: list[int]) -> Batch:
    at = np.asarray(ix, dtype=np.int64)
    first = batch.valid_from[at]
    return Batch([batch.codes[i] for i in ix], first, batch.req[at], is_bounded(first))


def _kleene(
    rule: rv.Combinator,
    batch: Batch,
    args: tuple[Step, ...],
) -> Kleene:
    op = _KLEENE[type(rule)]
    na = any(may_be_na(a) for a in args)
    # Parts final exactly where known, none NOT_APPLICABLE: the combination is final
    # exactly where known too (except "undetermined", never known).
    known = bool(args) and not na and op is not KleeneOp.UNDETERMINED
    known = known and all(isinstance(a, Threshold | Kleene) and a.known_final for a in args)
    if isinstance(rule, rv.AtLeast):
        return Kleene(rule, batch, op, args, k=rule.k, na_parts=na, known_final=known)
    if isinstance(rule, rv.Score):
        points = tuple(float(p) for p in rule.points)
        cut = rule.at_least
        return Kleene(
            rule, batch, op, args, points=points, at_least=cut, na_parts=na, known_final=known
        )
    return Kleene(rule, batch, op, args, na_parts=na, known_final=known)


def may_be_na(step: Step) -> bool:
    """Whether ``step`` can give NOT_APPLICABLE (a threshold or a growth never does;
    a combination only when all its parts can)."""
    if isinstance(step, Threshold | GrowthOver):
        return False
    if isinstance(step, Kleene):
        return all(may_be_na(a) for a in step.args)
    if isinstance(step, Criteria):
        return may_be_na(step.kleene)
    return True


def _reads_completion(rule: rv.Rule) -> bool:
    if isinstance(rule, rv.Completed):
        return True
    if isinstance(rule, rv.CountUnits | rv.ShareUnits):
        return _reads_completion(rule.rule)
    if isinstance(rule, rv.Combinator):
        return any(_reads_completion(r) for r in rule.rules)
    return False
