"""Tests of thdx.engine: the hand-computed cases of time, growth, counts and completion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
import numpy as np
import pytest
from helpers import keys

import thdx
from thdx import Level, Route, Status
from thdx.engine import evaluate_rule
from thdx.model import AdministrativeUnit, Hierarchy, ThdxError
from thdx.rules import (
    AllOf,
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Criterion,
    Growth,
    ShareUnits,
)
from thdx.store import Measurement, MeasurementSet, Recognition, ReportedCount

RB = thdx.resolution_06()
UNITS = thdx.thanh_hoa_units()
GROWTH = "2025.econ.productivity_growth"


def levels(values: dict[int, float]) -> list[Measurement]:
    """Labour productivity of the province (million VND per worker), by year."""
    return [
        Measurement("38", "labour_productivity", v, y, "Cục Thống kê") for y, v in values.items()
    ]


def rates(values: dict[int, float]) -> list[Measurement]:
    """Yearly growth of labour productivity of the province (percent), by year."""
    return [
        Measurement("38", "labour_productivity_growth", f"{v} %", y, "Cục Thống kê")
        for y, v in values.items()
    ]


def verdict(
    items: Sequence[Measurement | Recognition | ReportedCount],
    target: str,
    as_of: str,
    unit: str | None = None,
) -> thdx.Verdict:
    """The verdict of one target of Resolution 06 on these items."""
    report = thdx.evaluate(RB, MeasurementSet(items), units=UNITS, as_of=as_of)
    return report.verdict(target, unit)


def status_of(node_status: np.ndarray) -> list[Status]:
    """The engine's status codes as Statuses."""
    by_code = {s.code: s for s in Status}
    return [by_code[int(x)] for x in node_status]


# -- growth -------------------------------------------------------------------------------


def test_growth_from_levels_and_from_rates_agree() -> None:
    """Levels 100 → 153.4 and rates 30, 0, 0, 0, 18 % both give 8.93 %/year, each named."""
    from_levels = verdict(levels({2020: 100.0, 2025: 153.4}), GROWTH, "2026-06-30")
    from_rates = verdict(
        rates({2021: 30, 2022: 0, 2023: 0, 2024: 0, 2025: 18}), GROWTH, "2026-06-30"
    )
    assert (8.93, "compound from levels 2020 and 2025") == (
        round(from_levels.value or 0, 2),
        str(from_levels.method),
    )
    assert (8.93, "compound from the yearly rates 2021–2025") == (
        round(from_rates.value or 0, 2),
        str(from_rates.method),
    )
    assert from_levels.value == pytest.approx(from_rates.value, rel=1e-12)


def test_growth_rates_are_compounded_not_averaged() -> None:
    """Rates 30, 0, 0, 0, 18 % average 8.93 % compound, not the arithmetic 9.6 %: NOT_MET."""
    v = verdict(rates({2021: 30, 2022: 0, 2023: 0, 2024: 0, 2025: 18}), GROWTH, "2026-06-30")
    assert (Status.NOT_MET, True, 8.93) == (v.status, v.final, round(v.value or 0, 2))
    assert "2021/2025" == str(v.period)


def test_arithmetic_growth_is_named() -> None:
    """An arithmetic mean, asked for explicitly, gives 9.6 % and says so."""
    rule = Growth(
        "labour_productivity", "2021/2025", ">=", 9.6, "labour_productivity_growth", "arithmetic"
    )
    data = MeasurementSet(rates({2021: 30, 2022: 0, 2023: 0, 2024: 0, 2025: 18}))
    node = evaluate_rule(rule, data, ["38"], as_of="2026-06-30", deadline="2025")
    assert ([Status.MET], 9.6, ["arithmetic mean of the yearly rates 2021–2025"]) == (
        status_of(node.status),
        round(float(node.value[0]), 6),
        [str(m) for m in node.methods or []],
    )


def test_growth_missing_year_is_unknown() -> None:
    """Rates for 2021, 2022, 2024 and 2025 but not 2023: UNKNOWN, no number, 2023 named."""
    v = verdict(rates({2021: 30, 2022: 0, 2024: 0, 2025: 18}), GROWTH, "2026-06-30")
    assert (Status.UNKNOWN, None, None) == (v.status, v.value, v.method)
    assert ("growth_missing:2023",) == v.note_keys
    assert "growth needs every year of the window; missing: 2023" in v.explain()


def test_growth_without_any_data_names_every_year() -> None:
    """No data at all: UNKNOWN, with the note every goal without data has; with some data,
    the missing years are named (the base year too, when neither levels nor rates start)."""
    v = verdict([], GROWTH, "2026-06-30")
    assert (Status.UNKNOWN, ("no_data:2025-12-31",)) == (v.status, v.note_keys)
    w = verdict(levels({2023: 120.0}), GROWTH, "2026-06-30")
    assert ("growth_missing:2020,2021,2022,2024,2025",) == w.note_keys


