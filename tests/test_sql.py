"""The SQL backend (thdx.sql) against the in-process engine: identical verdicts."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

import attrs
import duckdb
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sql.agree import assert_agree, has_growth

import thdx
import thdx.sql
from thdx import strategies as ts
from thdx.rules._vocabulary import AllOf


@given(ts.scenarios(), st.data())
@settings(max_examples=60, deadline=None)
def test_duckdb_agrees_with_the_engine(s: ts.Scenario, data: st.DataObject) -> None:
    got = thdx.sql.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)
    want = thdx.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)
    assert_agree(got, want)
    again = thdx.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of, backend="duckdb")
    assert_agree(again, want)


def test_a_growth_inside_another_rule_is_refused_by_name() -> None:
    """A growth is gathered in SQL and judged by the engine's kernel: only as a
    target's own rule. Inside another rule it is refused, naming the target."""
    rb = thdx.resolution_06()
    growth = next(t for t in rb.targets if has_growth(t.rule))
    other = next(t for t in rb.targets if not has_growth(t.rule))
    mixed = attrs.evolve(growth, id="mixed", rule=AllOf((growth.rule, other.rule)))
    book = attrs.evolve(rb, targets=(mixed,))
    with pytest.raises(thdx.sql.NotCompiledError, match="growth") as err:
        thdx.sql.to_sql(book, as_of="2025-12-31")
    assert "'mixed'" in str(err.value)


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "trino", "databricks", "postgres"])
def test_a_hostile_code_is_a_quoted_literal_in_every_dialect(dialect: str) -> None:
    """Codes and ids are literals the dialect's generator quotes, never SQL text."""
    rb = thdx.resolution_06()
    t = rb.target("2025.gov.satisfaction")
    code = "38'; DROP TABLE thdx_measurements; --"
    # No default units (Thanh Hóa's would refuse the code as not theirs, before any SQL).
    book = attrs.evolve(rb, units=None, targets=(attrs.evolve(t, units=(code,)),))
    sql = thdx.sql.to_sql(book, as_of="2025-12-31", dialect=dialect)
    parsed = sqlglot.parse(sql, read=dialect)
    assert len(parsed) == 1  # one statement: nothing was injected
    tree = parsed[0]
    assert tree is not None
    codes = [lit.this for lit in tree.find_all(sqlglot.exp.Literal) if lit.is_string]
    assert code in codes


def test_the_query_text_runs_as_it_is_on_duckdb() -> None:
    """to_sql's text, run by DuckDB over the two relations it reads, gives the
    statuses of the engine (92.5 % ≥ 90: MET; final, the deadline period's own)."""
    rb = thdx.resolution_06()
    t = rb.target("2025.gov.satisfaction")
    book = attrs.evolve(rb, targets=(t,))
    m = thdx.Measurement(
        unit="38", indicator="satisfaction_share", value="92.5 %", period="2025", source=""
    )
    data = thdx.MeasurementSet([m])
    con = duckdb.connect()
    from thdx.sql._source import register_set

    register_set(con, data)
    rows = con.execute(thdx.sql.to_sql(book, as_of="2025-12-31")).fetchall()
    assert [(r[2], r[3], r[4]) for r in rows] == [(thdx.Status.MET.code, 92.5, 1)]
