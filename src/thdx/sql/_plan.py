"""A rulebook compiled for SQL: the engine's steps, their facts, and the query.

The steps are the engine's own (:class:`thdx.engine._compile.Compiler`), compiled over
the data's catalogue but not gathered in process: the SQL engine gathers.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from thdx.engine._evaluate import compile_targets
from thdx.engine._steps import GrowthOver, Regroup, Step, TargetPlan
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.rules._rulebook import Rulebook
from thdx.sql._facts import Facts, facts
from thdx.sql._query import query
from thdx.store._measurement_set import MeasurementSet

__all__ = ["SqlPlan", "sql_plan"]


@attrs.frozen(eq=False)
class SqlPlan:
    """The steps of every target, their facts and the query that runs them."""

    rulebook: Rulebook
    hierarchy: Hierarchy | None
    as_of: _dt.date
    targets: tuple[TargetPlan, ...]
    facts: Facts

    def nodes(self) -> list[Step]:
        """Every step whose result the query returns (every step but a regroup)."""
        return [s for s in self.facts.order if not isinstance(s, Regroup | GrowthOver)]

    def query(self, *, inline: bool, measurements: str = "thdx_measurements") -> Any:
        """The query (a sqlglot expression)."""
        return query(self.facts, self.nodes(), inline=inline, measurements=measurements)


def sql_plan(
    rulebook: Rulebook,
    data: MeasurementSet,
    *,
    units: Hierarchy | None,
    as_of: _dt.date | str | None,
    breakdown: Level | str | Sequence[Level | str] = (),
    count_era: Literal["set", "current"] = "set",
) -> SqlPlan:
    """Compile ``rulebook`` (checked as :func:`thdx.engine.compile` checks it) into the
    steps and facts the query reads; ``data`` gives the catalogue and, for a set held
    in memory, the units it names. ``units`` None: the rulebook's default units
    (``Rulebook.units``), as :func:`thdx.evaluate` takes them."""
    _, units, day, targets = compile_targets(rulebook, data, units, as_of, breakdown, count_era)
    return SqlPlan(rulebook, units, day, targets, facts(targets, units))
