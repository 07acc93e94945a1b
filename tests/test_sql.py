"""The SQL backend (thdx.sql) against the in-process engine: identical verdicts."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

import attrs
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
