"""Tests of thdx.strategies with no arguments: Resolution 06, Thanh Hóa, st.from_type."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import thdx
from thdx import strategies as ts
from thdx.rules import CountUnits, Growth, tolerance
from thdx.strategies._register import _hypothesis_setup_hook

ROOT = Path(__file__).resolve().parents[1]
RB = thdx.resolution_06()
UNITS = thdx.thanh_hoa_units()
CODES = {u.code for u in UNITS}

# The entry point runs the hook only for an installed thdx; run it here for a checkout.
_hypothesis_setup_hook()


class TestNoArguments:
    """Every strategy draws for Resolution 06 and Thanh Hóa when given nothing."""

    @given(ts.scenarios())
    def test_scenarios_are_resolution_06(self, s: ts.Scenario) -> None:
        """scenarios(): the shipped rulebook and units, data checked against its catalogue."""
        assert s.rulebook is RB
        assert s.hierarchy is UNITS
        assert s.data.catalogue is RB.catalogue
        assert {m.unit for m in s.data} <= CODES

    @settings(deadline=None)
    @given(ts.reports())
    def test_reports_answer_resolution_06_ids(self, report: thdx.Report) -> None:
        """reports(): an app may read any target of Resolution 06 for the province."""
        v = report.verdict("2025.gov.satisfaction")
        assert ("38", report.units) == (v.unit, UNITS)
        assert len(report.verdicts("38")) == len(RB.targets)

    @given(ts.measurement_sets())
    def test_measurement_sets(self, data: thdx.MeasurementSet) -> None:
        """measurement_sets(): data about Thanh Hóa's units."""
        assert {m.unit for m in data} <= CODES
        assert data.catalogue is RB.catalogue

    @given(ts.recognitions())
    def test_recognitions_of_existing_units(self, r: thdx.Recognition) -> None:
        """recognitions(): a Thanh Hóa unit, dated on a day it existed."""
        assert any(u.code == r.unit and u.exists_on(r.on) for u in UNITS)

    @given(ts.measurements())
    def test_measurements_of_thanh_hoa_units(self, m: thdx.Measurement) -> None:
        """measurements(): a unit code of Thanh Hóa (either era)."""
        assert m.unit in CODES

    @given(ts.administrative_units())
    def test_units_of_both_eras(self, u: thdx.AdministrativeUnit) -> None:
        """administrative_units(): a version of a Thanh Hóa unit."""
        assert u in UNITS.versions(u.code)

    def test_both_eras_can_be_drawn(self) -> None:
        """Units that end on the reform day and units that begin on it are both drawn."""
        seen: set[str] = set()

        @settings(max_examples=300, database=None)
        @given(ts.administrative_units())
        def draw(u: thdx.AdministrativeUnit) -> None:
            if u.valid_until == dt.date(2025, 7, 1):
                seen.add("old")
            if u.valid_from == dt.date(2025, 7, 1):
                seen.add("new")

        draw()
        assert {"old", "new"} == seen

    @given(ts.scenarios(rulebook=thdx.plan_qd969()))
    def test_another_rulebook(self, s: ts.Scenario) -> None:
        """A rulebook given: its data and targets, the default units."""
        assert s.data.catalogue is s.rulebook.catalogue
        assert s.rulebook.number == thdx.plan_qd969().number


