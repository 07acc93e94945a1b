"""The numpy runner of a plan: each step's kernel over dense arrays, in process.

The one dispatch over step types is :data:`_KERNELS`; a kernel gets its step and the
runner (to run the steps it combines and to read the rows its gathers resolved to).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from thdx.engine import _steps as st
from thdx.engine._compare import run_threshold
from thdx.engine._completion import run_completion, run_criteria
from thdx.engine._data import Columns, columns
from thdx.engine._growth import run_growth
from thdx.engine._kleene import run_kleene
from thdx.engine._regroup import run_regroup
from thdx.engine._rollup import run_count
from thdx.model._hierarchy import Hierarchy
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, F8, I8, I64, Node

__all__ = ["NumpyRunner"]

_KERNELS: dict[type, Callable[[Any, Any], Node]] = {
    st.Threshold: run_threshold,
    st.Kleene: run_kleene,
    st.GrowthOver: run_growth,
    st.Completion: run_completion,
    st.Criteria: run_criteria,
    st.CountOver: run_count,
    st.Regroup: run_regroup,
}


class NumpyRunner:
    """Runs steps over the rows their gathers resolved to (a
    :class:`~thdx.engine._steps.Runner`)."""

    def __init__(
        self,
        data: MeasurementSet,
        hierarchy: Hierarchy | None,
        rows: Mapping[st.Gather | st.Exact, I64],
        values: Mapping[st.Gather, tuple[F8, B1, I8]],
    ) -> None:
        self.data = data
        self.cols: Columns = columns(data)
        self.hierarchy = hierarchy
        self._rows = rows
        self._values = values

    def run(self, step: st.Step) -> Node:
        """The result of ``step``, its parts run first."""
        return _KERNELS[type(step)](step, self)

    def rows(self, gather: st.Gather | st.Exact) -> I64:
        """The rows ``gather`` resolved to."""
        return self._rows[gather]

    def values(self, gather: st.Gather) -> tuple[F8, B1, I8]:
        """The values of the rows ``gather`` resolved to (NaN for none), where there
        is one, and 1 where not (the status UNKNOWN)."""
        return self._values[gather]
