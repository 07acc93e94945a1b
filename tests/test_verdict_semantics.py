"""Issue 17: verdicts a statistician would sign, each case computed by hand.

Every expected value below is worked out from the resolution's text and the data of
the case, not read off the engine: the comment or docstring shows the arithmetic.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import productivity_levels, productivity_rates, rulebook_of, verdict_on

import thdx
from thdx import Level, Measurement, MeasurementSet, Recognition, ReportedCount, Route, Status
from thdx.engine._evaluate import EvaluationError, EvaluationTypeError, evaluate_rule
from thdx.rules import (
    ABS_TOL,
    REL_TOL,
    AllOf,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Criterion,
    Growth,
)

RB = thdx.resolution_06()
UNITS = thdx.thanh_hoa_units()
G25, G30 = "2025.econ.productivity_growth", "2030.econ.productivity_growth"


def old_communes() -> list[thdx.AdministrativeUnit]:
    """Communes of 30 Jun 2025 that existed since before 2021 (recognisable in 2022–2024)."""
    return [u for u in UNITS.units_of(Level.COMMUNE, "2025-06-30") if u.valid_from is None]


# -- 1. a value exactly at the threshold meets it ------------------------------------------


def test_five_rates_of_8_1_meet_8_1() -> None:
    """(1.081⁵)^(1/5) − 1 = 8.1 %: five yearly rates of 8.1 % meet "8,1 % trở lên", final,
    and the explanation shows 8.1 % beside MET (the float is 8.099999999999996)."""
    v = verdict_on(productivity_rates(dict.fromkeys(range(2026, 2031), 8.1)), G30, "2031-06-30")
    assert (Status.MET, True) == (v.status, v.final)
    assert "  value: 8.1 % (compound from the yearly rates 2026–2030) [2026/2030]" in (
        v.explain().splitlines()
    )


def test_levels_growing_by_8_1_a_year_meet_8_1() -> None:
    """P2030 = P2025 · 1.081⁵: compound from levels is 8.1 %, MET."""
    p2025 = 150.0
    v = verdict_on(productivity_levels({2025: p2025, 2030: p2025 * 1.081**5}), G30, "2031-06-30")
    assert (Status.MET, "compound from levels 2025 and 2030") == (v.status, str(v.method))


@pytest.mark.parametrize("tenths", range(301))
def test_constant_series_meets_its_own_rate(tenths: int) -> None:
    """For every one-decimal rate r in 0.0 %..30.0 %, a constant series at r, as rates and
    as levels, meets a threshold of r; a series at r − 0.1 does not."""
    r = tenths / 10
    rule = Growth("labour_productivity", "2026/2030", ">=", r, "labour_productivity_growth")
    for at, expected in ((r, Status.MET), (r - 0.1, Status.NOT_MET)):
        if at < 0:
            continue
        as_rates = productivity_rates(dict.fromkeys(range(2026, 2031), round(at, 1)))
        as_levels = productivity_levels(
            {y: 100.0 * (1 + round(at, 1) / 100) ** (y - 2025) for y in range(2025, 2031)}
        )
        for items in (as_rates, as_levels):
            node = evaluate_rule(rule, MeasurementSet(items), ["38"], as_of="2031", deadline="2030")
            assert expected.code == int(node.status[0]), (r, at, float(node.value[0]))


@pytest.mark.parametrize(
    ("comparator", "value", "threshold", "expected"),
    [
        (">=", 0.1 + 0.2, 0.3, True),  # 0.30000000000000004 is 0.3
        (">", 0.1 + 0.2, 0.3, False),  # … so it is not more than 0.3
        ("<=", 0.3, 0.1 + 0.2, True),
        ("<", 0.3, 0.1 + 0.2, False),
        ("==", 8.099999999999996, 8.1, True),
        (">=", 8.0999, 8.1, False),  # a real difference (1.2e-5 relative) stays one
        (">=", 0.0, 0.0, True),
        (">", 1e-13, 0.0, False),  # within the absolute tolerance of a zero threshold
        (">", 1e-11, 0.0, True),
    ],
)
def test_comparisons_within_the_tolerance(
    comparator: str, value: float, threshold: float, expected: bool
) -> None:
    """Equality is decided within a relative 1e-9 (absolute 1e-12 at zero), scalar and array."""
    import numpy as np

    c = Comparator.parse(comparator)
    assert expected == c.holds(value, threshold)
    assert [expected] == c.apply(np.array([value]), threshold).tolist()
    assert (1e-9, 1e-12) == (REL_TOL, ABS_TOL)


def test_value_shown_never_contradicts_the_status() -> None:
    """89.999996 % is NOT_MET for "≥ 90 %": the explanation shows 89.999996 %, not 90 %."""
    v = verdict_on(
        [Measurement("38", "satisfaction_share", 89.999996, "2025")],
        "2025.gov.satisfaction",
        "2026-01-01",
    )
    assert Status.NOT_MET == v.status
    assert "  value: 89.999996 % [2025]" in v.explain().splitlines()


# -- 2 and 3. goals over units the reform rearranged ----------------------------------------


def test_qd969_quota_of_477_met_by_recognitions_before_the_reform() -> None:
    """477 communes recognised by 30 Jun 2025 meet QĐ 969's cumulative 2025 quota
    (94 + 132 + 133 + 118 = 477) as of 2025-12-31, final, judged on 2025-06-30."""
    data = MeasurementSet(
        [Recognition(u.code, "2025-05-01", f"QĐ {i}") for i, u in enumerate(old_communes()[:477])]
    )
    v = thdx.evaluate(thdx.plan_qd969(), data, units=UNITS, as_of="2025-12-31").verdict(
        "qd969.2025.communes"
    )
    assert (Status.MET, True, 477.0) == (v.status, v.final, v.value)
    assert "era_ended:commune:2025-07-01:2025-06-30" in v.note_keys


def test_share_goal_is_judged_over_the_units_of_the_day() -> None:
    """ "80 % xã" for 2030 is a share: over the 166 units of 2030-12-31; 133/166 = 80.12 %."""
    new = UNITS.units_of(Level.COMMUNE, "2025-07-01")
    data = [Recognition(u.code, "2029-01-01", "QĐ") for u in new[:133]]
    v = verdict_on(data, "2030.soc.communes_completed", "2031-01-01")
    assert v.counts is not None
    assert (Status.MET, 166, 133) == (v.status, v.counts.total, v.counts.passed)


def test_a_met_count_never_says_unreachable() -> None:
    """310 of 549 published for 2025: MET; no note calls 300 unreachable."""
    rc = ReportedCount("38", "commune", "2025", 310, 549)
    v = verdict_on([rc], "2025.soc.communes_completed", "2025-12-31")
    assert Status.MET == v.status
    assert [] == [n for n in v.note_keys if n.startswith("unreachable")]


# -- 4. which growth method decides --------------------------------------------------------


def test_complete_rates_win_over_partial_levels() -> None:
    """Rates of 10 % for 2021–2025 and levels for 2020 and 2022 only: the rates cover the
    whole window, so they decide: 10 % ≥ 9.6 %, MET, final."""
    items = [
        *productivity_rates(dict.fromkeys(range(2021, 2026), 10.0)),
        *productivity_levels({2020: 100.0, 2022: 105.0}),
    ]
    v = verdict_on(items, G25, "2026-06-30")
    assert (Status.MET, True, "compound from the yearly rates 2021–2025") == (
        v.status,
        v.final,
        str(v.method),
    )
    assert 10.0 == pytest.approx(v.value)


def test_two_complete_methods_that_disagree_show_the_other() -> None:
    """Levels 100 → 161.051 (10 %/year) and rates of 9 %: the levels decide, the rates'
    9 % is shown as not used, in both languages."""
    items = [
        *productivity_levels({2020: 100.0, 2025: 161.051}),
        *productivity_rates(dict.fromkeys(range(2021, 2026), 9.0)),
    ]
    v = verdict_on(items, G25, "2026-06-30")
    assert "compound from levels 2020 and 2025" == str(v.method)
    assert "growth_other:compound from the yearly rates 2021–2025:9" in v.note_keys
    assert "compound from the yearly rates 2021–2025 gives 9 % (not used)" in v.explain()
    assert "bình quân nhân các tốc độ tăng hàng năm 2021–2025 cho kết quả 9 %" in v.explain("vi")


def test_published_average_for_the_window() -> None:
    """A single published figure for 2021/2025 of 9.7 % decides: 9.7 ≥ 9.6, MET, final."""
    avg = Measurement("38", "labour_productivity_growth", 9.7, "2021/2025", "Báo cáo")
    v = verdict_on([avg], G25, "2026-06-30")
    assert (Status.MET, True, "published average for 2021–2025", 9.7) == (
        v.status,
        v.final,
        str(v.method),
        v.value,
    )


def test_levels_chained_with_a_last_rate() -> None:
    """Levels 2020 = 100 and 2024 = 140, a 2025 rate of 10 %: P2025 = 154, and
    (154/100)^(1/5) − 1 = 9.02 % < 9.6 %: NOT_MET, final, over 2021/2025."""
    items = [*productivity_levels({2020: 100.0, 2024: 140.0}), *productivity_rates({2025: 10.0})]
    v = verdict_on(items, G25, "2026-06-30")
    assert (Status.NOT_MET, True, "2021/2025") == (v.status, v.final, str(v.period))
    assert str(v.method) == "compound from levels 2020 and 2024 chained with the yearly rates 2025"
    assert 1.54 ** (1 / 5) * 100 - 100 == pytest.approx(v.value)


# -- 5. finality ---------------------------------------------------------------------------


def _complete_set() -> CriteriaSet:
    full = thdx.criteria_qd1829()
    return CriteriaSet("complete", "t", "commune", full.criteria, indicators=full.indicators)


def test_criteria_judged_on_older_data_are_not_final() -> None:
    """A commune passing every criterion on 2026 data counts for the 2030 share, but the
    verdict is not final even as of 2031: the 2030 data could change it."""
    rb = RB.with_completion(_complete_set())
    commune = UNITS.units_of(Level.COMMUNE, "2026-01-01")[0].code
    data = MeasurementSet(
        [
            Measurement(commune, "cashless_electricity_household_share", 70, "2026"),
            Measurement(commune, "adults_digital_signature_share", 40, "2026"),
            Measurement(commune, "ehr_updated_share", 96, "2026"),
        ],
        catalogue=rb.catalogue,
    )
    report = thdx.evaluate(rb, data, units=UNITS, as_of="2031-06-30")
    v = report.verdict("2030.soc.communes_completed")
    assert (1, False) == (v.counts and v.counts.passed, v.final)
    (child,) = [c for c in v.children if c.unit == commune]
    assert (Status.MET, Route.CRITERIA) == (child.status, child.route)
    (criteria,) = child.children
    assert "standing:2026:2030" in criteria.children[0].note_keys


def test_all_of_with_a_final_failure_is_final() -> None:
    """All of (satisfaction ≥ 90 % on 2025 data: 80 % fails; level-4 services: no data):
    NOT_MET, and final, whatever the unknown part turns out to be."""
    rule = AllOf(
        [Compare("satisfaction_share", ">=", 90), Compare("level4_services_share", ">=", 100)]
    )
    data = MeasurementSet([Measurement("38", "satisfaction_share", 80, "2025")])
    node = evaluate_rule(rule, data, ["38"], as_of="2026-06-30", deadline="2025")
    assert ([Status.NOT_MET.code], [True]) == (node.status.tolist(), node.final.tolist())


def test_set_aside_data_is_named_beside_a_standing() -> None:
    """Satisfaction 2024 = 95 % and 2026 = 97 %, goal 2025, as of 2026-12-31: a standing
    on 2024, and the 2026 figure, after the deadline period, is named as set aside."""
    items = [Measurement("38", "satisfaction_share", x, y) for y, x in ((2024, 95), (2026, 97))]
    v = verdict_on(items, "2025.gov.satisfaction", "2026-12-31")
    assert (Status.MET, False) == (v.status, v.final)
    assert ("standing:2024:2025", "after_deadline:2025") == v.note_keys


# -- 6. criteria sets whose pass rule is not public --------------------------------------


def test_unknown_pass_rule_cannot_fail_a_commune() -> None:
    """QĐ 1829's pass rule is not public: failing one known criterion (e-signatures 10 %
    < 30 %) leaves the commune UNKNOWN, and the trace says why."""
    rb = RB.with_completion(thdx.criteria_qd1829())
    data = MeasurementSet(
        [
            Measurement("16000", "cashless_electricity_household_share", 70, "2024"),
            Measurement("16000", "adults_digital_signature_share", 10, "2024"),
            Measurement("16000", "ehr_updated_share", 96, "2024"),
        ],
        catalogue=rb.catalogue,
    )
    v = thdx.evaluate(rb, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.communes_completed"
    )
    (child,) = [c for c in v.children if c.unit == "16000"]
    assert Status.UNKNOWN == child.status
    assert "pass_rule_unknown:qd1829.commune" in child.note_keys
    (criteria,) = child.children
    assert (thdx.rules.Undetermined, [Status.MET, Status.NOT_MET, Status.MET]) == (
        type(criteria.rule),
        [c.status for c in criteria.children],
    )


def test_incomplete_at_least_set_never_fails_a_unit() -> None:
    """An incomplete "at least 2" set whose known criteria all fail: the missing criteria
    could still pass, so the unit is UNKNOWN, not NOT_MET."""
    cs = CriteriaSet(
        "part",
        "t",
        "commune",
        [
            Criterion("a", "satisfaction_share", ">=", 90),
            Criterion("b", "satisfaction_share", ">=", 95),
        ],
        pass_rule="at_least",
        at_least=2,
        complete=False,
    )
    data = MeasurementSet([Measurement("16000", "satisfaction_share", 50, "2025")])
    node = evaluate_rule(Completed(cs), data, ["16000"], units=UNITS, as_of="2025-06-30")
    assert [Status.UNKNOWN.code] == node.status.tolist()


def test_score_sets_have_their_own_rule_in_the_trace() -> None:
    """A score set's trace names the rule "Score" (not "AllOf"): 3 points of a cut of 3,
    MET although "all of" would be NOT_MET."""
    cs = CriteriaSet(
        "score",
        "t",
        "commune",
        [
            Criterion("a", "satisfaction_share", ">=", 50, points=3),
            Criterion("b", "level4_services_share", ">=", 90, points=2),
        ],
        pass_rule="score",
        score_at_least=3,
    )
    data = MeasurementSet(
        [
            Measurement("16000", "satisfaction_share", 60, "2024"),
            Measurement("16000", "level4_services_share", 10, "2024"),
        ]
    )
    rb = RB.with_completion(cs)
    v = thdx.evaluate(rb, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.communes_completed"
    )
    (child,) = [c for c in v.to_dict()["children"] if c["unit"] == "16000"]
    assert ("met", "Score", 3.0) == (
        child["status"],
        child["children"][0]["rule"],
        child["children"][0]["value"],
    )


# -- 7. nothing used is dropped in silence ---------------------------------------------


def test_readme_recognition_counts_for_the_2025_goal_and_is_named_for_2030() -> None:
    """The README's Recognition(unit="14758", on="2023-12-20") as of 2025-12-31: one old
    commune completed for the 2025 goal (judged on 2025-06-30); for the 2030 share it is
    a unit of another era, named with its count."""
    data = MeasurementSet([Recognition(unit="14758", on="2023-12-20", decision="QĐ .../QĐ-UBND")])
    report = thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31")
    v25 = report.verdict("2025.soc.communes_completed")
    assert (Status.UNKNOWN, 1.0) == (v25.status, v25.value)
    v30 = report.verdict("2030.soc.communes_completed")
    assert "unused_other_era:1:2025-12-31" in v30.note_keys
    assert (
        "not counted: 1 data item(s) about units that do not exist on 2025-12-31 (another era)"
        in (v30.explain())
    )
    assert "1 số liệu về các đơn vị không tồn tại vào ngày 2025-12-31" in v30.explain("vi")


def test_data_after_as_of_and_after_the_day_judged_are_counted() -> None:
    """A recognition dated after as_of and one after the 2023 quota's day: both named."""
    c = old_communes()[0].code
    data = MeasurementSet(
        [
            Recognition(c, "2024-03-01", "QĐ 1"),
            Recognition(old_communes()[1].code, "2027-01-01", "QĐ 2"),
        ]
    )
    report = thdx.evaluate(thdx.plan_qd969(), data, units=UNITS, as_of="2024-06-30")
    v = report.verdict("qd969.2023.communes")
    assert "unused_after_day:1:2023-12-31" in v.note_keys
    assert "unused_after_as_of:1:2024-06-30" in v.note_keys


