"""Tests of thdx.strategies: what each strategy generates, and its arguments."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx import strategies as ts
from thdx.model import (
    AdministrativeUnit,
    Hierarchy,
    Indicator,
    IndicatorKind,
    Level,
    Period,
    default_catalogue,
)
from thdx.rules import Rulebook
from thdx.store import Measurement, Recognition

CATALOGUE = default_catalogue()
UNIT_OF = {
    "share": "percent",
    "count": "enterprise",
    "level": "VND",
    "growth_rate": "percent",
    "rank": "rank",
}
KINDS = {
    kind: Indicator(f"x_{kind.value}", "X", "X", "economy", UNIT_OF[kind.value], kind)
    for kind in IndicatorKind
}


class TestPeriods:
    """periods() draws periods of every form within its years."""

    @given(ts.periods(min_year=2020, max_year=2022))
    def test_within_years(self, p: Period) -> None:
        """Every period lies within the years asked for."""
        assert 2020 <= p.start.year <= p.end.year <= 2022

    @pytest.mark.parametrize(("lo", "hi"), [(999, 2000), (2000, 10000), (2030, 2020)])
    def test_bad_years(self, lo: int, hi: int) -> None:
        """Years outside 1000..9999, or in the wrong order, are refused."""
        with pytest.raises(ValueError, match=r"^need 1000 <= min_year") as info:
            ts.periods(min_year=lo, max_year=hi)
        assert f"need 1000 <= min_year <= max_year <= 9999, got {lo!r} and {hi!r}" == str(
            info.value
        )


class TestQuantities:
    """quantities(indicator) draws magnitudes valid for the indicator's kind."""

    @pytest.mark.parametrize("kind", list(IndicatorKind))
    @given(data=st.data())
    def test_in_range(self, kind: IndicatorKind, data: st.DataObject) -> None:
        """Shares 0–100, counts and levels ≥ 0, ranks whole ≥ 1, growth rates finite."""
        ind = KINDS[kind]
        x = data.draw(ts.quantities(ind))
        assert ind.check_range(x, shown=x, where=None) is None
        assert math.isfinite(x)
        if kind in (IndicatorKind.RANK, IndicatorKind.COUNT):
            assert x.is_integer()


class TestMeasurements:
    """measurements() draws Measurements of the asked indicator and unit."""

    @given(ts.measurements("dx_index_rank", "38"))
    def test_fixed_indicator_and_unit(self, m: Measurement) -> None:
        """The indicator and unit are those asked for; a rank's cohort holds it."""
        assert ("38", "dx_index_rank") == (m.unit, m.indicator)
        assert m.cohort is None or m.magnitude <= m.cohort

    @given(ts.measurements(CATALOGUE["satisfaction_share"], period=Period.year(2025)))
    def test_indicator_object_and_period(self, m: Measurement) -> None:
        """An Indicator object and a period may be given."""
        assert ("satisfaction_share", Period.year(2025)) == (m.indicator, m.period)

    @given(ts.measurements())
    def test_source_is_clean(self, m: Measurement) -> None:
        """Sources have no surrounding whitespace (they survive CSV)."""
        assert m.source == m.source.strip()
        assert "" == m.note


EARLY = Hierarchy(
    [
        AdministrativeUnit(code="1", name="Tỉnh A", kind="tỉnh"),
        AdministrativeUnit(code="10", name="Xã B", kind="xã", parent="1", valid_until="2010-01-01"),
        AdministrativeUnit(code="11", name="Xã C", kind="xã", parent="1", valid_from="2040-01-01"),
    ]
)