def test_growth_on_part_of_the_window_is_a_standing() -> None:
    """Rates for 2021–2023 only, as of mid-2024: a not-final standing over 2021/2023."""
    v = verdict(rates({2021: 10, 2022: 10, 2023: 10}), GROWTH, "2024-06-30")
    assert (Status.MET, False, "2021/2023") == (v.status, v.final, str(v.period))
    assert ("growth_partial:2021/2023:2021/2025",) == v.note_keys
    assert round(v.value or 0, 9) == 10.0


def test_growth_prefers_levels_to_rates() -> None:
    """With both levels and rates, the levels decide (and the method says so)."""
    items = [*levels({2020: 100.0, 2025: 200.0}), *rates(dict.fromkeys(range(2021, 2026), 0))]
    v = verdict(items, GROWTH, "2026-06-30")
    assert ("compound from levels 2020 and 2025", Status.MET) == (str(v.method), v.status)
    assert 2 == len(v.measurements)


def test_growth_from_a_zero_base_level_falls_back_to_rates() -> None:
    """A base level of 0 gives no growth from levels; the rates are used instead."""
    items = [*levels({2020: 0.0, 2025: 200.0}), *rates(dict.fromkeys(range(2021, 2026), 10))]
    v = verdict(items, GROWTH, "2026-06-30")
    assert "compound from the yearly rates 2021–2025" == str(v.method)


def test_growth_rates_that_wipe_out_the_level_are_minus_100() -> None:
    """A yearly rate of -100 % (the level fell to zero): (0 · 1 · 1 · 1 · 1)^(1/5) − 1 is
    −100 % a year, NOT_MET; a base level of zero gives no number at all, and says so."""
    v = verdict(rates({2021: -100, 2022: 0, 2023: 0, 2024: 0, 2025: 0}), GROWTH, "2026-06-30")
    assert (Status.NOT_MET, -100.0) == (v.status, v.value)
    w = verdict(levels({2020: 0.0, 2025: 150.0}), GROWTH, "2026-06-30")
    assert (Status.UNKNOWN, ("growth_out_of_range:2021/2025",)) == (w.status, w.note_keys)


def test_growth_ignores_years_after_as_of() -> None:
    """As of mid-2025, the 2025 level is not used: growth runs 2021–2024, not final."""
    v = verdict(levels({2020: 100.0, 2024: 146.41, 2025: 300.0}), GROWTH, "2025-06-30")
    assert ("compound from levels 2020 and 2024", False) == (str(v.method), v.final)
    assert 10.0 == round(v.value or 0, 6)


# -- time -----------------------------------------------------------------------------------


def satisfaction(value: float, period: str) -> Measurement:
    """The province's satisfaction share for a period."""
    return Measurement("38", "satisfaction_share", value, period, "SIPAS")


def test_data_after_as_of_is_never_used() -> None:
    """A 2025 figure is not used as of 2025-06-30, even though it is the deadline year."""
    v = verdict([satisfaction(95.0, "2025")], "2025.gov.satisfaction", "2025-06-30")
    notes = ("unused_after_as_of:1:2025-06-30", "no_data:2025-06-30")
    assert (Status.UNKNOWN, None, notes) == (v.status, v.period, v.note_keys)


def test_data_after_as_of_does_not_replace_older_data() -> None:
    """As of 2025-06-30, the 2024 figure stands, not the 2025 one."""
    items = [satisfaction(80.0, "2024"), satisfaction(95.0, "2025")]
    v = verdict(items, "2025.gov.satisfaction", "2025-06-30")
    assert (Status.NOT_MET, False, "2024", 80.0) == (v.status, v.final, str(v.period), v.value)


def test_verdict_on_the_deadline_year_is_final() -> None:
    """Data for 2025, as of 2026, gives a final verdict on 2025."""
    items = [satisfaction(80.0, "2024"), satisfaction(92.5, "2025")]
    v = verdict(items, "2025.gov.satisfaction", "2026-01-15")
    assert (Status.MET, True, "2025", ()) == (v.status, v.final, str(v.period), v.note_keys)


def test_verdict_on_older_data_is_not_final_and_says_which_period() -> None:
    """A standing on 2024 data is not final, and its explanation names 2024."""
    v = verdict([satisfaction(92.5, "2024")], "2025.gov.satisfaction", "2026-01-15")
    assert (Status.MET, False, "2024") == (v.status, v.final, str(v.period))
    assert (
        "  note: not final: judged on data for 2024, not for the deadline period 2025"
        in v.explain().splitlines()
    )
    assert "MET (not final)" in v.explain().splitlines()[0]


