"""The gathers over files, worked by hand on a plan the compiler would not make
today: a preferred period that ends before a unit began (``variant`` 1 of
:mod:`thdx.sql._files`), so the exactness the module claims is tested, not assumed."""

from __future__ import annotations

import datetime as _dt
import types

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

import duckdb

from thdx.model._errors import DataFileError
from thdx.model._problems import Problems
from thdx.sql._evaluate import _register_facts
from thdx.sql._facts import Facts
from thdx.sql._files import gather_files
from thdx.sql._source import Loaded


def _day(text: str) -> int:
    return _dt.date.fromisoformat(text).toordinal()


def test_a_preferred_period_before_a_unit_began_gives_way_to_the_latest_row() -> None:
    # Gather of "x" up to 2025-12-31, preferring 2024 (ends 2024-12-31). Unit "101"
    # has existed all along: its 2024 row is preferred over the later 2025-H2 row.
    # Unit "102" began on 2025-07-01: rows that end before that day are its
    # predecessor's, so 2024 is out of its window, and the latest row in the window,
    # 2025-H2 (ends 2025-12-31 >= 2025-07-01), is its answer. Unit "103" began on
    # 2025-07-01 too but has only the 2024 row: nothing.
    periods = (
        ("2024", _day("2024-01-01"), _day("2024-12-31")),
        ("2025-H2", _day("2025-07-01"), _day("2025-12-31")),
    )
    facts = Facts()
    began = _day("2025-07-01")
    facts.rows["thdx_units"] = [(0, 0, "101", 0, 0), (0, 1, "102", began, began)]
    facts.rows["thdx_units"].append((0, 2, "103", began, began))
    p2024 = periods[0]
    facts.rows["thdx_gathers"] = [(0, 0, "x", _day("2025-12-31"), p2024[1], p2024[2], 0)]
    con = duckdb.connect()
    con.execute("CREATE TABLE raw (unit VARCHAR, indicator VARCHAR, period VARCHAR, value DOUBLE)")
    rows = [
        ("101", "x", "2024", 10.0),
        ("101", "x", "2025-H2", 20.0),
        ("102", "x", "2024", 30.0),
        ("102", "x", "2025-H2", 40.0),
        ("103", "x", "2024", 50.0),
    ]
    con.executemany("INSERT INTO raw VALUES (?, ?, ?, ?)", rows)
    con.execute("CREATE VIEW thdx_raw AS SELECT * FROM raw")
    _register_facts(con, types.SimpleNamespace(facts=facts))  # type: ignore[arg-type]
    loaded = Loaded(
        name="raw",
        uom=False,
        periods=periods,
        factors=(("x", None, 1.0),),
        where=lambda column, value: "raw",
        problems=Problems("raw", DataFileError),
        combos=frozenset(("x", None, p[0]) for p in periods),
    )
    gather_files(con, facts, loaded, None)
    got = con.execute(
        "SELECT pos, value, start_day, end_day FROM thdx_gathered ORDER BY pos"
    ).fetchall()
    h2 = (periods[1][1], periods[1][2])
    assert got == [(0, 10.0, p2024[1], p2024[2]), (1, 40.0, *h2)]
