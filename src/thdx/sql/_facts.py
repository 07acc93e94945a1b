"""What a compiled plan knows before any data is read, as the rows of small tables.

The engine's compiler (:mod:`thdx.engine._compile`) fixes, for every target, the units
judged together (a :class:`~thdx.engine._steps.Batch`), the rows each gather looks for,
the sub-units each unit counts, the day each unit is judged on and the units whose
recognitions it carries. The SQL query reads these as five tables:

- ``thdx_units(bid, pos, code, valid_from, gather_from)``: the units of each batch;
- ``thdx_gathers(gid, bid, indicator, upto, ps, pe, is_exact)``: each gather;
- ``thdx_members(cid, pos, child_pos)``: per count, the sub-units of each unit;
- ``thdx_life(cid, pos, day, final)``: per completion, the day each unit is judged on;
- ``thdx_carry(cid, pos, old_code, start_day, until_day)``: per completion, the units
  whose recognitions a unit carries.

Days are :meth:`datetime.date.toordinal` numbers; 0 is "no bound".
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from thdx.engine._data import MIN_ORD
from thdx.engine._steps import (
    Batch,
    Completion,
    CountOver,
    Criteria,
    Exact,
    Gather,
    GrowthOver,
    Kleene,
    Regroup,
    Step,
    TargetPlan,
    Threshold,
)
from thdx.model._errors import UnknownUnitError
from thdx.model._hierarchy import Hierarchy
from thdx.sql._errors import NotCompiledError

__all__ = ["COLUMNS", "Facts", "facts"]

#: The columns of every table of facts, in order, with their SQL types.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "thdx_units": (
        ("bid", "INT"),
        ("pos", "INT"),
        ("code", "VARCHAR"),
        ("valid_from", "BIGINT"),
        ("gather_from", "BIGINT"),
    ),
    "thdx_gathers": (
        ("gid", "INT"),
        ("bid", "INT"),
        ("indicator", "VARCHAR"),
        ("upto", "BIGINT"),
        ("ps", "BIGINT"),
        ("pe", "BIGINT"),
        ("is_exact", "INT"),
    ),
    "thdx_members": (("cid", "INT"), ("pos", "INT"), ("child_pos", "INT")),
    "thdx_life": (("cid", "INT"), ("pos", "INT"), ("day", "BIGINT"), ("final", "INT")),
    "thdx_carry": (
        ("cid", "INT"),
        ("pos", "INT"),
        ("old_code", "VARCHAR"),
        ("start_day", "BIGINT"),
        ("until_day", "BIGINT"),
    ),
}

Row = tuple[int | str | None, ...]


def _day(ordinal: int) -> int:
    return 0 if ordinal == MIN_ORD else ordinal


@attrs.define
class Facts:
    """The rows of the tables of facts of a plan, and the ids given to its parts."""

    hierarchy: Hierarchy | None = None
    rows: dict[str, list[Row]] = attrs.Factory(lambda: {k: [] for k in COLUMNS})
    batches: dict[int, int] = attrs.Factory(dict)  # id(batch) → bid
    gathers: dict[Gather | Exact, int] = attrs.Factory(dict)
    steps: dict[int, int] = attrs.Factory(dict)  # id(step) → step id
    order: list[Step] = attrs.Factory(list)  # the steps, parts before what reads them
    #: The gathers whose rows the query returns as they are (growth; data set aside).
    growth: dict[int, None] = attrs.Factory(dict)

    def bid(self, batch: Batch) -> int:
        """The id of ``batch`` (its units added on first sight)."""
        got = self.batches.get(id(batch))
        if got is None:
            got = self.batches[id(batch)] = len(self.batches)
            last: dict[str, int] = {}
            for code, vf in zip(batch.codes, batch.valid_from.tolist(), strict=True):
                last[code] = vf  # a unit asked for twice is bounded by its last bound
            for pos, (code, vf) in enumerate(
                zip(batch.codes, batch.valid_from.tolist(), strict=True)
            ):
                self.rows["thdx_units"].append((got, pos, code, _day(vf), _day(last[code])))
        return got

    def gid(self, g: Gather | Exact) -> int:
        """The id of gather ``g`` (added on first sight)."""
        got = self.gathers.get(g)
        if got is None:
            got = self.gathers[g] = len(self.gathers)
            bid = self.bid(g.batch)
            if isinstance(g, Exact):
                p = g.period
                row: Row = (got, bid, g.indicator, None, p.start_ordinal, p.end_ordinal, 1)
            else:
                pr = g.prefer
                ps = None if pr is None else pr.start_ordinal
                pe = None if pr is None else pr.end_ordinal
                row = (got, bid, g.indicator, g.upto, ps, pe, 0)
            self.rows["thdx_gathers"].append(row)
        return got

    def add(self, step: Step, where: str, *, top: bool = True) -> int:
        """Give ``step`` and the steps under it their ids, and write their facts.

        A growth is gathered in SQL and its method chosen by the engine's kernel, so
        it must be a target's rule itself (or a breakdown's), not a part of one."""
        got = self.steps.get(id(step))
        if got is not None:
            return got
        if isinstance(step, GrowthOver) and not top:
            msg = (
                f"{where}: rule {step.rule!r} is a growth over a window inside another "
                "rule, which the SQL backend does not compile yet; evaluate this rulebook "
                "in process (thdx.evaluate without backend=)"
            )
            raise NotCompiledError(msg)
        for sub in _parts(step):
            self.add(sub, where, top=isinstance(step, Regroup) and top)
        sid = self.steps[id(step)] = len(self.order)
        self.order.append(step)
        if isinstance(step, GrowthOver):
            self.bid(step.batch)
            for _, g in (*step.levels, *step.rates, *step.averages):
                self.growth.setdefault(self.gid(g))
            for g in step.after:
                self.growth.setdefault(self.gid(g))
            return sid
        if isinstance(step, Regroup):
            return sid
        if isinstance(step, Criteria):
            self.bid(step.kleene.batch)
            return sid
        self.bid(step.batch)
        if isinstance(step, Threshold):
            self.gid(step.src)
            if step.later is not None:  # named in the notes, never used
                self.growth.setdefault(self.gid(step.later))
        elif isinstance(step, CountOver) and step.child is not None:
            for pos, members in enumerate(step.members):
                self.rows["thdx_members"].extend((sid, pos, int(c)) for c in members.tolist())
        elif isinstance(step, Completion):
            self._completion(sid, step)
        return sid

    def _completion(self, sid: int, step: Completion) -> None:
        life = step.lifetimes
        for pos in range(len(step.batch)):
            day = life.days[pos]
            ordinal = None if day is None else day.toordinal()
            self.rows["thdx_life"].append((sid, pos, ordinal, int(bool(life.final[pos]))))
        hierarchy = self.hierarchy
        if not step.rule.carry_over or hierarchy is None:
            return
        for pos, code in enumerate(step.batch.codes):
            try:
                unit = hierarchy.get(code, step.scope.day)
            except UnknownUnitError:
                continue
            for old in hierarchy.predecessors(code):
                if unit.valid_from is None or old.valid_until != unit.valid_from:
                    continue
                start = old.valid_from.toordinal() if old.valid_from else 0
                until = old.valid_until.toordinal()
                self.rows["thdx_carry"].append((sid, pos, old.code, start, until))


def _parts(step: Step) -> Iterable[Step]:
    """The steps ``step`` reads directly."""
    if isinstance(step, Kleene):
        return step.args
    if isinstance(step, Criteria):
        return (step.kleene,)
    if isinstance(step, Completion):
        return (step.criteria,) if step.criteria is not None else ()
    if isinstance(step, CountOver):
        return (step.child,) if step.child is not None else ()
    if isinstance(step, Regroup):
        return step.parts
    return ()


def facts(targets: Iterable[TargetPlan], hierarchy: Hierarchy | None) -> Facts:
    """The facts of the steps of ``targets`` (each root and breakdown)."""
    out = Facts(hierarchy)
    for tp in targets:
        where = f"target {tp.target.id!r}"
        out.add(tp.root, where)
        for lv, step in tp.breakdowns:
            out.add(step, f"{where} (breakdown by {lv.value})")
    return out