def test_data_after_the_deadline_does_not_judge_it() -> None:
    """A 2026 figure does not judge the 2025 goal, even as of 2027."""
    items = [satisfaction(80.0, "2024"), satisfaction(95.0, "2026")]
    v = verdict(items, "2025.gov.satisfaction", "2027-01-01")
    assert (Status.NOT_MET, "2024") == (v.status, str(v.period))


def test_deadline_period_preferred_over_a_later_shorter_period() -> None:
    """Data for the whole deadline year wins over a quarter that ends on the same day."""
    items = [satisfaction(95.0, "2025"), satisfaction(50.0, "2025-Q4")]
    v = verdict(items, "2025.gov.satisfaction", "2026-01-15")
    assert (Status.MET, True, "2025") == (v.status, v.final, str(v.period))


def test_latest_period_stands_when_the_deadline_period_is_missing() -> None:
    """Without 2025 data, the latest period up to as_of stands (a quarter of 2025 here)."""
    items = [satisfaction(95.0, "2024"), satisfaction(50.0, "2025-Q3")]
    v = verdict(items, "2025.gov.satisfaction", "2026-01-15")
    assert (Status.NOT_MET, False, "2025-Q3") == (v.status, v.final, str(v.period))


@pytest.mark.parametrize(
    "as_of",
    ["2026-11-27", dt.date(2026, 11, 27), dt.datetime(2026, 11, 27, 8, 30)],
)
def test_as_of_forms(as_of: str | dt.date) -> None:
    """as_of may be a day as text, a date or a datetime."""
    report = thdx.evaluate(RB, MeasurementSet(), as_of=as_of)
    assert dt.date(2026, 11, 27) == report.as_of


def test_as_of_a_year_means_its_last_day() -> None:
    """as_of "2025" evaluates on 31 Dec 2025."""
    assert dt.date(2025, 12, 31) == thdx.evaluate(RB, MeasurementSet(), as_of="2025").as_of


def test_as_of_defaults_to_today() -> None:
    """Without as_of, the evaluation date is today."""
    assert dt.date.today() == thdx.evaluate(RB, MeasurementSet()).as_of


# -- the scorecard on the example data --------------------------------------------------------


@pytest.fixture(scope="module")
def scorecard() -> thdx.Report:
    """Resolution 06 on the bundled example data, as of 27 Nov 2026."""
    return thdx.evaluate(RB, thdx.example_data(), as_of="2026-11-27", units=UNITS)


def test_scorecard_dx_rank(scorecard: thdx.Report) -> None:
    """Rank 5 of 34 in 2024: MET, not final, on 2024 data, cohort 34 in the trace."""
    v = scorecard.verdict("2025.overall.dx_rank_top10")
    assert (Status.MET, False, "2024", 5.0) == (v.status, v.final, str(v.period), v.value)
    assert [34] == [m.cohort for m in v.measurements]
    assert (
        "  data: dx_index_rank = 5/34 [2024], source: DTI 2024 (Bộ KH&CN, QĐ 405/QĐ-BKHCN)"
        in v.explain().splitlines()
    )
    assert 34 == v.to_dict()["measurements"][0]["cohort"]


def test_scorecard_digital_economy_share(scorecard: thdx.Report) -> None:
    """8.28 % in 2023: NOT_MET, not final, judged on 2023."""
    v = scorecard.verdict("2025.econ.digital_economy_share")
    assert (Status.NOT_MET, False, "2023", 8.28) == (v.status, v.final, str(v.period), v.value)
    assert ("standing:2023:2025",) == v.note_keys


@pytest.mark.parametrize(
    "target",
    [
        "2025.gov.systems_connected",
        "2025.gov.online_inspections",
        "2025.gov.level4_services",
        "2025.gov.satisfaction",
        "2025.gov.eid_users",
        "2025.econ.productivity_growth",
        "2025.econ.dx_enterprises",
        "2025.soc.epayment_accounts",
        "2030.gov.satisfaction",
        "2030.gov.online_inspections",
        "2030.econ.productivity_growth",
        "2030.econ.dx_enterprises",
        "2030.soc.epayment_accounts",
    ],
)
def test_scorecard_goals_without_data_are_unknown(scorecard: thdx.Report, target: str) -> None:
    """A goal with no data is UNKNOWN with no value, never MET or NOT_MET."""
    v = scorecard.verdict(target)
    assert (Status.UNKNOWN, None, None, False) == (v.status, v.value, v.period, v.final)


