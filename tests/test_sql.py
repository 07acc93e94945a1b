"""The SQL backend (thdx.sql) against the in-process engine: identical verdicts."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

from hypothesis import given, settings
from hypothesis import strategies as st
from sql.agree import assert_agree, has_growth, without_growth

import thdx
import thdx.sql
from thdx import strategies as ts


@given(ts.scenarios(), st.data())
@settings(max_examples=60, deadline=None)
def test_duckdb_agrees_with_the_engine(s: ts.Scenario, data: st.DataObject) -> None:
    rb = without_growth(s.rulebook)
    got = thdx.sql.evaluate(rb, s.data, units=s.hierarchy, as_of=s.as_of)
    want = thdx.evaluate(rb, s.data, units=s.hierarchy, as_of=s.as_of)
    assert_agree(got, want)


@given(ts.scenarios())
@settings(max_examples=20, deadline=None)
def test_a_growth_target_is_refused_by_name(s: ts.Scenario) -> None:
    growth = [t for t in s.rulebook.targets if has_growth(t.rule)]
    if not growth:
        return
    with pytest.raises(thdx.sql.NotCompiledError, match="growth") as err:
        thdx.sql.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)
    assert repr(growth[0].id) in str(err.value)
