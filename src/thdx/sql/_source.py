"""Where the measurements come from: a MeasurementSet, files, or a DuckDB relation.

A set held in memory is registered as ``thdx_measurements(row_id, unit, indicator,
start_day, end_day, value)``, values in the indicator's canonical unit, which the
query's gathers read (:func:`register_set`). Files and a relation are a view,
``thdx_raw``, checked here (:func:`load`) and gathered straight from their own columns
by :mod:`thdx.sql._files`. Both give ``thdx_recognitions(unit, on_day)``.

Files and relations hold the columns ``unit, indicator, period, value`` and optionally
``unit_of_measure`` (a value's unit, such as ``"%"`` or ``"billion VND"``; none: the
indicator's own). Each *distinct* indicator, period and unit of measure is checked in
Python with thdx's own parsers (a few hundred values for millions of rows), so bad
input gets the errors it gets in process, every problem at once, each with the file
and, for Parquet, the row where DuckDB found it first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from thdx.model._errors import (
    DataFileError,
    EvaluationTypeError,
    Problem,
    ThdxError,
)
from thdx.model._indicators import Catalogue
from thdx.model._periods import Period
from thdx.model._problems import Problems
from thdx.model._quantities import to_magnitude
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import rule_indicators
from thdx.sql._deps import need
from thdx.sql._errors import NotCompiledError
from thdx.store._measurement_set import MeasurementSet

__all__ = ["Loaded", "load", "register_set"]

Con = Any  # a duckdb connection

#: How many bad values are located by file and row (each one more pass over the rows).
LOCATED = 20

#: A row whose value no verdict can use.
_BAD = "r.value IS NULL OR NOT isfinite(CAST(r.value AS DOUBLE))"

#: The columns of files read as text whatever they look like.
_TEXT = ("unit", "indicator", "period", "unit_of_measure")


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
            # Codes, ids and periods are read as text: a sniffed number would lose a
            # code's leading zeros ("00001" read as 1).
            names = con.read_csv(paths, header=True).columns
            as_text = {c: "VARCHAR" for c in names if c.lower() in _TEXT}
            rel = con.read_csv(paths, filename=True, header=True, dtype=as_text)
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


@attrs.frozen
class Loaded:
    """What the check of files or a relation found: every distinct period and every
    (indicator, unit of measure) with its factor to the indicator's own unit."""

    #: The source's name in messages.
    name: str
    #: Whether the rows have a ``unit_of_measure`` column.
    uom: bool
    #: (period text, first day, last day), days as ordinals.
    periods: tuple[tuple[str, int, int], ...]
    #: (indicator, unit of measure or None, factor).
    factors: tuple[tuple[str, str | None, float], ...]
    #: The first place (file and row) a value of a column occurs.
    where: Callable[[str, object], str]
    #: The problems found so far, raised once the unit codes are checked too.
    problems: Problems
    #: Every distinct (indicator, unit of measure, period) of the rows, as text.
    combos: frozenset[tuple[Any, Any, Any]]


def _refuse_derived(catalogue: Catalogue, read: set[str], present: set[str]) -> None:
    """Refuse a derived indicator the rulebook reads when the rows hold both of the
    measures it is derived from: in process the ratio is derived from them, which this
    backend does not do over files yet (its verdict would be "unknown"). Rows of the
    ratio itself, measured, are read as in process."""
    for ind_id in sorted(read):
        ind = catalogue.get(ind_id)
        if ind is None or not ind.derived:
            continue
        if {ind.numerator, ind.denominator} <= present:
            msg = (
                f"indicator {ind.id!r} is derived ({ind.numerator} / {ind.denominator}) "
                "and the rows hold both of its measures: the SQL backend does not derive "
                "ratios from files yet; pass a thdx.MeasurementSet, evaluate in process, "
                "or give the ratio measured"
            )
            raise NotCompiledError(msg)


def load(
    con: Con,
    source: object,
    rulebook: Rulebook,
    catalogue: Catalogue,
) -> Loaded:
    """The view ``thdx_raw`` over files or a relation (and an empty
    ``thdx_recognitions``), every distinct indicator, period and unit of measure checked
    first. The problems found are left in :attr:`Loaded.problems`, for the gathers'
    pass (:func:`thdx.sql._files.gather_files`) to add those of the unit codes and raise
    them all at once."""
    rel, name, numbered = _scan(con, source)
    have = [c.lower() for c in rel.columns]
    missing = [c for c in ("unit", "indicator", "period", "value") if c not in have]
    problems = Problems(name, DataFileError)
    if missing:
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

    def locate(test: str, args: list[str]) -> str:
        """The first place (file and row) a row meets ``test`` (SQL of ours, values
        bound as parameters), or the source's name."""
        found = con.execute(
            f"SELECT {place} FROM thdx_raw AS r WHERE {test} LIMIT 1",  # noqa: S608 - ours
            args,
        ).fetchall()  # not fetchone: it would leave the result open on the connection
        got = found[0] if found else None
        if got is None or got[0] is None:
            return name
        return f"{got[0]}:row {got[1]}" if numbered else str(got[0])

    located = [0]

    def where(column: str, value: object) -> str:
        """The first place the value occurs: a pass over the rows each, so only for the
        first :data:`LOCATED` bad values (a file of a million bad periods is not read a
        million times); the others are named with the source."""
        located[0] += 1
        if located[0] > LOCATED:
            return name
        if value is None:
            return locate(f"{column} IS NULL", [])
        return locate(f"CAST({column} AS VARCHAR) = ?", [str(value)])

    problems = Problems(name, DataFileError)
    types = {c.lower(): str(t).upper() for c, t in zip(rel.columns, rel.types, strict=True)}
    if not types["unit"].startswith("VARCHAR"):
        problems.add(
            name,
            f"column unit holds {types['unit']}, not text: unit codes are text with their "
            "leading zeros ('00001', not 1); write the column as strings",
        )
    read = {i for t in rulebook.targets for i in rule_indicators(t.rule)}
    # One pass over the rows: each distinct indicator, unit of measure and period
    # (values and unit codes are checked in the gathers' pass).
    uom_column = "unit_of_measure" if uom else "CAST(NULL AS VARCHAR)"
    combos = con.execute(
        f"SELECT DISTINCT indicator, {uom_column}, CAST(period AS VARCHAR) FROM thdx_raw"  # noqa: S608
    ).fetchall()
    kinds = sorted({(c[0], c[1]) for c in combos}, key=str)
    texts = sorted({c[2] for c in combos}, key=str)
    _refuse_derived(catalogue, read, {str(c[0]) for c in combos})
    factors: list[tuple[str, str | None, float]] = []
    for ind_id, unit_text in kinds:
        if ind_id is None:
            problems.add(where("indicator", None), "indicator is empty")
            continue
        ind = catalogue.get(str(ind_id))
        if ind is None:
            problems.add(where("indicator", ind_id), f"unknown indicator {ind_id!r}")
            continue
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
    con.register(
        "thdx_recognitions",
        {"unit": np.empty(0, dtype=object), "on_day": np.empty(0, dtype=np.int64)},
    )
    (bad_values,) = con.execute(f"SELECT count(*) FROM thdx_raw AS r WHERE {_BAD}").fetchall()[0]  # noqa: S608
    if bad_values:
        problems.add(locate(_BAD, []), f"value is empty, NaN or infinite ({bad_values} rows)")
    return Loaded(
        name,
        uom,
        tuple(periods),
        tuple(factors),
        where,
        problems,
        frozenset((c[0], c[1], c[2]) for c in combos),
    )