def test_scorecard_summary(scorecard: thdx.Report) -> None:
    """The whole scorecard: 2 MET, 3 NOT_MET, 16 UNKNOWN, 1 NOT_APPLICABLE.

    By hand: MET are the two top-10 ranks (5/34); NOT_MET the digital-government rank
    (9/63 > 5) and the two digital-economy shares (8.28 % < 20 % and < 30 %);
    NOT_APPLICABLE the 2030 district share (no district level after 1 Jul 2025). The 300
    communes of 2025 are UNKNOWN: judged over the 549 communes of 2025-06-30 (the last
    day of the era the goal was set in), the count 114 published for 2023 is a lower
    bound (114 ≤ completed ≤ 558), as 114 recognitions would be; the 06 districts of 2025
    are UNKNOWN too (no data for the 26 districts of 2025-06-30).
    """
    expected = {
        Status.MET: 2,
        Status.NOT_MET: 3,
        Status.UNKNOWN: 16,
        Status.NOT_APPLICABLE: 1,
    }
    assert expected == scorecard.summary()


# -- counts and shares of units -----------------------------------------------------------------


def small_hierarchy() -> Hierarchy:
    """Province 1 with district 10 (communes 100, 101) and district 11 (commune 110)."""
    return Hierarchy(
        [
            AdministrativeUnit(code="1", name="Tỉnh A", kind="tỉnh"),
            AdministrativeUnit(code="10", name="Huyện B", kind="huyện", parent="1"),
            AdministrativeUnit(code="11", name="Huyện C", kind="huyện", parent="1"),
            AdministrativeUnit(code="100", name="Xã D", kind="xã", parent="10"),
            AdministrativeUnit(code="101", name="Xã E", kind="xã", parent="10"),
            AdministrativeUnit(code="110", name="Xã G", kind="xã", parent="11"),
        ]
    )


def test_batch_counts_every_ancestor() -> None:
    """A province evaluated beside its districts still counts every commune (3), not 1."""
    rule = CountUnits("commune", Compare("satisfaction_share", ">=", 50), ">=", 3)
    data = MeasurementSet(
        [Measurement(c, "satisfaction_share", 75, "2024") for c in ("100", "101", "110")]
    )
    node = evaluate_rule(rule, data, ["1", "10", "11"], units=small_hierarchy(), as_of="2024")
    assert [3, 2, 1] == [c.passed for c in node.counts or [] if c is not None]
    assert [Status.MET, Status.NOT_MET, Status.NOT_MET] == status_of(node.status)


def test_batch_with_a_code_twice() -> None:
    """A code given twice in a batch gets its units both times."""
    rule = CountUnits("commune", Completed(), ">=", 0)
    node = evaluate_rule(
        rule, MeasurementSet(), ["10", "10"], units=small_hierarchy(), as_of="2024"
    )
    assert [2, 2] == [c.total for c in node.counts or [] if c is not None]


def test_count_of_units_with_unknowns() -> None:
    """2 known passes and 1 unknown: '≥ 2' MET, '≥ 3' UNKNOWN, '≥ 4' NOT_MET."""
    data = MeasurementSet(
        [Measurement(c, "satisfaction_share", 75, "2024") for c in ("100", "101")]
    )
    got = []
    for n in (2, 3, 4):
        rule = CountUnits("commune", Compare("satisfaction_share", ">=", 50), ">=", n)
        got += status_of(
            evaluate_rule(rule, data, ["1"], units=small_hierarchy(), as_of="2024").status
        )
    assert [Status.MET, Status.UNKNOWN, Status.NOT_MET] == got


@pytest.mark.parametrize(
    ("values", "threshold", "expected"),
    [
        ({"100": 75, "101": 75, "110": 25}, 2, Status.MET),
        ({"100": 75, "101": 25, "110": 25}, 2, Status.NOT_MET),
        ({"100": 75, "101": 75}, 2, Status.UNKNOWN),
        ({"100": 75, "101": 75, "110": 75}, 2, Status.NOT_MET),
    ],
)
def test_count_exactly(values: dict[str, float], threshold: int, expected: Status) -> None:
    """'== n' is MET only when known passes are n and nothing is unknown."""
    data = MeasurementSet(
        [Measurement(c, "satisfaction_share", v, "2024") for c, v in values.items()]
    )
    rule = CountUnits("commune", Compare("satisfaction_share", ">=", 50), "==", threshold)
    node = evaluate_rule(rule, data, ["1"], units=small_hierarchy(), as_of="2024")
    assert [expected] == status_of(node.status)


