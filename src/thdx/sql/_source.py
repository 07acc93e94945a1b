"""Where the measurements come from: a MeasurementSet, files, or a DuckDB relation.

Whatever the source, the query reads one relation, ``thdx_measurements(row_id, unit,
indicator, start_day, end_day, value)``, values in the indicator's canonical unit, and
``thdx_recognitions(unit, on_day)``.

Files and relations hold the columns ``unit, indicator, period, value`` and optionally
``unit_of_measure`` (a value's unit, such as ``"%"`` or ``"billion VND"``; none: the
indicator's own). Each *distinct* indicator, period and unit of measure is checked in
Python with thdx's own parsers (a few hundred values for millions of rows), so bad
input gets the errors it gets in process, every problem at once, each with the file
and, for Parquet, the row where DuckDB found it first.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from thdx.model._errors import (
    DataFileError,
    DuplicateMeasurementError,
    EvaluationTypeError,
    Problem,
    ThdxError,
    UnknownUnitError,
)
from thdx.model._hierarchy import Hierarchy
from thdx.model._indicators import Catalogue
from thdx.model._periods import Period
from thdx.model._problems import Problems
from thdx.model._quantities import to_magnitude
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import rule_indicators
from thdx.sql._deps import need
from thdx.sql._errors import NotCompiledError
from thdx.store._measurement_set import MeasurementSet

__all__ = ["load", "register_set"]

Con = Any  # a duckdb connection


def register_set(con: Con, data: MeasurementSet) -> None:
    """``thdx_measurements`` and ``thdx_recognitions`` from a set held in memory."""
    cols = data.columns()
    n = len(cols.value)
    indicator = np.empty(n, dtype=object)
    for ind in cols.indicators:
        rows = cols.rows_of(ind)
        indicator[rows.start : rows.stop] = ind
    codes = np.asarray(cols.unit_codes, dtype=object)
    con.register(
        "thdx_measurements",
        {
            "row_id": np.arange(n, dtype=np.int64),
            "unit": codes[cols.unit] if n else np.empty(0, dtype=object),
            "indicator": indicator,
            "start_day": np.asarray(cols.start, dtype=np.int64),
            "end_day": np.asarray(cols.end, dtype=np.int64),
            "value": np.asarray(cols.value, dtype=np.float64),
        },
    )
    recs = data.recognitions
    con.register(
        "thdx_recognitions",
        {
            "unit": np.asarray([r.unit for r in recs], dtype=object),
            "on_day": np.asarray([r.on.toordinal() for r in recs], dtype=np.int64),
        },
    )


def _scan(con: Con, source: object) -> tuple[Any, str, bool]:
    """A relation over ``source``, its name for messages, and whether it has row
    numbers (Parquet)."""
    if isinstance(source, str | os.PathLike):
        text = os.fspath(source)
        paths = [text]
        if Path(text).is_dir():
            paths = [
                str(p) for p in sorted(Path(text).iterdir()) if p.suffix in (".parquet", ".csv")
            ]
        if not paths:
            raise DataFileError(text, [Problem(text, "no .parquet or .csv file in this folder")])
        if all(p.endswith(".csv") for p in paths):
            rel = con.read_csv(paths, filename=True, header=True, all_varchar=False)
            return rel, text, False
        rel = con.read_parquet(paths, filename=True, file_row_number=True)
        return rel, text, True
    if hasattr(source, "columns") and hasattr(source, "create_view"):
        return source, "the relation", False
    msg = (
        "source must be a MeasurementSet, a path or glob of Parquet or CSV files, or a "
        f"DuckDB relation, got {type(source).__name__}"
    )
    raise EvaluationTypeError(msg)


def load(
    con: Con,
    source: object,
    rulebook: Rulebook,
    catalogue: Catalogue,
    units: Hierarchy | None,
) -> None:
    """``thdx_measurements`` (and an empty ``thdx_recognitions``) over files or a
    relation, every distinct indicator, period and unit of measure checked first."""
    rel, name, numbered = _scan(con, source)
    have = [c.lower() for c in rel.columns]
    missing = [c for c in ("unit", "indicator", "period", "value") if c not in have]
    if missing:
        problems = Problems(name, DataFileError)
        problems.add(name, f"missing column(s) {', '.join(missing)} (has {', '.join(have)})")
        problems.finalize()
    con.execute("DROP VIEW IF EXISTS thdx_raw")  # never a view left by an earlier call
    rel.create_view("thdx_raw")
    try:
        con.execute("SELECT * FROM thdx_raw LIMIT 0")
    except need("duckdb").Error:
        msg = (
            "the DuckDB relation was made on another connection than the one evaluating: "
            "pass connection= the connection it came from"
        )
        raise EvaluationTypeError(msg) from None
    uom = "unit_of_measure" in have
    place = (
        "filename, file_row_number" if numbered else ("filename" if "filename" in have else "NULL")
    )

    def where(column: str, value: object) -> str:
        """The first place the value occurs (the value a bound parameter)."""
        got = con.execute(
            f"SELECT {place} FROM thdx_raw WHERE CAST({column} AS VARCHAR) = ? LIMIT 1",  # noqa: S608 - names are ours
            [str(value)],
        ).fetchone()
        if got is None or got[0] is None:
            return name
        return f"{got[0]}:row {got[1]}" if numbered else str(got[0])

    problems = Problems(name, DataFileError)
    read = {i for t in rulebook.targets for i in rule_indicators(t.rule)}
    # One pass over the rows: each distinct indicator, unit of measure and period,
    # and whether a value is missing or not finite.
    combos = con.execute(
        "SELECT indicator, "
        + ("unit_of_measure" if uom else "CAST(NULL AS VARCHAR)")
        + ", CAST(period AS VARCHAR), "
        "sum(CASE WHEN value IS NULL OR NOT isfinite(CAST(value AS DOUBLE)) THEN 1 ELSE 0 END) "
        "FROM thdx_raw GROUP BY 1, 2, 3"
    ).fetchall()
    kinds = sorted({(c[0], c[1]) for c in combos}, key=str)
    texts = sorted({c[2] for c in combos}, key=str)
    empty_values = sum(int(c[3] or 0) for c in combos)
    factors: list[tuple[str, str | None, float]] = []
    for ind_id, unit_text in kinds:
        if ind_id is None:
            problems.add(where("indicator", ""), "indicator is empty")
            continue
        ind = catalogue.get(str(ind_id))
        if ind is None:
            problems.add(where("indicator", ind_id), f"unknown indicator {ind_id!r}")
            continue
        if ind.derived and ind.id in read:
            msg = (
                f"indicator {ind.id!r} is derived ({ind.numerator} / {ind.denominator}): "
                "the SQL backend does not derive ratios from files yet; give it measured, "
                "or pass a thdx.MeasurementSet"
            )
            raise NotCompiledError(msg)
        factor = 1.0
        if unit_text is not None and str(unit_text).strip():
            try:
                factor = to_magnitude(f"1 {unit_text}", ind.unit, where=None)
            except ThdxError as exc:
                problems.add(where("unit_of_measure", unit_text), str(exc))
                continue
        factors.append((str(ind_id), None if unit_text is None else str(unit_text), factor))
    periods: list[tuple[str, int, int]] = []
    for text in texts:
        try:
            p = Period.parse(str(text))
        except ThdxError as exc:
            problems.add(where("period", text), str(exc))
            continue
        periods.append((str(text), p.start_ordinal, p.end_ordinal))
    bad = None
    if empty_values:
        bad = con.execute(
            f"SELECT {place} FROM thdx_raw "  # noqa: S608
            "WHERE value IS NULL OR NOT isfinite(CAST(value AS DOUBLE)) LIMIT 1"
        ).fetchone()
    if bad is not None:
        at = f"{bad[0]}:row {bad[1]}" if numbered else (str(bad[0]) if bad[0] else name)
        problems.add(at, "value is empty, NaN or infinite")
    if units is not None:
        strange = con.execute("SELECT DISTINCT CAST(unit AS VARCHAR) FROM thdx_raw").fetchall()
        unknown = sorted(str(u) for (u,) in strange if str(u) not in units)
        if unknown:
            shown = ", ".join(repr(u) for u in unknown[:10])
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            msg = f"the data names units that units= does not hold: {shown}{more}"
            raise UnknownUnitError(unknown[0], message=msg)
    problems.finalize()
    _table(
        con,
        "thdx_periods",
        ["period", "start_day", "end_day"],
        periods,
        [object, np.int64, np.int64],
    )
    _table(
        con, "thdx_factors", ["indicator", "uom", "factor"], factors, [object, object, np.float64]
    )
    uom_col = "r.unit_of_measure" if uom else "CAST(NULL AS VARCHAR)"
    con.execute(
        "CREATE OR REPLACE TEMP VIEW thdx_measurements AS "  # noqa: S608
        "SELECT CAST(NULL AS BIGINT) AS row_id, CAST(r.unit AS VARCHAR) AS unit, "
        "CAST(r.indicator AS VARCHAR) AS indicator, p.start_day, p.end_day, "
        "CAST(r.value AS DOUBLE) * f.factor AS value FROM thdx_raw AS r "
        "JOIN thdx_periods AS p ON p.period = CAST(r.period AS VARCHAR) "
        "JOIN thdx_factors AS f ON f.indicator = r.indicator "
        f"AND f.uom IS NOT DISTINCT FROM {uom_col}"
    )
    con.register(
        "thdx_recognitions",
        {"unit": np.empty(0, dtype=object), "on_day": np.empty(0, dtype=np.int64)},
    )


def _table(
    con: Con,
    name: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    types: Sequence[Any],
) -> None:
    data = {
        c: np.asarray([r[j] for r in rows], dtype=t)
        for j, (c, t) in enumerate(zip(columns, types, strict=True))
    }
    con.register(name + "_np", data)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_np")  # noqa: S608


def check_used(con: Con, name: str) -> None:
    """Refuse two different values for a key that a verdict used (two rows for one
    key are one measurement when their values agree, as in process). Run after the
    gathers, it reads the measurements once against the rows they chose; a conflict
    in rows no verdict reads is not looked for (a GROUP BY over every key of a
    country's data would cost many scans)."""
    dup = con.execute(
        "SELECT u.code, gs.indicator, m.start_day, m.end_day, g.value, m.value "
        "FROM thdx_gathered AS g JOIN thdx_gathers AS gs ON gs.gid = g.gid "
        "JOIN thdx_units AS u ON u.bid = gs.bid AND u.pos = g.pos "
        "JOIN thdx_measurements AS m ON m.unit = u.code AND m.indicator = gs.indicator "
        "AND m.start_day = g.start_day AND m.end_day = g.end_day "
        "WHERE m.value <> g.value LIMIT 1"
    ).fetchone()
    if dup is not None:
        unit, ind_id, start, end, a, b = dup
        days = _dt.date.fromordinal(int(start)), _dt.date.fromordinal(int(end))
        shown = f"{days[0]}/{days[1]}"
        msg = (
            f"{name}: two different values for unit {unit!r}, indicator {ind_id!r}, "
            f"period {shown!r}: {a} and {b}"
        )
        raise DuplicateMeasurementError(msg)
