"""The query's result as the engine's result arrays (:class:`~thdx.verdicts._node.Node`).

:class:`SqlRunner` is a :class:`~thdx.engine._steps.Runner` whose steps were run by
the SQL engine: :meth:`SqlRunner.run` builds a step's node from the columns the query
gave for it. What the query does not compute is done here with the engine's own code:
a count joined from groups judged in several eras (:func:`thdx.engine._regroup`), and
counts published for a whole level (:func:`thdx.engine._reported.reported`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from thdx.engine._data import Columns, columns
from thdx.engine._regroup import run_regroup
from thdx.engine._reported import reported
from thdx.engine._steps import (
    Completion,
    CountOver,
    Criteria,
    Exact,
    Gather,
    Kleene,
    Regroup,
    Step,
    Threshold,
)
from thdx.model._hierarchy import Hierarchy
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, F8, I8, I64, Node
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
    ) -> None:
        self.data = data
        self.cols: Columns = columns(data)
        self.hierarchy = hierarchy
        self._steps = steps
        self._result = result
        self._rows = rows
        self._done: dict[int, Node] = {}

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

    def _build(self, step: Step) -> Node:
        if isinstance(step, Regroup):
            return run_regroup(step, self)
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
            return Node(step.rule, batch.codes, status, value, final, rows=rows)
        if isinstance(step, Kleene):
            children = [self.run(a) for a in step.args]
            return Node(step.rule, batch.codes, status, value, final, children=children)
        if isinstance(step, Completion):
            routes = c["route"]
            node = Node(step.rule, batch.codes, status, value, final, routes=routes)
            node.notes = {i: [note] for i, note in step.lifetimes.notes.items()}
            if step.criteria is not None:
                node.children.append(self.run(step.criteria))
                cs = step.rule.criteria
                if cs is not None and not cs.complete:
                    node.incomplete = ((routes == 0) | (routes == 3)) & (status != 3)
            return node
        assert isinstance(step, CountOver)
        return self._count(step, c, status, value, final)

    def _count(self, step: CountOver, c: Arrays, status: I8, value: F8, final: B1) -> Node:
        rule, ctx = step.rule, step.scope
        n = len(step.batch)
        counts: list[Counts | None] = [None] * n
        node = Node(rule, step.batch.codes, status, value, final, counts=counts)
        if step.child is None:
            return node
        if step.era_note is not None:
            node.common_notes.append(step.era_note)
        node.children.append(self.run(step.child))
        node.members = list(step.members)
        held = {rc.unit for rc in self.data.reported_counts if rc.level is rule.level}
        for i in range(n):
            p, f, u, t = (int(c[k][i]) for k in ("passed", "failed", "unknown", "total"))
            counts[i] = Counts(rule.level, p, f, u, t, ctx.day)
            if t and step.batch.codes[i] in held:
                reported(ctx, self, node, i, rule, (p, u, t), step.eras[i], share=step.share)
        return node
