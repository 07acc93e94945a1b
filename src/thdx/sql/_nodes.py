"""The query's result as the engine's result arrays (:class:`~thdx.verdicts._node.Node`).

:class:`SqlRunner` is a :class:`~thdx.engine._steps.Runner` whose steps were run by
the SQL engine: :meth:`SqlRunner.run` builds a step's node from the columns the query
gave for it. What the query does not compute is done here with the engine's own code:
a count joined from groups judged in several eras (:func:`thdx.engine._regroup`), and
counts published for a whole level (:func:`thdx.engine._reported.reported`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np

from thdx.engine._data import Columns, columns
from thdx.engine._growth import run_growth
from thdx.engine._regroup import run_regroup
from thdx.engine._reported import reported
from thdx.engine._steps import (
    Completion,
    CountOver,
    Criteria,
    Exact,
    Gather,
    GrowthOver,
    Kleene,
    Regroup,
    Runner,
    Step,
    Threshold,
)
from thdx.model._hierarchy import Hierarchy
from thdx.sql._notes import completion_notes, count_notes, threshold_notes, unreachable_notes
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, F8, I8, I64, Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._status import Counts

__all__ = ["SqlRunner"]

Arrays = Mapping[str, np.ndarray]


class SqlRunner:
    """Nodes from the query's result (``result``: per step id, its columns by
    position)."""

    def __init__(
        self,
        data: MeasurementSet,
        hierarchy: Hierarchy | None,
        steps: Mapping[int, int],
        result: Mapping[int, Arrays],
        *,
        rows: bool,
        gathers: Mapping[Gather | Exact, int] | None = None,
    ) -> None:
        self.data = data
        self.cols: Columns = columns(data)
        self.hierarchy = hierarchy
        self._steps = steps
        self._result = result
        self._rows = rows
        self._done: dict[int, Node] = {}
        self._gathers = gathers or {}
        self._growth: _GrowthView | None = None

    def rows(self, gather: Gather | Exact) -> I64:  # pragma: no cover - not read here
        """Not kept: the query gathers and judges in one go."""
        raise NotImplementedError

    def values(self, gather: Gather) -> tuple[F8, B1, I8]:  # pragma: no cover
        """Not kept: the query gathers and judges in one go."""
        raise NotImplementedError

    def run(self, step: Step) -> Node:
        """The node of ``step`` (built once)."""
        key = id(step)
        got = self._done.get(key)
        if got is None:
            got = self._done[key] = self._build(step)
        return got

    def _cols(self, step: Step, n: int) -> Arrays:
        got = self._result.get(self._steps[id(step)])
        if got is None:
            got = {}
        out: dict[str, np.ndarray] = {}
        pos = got.get("pos", np.empty(0, dtype=np.int64)).astype(np.int64)
        for name, fill, dtype in (
            ("status", 1, np.int8),
            ("value", np.nan, np.float64),
            ("final", 0, np.int8),
            ("row_id", -1, np.int64),
            ("route", 0, np.int8),
            ("passed", 0, np.int64),
            ("failed", 0, np.int64),
            ("unknown", 0, np.int64),
            ("total", 0, np.int64),
        ):
            arr = np.full(n, fill, dtype=dtype)
            if name in got and len(pos):
                src = got[name]
                if np.ma.isMaskedArray(src):
                    mask = np.ma.getmaskarray(src)
                    vals = np.ma.getdata(src)
                    keep = ~mask
                    arr[pos[keep]] = vals[keep]
                else:
                    arr[pos] = src
            out[name] = arr
        return out

    def _view(self) -> _GrowthView:
        if self._growth is None:
            self._growth = _GrowthView(self, self._gathers, self._result, real=self._rows)
        return self._growth

    def _build(self, step: Step) -> Node:
        if isinstance(step, Regroup):
            return run_regroup(step, self)
        if isinstance(step, GrowthOver):
            # The rows were gathered in SQL; the method is chosen by the engine's kernel.
            return run_growth(step, cast(Runner, self._view()))
        if isinstance(step, Criteria):
            inner = self.run(step.kleene)
            c = self._cols(step, len(step.kleene.batch))
            return Node(
                inner.rule,
                inner.codes,
                c["status"],
                inner.value,
                inner.final,
                children=inner.children,
            )
        batch = step.batch
        c = self._cols(step, len(batch))
        status, value, final = c["status"], c["value"], c["final"].astype(bool)
        if isinstance(step, Threshold):
            rows = c["row_id"] if self._rows else None
            node = Node(step.rule, batch.codes, status, value, final, rows=rows)
            if self._rows:
                later = self._view().rows(step.later) if step.later is not None else None
                threshold_notes(step, self.data, node, later)
            return node
        if isinstance(step, Kleene):
            children = [self.run(a) for a in step.args]
            return Node(step.rule, batch.codes, status, value, final, children=children)
        if isinstance(step, Completion):
            routes = c["route"]
            node = Node(step.rule, batch.codes, status, value, final, routes=routes)
            node.notes = {i: [note] for i, note in step.lifetimes.notes.items()}
            if step.criteria is not None:
                node.children.append(self.run(step.criteria))
            open_ = ((routes == 0) | (routes == 3)) & (status != 3)
            cs = step.rule.criteria
            if step.criteria is not None and cs is not None and not cs.complete:
                node.incomplete = open_
            completion_notes(step, node, open_, self.cols.recognitions, self.hierarchy)
            return node
        assert isinstance(step, CountOver)
        return self._count(step, c, status, value, final)

    def _count(self, step: CountOver, c: Arrays, status: I8, value: F8, final: B1) -> Node:
        rule, ctx = step.rule, step.scope
        n = len(step.batch)
        counts: list[Counts | None] = [None] * n
        node = Node(rule, step.batch.codes, status, value, final, counts=counts)
        if step.child is None:
            node.common_notes.append(Note(NC.NO_HIERARCHY))
            return node
        if step.era_note is not None:
            node.common_notes.append(step.era_note)
        child = self.run(step.child)
        node.children.append(child)
        node.members = list(step.members)
        count_notes(step, node, child, c["total"])
        held = {rc.unit for rc in self.data.reported_counts if rc.level is rule.level}
        for i in range(n):
            p, f, u, t = (int(c[k][i]) for k in ("passed", "failed", "unknown", "total"))
            counts[i] = Counts(rule.level, p, f, u, t, ctx.day)
            if t and step.batch.codes[i] in held:
                reported(ctx, self, node, i, rule, (p, u, t), step.eras[i], share=step.share)
        unreachable_notes(step, node, c["total"])
        return node


class _Values:
    def __init__(self, value: F8) -> None:
        self.value = value


class _GrowthView:
    """What :func:`~thdx.engine._growth.run_growth` reads of a runner: the rows of each
    gather and the values of those rows. For a MeasurementSet the rows are the set's;
    for files, positions in the values the query returned."""

    def __init__(
        self,
        rt: SqlRunner,
        gathers: Mapping[Gather | Exact, int],
        result: Mapping[int, Arrays],
        *,
        real: bool,
    ) -> None:
        self._gid = gathers
        self._result = result
        self._real = real
        self.data, self.hierarchy = rt.data, rt.hierarchy
        values: list[F8] = [rt.cols.value] if real else []
        self._offsets: dict[int, int] = {}
        if not real:
            at = 0
            for gid in sorted(-1 - k for k in result if k < 0):
                self._offsets[gid] = at
                got = np.ma.getdata(result[-1 - gid]["value"]).astype(np.float64)
                values.append(got)
                at += len(got)
        self.cols = _Values(np.concatenate(values) if values else np.empty(0))

    def rows(self, gather: Gather | Exact) -> I64:
        n = len(gather.batch)
        out = np.full(n, -1, dtype=np.int64)
        gid = self._gid[gather]
        got = self._result.get(-1 - gid)
        if got is None or not len(got["pos"]):
            return out
        pos = np.ma.getdata(got["pos"]).astype(np.int64)
        if self._real:
            out[pos] = np.ma.getdata(got["row_id"]).astype(np.int64)
        else:
            out[pos] = self._offsets[gid] + np.arange(len(pos))
        return out