def test_data_about_a_unit_outside_the_jurisdiction_is_named() -> None:
    """A measurement of a unit of another province in the same hierarchy: named."""
    h = thdx.Hierarchy(
        [
            thdx.AdministrativeUnit(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh"),
            thdx.AdministrativeUnit(code="40", name="Tỉnh Nghệ An", kind="tỉnh"),
        ]
    )
    data = MeasurementSet(
        [
            Measurement("38", "satisfaction_share", 92, "2025"),
            Measurement("40", "satisfaction_share", 88, "2025"),
        ]
    )
    v = thdx.evaluate(RB, data, units=h, as_of="2026-01-01").verdict("2025.gov.satisfaction")
    assert (Status.MET, ("unused_outside:1:38",)) == (v.status, v.note_keys)


def test_sub_unit_data_of_a_province_goal_is_named() -> None:
    """District figures of a province-level goal are not used without breakdown=: named."""
    district = UNITS.units_of(Level.DISTRICT, "2025-06-30")[0].code
    data = [Measurement(district, "satisfaction_share", 92, "2024")]
    v = verdict_on(data, "2025.gov.satisfaction", "2025-01-01")
    assert "unused_sub_units:1" in v.note_keys
    with_bd = thdx.evaluate(
        RB, MeasurementSet(data), units=UNITS, as_of="2025-01-01", breakdown="district"
    )
    assert "unused_sub_units:1" not in with_bd.verdict("2025.gov.satisfaction").note_keys


# -- evaluate's own arguments ------------------------------------------------------------


def test_evaluate_refuses_a_list_of_measurements() -> None:
    """A list is not a MeasurementSet: a clear TypeError, not AttributeError."""
    m = Measurement("38", "satisfaction_share", 92, "2025")
    with pytest.raises(EvaluationTypeError) as info:
        thdx.evaluate(RB, [m], units=UNITS)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert (
        "data must be a thdx.MeasurementSet, got list "
        "(wrap measurements in thdx.MeasurementSet([...]))" == str(info.value)
    )


def test_evaluate_refuses_an_unknown_breakdown_level() -> None:
    """breakdown='village' names the levels that exist."""
    with pytest.raises(EvaluationError) as info:
        thdx.evaluate(RB, MeasurementSet(), units=UNITS, breakdown="village")
    assert (
        "breakdown level 'village' does not exist (expected one of 'province', 'district', "
        "'commune')" == str(info.value)
    )


def test_evaluate_refuses_an_unknown_count_era() -> None:
    """count_era takes 'set' or 'current' only."""
    with pytest.raises(EvaluationError, match=r"^count_era must be 'set' or 'current', got 'now'$"):
        thdx.evaluate(RB, MeasurementSet(), units=UNITS, count_era="now")  # type: ignore[arg-type]


def test_share_units_rule_is_unaffected_by_count_era() -> None:
    """A share is always judged over the units of the day, whatever count_era says."""
    for era in ("set", "current"):
        report = thdx.evaluate(RB, MeasurementSet(), units=UNITS, as_of="2031-01-01", count_era=era)
        v = report.verdict("2030.soc.communes_completed")
        assert v.counts is not None
        assert (166, dt.date(2030, 12, 31)) == (v.counts.total, v.counts.on)
        assert not any(n.startswith("era_") for n in v.note_keys)


def test_evaluate_refuses_units_that_are_not_a_hierarchy() -> None:
    """units= takes a Hierarchy; a list of units is refused with its type named."""
    with pytest.raises(EvaluationTypeError, match=r"^units must be a thdx.Hierarchy, got list$"):
        thdx.evaluate(RB, MeasurementSet(), units=list(UNITS))  # type: ignore[arg-type]


def test_era_note_in_vietnamese() -> None:
    """The era note names the reform day and the day judged in Vietnamese as well."""
    v = verdict_on([], "2025.soc.districts_completed", "2025-12-31")
    assert (
        "các đơn vị cấp huyện của thời kỳ đặt mục tiêu đã chấm dứt từ ngày 2025-07-01 (sắp xếp "
        "đơn vị hành chính): đánh giá trên các đơn vị tồn tại vào ngày cuối cùng, 2025-06-30"
        in v.explain("vi")
    )


# -- regressions found in review (each reproduced first) ---------------------------------


def _two_provinces() -> thdx.Hierarchy:
    """Province 01: four communes all replaced on 1 Jul 2025 by commune 2000; province 02:
    four communes that never change."""
    au = thdx.AdministrativeUnit
    units = [au(code="01", name="Tỉnh A", kind="tỉnh"), au(code="02", name="Tỉnh B", kind="tỉnh")]
    units += [
        au(
            code=f"{1000 + i}",
            name=f"Xã A{i}",
            kind="xã",
            parent="01",
            valid_until="2025-07-01",
            successors=("2000",),
        )
        for i in range(4)
    ]
    units += [au(code="2000", name="Xã A mới", kind="xã", parent="01", valid_from="2025-07-01")]
    units += [au(code=f"{3000 + i}", name=f"Xã B{i}", kind="xã", parent="02") for i in range(4)]
    return thdx.Hierarchy(units)


def test_a_batch_of_jurisdictions_judges_each_count_in_its_own_era() -> None:
    """Province 01 with 3 of its 4 old communes recognised in 2024, goal "≥ 3 communes by
    2025": MET on 2025-06-30 alone and also in a batch with province 02, whose communes
    never changed (02: 0 of 4, UNKNOWN)."""
    h = _two_provinces()
    rule = CountUnits("commune", Completed(), ">=", 3)
    t = thdx.Target("x.count", rule, "2025", "commune", "c", units=("02", "01"))
    data = MeasurementSet([Recognition(f"{1000 + i}", "2024-05-01", "QĐ") for i in range(3)])
    rb = rulebook_of(t, jurisdiction="01")
    report = thdx.evaluate(rb, data, units=h, as_of="2025-12-31")
    a, b = report.verdict("x.count", unit="01"), report.verdict("x.count", unit="02")
    assert (Status.MET, True, 3.0, 4) == (a.status, a.final, a.value, a.counts and a.counts.total)
    assert "era_ended:commune:2025-07-01:2025-06-30" in a.note_keys
    assert (Status.UNKNOWN, 0, 4) == (
        b.status,
        b.counts and b.counts.passed,
        b.counts and b.counts.total,
    )
    assert not any(n.startswith("era_") for n in b.note_keys)


def test_a_named_unit_whose_code_was_reused_keeps_its_recognition() -> None:
    """A plan of 2022 names commune 14758 (Phường Đông Thọ then), recognised 2023-12-20;
    from 1 Jul 2025 the code names Phường Hàm Rồng. As of 2025-12-31 the plan's unit is
    judged on its last day: MET, final."""
    plan = thdx.loads_rulebook(
        """
schema_version = 1
[rulebook]
id = "x/plan"
number = "x"
title = "Kế hoạch"
jurisdiction = "38"
issued = "2022-03-18"
[[targets]]
id = "t.14758"
clause = "x"
clause_verbatim = false
deadline = "2025"
scope = "commune"
measure = "completed"
units = ["14758"]
""",
        base=RB.catalogue,
    )
    data = MeasurementSet([Recognition("14758", "2023-12-20", "QĐ 1")])
    v = thdx.evaluate(plan, data, units=UNITS, as_of="2025-12-31").verdict("t.14758")
    assert (Status.MET, True, ("unit_ended:14758:2025-06-30",)) == (v.status, v.final, v.note_keys)


def test_an_older_published_count_is_a_lower_bound_like_the_same_recognitions() -> None:
    """114 of 559 published for 2023 and 114 recognitions dated 2023 give the same verdict
    for "≥ 300 by 2025" as of 2024-06-30: UNKNOWN, 114 (the other units are unknown)."""
    rc = ReportedCount("38", "commune", "2023", 114, 559)
    recs = [Recognition(u.code, "2023-06-01", "QĐ") for u in old_communes()[:114]]
    for items in ([rc], recs):
        v = verdict_on(items, "2025.soc.communes_completed", "2024-06-30")
        assert (Status.UNKNOWN, 114.0, False) == (v.status, v.value, v.final)


def test_a_count_without_total_is_about_the_only_era_of_its_level() -> None:
    """ "6 districts completed in 2025", no total, as of 2025-12-31: no district exists after
    30 Jun 2025, so it can only count the 26 districts of that day: MET, final."""
    rc = ReportedCount("38", "district", "2025", 6)
    v = verdict_on([rc], "2025.soc.districts_completed", "2025-12-31")
    assert (Status.MET, True, 6.0, Route.REPORTED) == (v.status, v.final, v.value, v.route)


def test_count_and_named_district_judged_on_the_same_last_day_agree_on_finality() -> None:
    """As of 2025-08-01 (after 30 Jun 2025, before the deadline's end): the 06-district
    count and QĐ 969's target for district 380 are both judged on 2025-06-30, both final."""
    recs = [
        Recognition(u.code, "2024-06-01", "QĐ")
        for u in UNITS.units_of(Level.DISTRICT, "2025-06-30")[:6]
    ]
    recs.append(Recognition("380", "2024-06-01", "QĐ 380")) if "380" not in {
        r.unit for r in recs
    } else None
    data = MeasurementSet(recs)
    count = thdx.evaluate(RB, data, units=UNITS, as_of="2025-08-01").verdict(
        "2025.soc.districts_completed"
    )
    plan = thdx.evaluate(thdx.plan_qd969(), data, units=UNITS, as_of="2025-08-01").verdict(
        "qd969.2025.district.380"
    )
    assert (Status.MET, True) == (count.status, count.final)
    assert (Status.MET, True) == (plan.status, plan.final)


def test_criteria_on_the_era_last_day_can_be_final() -> None:
    """The era of the 2025 commune goal ends on 2025-06-30: criteria data for 2025-H1 (a
    period ending that day) is final; 2024 data is a standing; 2025 data, ending after
    the day judged, is set aside with after_day."""
    rb = RB.with_completion(_complete_set())
    c = old_communes()[0].code

    def judged(period: str) -> thdx.SubVerdict:
        data = MeasurementSet(
            [
                Measurement(c, "cashless_electricity_household_share", 70, period),
                Measurement(c, "adults_digital_signature_share", 40, period),
                Measurement(c, "ehr_updated_share", 96, period),
            ],
            catalogue=rb.catalogue,
        )
        v = thdx.evaluate(rb, data, units=UNITS, as_of="2030-01-01").verdict(
            "2025.soc.communes_completed"
        )
        (child,) = [x for x in v.children if x.unit == c]
        return child

    assert (Status.MET, ()) == (
        judged("2025-H1").status,
        judged("2025-H1").children[0].children[0].note_keys,
    )
    assert "standing:2024:2025" in judged("2024").children[0].children[0].note_keys
    late = judged("2025").children[0].children[0]
    assert (Status.UNKNOWN, ("no_data:2025-06-30", "after_day:2025-06-30")) == (
        late.status,
        late.note_keys,
    )


def test_levels_falling_to_zero_are_minus_100_a_year() -> None:
    """Levels 100 (2020) → 0 (2025): (0/100)^(1/5) − 1 = −100 % a year: NOT_MET, final."""
    v = verdict_on(productivity_levels({2020: 100.0, 2025: 0.0}), G25, "2026-06-30")
    assert (Status.NOT_MET, True, -100.0) == (v.status, v.final, v.value)


def test_negative_points_are_refused() -> None:
    """A score with negative points would let an unknown criterion lower it: refused."""
    with pytest.raises(thdx.rules._vocabulary.RuleError, match=r"points ≥ 0"):
        thdx.rules.Score([Compare("a", ">=", 1), Compare("b", ">=", 1)], (3, -2), 3)
    with pytest.raises(thdx.rules._vocabulary.RuleError, match=r"^points must be ≥ 0"):
        Criterion("a", "satisfaction_share", ">=", 50, points=-1)


@pytest.mark.parametrize(
    ("comparator", "expected"),
    [
        (">=", (True, False)),
        (">", (True, False)),
        ("<=", (False, True)),
        ("<", (False, True)),
        ("==", (False, False)),
    ],
)
def test_infinities_are_not_within_any_tolerance(
    comparator: str, expected: tuple[bool, bool]
) -> None:
    """+inf and −inf compared with 5: ordered as numbers, never equal to 5."""
    import numpy as np

    c = Comparator.parse(comparator)
    inf = float("inf")
    assert expected == (c.holds(inf, 5), c.holds(-inf, 5))
    assert list(expected) == c.apply(np.array([inf, -inf]), 5).tolist()


def test_growth_standing_names_later_data_set_aside() -> None:
    """Levels 2020 and 2024 (a standing over 2021/2024) and a 2026 level, as of 2026-12-31:
    the 2026 level, after the window, is named as set aside."""
    v = verdict_on(productivity_levels({2020: 100.0, 2024: 140.0, 2026: 170.0}), G25, "2026-12-31")
    assert ("growth_partial:2021/2024:2021/2025", "after_deadline:2025") == v.note_keys


def test_a_count_published_after_the_day_judged_is_named() -> None:
    """A count for 2025-H2 (the 166 new communes) cannot judge the 2025 goal, judged on
    2025-06-30: it is named, not dropped."""
    rc = ReportedCount("38", "commune", "2025-H2", 100, 166)
    v = verdict_on([rc], "2025.soc.communes_completed", "2025-12-31")
    assert "unused_after_day:1:2025-06-30" in v.note_keys


def test_a_breakdown_does_not_hide_what_it_did_not_use() -> None:
    """Commune figures with breakdown="district": the district breakdown does not use
    them, so they are still named on the province's verdict."""
    c = old_communes()[0].code
    data = MeasurementSet([Measurement(c, "satisfaction_share", 92, "2024")])
    report = thdx.evaluate(RB, data, units=UNITS, as_of="2025-01-01", breakdown="district")
    assert "unused_sub_units:1" in report.verdict("2025.gov.satisfaction").note_keys


def test_share_inside_all_of_uses_its_communes_data() -> None:
    """ "All of" a province value and a commune share: the commune rows the share read are
    used, not named as set aside."""
    rule = AllOf(
        [
            Compare("satisfaction_share", ">=", 90),
            thdx.rules.ShareUnits("commune", Compare("satisfaction_share", ">=", 50), ">=", 50),
        ]
    )
    t = thdx.Target("x.mixed", rule, "2030", "province", "c", clause_verbatim=False)
    rb = rulebook_of(t)
    new = UNITS.units_of(Level.COMMUNE, "2026-01-01")
    data = MeasurementSet(
        [Measurement("38", "satisfaction_share", 95, "2026")]
        + [Measurement(u.code, "satisfaction_share", 60, "2026") for u in new]
    )
    v = thdx.evaluate(rb, data, units=UNITS, as_of="2026-12-31").verdict("x.mixed")
    assert Status.MET == v.status
    assert not any(n.startswith("unused") for n in v.note_keys)


@pytest.mark.parametrize(
    "text", ["9.7 %/year", "9.7 % / year", "9.7 percent per year", "9.7 %/năm"]
)
def test_growth_rates_accept_percent_per_year(text: str) -> None:
    """goals.md gives growth rates in percent per year: "9.7 %/year" is a rate of 9.7 %,
    through the API and through a CSV file; a share in percent per year is refused."""
    assert 9.7 == Measurement("38", "labour_productivity_growth", text, "2021").magnitude
    csv = (
        f"unit,indicator,period,value,source\n38,labour_productivity_growth,2021/2025,{text},GSO\n"
    )
    data = thdx.parse_measurements(csv, name="g.csv")
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2026-06-30").verdict(G25)
    assert (Status.MET, 9.7) == (v.status, v.value)
    with pytest.raises(thdx.MeasurementError, match="cannot be converted to 'percent'"):
        Measurement("38", "satisfaction_share", text, "2021")


# -- regressions found by the analyst's review ------------------------------------------


@pytest.mark.parametrize(
    ("period", "final"), [("2025-H1", True), ("2025-Q2", False), ("2024", False)]
)
def test_criteria_on_the_era_last_day_are_final_only_for_the_whole_period(
    period: str, final: bool
) -> None:
    """300 old communes passing every criterion, 2025 goal judged on 2025-06-30: data for
    2025-H1 (the deadline period up to that day) is final; a quarter or an older year is a
    standing, as a part of the year is for any goal."""
    rb = RB.with_completion(_complete_set())
    items = [
        Measurement(u.code, ind, value, period)
        for u in old_communes()[:300]
        for ind, value in (
            ("cashless_electricity_household_share", 70),
            ("adults_digital_signature_share", 40),
            ("ehr_updated_share", 96),
        )
    ]
    data = MeasurementSet(items, catalogue=rb.catalogue)
    v = thdx.evaluate(rb, data, units=UNITS, as_of="2025-12-31").verdict(
        "2025.soc.communes_completed"
    )
    assert (Status.MET, final) == (v.status, v.final)
    assert ("units_standing:300" in v.note_keys) is not final


def test_growth_without_data_says_no_data_and_a_window_not_begun_says_so() -> None:
    """No data: no_data, like every goal; a 2025 base level only, as of 2026-06-30, for the
    2026–2030 window: no year of the window has ended."""
    assert ("no_data:2025-06-30",) == verdict_on([], G30, "2025-06-30").note_keys
    v = verdict_on(productivity_levels({2025: 150.0}), G30, "2026-06-30")
    assert ("growth_not_started:2026/2030:2026-06-30",) == v.note_keys
    assert "chưa có năm nào của giai đoạn 2026/2030 kết thúc đến 2026-06-30" in v.explain("vi")


def test_a_first_rate_chains_with_later_levels() -> None:
    """A 2021 rate of 10 % and levels 2021 = 100, 2025 = 146.41 (10 %/year): 1.1 × 1.4641
    = 1.1⁵, so 10 % a year over the whole window, MET and final."""
    items = [*productivity_rates({2021: 10.0}), *productivity_levels({2021: 100.0, 2025: 146.41})]
    v = verdict_on(items, G25, "2026-06-30")
    assert (Status.MET, True, "2021/2025") == (v.status, v.final, str(v.period))
    assert 10.0 == pytest.approx(v.value)
    assert "compound from the yearly rates 2021 chained with levels 2021 and 2025" == str(v.method)


def test_values_beyond_a_gap_are_named() -> None:
    """Rates 2021–2022 and a 2025 level with no level before it: the growth stands on
    2021/2022 and the 2025 level, which nothing chains to, is named as not used."""
    items = [*productivity_rates({2021: 10.0, 2022: 10.0}), *productivity_levels({2025: 150.0})]
    v = verdict_on(items, G25, "2026-06-30")
    assert ("growth_partial:2021/2022:2021/2025", "growth_unused:1") == v.note_keys


def test_a_share_measured_beside_its_parts_names_their_ratio() -> None:
    """A digital economy share of 19 % measured directly, and its parts for the same year
    (60 / 300 nghìn tỷ = 20 %): the measured 19 % is used (NOT_MET), the parts' 20 %
    named."""
    data = [
        Measurement("38", "digital_economy_share", "19 %", "2025"),
        Measurement("38", "digital_economy_value", "60 nghìn tỷ đồng", "2025"),
        Measurement("38", "grdp", "300 nghìn tỷ đồng", "2025"),
    ]
    v = verdict_on(data, "2025.econ.digital_economy_share", "2026-01-01")
    assert (Status.NOT_MET, 19.0) == (v.status, v.value)
    assert ("parts_differ:20 %:digital_economy_value:grdp",) == v.note_keys


def test_a_published_count_above_the_units_is_not_used() -> None:
    """600 communes published as completed for 2024, judged on 2025-01-01 over 549:
    impossible, so it decides nothing (UNKNOWN) and the verdict says why."""
    rc = ReportedCount("38", "commune", "2024", 600)
    v = verdict_on([rc], "2025.soc.communes_completed", "2025-01-01")
    assert (Status.UNKNOWN, ("reported_impossible:600:2024:549",)) == (v.status, v.note_keys)
