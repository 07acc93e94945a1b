"""Tests of thdx.progress: hand-computed cases of the Open SDG measure, rank trends,
growth windows, unit goals against a plan, and hostile arguments.

Every expected number is computed by hand from the formula in the test's docstring
(the arithmetic is written out beside it), not read back from the code.
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
import math

import pytest

import thdx
from thdx.model import (
    AdministrativeUnit,
    ArgumentTypeError,
    Catalogue,
    Hierarchy,
    Indicator,
    LanguageError,
    Level,
    MeasurementError,
    Period,
    ThdxError,
    UnknownTargetError,
)
from thdx.progress import (
    BANDS,
    DEFAULT_BASE_YEAR,
    PlanYear,
    Point,
    Progress,
    ProgressError,
    ProgressMethod,
    ProgressNote,
    ProgressNoteCode,
    ProgressStatus,
    ProgressTypeError,
    assess,
    assess_rulebook,
    classify,
    plan_quotas,
)
from thdx.rules import Compare, Completed, CountUnits, Rulebook, ShareUnits, Target
from thdx.store import Measurement, MeasurementSet, Recognition, ReportedCount

RB = thdx.resolution_06()
DES = "2030.econ.digital_economy_share"
S = ProgressStatus


def series(indicator: str, values: dict[int, float], unit: str = "38") -> list[Measurement]:
    """Measurements of one indicator of one unit, by year (canonical unit)."""
    return [Measurement(unit, indicator, v, y, "test") for y, v in values.items()]


def des(values: dict[int, float]) -> MeasurementSet:
    """The digital-economy share of the province, by year, in percent."""
    return MeasurementSet(series("digital_economy_share", values))


def level_target(threshold: float, comparator: str = ">=", deadline: str = "2030") -> Target:
    """A goal on labour productivity (a level, million VND per worker)."""
    return Target(
        id="test.level",
        rule=Compare("labour_productivity", comparator, threshold),
        deadline=deadline,
        scope="province",
        clause="(test)",
        threshold_unit="million_VND / worker",
    )


def levels(values: dict[int, float]) -> MeasurementSet:
    return MeasurementSet(series("labour_productivity", values))


# -- the Open SDG measure (cagr) --------------------------------------------------------


class TestIssueExample:
    """5.0 % in 2020 and 8.28 % in 2023 toward 30 % by 2030 (the issue's example)."""

    p = assess(RB.target(DES), des({2020: 5.0, 2023: 8.28}), unit="38", as_of="2024-06-30")

    def test_observed_growth(self) -> None:
        """CAGR_obs = (8.28 / 5)^(1/3) − 1 = 1.656^(1/3) − 1 ≈ 18.31 %."""
        assert 18.31 == pytest.approx(self.p.observed_rate, abs=0.005)
        assert (8.28 / 5) ** (1 / 3) * 100 - 100 == pytest.approx(self.p.observed_rate)

    def test_required_growth(self) -> None:
        """CAGR_req = (30 / 5)^(1/10) − 1 = 6^(0.1) − 1 ≈ 19.62 %."""
        assert 19.62 == pytest.approx(self.p.required_rate, abs=0.005)
        assert 6**0.1 * 100 - 100 == pytest.approx(self.p.required_rate)

    def test_ratio_and_status(self) -> None:
        """R = 18.31 / 19.62 ≈ 0.933: MODERATE (0.6 ≤ R < 0.95), by the Open SDG method."""
        assert 0.933 == pytest.approx(self.p.ratio, abs=0.0005)
        assert S.MODERATE == self.p.status
        assert ProgressMethod.CAGR == self.p.method
        assert "cagr" == str(self.p.method)

    def test_beyond(self) -> None:
        """From 8.28 % in 2023: (30/8.28)^(1/7) − 1 ≈ 20.19 % a year is required; at
        18.31 % a year, 8.28 × 1.656^(7/3) ≈ 26.86 % in 2030; 30 % is reached after
        ln(30/8.28) / ln(1.1831) ≈ 7.66 years, i.e. by the end of 2031."""
        assert 20.19 == pytest.approx(self.p.required_pace, abs=0.005)
        assert 26.86 == pytest.approx(self.p.projected, abs=0.005)
        assert 2031 == self.p.projected_year

    def test_points(self) -> None:
        """The base and the latest value are (period, value) pairs."""
        assert Point(Period.year(2020), 5.0) == self.p.base
        assert Point(Period.year(2023), 8.28) == self.p.latest
        assert [] == self.p.note_keys

    def test_text(self) -> None:
        """The text names the status, the rates and the projection, in both languages."""
        en, vi = self.p.text("en"), self.p.text("vi")
        assert en.splitlines()[0] == (
            "2030.econ.digital_economy_share, unit 38, as of 2024-06-30: "
            "moderate progress (acceleration needed)"
        )
        assert "observed 18.31 %/year; required from the base 19.62 %/year; ratio 0.93" in en
        assert "at the observed pace: 26.86 % by the deadline" in en
        assert "the threshold is reached at the end of 2031 at the observed pace" in en
        assert "có tiến bộ nhưng cần đẩy nhanh" in vi
        assert "thực tế 18.31 %/năm; cần đạt từ năm gốc 19.62 %/năm; tỷ số 0.93" in vi
        assert str(self.p) == en

    def test_json(self) -> None:
        """to_dict() is JSON-ready and versioned."""
        d = json.loads(json.dumps(self.p.to_dict()))
        assert "thdx.progress/1" == d["schema"]
        assert ("moderate", "cagr") == (d["status"], d["method"])
        assert {"period": "2020", "value": 5.0} == d["base"]
        assert "percent / year" == d["rate_unit"]


def test_value_at_the_threshold_is_achieved() -> None:
    """A latest value equal to the threshold (30 %) is ACHIEVED, whatever R is."""
    p = assess(RB.target(DES), des({2020: 5.0, 2025: 30.0}), unit="38", as_of="2026-01-01")
    assert S.ACHIEVED == p.status
    assert 2025 == p.projected_year
    assert None is p.required_pace


def test_value_within_tolerance_of_the_threshold_is_achieved() -> None:
    """29.999999999 % meets "≥ 30 %" within the engine's tolerance (3e-8): ACHIEVED."""
    p = assess(RB.target(DES), des({2020: 5.0, 2025: 29.999999999}), unit="38", as_of="2026-01-01")
    assert S.ACHIEVED == p.status


def test_value_just_below_the_threshold_is_not_achieved() -> None:
    """29.9999 % does not meet 30 %; the text shows it with the digits that say so."""
    p = assess(RB.target(DES), des({2020: 5.0, 2025: 29.9999}), unit="38", as_of="2026-01-01")
    assert S.SUBSTANTIAL == p.status
    assert "latest 29.9999 % (2025)" in p.text()


class TestBandEdges:
    """R exactly 0.95 and 0.6: from 100 in 2020 toward 100 × 1.1^10 by 2030, CAGR_req
    is 10 % a year; a value of 109.5 in 2021 grew 9.5 % (R = 0.95), 106 grew 6 % (R =
    0.6). In floats R is 0.9499999999999988: the tolerance of thdx.rules makes it 0.95."""

    target = level_target(100 * 1.1**10)

    def ratio(self, latest: float) -> Progress:
        return assess(self.target, levels({2020: 100, 2021: latest}), unit="38", as_of="2022-01-01")

    def test_095_is_substantial(self) -> None:
        """R = 0.095 / 0.1 = 0.95 (0.9499999999999988 in floats): SUBSTANTIAL."""
        p = self.ratio(109.5)
        assert 0.95 == pytest.approx(p.ratio, abs=1e-12)
        assert p.ratio is not None
        assert p.ratio < 0.95
        assert S.SUBSTANTIAL == p.status  # ...and the tolerance takes it to the edge

    def test_below_095_is_moderate(self) -> None:
        """R = 0.094 / 0.1 = 0.94: MODERATE."""
        assert S.MODERATE == self.ratio(109.4).status

    def test_06_is_moderate(self) -> None:
        """R = 0.06 / 0.1 = 0.6: MODERATE."""
        p = self.ratio(106)
        assert 0.6 == pytest.approx(p.ratio, abs=1e-12)
        assert S.MODERATE == p.status

    def test_below_06_is_limited(self) -> None:
        """R = 0.059 / 0.1 = 0.59: LIMITED."""
        assert S.LIMITED == self.ratio(105.9).status

    def test_flat_is_limited(self) -> None:
        """No growth: R = 0, the lower edge of LIMITED."""
        p = self.ratio(100)
        assert 0.0 == p.ratio
        assert S.LIMITED == p.status
        assert None is p.projected_year  # never, at no growth

    def test_classify_edges(self) -> None:
        """The bands are Open SDG's (0.95, 0.6, 0), edges within the tolerance."""
        assert ((S.SUBSTANTIAL, 0.95), (S.MODERATE, 0.6), (S.LIMITED, 0.0)) == BANDS
        assert S.SUBSTANTIAL == classify(0.95 - 1e-10)
        assert S.MODERATE == classify(0.95 - 1e-8)
        assert S.LIMITED == classify(-1e-13)
        assert S.DETERIORATION == classify(-1e-11)
        assert S.NOT_AVAILABLE == classify(math.nan)


def test_lower_is_better_goal() -> None:
    """Dossiers handled late, ≤ 5 % by 2025: 20 % in 2020, 10 % in 2023. CAGR_obs =
    0.5^(1/3) − 1 = −20.63 %, CAGR_req = 0.25^(1/5) − 1 = −24.21 %; R = −1 × −20.63 /
    24.21 = 0.852: MODERATE. At −20.63 % a year, 10 × 0.5^(2/3) = 6.30 in 2025, and 5
    is reached ln(0.5) / ln(0.5^(1/3)) = 3 years after 2023: 2026."""
    late = Indicator(
        "late_share", "Tỷ lệ trễ hạn", "Late", "government", "percent", "share", "lower"
    )
    cat = Catalogue([late])
    data = MeasurementSet(
        [Measurement("38", "late_share", v, y, catalogue=cat) for y, v in ((2020, 20), (2023, 10))],
        catalogue=cat,
    )
    target = Target("t.late", Compare("late_share", "<=", 5), "2025", "province", "(test)")
    p = assess(target, data, unit="38", as_of="2024-06-30")
    assert -20.63 == pytest.approx(p.observed_rate, abs=0.005)
    assert -24.21 == pytest.approx(p.required_rate, abs=0.005)
    assert 0.852 == pytest.approx(p.ratio, abs=0.0005)
    assert S.MODERATE == p.status
    assert 6.30 == pytest.approx(p.projected, abs=0.005)
    assert 2026 == p.projected_year


def test_falling_series_is_deterioration() -> None:
    """8 % in 2020, 6 % in 2023 toward 30 %: CAGR_obs = 0.75^(1/3) − 1 < 0, R < 0."""
    p = assess(RB.target(DES), des({2020: 8.0, 2023: 6.0}), unit="38", as_of="2024-01-01")
    assert S.DETERIORATION == p.status
    assert p.ratio is not None
    assert p.ratio < 0
    assert None is p.projected_year


def test_base_zero_is_not_available() -> None:
    """A base of 0 % gives no compound growth (sdg-build would put 0.001 instead)."""
    p = assess(RB.target(DES), des({2020: 0.0, 2023: 8.0}), unit="38", as_of="2024-01-01")
    assert S.NOT_AVAILABLE == p.status
    assert ["base_zero:2020"] == p.note_keys
    assert None is p.ratio


def test_base_zero_but_achieved() -> None:
    """A latest value that meets the threshold is ACHIEVED even from a base of zero."""
    p = assess(RB.target(DES), des({2020: 0.0, 2023: 31.0}), unit="38", as_of="2024-01-01")
    assert S.ACHIEVED == p.status
    assert ["base_zero:2020"] == p.note_keys


def test_one_point_is_not_available() -> None:
    """One value gives no pace: NOT_AVAILABLE, and no rate at all."""
    p = assess(RB.target(DES), des({2023: 8.28}), unit="38", as_of="2024-01-01")
    assert S.NOT_AVAILABLE == p.status
    assert ["base_later:2020:2023", "one_point:2023"] == p.note_keys
    assert (None, None, None) == (p.observed_rate, p.ratio, p.projected)


def test_one_point_that_meets_the_threshold_is_achieved() -> None:
    """ACHIEVED needs no trend (as in sdg-build, target_achieved comes first)."""
    p = assess(RB.target(DES), des({2023: 31.0}), unit="38", as_of="2024-01-01")
    assert S.ACHIEVED == p.status
    assert None is p.ratio


def test_no_data() -> None:
    """No value at all: NOT_AVAILABLE, "no usable data up to" as_of."""
    p = assess(RB.target(DES), des({}), unit="38", as_of="2024-01-01")
    assert (S.NOT_AVAILABLE, ["no_data:2024-01-01"]) == (p.status, p.note_keys)


def test_data_after_as_of_is_ignored() -> None:
    """A 2024 value of 25 % (period ending 2024-12-31) is not used as of 2024-06-30."""
    before = assess(RB.target(DES), des({2020: 5.0, 2023: 8.28}), unit="38", as_of="2024-06-30")
    later = des({2020: 5.0, 2023: 8.28, 2024: 25.0})
    p = assess(RB.target(DES), later, unit="38", as_of="2024-06-30")
    assert ["unused_after_as_of:1:2024-06-30"] == p.note_keys
    assert attrs_without_notes(before) == attrs_without_notes(p)


def attrs_without_notes(p: Progress) -> dict[str, object]:
    d = p.to_dict()
    del d["notes"]
    return d


def test_base_is_the_first_value_from_the_base_year() -> None:
    """Values before the base year are not used; the base year is overridable."""
    data = des({2019: 2.0, 2020: 5.0, 2023: 8.28})
    p = assess(RB.target(DES), data, unit="38", as_of="2024-01-01")
    assert (Period.year(2020), ["unused_before_base:1:2020"]) == (
        p.base and p.base.period,
        p.note_keys,
    )
    q = assess(RB.target(DES), data, unit="38", as_of="2024-01-01", base_year=2019)
    assert Point(Period.year(2019), 2.0) == q.base
    assert 2020 == DEFAULT_BASE_YEAR


def test_values_for_other_periods_and_after_the_deadline_are_set_aside() -> None:
    """A quarter is not a whole year; a 2026 value is after a 2025 deadline."""
    data = MeasurementSet(
        [
            *series("digital_economy_share", {2020: 5.0, 2023: 8.28, 2026: 25.0}),
            Measurement("38", "digital_economy_share", 9.0, "2024-Q1"),
        ]
    )
    p = assess(RB.target("2025.econ.digital_economy_share"), data, unit="38", as_of="2027-01-01")
    assert ["unused_not_year:1", "unused_after_deadline:1:2025"] == p.note_keys
    assert Period.year(2023) == (p.latest and p.latest.period)


def test_share_projection_capped_at_100() -> None:
    """10 % → 40 % in two years (100 % a year): 40 × 2^5 by 2030 is capped at 100 %."""
    p = assess(RB.target(DES), des({2020: 10.0, 2022: 20.0}), unit="38", as_of="2023-01-01")
    assert 100.0 == p.projected
    assert "projection_capped:100 %" in p.note_keys


def test_base_met_then_fell() -> None:
    """From 30 % (the threshold) to 25 %: no growth was required, the value fell."""
    p = assess(RB.target(DES), des({2020: 30.0, 2023: 25.0}), unit="38", as_of="2024-01-01")
    assert (S.DETERIORATION, None) == (p.status, p.ratio)
    assert ["base_met:2020"] == p.note_keys


# -- ranks ----------------------------------------------------------------------------


class TestRankTrend:
    """The published DTI ranks of Thanh Hóa (thdx.example_data())."""

    data = thdx.example_data()

    def test_2025_top10_as_of_mid_2024(self) -> None:
        """Ranks 15, 12, 15, 11 (2020–2023): the least-squares slope is Σ(t − 2021.5)(v
        − 13.25) / Σ(t − 2021.5)² = −4.5 / 5 = −0.9 a year; required (10 − 15) / 5 = −1;
        R = 0.9: MODERATE. The line at 2025: 13.25 − 0.9 × 3.5 = 10.1; it reaches 10 at
        2021.5 + 3.25 / 0.9 = 2025.11, i.e. 2026."""
        p = assess(
            RB.target("2025.overall.dx_rank_top10"), self.data, unit="38", as_of="2024-06-30"
        )
        assert ProgressMethod.RANK_TREND == p.method
        assert -0.9 == pytest.approx(p.observed_rate)
        assert -1.0 == pytest.approx(p.required_rate)
        assert 0.9 == pytest.approx(p.ratio)
        assert S.MODERATE == p.status
        assert 10.1 == pytest.approx(p.projected)
        assert 2026 == p.projected_year
        assert -0.5 == pytest.approx(p.required_pace)  # (10 − 11) / 2
        assert ("rank", "rank / year") == (p.unit_of_measure, p.rate_unit)

    def test_rank_5_of_34_is_achieved_with_a_cohort_note(self) -> None:
        """5/34 in 2024 meets "≤ 10"; the trend mixes ranks among 63 and 34 provinces."""
        p = assess(
            RB.target("2025.overall.dx_rank_top10"), self.data, unit="38", as_of="2025-12-31"
        )
        assert S.ACHIEVED == p.status
        assert ["cohorts_mixed:34, 63"] == p.note_keys

    def test_digital_government_rank(self) -> None:
        """12, 16, 9 (2021–2023; no 2020 value): slope (−1·(−0.33) + 1·(−3.33)) / 2 =
        −1.5; required (5 − 12) / 9 = −0.778; R = 1.5 / 0.778 = 1.93: SUBSTANTIAL. The
        line at 2030 is 12.33 − 1.5 × 8 = 0.33: floored at rank 1."""
        p = assess(
            RB.target("2030.overall.digital_gov_rank_top5"),
            self.data,
            unit="38",
            as_of="2024-06-30",
        )
        assert -1.5 == pytest.approx(p.observed_rate)
        assert -7 / 9 == pytest.approx(p.required_rate)
        assert 1.5 / (7 / 9) == pytest.approx(p.ratio)
        assert S.SUBSTANTIAL == p.status
        assert 1.0 == p.projected
        assert ["base_later:2020:2021", "rank_floor"] == p.note_keys
        assert 2027 == p.projected_year  # 12.33 − 1.5 (t − 2022) = 5 at t = 2026.9


# -- growth goals ---------------------------------------------------------------------

GROWTH = RB.target("2025.econ.productivity_growth")


def test_growth_from_levels() -> None:
    """Levels 100 (2020) and 120 (2022), goal 9.6 % a year over 2021–2025: so far
    1.2^(1/2) − 1 = 9.545 %; R = 9.545 / 9.6 = 0.9942: SUBSTANTIAL. The remaining three
    years need (1.096^5 / 1.2)^(1/3) − 1 ≈ 9.64 % a year."""
    p = assess(GROWTH, levels({2020: 100, 2022: 120}), unit="38", as_of="2023-06-30")
    assert ProgressMethod.GROWTH_REMAINING == p.method
    assert (1.2**0.5 - 1) * 100 == pytest.approx(p.observed_rate)
    assert 9.6 == p.required_rate
    assert 0.9942 == pytest.approx(p.ratio, abs=0.0001)
    assert S.SUBSTANTIAL == p.status
    assert ((1.096**5 / 1.2) ** (1 / 3) - 1) * 100 == pytest.approx(p.required_pace)
    assert 9.64 == pytest.approx(p.required_pace, abs=0.005)
    assert ["growth_from_levels:2020:2022"] == p.note_keys
    assert Point(Period.parse("2021/2022"), p.observed_rate or 0.0) == p.latest


def test_growth_from_rates() -> None:
    """Yearly rates 5 % and 6 % (2021, 2022): (1.05 × 1.06)^(1/2) − 1 = 5.499 %;
    R = 5.499 / 9.6 = 0.573: LIMITED."""
    data = MeasurementSet(series("labour_productivity_growth", {2021: 5.0, 2022: 6.0}))
    p = assess(GROWTH, data, unit="38", as_of="2023-06-30")
    assert ((1.05 * 1.06) ** 0.5 - 1) * 100 == pytest.approx(p.observed_rate)
    assert 0.573 == pytest.approx(p.ratio, abs=0.0005)
    assert S.LIMITED == p.status
    assert ["growth_from_rates:2021:2022"] == p.note_keys


def test_growth_after_a_fall_of_100_percent_has_no_pace() -> None:
    """Rates of −100 % (2021) and 5 % (2022): the level fell to nothing, (0 × 1.05)^(1/2)
    − 1 = −100 % a year, so R = −100 / 9.6 < 0 is DETERIORATION, and no pace of the years
    left can reach the goal from nothing (it raised ZeroDivisionError before)."""
    data = MeasurementSet(series("labour_productivity_growth", {2021: -100.0, 2022: 5.0}))
    p = assess(GROWTH, data, unit="38", as_of="2023-06-30")
    assert (S.DETERIORATION, None, -100.0) == (p.status, p.required_pace, p.observed_rate)


def test_growth_achieved_early() -> None:
    """Levels 100 and 160 by 2023 already exceed 100 × 1.096^5 = 158.1: ACHIEVED."""
    p = assess(GROWTH, levels({2020: 100, 2023: 160}), unit="38", as_of="2024-01-01")
    assert S.ACHIEVED == p.status
    assert None is p.required_pace


def test_growth_window_not_started() -> None:
    """No year of 2026–2030 has ended by 2025-12-31."""
    p = assess(
        RB.target("2030.econ.productivity_growth"),
        levels({2025: 100}),
        unit="38",
        as_of="2025-12-31",
    )
    assert ["window_not_started:2026/2030:2025-12-31"] == p.note_keys
    assert S.NOT_AVAILABLE == p.status


def test_growth_whole_window_known() -> None:
    """The whole window known: no time left; 100 → 150 is 8.45 % a year, R = 0.88."""
    p = assess(GROWTH, levels({2020: 100, 2025: 150}), unit="38", as_of="2026-06-30")
    assert S.MODERATE == p.status
    assert (1.5**0.2 - 1) / 0.096 == pytest.approx(p.ratio)
    assert "deadline_reached:2021/2025" in p.note_keys
    assert None is p.required_pace


# -- unit goals ---------------------------------------------------------------------------

PROVINCE = AdministrativeUnit(code="38", name="Tỉnh Thử", kind="tỉnh")
COMMUNES = [
    AdministrativeUnit(code=str(1000 + i), name=f"Xã {i}", kind="xã", parent="38")
    for i in range(10)
]
TEN = Hierarchy([PROVINCE, *COMMUNES])


def recognitions(*days: str) -> list[Recognition]:
    """One recognition per day, of communes 1000, 1001, ... in turn."""
    return [Recognition(str(1000 + i), d, f"QĐ {i}/QĐ-UBND") for i, d in enumerate(days)]


COUNT = Target("t.count", CountUnits("commune", Completed(), ">=", 8), "2025", "commune", "(test)")
SHARE = Target("t.share", ShareUnits("commune", Completed(), ">=", 80), "2030", "commune", "(test)")


def plan(quotas: dict[int, float], jurisdiction: str = "38") -> Rulebook:
    """A plan of cumulative commune quotas by year."""
    return Rulebook(
        id="test/plan",
        number="P/1",
        title="Kế hoạch",
        jurisdiction=jurisdiction,
        catalogue=thdx.default_catalogue(),
        targets=[
            Target(
                f"plan.{y}", CountUnits("commune", Completed(), ">=", q), str(y), "commune", "(p)"
            )
            for y, q in quotas.items()
        ],
        issued=dt.date(2022, 1, 1),
    )


PLAN = plan({2022: 2, 2023: 4, 2024: 6, 2025: 8})
DATA = MeasurementSet(recognitions("2022-05-01", "2022-11-01", "2023-06-01", "2024-03-01"))


class TestUnitsAgainstThePlan:
    """Ten communes; 2 recognised in 2022, 1 in 2023 (3 by 2023-12-31), 1 in March 2024;
    the plan asks 2, 4, 6, 8 by 2022–2025; the goal is 8 by 2025."""

    p = assess(COUNT, DATA, unit="38", as_of="2024-06-30", hierarchy=TEN, plan=PLAN)

    def test_ratio_against_the_quota(self) -> None:
        """(3 − 0) / (4 − 0) = 0.75 of the 2023 quota: MODERATE."""
        assert ProgressMethod.UNITS_PLAN == self.p.method
        assert 0.75 == self.p.ratio
        assert S.MODERATE == self.p.status

    def test_paces(self) -> None:
        """Observed 3 units in 3 years = 1 a year; the plan asked 4 / 3; from 3 in 2023,
        (8 − 3) / 2 = 2.5 a year are required; at 1 a year: 5 by 2025, 8 in 2028."""
        assert 1.0 == pytest.approx(self.p.observed_rate)
        assert 4 / 3 == pytest.approx(self.p.required_rate)
        assert 2.5 == pytest.approx(self.p.required_pace)
        assert 5.0 == pytest.approx(self.p.projected)
        assert 2028 == self.p.projected_year

    def test_plan_years(self) -> None:
        """Each quota beside the units completed by the end of its year."""
        assert (
            PlanYear(2022, 2, 2.0),
            PlanYear(2023, 4, 3.0),
            PlanYear(2024, 6, None),
            PlanYear(2025, 8, None),
        ) == self.p.plan

    def test_notes(self) -> None:
        """Counts are lower bounds; the March 2024 recognition is in an unended year."""
        assert ["recognised_only", "unused_after_day:1:2023-12-31"] == self.p.note_keys

    def test_points(self) -> None:
        assert Point(Period.year(2020), 0.0) == self.p.base
        assert Point(Period.year(2023), 3.0) == self.p.latest


def test_units_without_plan() -> None:
    """Without a plan: 1 unit a year against (8 − 0) / 5 = 1.6: R = 0.625, MODERATE."""
    p = assess(COUNT, DATA, unit="38", as_of="2024-06-30", hierarchy=TEN)
    assert (ProgressMethod.UNITS_PACE, 0.625, S.MODERATE) == (p.method, p.ratio, p.status)


def test_share_of_units() -> None:
    """80 % by 2030 of ten communes: 30 % by 2023, 1 unit a year against (8 − 0) / 10 =
    0.8: R = 1.25, SUBSTANTIAL; 3 + 7 = 10 units = 100 % by 2030; 8 units in 2028."""
    p = assess(SHARE, DATA, unit="38", as_of="2024-06-30", hierarchy=TEN)
    assert (30.0, 1.25, S.SUBSTANTIAL) == (p.latest and p.latest.value, p.ratio, p.status)
    assert (100.0, 2028) == (p.projected, p.projected_year)
    assert "percent" == p.unit_of_measure


def test_units_need_a_hierarchy() -> None:
    p = assess(COUNT, DATA, unit="38", as_of="2024-06-30")
    assert (S.NOT_AVAILABLE, ["no_hierarchy"]) == (p.status, p.note_keys)


def test_units_without_any_recognition() -> None:
    """No recognition nor published count: no data, never a count of zero."""
    p = assess(COUNT, MeasurementSet([]), unit="38", as_of="2024-06-30", hierarchy=TEN)
    assert (S.NOT_AVAILABLE, ["no_data:2024-06-30"]) == (p.status, p.note_keys)


def test_units_achieved() -> None:
    days = [f"2022-0{m}-01" for m in range(1, 9)]
    p = assess(
        COUNT, MeasurementSet(recognitions(*days)), unit="38", as_of="2023-01-01", hierarchy=TEN
    )
    assert (S.ACHIEVED, 2022) == (p.status, p.projected_year)


def test_plan_for_another_unit() -> None:
    p = assess(
        COUNT, DATA, unit="38", as_of="2024-06-30", hierarchy=TEN, plan=plan({2023: 4}, "39")
    )
    assert "plan_other_unit:P/1:39" in p.note_keys
    assert ProgressMethod.UNITS_PACE == p.method


def test_plan_without_the_latest_year() -> None:
    """A plan with a 2025 quota only: measured against the goal's pace, noted."""
    p = assess(COUNT, DATA, unit="38", as_of="2024-06-30", hierarchy=TEN, plan=plan({2025: 8}))
    assert ProgressMethod.UNITS_PACE == p.method
    assert "plan_no_quota:2023" in p.note_keys


def test_published_count_carried_forward() -> None:
    """A count of 5 published for 2022 counts from then on (a lower bound), where
    larger than the units recognised one by one."""
    data = MeasurementSet([ReportedCount("38", "commune", "2022", 5, 10)])
    p = assess(COUNT, data, unit="38", as_of="2024-01-01", hierarchy=TEN)
    assert Point(Period.year(2023), 5.0) == p.latest
    assert ["reported:5:2022", "recognised_only"] == p.note_keys


# The reform of 1 Jul 2025: ten communes become four new ones.
REFORMED = Hierarchy(
    [PROVINCE]
    + [
        AdministrativeUnit(
            code=u.code, name=u.name, kind="xã", parent="38", valid_until="2025-07-01"
        )
        for u in COMMUNES
    ]
    + [
        AdministrativeUnit(
            code=str(2000 + i), name=f"Xã mới {i}", kind="xã", parent="38", valid_from="2025-07-01"
        )
        for i in range(4)
    ]
)


def test_count_goal_over_the_era_it_was_set_in() -> None:
    """A count goal whose units ceased on 1 Jul 2025 is counted up to 30 Jun 2025."""
    p = assess(COUNT, DATA, unit="38", as_of="2025-12-31", hierarchy=REFORMED, plan=PLAN)
    assert "era_ended:commune:2025-07-01:2025-06-30" in p.note_keys
    assert Point(Period.day(dt.date(2025, 6, 30)), 4.0) == p.latest
    assert 0.5 == p.ratio  # 4 of the 2025 quota of 8
    assert "deadline_reached:2025" in p.note_keys


def test_count_goal_before_the_reform_projects_to_the_era_end() -> None:
    p = assess(COUNT, DATA, unit="38", as_of="2024-12-31", hierarchy=REFORMED)
    assert "era_ends:commune:2025-07-01:2025-06-30" in p.note_keys


def test_share_goal_across_the_reform() -> None:
    """A share goal is over the units of each day: the pace starts again after the
    reform, and the old plan does not apply to the new units."""
    data = MeasurementSet(
        [*recognitions("2022-05-01", "2023-06-01"), Recognition("2000", "2025-09-01", "QĐ 9")]
    )
    p = assess(SHARE, data, unit="38", as_of="2025-12-31", hierarchy=REFORMED, plan=PLAN)
    assert "era_break:2024-12-31:2025-12-31" in p.note_keys
    assert "plan_other_era" in p.note_keys
    assert Point(Period.year(2025), 25.0) == p.latest  # 1 of 4 new communes
    assert S.NOT_AVAILABLE == p.status  # one point of the new era


def test_share_goal_before_the_reform_notes_the_units_cease() -> None:
    p = assess(SHARE, DATA, unit="38", as_of="2024-06-30", hierarchy=REFORMED)
    assert "units_cease:commune:2025-07-01" in p.note_keys


def test_plan_qd969_quotas() -> None:
    """QĐ 969's cumulative commune quotas, and its 12 named district-level units."""
    assert {2022: 94, 2023: 226, 2024: 359, 2025: 477} == plan_quotas(
        thdx.plan_qd969(), Level.COMMUNE
    )
    assert {2025: 12} == plan_quotas(thdx.plan_qd969(), Level.DISTRICT)


def test_communes_against_qd969() -> None:
    """The 114 communes recognised for 2023 against QĐ 969's 226: R = 114 / 226 ≈ 0.504,
    LIMITED; 114 in three years is 38 a year."""
    p = assess(
        RB.target("2025.soc.communes_completed"),
        thdx.example_data(),
        unit="38",
        as_of="2024-06-30",
        hierarchy=thdx.thanh_hoa_units(),
        plan=thdx.plan_qd969(),
    )
    assert (ProgressMethod.UNITS_PLAN, S.LIMITED) == (p.method, p.status)
    assert 114 / 226 == pytest.approx(p.ratio)
    assert 38.0 == pytest.approx(p.observed_rate)
    assert "reported:114:2023" in p.note_keys


# -- the rulebook helper -------------------------------------------------------------------


def test_assess_rulebook() -> None:
    """One progress per target, in the rulebook's order; base years per target."""
    got = assess_rulebook(RB, thdx.example_data(), as_of="2024-06-30", base_years={DES: 2023})
    assert [t.id for t in RB.targets] == list(got)
    assert ["one_point:2023"] == got[DES].note_keys
    assert S.NOT_AVAILABLE == got["2025.soc.communes_completed"].status  # no hierarchy


def test_assess_rulebook_unknown_target() -> None:
    with pytest.raises(UnknownTargetError, match="unknown target 'nope'"):
        assess_rulebook(RB, thdx.example_data(), as_of="2024-06-30", base_years={"nope": 2020})


def test_named_units_and_completion_not_assessed() -> None:
    p = assess(thdx.plan_qd969().targets[0], DATA, unit="380", as_of="2024-06-30")
    assert (S.NOT_AVAILABLE, ProgressMethod.NONE, ["not_assessed:named units"]) == (
        p.status,
        p.method,
        p.note_keys,
    )


# -- hostile arguments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"as_of": "2025"}, ProgressError, "as_of: '2025' is not a day"),
        ({"as_of": None}, ProgressError, "as_of: None is not a day"),
        ({"unit": 38}, ProgressError, "unit: 38 is not an official unit code"),
        ({"unit": "ba tám"}, ProgressError, "unit: 'ba tám' is not an official unit code"),
        ({"base_year": 10**100}, ProgressError, "base_year must be a year from 1000 to 9999"),
        ({"base_year": True}, ProgressTypeError, "base_year must be a whole year"),
        ({"base_year": 2020.0}, ProgressTypeError, "got 2020.0"),
        ({"hierarchy": [PROVINCE]}, ProgressTypeError, "hierarchy must be a thdx.Hierarchy"),
        ({"plan": "qd969"}, ProgressTypeError, "plan must be a thdx.Rulebook"),
        ({"issued": "2021"}, ProgressError, "issued: '2021' is not a day"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[ThdxError], message: str) -> None:
    """Each bad argument is refused with a ThdxError naming the value."""
    args: dict[str, object] = {"unit": "38", "as_of": "2024-06-30", **kwargs}
    with pytest.raises(error, match=message):
        assess(RB.target(DES), des({}), **args)  # type: ignore[arg-type]


def test_bad_data_and_target() -> None:
    with pytest.raises(ProgressTypeError, match=r"data must be a thdx.MeasurementSet .*, got list"):
        assess(RB.target(DES), [], unit="38", as_of="2024-06-30")  # type: ignore[arg-type]
    with pytest.raises(ProgressTypeError, match=r"target must be a thdx.Target .*, got str"):
        assess(DES, des({}), unit="38", as_of="2024-06-30")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        assess_rulebook("06", des({}), as_of="2024-06-30")  # type: ignore[arg-type]
    assert issubclass(ProgressTypeError, ArgumentTypeError)


def test_text_refuses_other_languages() -> None:
    p = assess(RB.target(DES), des({}), unit="38", as_of="2024-06-30")
    with pytest.raises(LanguageError, match="lang must be 'en' or 'vi', got 'fr'"):
        p.text("fr")
    with pytest.raises(LanguageError):
        p.notes[0].text(None)  # type: ignore[arg-type]


def test_nan_is_refused_at_entry() -> None:
    """NaN-free by construction: a measurement refuses NaN and infinities, and a
    Progress refuses a non-finite number."""
    with pytest.raises(MeasurementError, match="nan is not a finite number"):
        Measurement("38", "digital_economy_share", math.nan, "2020")
    with pytest.raises(ProgressError, match="ratio must be a finite number or None, got nan"):
        Progress(
            target="t",
            unit="38",
            as_of=dt.date(2024, 1, 1),
            status=S.MODERATE,
            method=ProgressMethod.CAGR,
            deadline=Period.year(2030),
            threshold=30.0,
            unit_of_measure="percent",
            rate_unit="percent / year",
            ratio=math.nan,
        )


def test_huge_values_are_not_computable() -> None:
    """1e-300 to 1e300 in a year: the ratio overflows; no growth, no exception."""
    p = assess(
        level_target(1e301), levels({2020: 1e-300, 2021: 1e300}), unit="38", as_of="2022-01-01"
    )
    assert (S.NOT_AVAILABLE, ["not_computable"]) == (p.status, p.note_keys)
    json.dumps(p.to_dict(), allow_nan=False)


def test_huge_years() -> None:
    """A deadline in 9999 and an as_of in 9999: the years stay within Period's range."""
    p = assess(
        level_target(200, deadline="9999"),
        levels({2020: 100, 2021: 100.001}),
        unit="38",
        as_of="9999-12-31",
    )
    assert p.projected_year is None or p.projected_year <= 9999
    json.dumps(p.to_dict(), allow_nan=False)


def test_deadline_before_the_base() -> None:
    """A 2019 deadline with data from the base year 2020 on: every value is after it."""
    p = assess(
        level_target(200, deadline="2019"),
        levels({2020: 100, 2021: 120}),
        unit="38",
        as_of="2022-01-01",
    )
    assert (S.NOT_AVAILABLE, ["unused_after_deadline:2:2019", "no_data:2022-01-01"]) == (
        p.status,
        p.note_keys,
    )


def test_growth_on_an_empty_window_level() -> None:
    """Growth from a base level of zero: noted, no rate."""
    p = assess(GROWTH, levels({2020: 0.0, 2022: 10.0}), unit="38", as_of="2023-01-01")
    assert (S.NOT_AVAILABLE, ["base_zero:2020"]) == (p.status, p.note_keys)


# -- notes and doctests ----------------------------------------------------------------------


def test_every_note_has_both_texts() -> None:
    """Every note code renders in English and Vietnamese with placeholder arguments."""
    from thdx.progress._notes import TEMPLATES

    for code in ProgressNoteCode:
        n = TEMPLATES["en"][code].count("{")
        note = ProgressNote(code, tuple("x" for _ in range(n)))
        assert note.text("en")
        assert note.text("vi")
        assert code.value == note.to_dict()["code"]


def test_module_doctests() -> None:
    """The examples in the progress modules' docstrings run."""
    import importlib

    for name in ("", "._assess", "._math", "._notes", "._result", "._status"):
        module = importlib.import_module(f"thdx.progress{name}")
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert 0 == result.failed, name


def test_growth_sets_aside_later_data() -> None:
    """Levels after the window, or after as_of, are named in notes, never used."""
    data = levels({2020: 100, 2022: 120, 2023: 125, 2026: 130})
    p = assess(GROWTH, data, unit="38", as_of="2023-06-30")
    assert ["unused_after_as_of:2:2023-06-30", "growth_from_levels:2020:2022"] == p.note_keys
    q = assess(GROWTH, data, unit="38", as_of="2027-01-01")
    assert "unused_after_deadline:1:2025" in q.note_keys


def test_rank_at_the_deadline_projects_the_latest() -> None:
    """With the deadline year's rank known, no pace is required; the projection is it."""
    data = MeasurementSet(
        [Measurement("38", "dx_index_rank", f"{r}/63", y) for y, r in ((2020, 20), (2023, 12))]
    )
    target = Target("t.rank", Compare("dx_index_rank", "<=", 10), "2023", "province", "(test)")
    p = assess(target, data, unit="38", as_of="2024-01-01")
    assert (12.0, None) == (p.projected, p.required_pace)
    assert "deadline_reached:2023" in p.note_keys


def test_ratio_unbounded() -> None:
    """A required pace too small for a float quotient: no ratio, a note."""
    share = Target(
        "t.tiny", ShareUnits("commune", Completed(), ">=", 1e-308), "2030", "commune", "(test)"
    )
    p = assess(share, DATA, unit="38", as_of="2024-06-30", hierarchy=TEN)
    assert (S.ACHIEVED, None) == (p.status, p.ratio)
    assert "ratio_unbounded" in p.note_keys


def test_recognition_before_the_unit_began_is_not_counted() -> None:
    """A code reused by a unit that began in 2023 does not inherit a 2022 recognition."""
    h = Hierarchy(
        [
            PROVINCE,
            AdministrativeUnit(
                code="1000", name="Xã cũ", kind="xã", parent="38", valid_until="2023-01-01"
            ),
            AdministrativeUnit(
                code="1000", name="Xã mới", kind="xã", parent="38", valid_from="2023-01-01"
            ),
            *COMMUNES[1:],
        ]
    )
    data = MeasurementSet(
        [Recognition("1000", "2022-05-01", "QĐ 1"), Recognition("1001", "2023-05-01", "QĐ 2")]
    )
    p = assess(COUNT, data, unit="38", as_of="2024-01-01", hierarchy=h)
    assert Point(Period.year(2023), 1.0) == p.latest


def test_units_name_what_they_set_aside() -> None:
    """A recognition in the unended year 2024 and one after as_of are named, not used."""
    data = DATA.with_items(recognitions(*["2022-01-01"] * 9, "2024-09-01")[9:])
    p = assess(COUNT, data, unit="38", as_of="2024-06-30", hierarchy=TEN, plan=PLAN)
    assert [
        "recognised_only",
        "unused_after_day:1:2023-12-31",
        "unused_after_as_of:1:2024-06-30",
    ] == p.note_keys
    assert Point(Period.year(2023), 3.0) == p.latest
