"""The SQL backend's entry points: :func:`to_sql` and :func:`evaluate`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from thdx.engine._evaluate import default_units
from thdx.engine._unused import Unused
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.rules._rulebook import Rulebook
from thdx.sql._deps import need
from thdx.sql._facts import COLUMNS
from thdx.sql._files import gather_files
from thdx.sql._nodes import SqlRunner
from thdx.sql._plan import SqlPlan, sql_plan
from thdx.sql._query import OUTPUT, gathered
from thdx.sql._source import load, register_set
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._verdict import Report

__all__ = ["evaluate", "to_sql"]


def _empty(rulebook: Rulebook) -> MeasurementSet:
    return MeasurementSet([], catalogue=rulebook.catalogue)


def to_sql(
    rulebook: Rulebook,
    *,
    dialect: str = "duckdb",
    as_of: _dt.date | str,
    units: Hierarchy | None = None,
    breakdown: Level | str | Sequence[Level | str] = (),
    count_era: Literal["set", "current"] = "set",
    pretty: bool = False,
) -> str:
    """The SQL query that judges every target of ``rulebook`` on a day.

    The query reads two relations, ``thdx_measurements(row_id, unit, indicator,
    start_day, end_day, value)`` (days as :meth:`datetime.date.toordinal` numbers,
    values in each indicator's canonical unit) and ``thdx_recognitions(unit,
    on_day)``; the units, gathers and counts of the plan are written into it as
    ``VALUES``. It returns one row per step of the plan and unit judged: ``node, pos,
    status, value, final, row_id, route, passed, failed, unknown, total``, statuses as
    :attr:`thdx.Status.code` integers.

    Args:
        rulebook: the targets.
        dialect: any dialect sqlglot writes (``"duckdb"``, ``"spark"``, ``"trino"``,
            ``"databricks"``, ``"postgres"``, …).
        as_of: the evaluation date.
        units: the administrative units (for counts of units and breakdowns).
        breakdown: see :func:`thdx.evaluate`.
        count_era: see :func:`thdx.evaluate`.
        pretty: indent the SQL.

    Returns:
        The SQL text.

    Raises:
        NotCompiledError: a target's rule is of a kind not compiled to SQL yet.

    >>> import thdx
    >>> import attrs
    >>> rb = thdx.resolution_06()
    >>> rb = attrs.evolve(rb, targets=(rb.target("2025.gov.satisfaction"),))
    >>> sql = to_sql(rb, as_of="2025-12-31", dialect="spark")
    >>> "MAX_BY" in sql and "'satisfaction_share'" in sql
    True
    """
    plan = sql_plan(
        rulebook,
        _empty(rulebook),
        units=units,
        as_of=as_of,
        breakdown=breakdown,
        count_era=count_era,
    )
    expr = plan.query(inline=True)
    return str(expr.sql(dialect=dialect, pretty=pretty, copy=False))


def evaluate(
    rulebook: Rulebook,
    source: object,
    *,
    as_of: _dt.date | str,
    units: Hierarchy | None = None,
    breakdown: Level | str | Sequence[Level | str] = (),
    count_era: Literal["set", "current"] = "set",
    connection: Any = None,
) -> Report:
    """Judge every target of ``rulebook`` with DuckDB, where the data lives.

    Args:
        rulebook: the targets.
        source: a :class:`~thdx.MeasurementSet`; a path, folder or glob of Parquet or
            CSV files with the columns ``unit, indicator, period, value`` (and
            optionally ``unit_of_measure``); or a DuckDB relation with those columns.
            Files and relations are read by DuckDB: their rows never pass through
            Python.
        as_of: the evaluation date.
        units: the administrative units.
        breakdown: see :func:`thdx.evaluate`.
        count_era: see :func:`thdx.evaluate`.
        connection: the DuckDB connection to run on (default: a new in-memory one; a
            relation's own connection when ``source`` is one).

    Returns:
        The :class:`~thdx.Report` :func:`thdx.evaluate` returns for the same data.

    Raises:
        NotCompiledError: a target's rule is of a kind not compiled to SQL yet.
        DataFileError: bad rows in the files (unknown indicators, bad periods, bad
            units of measure, empty values), every one at once.
        UnknownUnitError: the data names units that ``units`` does not hold.
    """
    duckdb = need("duckdb")
    units = default_units(rulebook, units)  # the rulebook's default, as the engine takes
    con = connection if connection is not None else duckdb.connect()
    if connection is None and hasattr(source, "create_view") and hasattr(source, "columns"):
        con = _connection_of(source, duckdb) or con
    data = source if isinstance(source, MeasurementSet) else _empty(rulebook)
    plan = sql_plan(
        rulebook, data, units=units, as_of=as_of, breakdown=breakdown, count_era=count_era
    )
    if isinstance(source, MeasurementSet):
        register_set(con, source)
        _register_facts(con, plan)
        first = gathered(plan.facts).sql(dialect="duckdb", copy=False)
        con.execute(f"CREATE OR REPLACE TEMP TABLE thdx_gathered AS {first}")
    else:
        loaded = load(con, source, rulebook, data.catalogue)
        _register_facts(con, plan)
        gather_files(con, plan.facts, loaded, units)
    sql = plan.query(inline=False).sql(dialect="duckdb", copy=False)
    result = con.execute(sql).fetchnumpy()
    return _report(plan, data, result, rows=isinstance(source, MeasurementSet))


def evaluate_with(
    rulebook: Rulebook,
    data: MeasurementSet,
    execute: Callable[[str], dict[str, np.ndarray]],
    *,
    dialect: str,
    as_of: _dt.date | str,
    units: Hierarchy | None = None,
) -> Report:
    """The Report of the query :func:`to_sql` writes for ``dialect``, run by
    ``execute`` (which reads ``thdx_measurements`` and ``thdx_recognitions`` as the
    caller made them, and returns the result's columns): how the SQL backend is tested
    on engines other than DuckDB (Spark)."""
    plan = sql_plan(rulebook, data, units=units, as_of=as_of)
    result = execute(str(plan.query(inline=True).sql(dialect=dialect, copy=False)))
    return _report(plan, data, result, rows=True)


def _connection_of(rel: Any, duckdb: Any) -> Any:
    """DuckDB relations made by the default connection run on it."""
    del rel
    return duckdb.default_connection() if hasattr(duckdb, "default_connection") else None


def _register_facts(con: Any, plan: SqlPlan) -> None:
    types = {"INT": np.int32, "BIGINT": np.float64, "VARCHAR": object}
    for name, cols in COLUMNS.items():
        rows = plan.facts.rows[name]
        data: dict[str, np.ndarray] = {}
        for j, (c, t) in enumerate(cols):
            got = [r[j] for r in rows]
            if t == "BIGINT":
                # Days may be NULL (none): kept as NaN here and cast back in SQL.
                data[c] = np.asarray([np.nan if v is None else v for v in got], dtype=np.float64)
            else:
                data[c] = np.asarray(got, dtype=types[t])
        con.register(name + "_np", data)
        casts = ", ".join(
            (
                f"CAST(CASE WHEN isnan({c}) THEN NULL ELSE {c} END AS BIGINT) AS {c}"
                if t == "BIGINT"
                else c
            )
            for c, t in cols
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {casts} FROM {name}_np")  # noqa: S608 - our names


def _report(plan: SqlPlan, data: MeasurementSet, result: dict[str, Any], *, rows: bool) -> Report:
    node_ids = np.asarray(result["node"])
    per: dict[int, dict[str, np.ndarray]] = {}
    if len(node_ids):
        cuts = np.flatnonzero(np.diff(node_ids)) + 1
        starts = np.concatenate([[0], cuts])
        ends = np.concatenate([cuts, [len(node_ids)]])
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            per[int(node_ids[a])] = {c: result[c][a:b] for c, _ in OUTPUT}
    runner = SqlRunner(
        data, plan.hierarchy, plan.facts.steps, per, rows=rows, gathers=plan.facts.gathers
    )
    nodes: dict[str, Node] = {}
    breakdowns: dict[tuple[str, Level], Node] = {}
    unused = Unused(data, plan.hierarchy, plan.rulebook.jurisdiction, plan.as_of) if rows else None
    for tp in plan.targets:
        node = runner.run(tp.root)
        for lv in tp.absent:
            node.common_notes.append(Note(NC.BREAKDOWN_ABSENT, (lv, tp.scope.day)))
        broken = []
        for lv, step in tp.breakdowns:
            broken.append(runner.run(step))
            breakdowns[(tp.target.id, lv)] = broken[-1]
        if unused is not None:  # notes on rows held and not used (a set's rows only)
            unused.note(tp, node, broken)
        nodes[tp.target.id] = node
    return Report(plan.rulebook, data, plan.as_of, nodes, breakdowns, units=plan.hierarchy)