def test_share_of_units() -> None:
    """2 of 3 communes passing: a share of 66.67 %; '≥ 60 %' MET, '≥ 70 %' NOT_MET."""
    data = MeasurementSet(
        [
            Measurement(c, "satisfaction_share", v, "2024")
            for c, v in (("100", 75), ("101", 75), ("110", 25))
        ]
    )
    got = []
    for threshold in (60, 70):
        rule = ShareUnits("commune", Compare("satisfaction_share", ">=", 50), ">=", threshold)
        node = evaluate_rule(rule, data, ["1"], units=small_hierarchy(), as_of="2024")
        got += status_of(node.status)
        assert 66.67 == round(float(node.value[0]), 2)
    assert [Status.MET, Status.NOT_MET] == got


def test_count_without_hierarchy_is_unknown_and_says_why() -> None:
    """A count of units with no units= given (and no default in the rulebook) is UNKNOWN,
    with a note naming units=."""
    report = thdx.evaluate(attrs.evolve(RB, units=None), MeasurementSet(), as_of="2024-12-31")
    v = report.verdict("2025.soc.communes_completed")
    assert (Status.UNKNOWN, ("no_hierarchy",)) == (v.status, v.note_keys)
    assert "  note: no administrative units were given (units=)" in v.explain().splitlines()


def test_share_over_a_level_that_no_longer_exists() -> None:
    """The 2030 district share, as of 2030, is NOT_APPLICABLE: no districts on 31 Dec 2030."""
    v = verdict([], "2030.soc.districts_completed", "2031-06-30")
    assert (Status.NOT_APPLICABLE, ("no_units:district:2030-12-31",)) == (v.status, v.note_keys)


def test_count_of_a_level_abolished_is_judged_on_its_last_day() -> None:
    """The 2025 count of 06 districts, as of 2026: the 26 districts of 2025-06-30, UNKNOWN."""
    v = verdict([], "2025.soc.districts_completed", "2026-06-30")
    assert (Status.UNKNOWN, ("era_ended:district:2025-07-01:2025-06-30",)) == (
        v.status,
        v.note_keys,
    )
    assert v.counts is not None
    assert (26, "2025-06-30") == (v.counts.total, v.counts.on.isoformat())


def test_count_above_the_units_that_exist_is_unreachable() -> None:
    """300 communes counted, as asked, over the 166 of 2025-12-31 (count_era='current'):
    NOT_MET whatever the data (even all 166 passing is < 300), and the note says why.
    By default (the era the goal was set in) the same empty data gives UNKNOWN."""
    rb, data = RB, MeasurementSet()
    report = thdx.evaluate(rb, data, units=UNITS, as_of="2026-06-30", count_era="current")
    v = report.verdict("2025.soc.communes_completed")
    assert Status.NOT_MET == v.status
    assert "unreachable:300:166:commune" in v.note_keys
    default = thdx.evaluate(rb, data, units=UNITS, as_of="2026-06-30")
    assert Status.UNKNOWN == default.verdict("2025.soc.communes_completed").status


def test_count_on_standings_before_the_deadline_is_not_final() -> None:
    """Counting units judged on data older than the deadline is not final, even after it."""
    data = MeasurementSet(
        [Measurement(c, "satisfaction_share", 75, "2024") for c in ("100", "101", "110")]
    )
    rule = CountUnits("commune", Compare("satisfaction_share", ">=", 50), ">=", 3)
    node = evaluate_rule(rule, data, ["1"], units=small_hierarchy(), as_of="2026", deadline="2025")
    assert ([Status.MET], [False]) == (status_of(node.status), node.final.tolist())


def test_count_on_deadline_data_is_final() -> None:
    """Counting units judged on data for the deadline year is final."""
    data = MeasurementSet(
        [Measurement(c, "satisfaction_share", 75, "2025") for c in ("100", "101", "110")]
    )
    rule = CountUnits("commune", Compare("satisfaction_share", ">=", 50), ">=", 3)
    node = evaluate_rule(rule, data, ["1"], units=small_hierarchy(), as_of="2026", deadline="2025")
    assert ([Status.MET], [True]) == (status_of(node.status), node.final.tolist())


# -- reported counts ------------------------------------------------------------------------


def test_reported_count_decides_without_unit_data() -> None:
    """A count published for 2026 decides the 2030 share when no unit-level data is known."""
    rc = ReportedCount(unit="38", level="commune", period="2026", count=150, total=166)
    v = verdict([rc], "2030.soc.communes_completed", "2027-06-30")
    assert (Status.MET, False, "2026") == (v.status, v.final, str(v.period))
    assert round(150 * 100 / 166, 6) == round(v.value or 0, 6)
    assert rc == v.reported_count


