"""What a verdict and each step of its trace share (:class:`Trace`), and a step of a
trace (:class:`SubVerdict`): the engine's result for one unit, read on demand."""

from __future__ import annotations

import datetime as _dt

import attrs
import numpy as np

from thdx.model._indicators import Catalogue
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition
from thdx.rules._vocabulary import Rule
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._html import step_repr
from thdx.verdicts._node import Node
from thdx.verdicts._notes import Note
from thdx.verdicts._status import ROUTES, STATUSES, Route, Status

__all__ = ["SubVerdict", "Trace"]


class Trace:
    """What a verdict and each step of its trace share: the engine's result for one
    unit (``_node`` at position ``_i``) and the data it read."""

    _node: Node
    _i: int
    _data: MeasurementSet
    as_of: _dt.date

    @property
    def notes(self) -> tuple[Note, ...]:
        """Special cases worth knowing (not final, unreachable, incomplete criteria…)."""
        return tuple(self._node.notes_of(self._i))

    @property
    def note_keys(self) -> tuple[str, ...]:
        """The notes' compact keys (``standing:2024:2025``), for tests and logs."""
        return tuple(n.key for n in self._node.notes_of(self._i))

    @property
    def route(self) -> Route | None:
        """How a completion was decided: recognition, criteria, reported, or none."""
        if self._node.routes is None:
            return None
        return ROUTES[int(self._node.routes[self._i])]

    @property
    def measurements(self) -> tuple[Measurement, ...]:
        """The measurements used directly."""
        n = self._node
        if self._i in n.used_rows:
            return tuple(self._data.row(r) for r in n.used_rows[self._i])
        if n.rows is not None and n.rows[self._i] >= 0:
            return (self._data.row(int(n.rows[self._i])),)
        return ()

    @property
    def recognitions(self) -> tuple[Recognition, ...]:
        """The recognitions that decided a completion."""
        return self._node.recognitions.get(self._i, ())

    @property
    def catalogue(self) -> Catalogue:
        """The indicators of the data judged (their names in Vietnamese and English)."""
        return self._data.catalogue

    @property
    def children(self) -> tuple[SubVerdict, ...]:
        """The steps combined here: sub-rules, or one per unit of a rollup."""
        n = self._node
        if n.members is not None:
            return tuple(
                SubVerdict(n.children[0], int(j), self._data, self.as_of)
                for j in n.members[self._i]
            )
        return tuple(SubVerdict(c, self._i, self._data, self.as_of) for c in n.children)


@attrs.frozen
class SubVerdict(Trace):
    """A step inside a verdict's trace: one sub-rule for one unit."""

    _node: Node = attrs.field(alias="node", repr=False)
    _i: int = attrs.field(alias="i")
    _data: MeasurementSet = attrs.field(alias="data", repr=False)
    as_of: _dt.date

    @property
    def rule(self) -> Rule:
        """The sub-rule."""
        return self._node.rule

    @property
    def unit(self) -> str:
        """The unit code."""
        return self._node.codes[self._i]

    @property
    def status(self) -> Status:
        """The sub-rule's status for the unit."""
        return STATUSES[int(self._node.status[self._i])]

    @property
    def value(self) -> float | None:
        """The value compared, if any."""
        v = float(self._node.value[self._i])
        return None if np.isnan(v) else v

    def __repr__(self) -> str:
        return step_repr(self)