class TestBoundaries:
    """boundary_dates(), threshold_values() and edge_cases() draw where bugs live."""

    def test_boundary_dates(self) -> None:
        """The reform day and the days around it, and each deadline's edges, are drawn."""
        days: set[dt.date] = set()

        @settings(max_examples=400, database=None)
        @given(ts.boundary_dates())
        def draw(d: dt.date) -> None:
            days.add(d)

        draw()
        expected = {
            dt.date(2025, 6, 30),
            dt.date(2025, 7, 1),
            dt.date(2025, 7, 2),
            dt.date(2025, 12, 31),
            dt.date(2026, 1, 1),
            dt.date(2030, 12, 31),
        }
        assert expected <= days

    @given(ts.threshold_values("2025.gov.satisfaction"))
    def test_threshold_values_of_a_share(self, x: float) -> None:
        """Values around 90 %: within 1 % of it, never outside 0–100."""
        assert 0.0 <= x <= 100.0
        assert abs(x - 90.0) <= 0.9 + 1e-12

    def test_threshold_values_include_the_edges(self) -> None:
        """The threshold, the floats beside it, and the tolerance's edges are all drawn."""
        seen: set[float] = set()

        @settings(max_examples=300, database=None)
        @given(ts.threshold_values("2025.gov.satisfaction"))
        def draw(x: float) -> None:
            seen.add(x)

        draw()
        tol = tolerance(90.0)
        expected = {
            90.0,
            math.nextafter(90.0, 0.0),
            math.nextafter(90.0, 100.0),
            90.0 - tol,
            90.0 + tol,
        }
        assert expected <= seen

    @given(ts.threshold_values("2025.soc.districts_completed"))
    def test_threshold_values_of_a_count(self, x: float) -> None:
        """A count of 6 units: 5, 6 or 7 units."""
        assert x in (5.0, 6.0, 7.0)

    def test_no_single_threshold(self) -> None:
        """A target whose rule has no single threshold is refused, by name."""
        rb = thdx.plan_qd969()
        t = next(
            t for t in rb.targets if not isinstance(t.rule, thdx.Compare | Growth | CountUnits)
        )
        with pytest.raises(ValueError, match=rf"^target {t.id!r} is a \w+ rule; values near"):
            ts.threshold_values(t, rulebook=rb)

    @settings(deadline=None)
    @given(ts.edge_cases())
    def test_edge_cases_agree_with_the_threshold(self, e: ts.EdgeCase) -> None:
        """From the deadline's last day on, the status is what the comparison of the value
        with the threshold says (the status and the value shown never contradict); a
        count of recognised units, the others unknown, is MET or else UNKNOWN."""
        v = thdx.evaluate(e.rulebook, e.data, units=e.hierarchy, as_of=e.as_of).verdict(
            e.target.id, e.unit
        )
        rule = e.target.rule
        assert isinstance(rule, thdx.Compare | Growth | CountUnits)
        if e.as_of < e.target.deadline.end:
            return
        if isinstance(rule, CountUnits):
            met = rule.comparator.holds(e.value, rule.threshold)
            assert (thdx.Status.MET if met else thdx.Status.UNKNOWN) is v.status
            return
        assert v.value is not None
        if isinstance(rule, thdx.Compare):
            assert e.value == v.value
        else:  # compound growth from two levels: the value drawn, to rounding
            assert math.isclose(e.value, v.value, rel_tol=1e-9, abs_tol=1e-9)
        met = rule.comparator.holds(v.value, rule.threshold)
        assert (thdx.Status.MET if met else thdx.Status.NOT_MET) is v.status


class TestFromType:
    """st.from_type resolves every public type through the registered strategies."""

    @pytest.mark.parametrize(
        "cls",
        [
            thdx.Measurement,
            thdx.Recognition,
            thdx.Period,
            thdx.AdministrativeUnit,
            thdx.Hierarchy,
            thdx.MeasurementSet,
            thdx.Rulebook,
            thdx.Report,
        ],
    )
    def test_resolves(self, cls: type) -> None:
        """A value of the type is drawn."""

        @settings(max_examples=3, deadline=None, database=None)
        @given(st.from_type(cls))
        def draw(x: object) -> None:
            assert isinstance(x, cls)

        draw()

    def test_entry_point_declared(self) -> None:
        """pyproject names the hook in the hypothesis group and the plugin in pytest11."""
        project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
        points = project["entry-points"]
        assert {"_": "thdx.strategies._register:_hypothesis_setup_hook"} == points["hypothesis"]
        assert {"thdx": "thdx.scenarios._pytest"} == points["pytest11"]

    def test_hook_is_light(self) -> None:
        """The hook loads neither pandas nor the strategies; import thdx loads no Hypothesis."""
        code = (
            "import sys, thdx; assert 'hypothesis' not in sys.modules\n"
            "from thdx.strategies._register import _hypothesis_setup_hook as h; h()\n"
            "print(sorted(m for m in ('pandas', 'thdx.strategies._data', 'thdx.engine')"
            " if m in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]" == out.stdout.strip()


class TestPasteableReprs:
    """A drawn object's repr is Python that builds an equal object."""

    NAMESPACE: ClassVar[dict[str, object]] = {
        "Measurement": thdx.Measurement,
        "Recognition": thdx.Recognition,
        "Period": thdx.Period,
        "AdministrativeUnit": thdx.AdministrativeUnit,
    }

    @given(
        st.one_of(
            ts.measurements(),
            ts.recognitions(),
            ts.periods(),
            ts.administrative_units(),
            ts.administrative_units(thdx.thanh_hoa_units()),
        )
    )
    def test_round_trip(self, x: object) -> None:
        """eval(repr(x)) == x."""
        assert x == eval(repr(x), dict(self.NAMESPACE))

    def test_measurement_repr(self) -> None:
        """A Measurement shows its value as written back: a plain number or rank/cohort."""
        m = thdx.Measurement(unit="38", indicator="dx_index_rank", value="5/34", period="2024")
        assert (
            "Measurement(unit='38', indicator='dx_index_rank', value='5/34', period='2024')"
            == repr(m)
        )

    def test_unit_repr(self) -> None:
        """A unit shows its kind and days as text, its level only when not the default."""
        u = UNITS.get("380", "2025-06-30")
        expected = (
            "AdministrativeUnit(code='380', name='Thành phố Thanh Hóa', kind='thành phố',"
            " parent='38', valid_until='2025-07-01')"
        )
        assert expected == repr(u)