def test_reported_count_after_the_deadline_does_not_judge_it() -> None:
    """A count published for 2026 does not judge the 2025 goal, even as of 2027."""
    rc = ReportedCount(unit="38", level="commune", period="2026", count=150, total=166)
    v = verdict([rc], "2025.soc.communes_completed", "2027-06-30")
    assert (None, None, Status.UNKNOWN) == (v.reported_count, v.period, v.status)
    assert (
        "era_ended:commune:2025-07-01:2025-06-30",
        "unused_after_day:1:2025-06-30",
    ) == v.note_keys


def test_reported_count_of_another_era_is_not_used() -> None:
    """A count published for 2023 (old communes) says nothing of the communes of 2026."""
    rc = ReportedCount(unit="38", level="commune", period="2023", count=114, total=558)
    v = verdict([rc], "2030.soc.communes_completed", "2026-11-27")
    assert (Status.UNKNOWN, ("reported_other_era:114:2023:558:166",)) == (v.status, v.note_keys)


def test_reported_count_on_the_deadline_period_is_final() -> None:
    """A count published for the deadline year, used as of after it, is final."""
    rc = ReportedCount(unit="38", level="commune", period="2030", count=150, total=166)
    v = verdict([rc], "2030.soc.communes_completed", "2031-06-30")
    assert (Status.MET, True) == (v.status, v.final)


# -- completion ------------------------------------------------------------------------------


def criteria(pass_rule: str = "all", **kw: object) -> CriteriaSet:
    """A criteria set of two share criteria (≥ 50 % each, 2 and 1 points)."""
    return CriteriaSet(
        id="cs",
        title="Bộ tiêu chí",
        level="commune",
        criteria=[
            Criterion("a", "satisfaction_share", ">=", 50, points=2.0),
            Criterion("b", "eid_users_share", ">=", 50),
        ],
        pass_rule=pass_rule,
        **kw,  # type: ignore[arg-type]
    )


def commune_data(a: float | None, b: float | None) -> list[Measurement]:
    """Commune 100's values of the two criteria (None: missing)."""
    out = []
    if a is not None:
        out.append(Measurement("100", "satisfaction_share", a, "2024"))
    if b is not None:
        out.append(Measurement("100", "eid_users_share", b, "2024"))
    return out


@pytest.mark.parametrize(
    ("rule", "a", "b", "expected"),
    [
        (Completed(criteria(pass_rule="all")), 75, 75, Status.MET),
        (Completed(criteria(pass_rule="all")), 75, 25, Status.NOT_MET),
        (Completed(criteria(pass_rule="all")), 75, None, Status.UNKNOWN),
        (Completed(criteria(pass_rule="all")), 25, None, Status.NOT_MET),
        (Completed(criteria(pass_rule="at_least", at_least=1)), 75, None, Status.MET),
        (Completed(criteria(pass_rule="at_least", at_least=2)), 25, None, Status.NOT_MET),
        (Completed(criteria(pass_rule="score", score_at_least=2)), 75, None, Status.MET),
        (Completed(criteria(pass_rule="score", score_at_least=3)), 75, None, Status.UNKNOWN),
        (Completed(criteria(pass_rule="score", score_at_least=2)), 25, 75, Status.NOT_MET),
    ],
)
def test_completion_by_criteria(
    rule: Completed, a: float | None, b: float | None, expected: Status
) -> None:
    """A criteria set decides completion by its pass rule, three-valued."""
    node = evaluate_rule(
        rule, MeasurementSet(commune_data(a, b)), ["100"], units=small_hierarchy(), as_of="2024"
    )
    assert [expected] == status_of(node.status)


def test_incomplete_criteria_never_show_completion() -> None:
    """Passing every known criterion of an incomplete set is UNKNOWN, and the note says so."""
    rule = Completed(criteria(complete=False))
    node = evaluate_rule(rule, MeasurementSet(commune_data(75, 75)), ["100"], as_of="2024")
    assert ([Status.UNKNOWN], {0: ["incomplete:cs"]}) == (status_of(node.status), keys(node.notes))


def test_incomplete_criteria_can_show_failure() -> None:
    """Failing a known criterion of an incomplete set is NOT_MET."""
    rule = Completed(criteria(complete=False))
    node = evaluate_rule(rule, MeasurementSet(commune_data(25, 75)), ["100"], as_of="2024")
    assert [Status.NOT_MET] == status_of(node.status)


def test_recognition_decides_before_criteria() -> None:
    """A recognition makes a unit complete even if its criteria fail; the route says so."""
    rec = Recognition(unit="100", on="2024-03-01", decision="QĐ 12/QĐ-UBND")
    data = MeasurementSet([*commune_data(25, 25), rec])
    node = evaluate_rule(Completed(criteria()), data, ["100"], as_of="2024")
    assert ([Status.MET], {0: (rec,)}) == (status_of(node.status), node.recognitions)