class TestRecognitions:
    """recognitions() dates a unit's recognition while it existed."""

    @given(ts.hierarchies(), st.data())
    def test_while_the_unit_existed(self, h: Hierarchy, data: st.DataObject) -> None:
        """A recognition names a unit of the hierarchy on a day it existed."""
        r = data.draw(ts.recognitions(h))
        assert any(u.code == r.unit and u.exists_on(r.on) for u in h)

    @given(ts.recognitions(EARLY))
    def test_units_outside_the_usual_years(self, r: Recognition) -> None:
        """A unit that existed only before 2015 or after 2035 is dated on a day it existed."""
        assert (r.unit, r.on) in {("10", dt.date(2009, 12, 31)), ("11", dt.date(2040, 1, 1))}

    @given(ts.recognitions(["380", "382"]))
    def test_codes(self, r: Recognition) -> None:
        """Given codes, a recognition names one of them, dated 2015–2035."""
        assert r.unit in ("380", "382")
        assert dt.date(2015, 1, 1) <= r.on <= dt.date(2035, 12, 31)

    @given(ts.recognitions())
    def test_any_code(self, r: Recognition) -> None:
        """Without units, a recognition names any code of digits, with a decision."""
        assert r.unit.isdigit()
        assert r.decision.startswith("QĐ ")

    def test_no_codes(self) -> None:
        """An empty sequence of codes is refused."""
        with pytest.raises(ValueError, match=r"^recognitions\(units=\.\.\.\) needs at least one"):
            ts.recognitions([])


class TestHierarchies:
    """hierarchies() draws small valid hierarchies, with or without a reform."""

    @given(ts.hierarchies(province="38", reform=True))
    def test_reform(self, h: Hierarchy) -> None:
        """With a reform, districts end on its day and new communes begin then, under 38."""
        (province,) = [u for u in h if u.level is Level.PROVINCE]
        new = [u for u in h if u.valid_from is not None]
        assert "38" == province.code
        assert new
        assert all(u.parent == "38" and u.level is Level.COMMUNE for u in new)
        day = new[0].valid_from
        assert all(u.valid_until == day for u in h if u.level is Level.DISTRICT)

    @given(ts.hierarchies(reform=False))
    def test_no_reform(self, h: Hierarchy) -> None:
        """Without a reform, every unit exists forever and has no successor."""
        assert all(u.valid_from is None and u.valid_until is None and not u.successors for u in h)

    def test_bad_province(self) -> None:
        """A province code must be digits."""
        with pytest.raises(ValueError, match=r"^province must be a code of digits, got 'x38'$"):
            ts.hierarchies(province="x38")


@pytest.mark.slow
class TestRulebooks:
    """rulebooks() draws rulebooks whose comparators point each indicator's better way."""

    @given(ts.rulebooks(jurisdiction="38", units=["380"]))
    def test_jurisdiction_and_units(self, rb: Rulebook) -> None:
        """The jurisdiction and assigned units are those asked for."""
        assert "38" == rb.jurisdiction
        assert all(set(t.units) <= {"380"} for t in rb.targets)

    @given(ts.rulebooks())
    def test_comparators_point_the_better_way(self, rb: Rulebook) -> None:
        """Higher-is-better indicators get >= or >, lower-is-better ones <= or <."""
        for t in rb.targets:
            ind: Indicator | None = rb.catalogue.get(t.indicator or "")
            if ind is not None and t.comparator is not None:
                better = ("<=", "<") if ind.direction.value == "lower" else (">=", ">")
                assert t.comparator.value in better


@pytest.mark.slow
class TestScenarios:
    """scenarios() ties a hierarchy, a rulebook about its province, and data together."""

    @given(ts.scenarios())
    def test_consistent(self, s: ts.Scenario) -> None:
        """The rulebook is about the hierarchy's province; the data uses its catalogue."""
        province = next(u.code for u in s.hierarchy if u.level is Level.PROVINCE)
        assert province == s.rulebook.jurisdiction
        assert s.data.catalogue is s.rulebook.catalogue
        assert isinstance(thdx.evaluate(s.rulebook, s.data, as_of=s.as_of), thdx.Report)


def test_thdx_does_not_import_strategies() -> None:
    """thdx's public surface does not name the strategies (Hypothesis stays optional)."""
    assert "strategies" not in thdx.__all__
