"""The engine's result of one rule over a batch of units (internal to thdx)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._errors import UnknownUnitError
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import Period
from thdx.rules._vocabulary import Rule
from thdx.verdicts._notes import GrowthMethod, Note
from thdx.verdicts._status import Counts

__all__ = ["B1", "F8", "I8", "I64", "Node"]

I8 = npt.NDArray[np.int8]
F8 = npt.NDArray[np.float64]
B1 = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


@attrs.define(eq=False)
class Node:
    """The engine's result of one rule over a batch of units (internal)."""

    rule: Rule
    codes: Sequence[str]
    status: I8
    value: F8
    final: B1
    rows: I64 | None = None
    children: list[Node] = attrs.Factory(list)
    #: Per-unit period used (for growth, the window actually covered).
    periods: list[Period | None] | None = None
    #: Per-unit notes (explanations of a special case), keyed by unit position.
    notes: dict[int, list[Note]] = attrs.Factory(dict)
    #: Notes for every unit of the batch.
    common_notes: list[Note] = attrs.Factory(list)
    #: Growth: per-unit method; rollups: per-unit counts; completion: routes.
    methods: list[GrowthMethod | None] | None = None
    counts: list[Counts | None] | None = None
    routes: npt.NDArray[np.int8] | None = None
    recognitions: dict[int, tuple[Recognition, ...]] = attrs.Factory(dict)
    reported: dict[int, ReportedCount] = attrs.Factory(dict)
    #: Rollups: positions of each unit's sub-units in ``children[0]``.
    members: list[npt.NDArray[np.int64]] | None = None
    #: Growth: per-unit rows used.
    used_rows: dict[int, tuple[int, ...]] = attrs.Factory(dict)
    #: When the node judged an incomplete criteria set.
    incomplete: B1 | None = None
    #: Notes written on demand: ``lazy(node, i)`` gives unit ``i``'s (see the engine).
    lazy: Callable[[Node, int], list[Note]] | None = None
    #: Code → first position in the batch, built on the first :meth:`index`.
    _positions: dict[str, int] | None = attrs.field(default=None, init=False, repr=False)

    def notes_of(self, i: int) -> list[Note]:
        """Every note of unit ``i``: the common ones, the lazy ones, the stored ones."""
        out = list(self.common_notes)
        if self.lazy is not None:
            out.extend(self.lazy(self, i))
        out.extend(self.notes.get(i, []))
        return out

    def index(self, code: str) -> int:
        """The position of a unit code in the batch (the first, if it is there twice)."""
        if self._positions is None or len(self._positions) > len(self.codes):
            positions: dict[str, int] = {}
            for i, c in enumerate(self.codes):
                positions.setdefault(c, i)
            self._positions = positions
        got = self._positions.get(code)
        if got is None:
            raise UnknownUnitError(code, detail="not evaluated for this target")
        return got