def test_recognition_after_the_day_is_not_used() -> None:
    """A recognition dated after the evaluation day does not count."""
    rec = Recognition(unit="100", on="2025-03-01", decision="QĐ 12/QĐ-UBND")
    node = evaluate_rule(Completed(), MeasurementSet([rec]), ["100"], as_of="2024-12-31")
    assert [Status.UNKNOWN] == status_of(node.status)


def test_completion_of_a_unit_that_did_not_exist_yet() -> None:
    """Completion of a unit created after the evaluation day is NOT_APPLICABLE."""
    h = Hierarchy(
        [
            *small_hierarchy(),
            AdministrativeUnit(
                code="120", name="Xã H", kind="xã", parent="1", valid_from="2026-01-01"
            ),
        ]
    )
    node = evaluate_rule(Completed(), MeasurementSet(), ["120"], units=h, as_of="2025-12-31")
    assert ([Status.NOT_APPLICABLE], {0: ["unit_gone:120:2025-12-31"]}) == (
        status_of(node.status),
        keys(node.notes),
    )


def test_completion_carried_over_only_when_asked() -> None:
    """A predecessor's recognition counts for its successor only with carry_over=True."""
    old = next(u for u in UNITS.units_of(Level.COMMUNE, "2025-06-30") if u.successors)
    new = old.successors[0]
    data = MeasurementSet([Recognition(unit=old.code, on="2024-05-01", decision="QĐ 1/QĐ-UBND")])
    plain = evaluate_rule(Completed(), data, [new], units=UNITS, as_of="2025-12-31")
    carried = evaluate_rule(
        Completed(carry_over=True), data, [new], units=UNITS, as_of="2025-12-31"
    )
    assert [Status.UNKNOWN] == status_of(plain.status)
    assert ([Status.MET], {0: ["carried"]}) == (status_of(carried.status), keys(carried.notes))


def test_carry_over_for_a_code_outside_the_hierarchy() -> None:
    """carry_over with a code the hierarchy does not know carries nothing."""
    node = evaluate_rule(
        Completed(carry_over=True), MeasurementSet(), ["999999"], units=UNITS, as_of="2025-12-31"
    )
    assert [Status.UNKNOWN] == status_of(node.status)


# -- combinations and batches ---------------------------------------------------------------


def test_combination_is_final_only_when_every_part_is() -> None:
    """AllOf on a final MET and a not-final MET is MET, not final."""
    rule = AllOf([Compare("satisfaction_share", ">=", 50), Compare("eid_users_share", ">=", 50)])
    data = MeasurementSet(
        [satisfaction(75, "2025"), Measurement("38", "eid_users_share", 75, "2024")]
    )
    node = evaluate_rule(rule, data, ["38"], as_of="2026", deadline="2025")
    assert ([Status.MET], [False]) == (status_of(node.status), node.final.tolist())


def test_compare_without_deadline_is_final_when_known() -> None:
    """evaluate_rule without a deadline: a known value is final, a missing one is not."""
    node = evaluate_rule(
        Compare("satisfaction_share", ">=", 50),
        MeasurementSet([satisfaction(75, "2024")]),
        ["38", "1"],
        as_of="2024",
    )
    assert ([Status.MET, Status.UNKNOWN], [True, False]) == (
        status_of(node.status),
        node.final.tolist(),
    )


def test_unit_data_before_the_unit_existed_is_not_used() -> None:
    """A value for 2024 of a commune created on 1 Jul 2025 is not its standing."""
    new = UNITS.units_of(Level.COMMUNE, "2025-07-01")[0].code
    data = MeasurementSet([Measurement(new, "satisfaction_share", 75, "2024")])
    node = evaluate_rule(
        Compare("satisfaction_share", ">=", 50), data, [new], units=UNITS, as_of="2025-12-31"
    )
    assert [Status.UNKNOWN] == status_of(node.status)


def test_breakdown_needs_units() -> None:
    """Asking for a breakdown without units= is an error that says so."""
    rb = attrs.evolve(RB, units=None)  # no default hierarchy either
    with pytest.raises(ThdxError, match=r"^breakdown= needs units= \(a Hierarchy\)$"):
        thdx.evaluate(rb, MeasurementSet(), as_of="2024-12-31", breakdown="district")


def test_breakdown_judges_each_district() -> None:
    """A breakdown by district judges the province's value targets for every district: 27
    on 2024-12-31 (Đông Sơn merged into TP Thanh Hóa on 1 Jan 2025, context.md), 26 after."""
    for day, n in (("2024-12-31", 27), ("2025-06-30", 26)):
        report = thdx.evaluate(RB, MeasurementSet(), units=UNITS, as_of=day, breakdown=["district"])
        assert n == len(report.breakdown("2025.gov.satisfaction", "district"))


