"""The SQL backend over files against the engine over the same rows: identical
verdicts, drawn by Hypothesis (the files' own gathering path, :mod:`thdx.sql._files`)."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

import duckdb
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from sql.agree import assert_agree

import thdx
import thdx.sql
from thdx import strategies as ts
from thdx.sql import NotCompiledError

Row = tuple[str, str, str, float, float | None]


def _rows(data: thdx.MeasurementSet, shuffle: list[int]) -> list[Row]:
    """The measured rows of ``data`` (values in each indicator's own unit), in the
    order ``shuffle`` draws: files are not sorted."""
    cols = data.columns()
    rows: list[Row] = []
    for ind in cols.indicators:
        indicator = data.catalogue.get(ind)
        if indicator is None or indicator.derived:
            continue
        for r in range(cols.rows_of(ind).start, cols.rows_of(ind).stop):
            period = cols.periods[int(cols.period[r])]
            cohort = float(cols.cohort[r])  # a rank's ("11/63"); a file holds the rank
            rows.append(
                (
                    cols.unit_codes[int(cols.unit[r])],
                    ind,
                    str(period),
                    float(cols.value[r]),
                    None if math.isnan(cohort) else cohort,
                )
            )
    order = sorted(range(len(rows)), key=lambda i: shuffle[i % len(shuffle)] if shuffle else 0)
    return [rows[i] for i in order]


def _parquet(tmp: Path, rows: list[Row], parts: int) -> Path:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (unit VARCHAR, indicator VARCHAR, period VARCHAR, value DOUBLE)")
    if rows:
        con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [r[:4] for r in rows])
    folder = tmp / "m"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    n = max(1, parts)
    for i in range(n):
        con.execute(
            f"COPY (SELECT * FROM t WHERE rowid % {n} = {i}) TO '{folder}/p{i}.parquet' "
            "(FORMAT parquet)"
        )
    return folder


@given(ts.scenarios(), st.lists(st.integers(0, 1000), max_size=50), st.integers(1, 3))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
def test_files_give_the_engines_verdicts_on_the_same_rows(
    tmp_path: Path, s: ts.Scenario, shuffle: list[int], parts: int
) -> None:
    rows = _rows(s.data, shuffle)
    try:
        with warnings.catch_warnings(action="ignore", category=thdx.ThdxWarning):
            same = thdx.MeasurementSet.from_columns(
                unit=[r[0] for r in rows],
                indicator=[r[1] for r in rows],
                period=[r[2] for r in rows],
                value=[r[3] for r in rows],
                cohort=[r[4] for r in rows],
                catalogue=s.rulebook.catalogue,
            )
        want = thdx.evaluate(s.rulebook, same, units=s.hierarchy, as_of=s.as_of)
    except thdx.ThdxError:
        reject()  # rows the engine refuses
    folder = _parquet(tmp_path, rows, parts)
    try:
        got = thdx.sql.evaluate(s.rulebook, folder, units=s.hierarchy, as_of=s.as_of)
    except NotCompiledError:
        reject()  # a derived ratio read from files, a growth inside another rule
    assert_agree(got, want, notes=False)
