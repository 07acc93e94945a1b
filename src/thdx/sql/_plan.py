"""A rulebook compiled for SQL: the engine's steps, their facts, and the query.

The steps are the engine's own (:class:`thdx.engine._compile.Compiler`), compiled over
the data's catalogue but not gathered in process: the SQL engine gathers.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from thdx.engine._compile import Compiler
from thdx.engine._evaluate import _breakdown_level, _check_units, _day, default_units
from thdx.engine._steps import GrowthOver, Regroup, Step, TargetPlan
from thdx.model._errors import EvaluationError, EvaluationTypeError
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
    book: object = rulebook
    if not all(hasattr(book, a) for a in ("targets", "jurisdiction", "catalogue")):
        msg = (
            "rulebook must be a thdx.Rulebook (thdx.resolution_06(), thdx.load_rulebook(...)), "
            f"got {type(book).__name__}"
        )
        raise EvaluationTypeError(msg)
    given: object = units
    if given is not None and not isinstance(given, Hierarchy):
        msg = f"units must be a thdx.Hierarchy, got {type(given).__name__}"
        raise EvaluationTypeError(msg)
    if count_era not in ("set", "current"):
        msg = f"count_era must be 'set' or 'current', got {count_era!r}"
        raise EvaluationError(msg)
    units = default_units(rulebook, units)  # the rulebook's default, as the engine
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
    bd = [_breakdown_level(lv) for lv in levels]
    cx = Compiler(data, units)
    targets = tuple(
        cx.target(
            t,
            rulebook.jurisdiction,
            day,
            issued=rulebook.issued,
            count_era=count_era,
            breakdown=bd,
        )
        for t in rulebook.targets
    )
    return SqlPlan(rulebook, units, day, targets, facts(targets, units))