def test_breakdown_by_an_absent_level_says_so() -> None:
    """After the reform a breakdown by district is empty, and the verdict names why."""
    report = thdx.evaluate(
        RB, MeasurementSet(), units=UNITS, as_of="2026-06-30", breakdown="district"
    )
    assert [] == report.breakdown("2030.gov.satisfaction", "district")
    v = report.verdict("2030.gov.satisfaction")
    assert "breakdown_absent:district:2026-06-30" in v.note_keys
    assert "no district-level units exist on 2026-06-30: the breakdown by district is empty" in (
        v.explain()
    )


def test_assigned_units_are_judged_each() -> None:
    """A plan target assigned to unit 380 is judged for 380, not for the province."""
    plan = thdx.plan_qd969()
    rec = Recognition(unit="380", on="2024-05-01", decision="QĐ 5/QĐ-UBND")
    report = thdx.evaluate(plan, MeasurementSet([rec]), units=UNITS, as_of="2025-06-30")
    v = report.verdict("qd969.2025.district.380")
    assert ("380", Status.MET, Route.RECOGNITION) == (v.unit, v.status, v.route)


def test_rollup_says_when_recognitions_were_carried_over() -> None:
    """A count that used carried-over recognitions says how many units were counted so."""
    old = [u for u in UNITS.units_of(Level.COMMUNE, "2025-06-30") if u.successors][:3]
    recs = [
        Recognition(unit=u.code, on="2024-05-01", decision=f"QĐ {i}/QĐ-UBND")
        for i, u in enumerate(old)
    ]
    successors = {s for u in old for s in u.successors}
    rb = RB.with_completion(carry_over=True)
    v = thdx.evaluate(rb, MeasurementSet(recs), units=UNITS, as_of="2026-06-30").verdict(
        "2030.soc.communes_completed"
    )
    assert (f"carried_units:{len(successors)}",) == v.note_keys
    assert v.counts is not None
    assert len(successors) == v.counts.passed


def test_rollup_says_when_criteria_are_incomplete() -> None:
    """A count judged on the incomplete QĐ 1829 criteria says so once, on the count."""
    rb = RB.with_completion(thdx.criteria_qd1829())
    v = thdx.evaluate(rb, MeasurementSet(), units=UNITS, as_of="2024-06-30").verdict(
        "2025.soc.communes_completed"
    )
    assert (Status.UNKNOWN, ("incomplete:qd1829.commune",)) == (v.status, v.note_keys)


def test_reported_count_disagreeing_with_unit_data() -> None:
    """Unit-level data wins over a published count, and the disagreement is noted."""
    communes = UNITS.units_of(Level.COMMUNE, "2024-12-31")[:3]
    items: list[Measurement | Recognition | ReportedCount] = [
        Recognition(unit=u.code, on="2024-05-01", decision=f"QĐ {i}/QĐ-UBND")
        for i, u in enumerate(communes)
    ]
    items.append(ReportedCount(unit="38", level="commune", period="2024", count=114, total=558))
    v = verdict(items, "2025.soc.communes_completed", "2024-12-31")
    assert (Status.UNKNOWN, ("reported_disagrees:114:3:2024",), None) == (
        v.status,
        v.note_keys,
        v.route,
    )


def test_reported_counts_for_a_batch() -> None:
    """Published counts decide every unit of a batch that has one."""
    rc = ReportedCount(unit="38", level="commune", period="2024", count=350, total=558)
    node = evaluate_rule(
        CountUnits("commune", Completed(), ">=", 300),
        MeasurementSet([rc]),
        ["38", "38"],
        units=UNITS,
        as_of="2024-12-31",
    )
    assert ([Status.MET, Status.MET], [350.0, 350.0]) == (
        status_of(node.status),
        node.value.tolist(),
    )


def test_reported_count_agreeing_with_unit_data_adds_no_note() -> None:
    """A published count equal to the units known to pass is kept in the trace, silently."""
    communes = UNITS.units_of(Level.COMMUNE, "2024-12-31")[:3]
    rc = ReportedCount(unit="38", level="commune", period="2024", count=3, total=558)
    items: list[Measurement | Recognition | ReportedCount] = [
        Recognition(unit=u.code, on="2024-05-01", decision=f"QĐ {i}/QĐ-UBND")
        for i, u in enumerate(communes)
    ]
    v = verdict([*items, rc], "2025.soc.communes_completed", "2024-12-31")
    assert (Status.UNKNOWN, (), rc) == (v.status, v.note_keys, v.reported_count)
