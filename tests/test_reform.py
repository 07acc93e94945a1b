"""Unit completion across the 1 Jul 2025 reform: the hand-computed cases."""

from __future__ import annotations

import pytest

import thdx
from thdx import Level, Route, Status

UNITS = thdx.thanh_hoa_units()
RB = thdx.resolution_06()


def _old(level: Level) -> list[thdx.AdministrativeUnit]:
    """The units of ``level`` on the eve of the reform that existed since before 2021
    (not the communes formed on 1 Jan 2025), so a recognition dated 2022-2024 is theirs."""
    return [u for u in UNITS.units_of(level, "2025-06-30") if u.valid_from is None]


def _new_communes() -> list[thdx.AdministrativeUnit]:
    return list(UNITS.units_of(Level.COMMUNE, "2025-07-01"))


def _recognised(units: list[thdx.AdministrativeUnit], on: str) -> thdx.MeasurementSet:
    return thdx.MeasurementSet(
        [
            thdx.Recognition(unit=u.code, on=on, decision=f"QĐ {i}/QĐ-UBND")
            for i, u in enumerate(units)
        ]
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2025-06-30", (1, 26, 549)), ("2025-07-01", (1, 0, 166))],
)
def test_unit_counts_per_level(day: str, expected: tuple[int, int, int]) -> None:
    """The official lists give 1/26/549 units before the reform and 1/0/166 after."""
    at = UNITS.at(day)
    actual = tuple(sum(u.level is lv for u in at) for lv in Level)
    assert expected == actual


def test_300_recognised_communes_meet_the_2025_count() -> None:
    """300 recognised communes meet 'at least 300' as of 2025-06-30."""
    data = _recognised(_old(Level.COMMUNE)[:300], "2024-12-01")
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.communes_completed"
    )
    assert (Status.MET, 300) == (v.status, v.counts and v.counts.passed)
    assert (False, 549 - 300) == (v.final, v.counts and v.counts.unknown)


def test_299_recognised_communes_leave_the_count_unknown() -> None:
    """299 recognised communes, the rest unknown, do not meet the count: UNKNOWN."""
    data = _recognised(_old(Level.COMMUNE)[:299], "2024-12-01")
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.communes_completed"
    )
    assert Status.UNKNOWN == v.status


def test_six_recognised_districts_meet_the_2025_count() -> None:
    """Six recognised district-level units meet the 2025 goal as of 2025-06-30."""
    data = _recognised(_old(Level.DISTRICT)[:6], "2024-06-01")
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.districts_completed"
    )
    assert v.counts is not None
    assert (Status.MET, 6, 26) == (v.status, v.counts.passed, v.counts.total)


def test_district_goal_judged_on_the_eve_of_the_reform() -> None:
    """As of 2025-12-31 the district level no longer exists: the 2025 goal of 06 districts,
    set over the districts of 2021, is judged over the 26 of 30 Jun 2025: 6 ≥ 6, MET, final."""
    data = _recognised(_old(Level.DISTRICT)[:6], "2024-06-01")
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31").verdict(
        "2025.soc.districts_completed"
    )
    assert v.counts is not None
    assert (Status.MET, True, 6, 26) == (v.status, v.final, v.counts.passed, v.counts.total)
    assert "2025-06-30" == v.counts.on.isoformat()
    expected = (
        "the district-level units of the era this goal was set in ceased on 2025-07-01 "
        "(administrative reform): judged over the units that existed on its last day, 2025-06-30"
    )
    assert expected in v.explain()


def test_commune_goal_without_data_is_unknown_not_a_final_failure() -> None:
    """No data at all, as of 2025-12-31: the 300-commune goal is UNKNOWN (549 unknown)."""
    v = thdx.evaluate(RB, thdx.MeasurementSet(), units=UNITS, as_of="2025-12-31").verdict(
        "2025.soc.communes_completed"
    )
    assert v.counts is not None
    assert (Status.UNKNOWN, 0, 549) == (v.status, v.counts.passed, v.counts.unknown)
    assert not any(n.startswith("unreachable") for n in v.note_keys)


def test_300_old_communes_recognised_in_2024_stay_met_after_the_reform() -> None:
    """300 old communes recognised in December 2024 meet the goal as of 2025-06-30 and
    still as of 2025-12-31 (judged on 2025-06-30, final): the recognitions never vanish."""
    data = _recognised(_old(Level.COMMUNE)[:300], "2024-12-01")
    for day, final in (("2025-06-30", False), ("2025-12-31", True)):
        v = thdx.evaluate(RB, data, units=UNITS, as_of=day).verdict("2025.soc.communes_completed")
        assert (Status.MET, 300.0, final) == (v.status, v.value, v.final)


def test_count_over_the_new_units_is_an_explicit_option() -> None:
    """count_era='current' counts the 166 new units: 166 < 300, NOT_MET, unreachable, and
    the verdict names the option; by default the same data counts nothing of the old era."""
    data = _recognised(_new_communes(), "2025-09-01")
    report = thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31", count_era="current")
    v = report.verdict("2025.soc.communes_completed")
    assert Status.NOT_MET == v.status
    expected = "unreachable: the threshold 300 exceeds the 166 commune-level units that exist"
    assert expected in v.explain()
    assert "counted, as asked (count_era='current'), over the units of 2025-12-31" in v.explain()
    default = thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31")
    d = default.verdict("2025.soc.communes_completed")
    assert (Status.UNKNOWN, 0) == (d.status, d.counts and d.counts.passed)
    # The 166 recognitions are of units that did not exist on 2025-06-30: named, counted.
    assert "unused_other_era:166:2025-06-30" in d.note_keys


@pytest.mark.parametrize(("n", "status"), [(133, Status.MET), (132, Status.NOT_MET)])
def test_2030_share_of_new_communes(n: int, status: Status) -> None:
    """133 of 166 new units (80.1 %) meet the 2030 share of 80 %; 132 (79.5 %) do not."""
    communes = _new_communes()
    data = thdx.MeasurementSet(
        [
            *(thdx.Recognition(unit=u.code, on="2030-06-01", decision="QĐ") for u in communes[:n]),
        ]
    )
    full = thdx.criteria_qd1829()
    complete = thdx.CriteriaSet(
        id="all-pass",
        title="test",
        level="commune",
        criteria=full.criteria,
        complete=True,
        indicators=full.indicators,
    )
    rb = RB.with_completion(criteria=complete)
    cat = rb.catalogue
    below = [
        thdx.Measurement(unit=u.code, indicator=c.indicator, value=0, period="2030", catalogue=cat)
        for u in communes[n:]
        for c in complete.criteria
    ]
    data = thdx.MeasurementSet([*data.recognitions, *below], catalogue=cat)
    v = thdx.evaluate(rb, data, units=UNITS, as_of="2030-12-31").verdict(
        "2030.soc.communes_completed"
    )
    assert v.counts is not None
    assert (status, n, 166 - n, 0) == (
        v.status,
        v.counts.passed,
        v.counts.failed,
        v.counts.unknown,
    )


def test_old_recognition_does_not_count_for_a_reused_code() -> None:
    """A 2023 recognition of old 14758 (Đông Thọ) does not make new 14758 (Hàm Rồng) complete."""
    data = thdx.MeasurementSet([thdx.Recognition(unit="14758", on="2023-12-20", decision="QĐ 1")])
    report = thdx.evaluate(RB, data, units=UNITS, as_of="2026-01-01")
    v = report.verdict("2030.soc.communes_completed")
    assert v.counts is not None
    assert 0 == v.counts.passed


def test_carry_over_is_explicit_and_named() -> None:
    """With carry_over, an old commune's recognition counts for its successor, and says so."""
    old = UNITS.get("14755", on="2025-06-30")  # Phường Hàm Rồng (old) became new 14758
    data = thdx.MeasurementSet([thdx.Recognition(unit=old.code, on="2023-12-20", decision="QĐ 1")])
    plain = thdx.evaluate(RB, data, units=UNITS, as_of="2026-01-01")
    carried = thdx.evaluate(
        RB.with_completion(carry_over=True), data, units=UNITS, as_of="2026-01-01"
    )
    v0 = plain.verdict("2030.soc.communes_completed")
    v1 = carried.verdict("2030.soc.communes_completed")
    assert v0.counts is not None
    assert v1.counts is not None
    assert (0, 1) == (v0.counts.passed, v1.counts.passed)
    child = next(c for c in v1.children if c.status is Status.MET)
    assert (Route.CARRIED_RECOGNITION, old.successors) == (child.route, (child.unit,))
    assert any("carried over" in n for n in (x.text() for x in child.notes))


def test_reported_count_used_when_no_unit_data() -> None:
    """A published count for the level decides when no unit-level data exists, marked reported."""
    data = thdx.MeasurementSet(
        [thdx.ReportedCount(unit="38", level="commune", period="2025-H1", count=114, total=549)]
    )
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.communes_completed"
    )
    assert (Status.NOT_MET, 114.0, False, Route.REPORTED) == (v.status, v.value, v.final, v.route)
    assert v.reported_count is not None
    assert v.reported_count.count == 114


def test_published_count_of_the_old_era_counts_for_the_old_era() -> None:
    """310 of 549 for 2025 (a period across the reform) counts the 549 old communes: it
    decides the 300-commune goal, MET and final as of 2025-12-31, like 310 recognitions."""
    rc = thdx.ReportedCount(unit="38", level="commune", period="2025", count=310, total=549)
    v = thdx.evaluate(RB, thdx.MeasurementSet([rc]), units=UNITS, as_of="2025-12-31").verdict(
        "2025.soc.communes_completed"
    )
    assert (Status.MET, 310.0, True, Route.REPORTED) == (v.status, v.value, v.final, v.route)
    assert not any(n.startswith("unreachable") for n in v.note_keys)
    same = _recognised(_old(Level.COMMUNE)[:310], "2025-03-01")
    w = thdx.evaluate(RB, same, units=UNITS, as_of="2025-12-31").verdict(
        "2025.soc.communes_completed"
    )
    assert (Status.MET, 310.0) == (w.status, w.value)
    # The same count says nothing of the 166 new communes (the 2030 share goal).
    x = thdx.evaluate(RB, thdx.MeasurementSet([rc]), units=UNITS, as_of="2026-06-30").verdict(
        "2030.soc.communes_completed"
    )
    assert (Status.UNKNOWN, ("reported_other_era:310:2025:549:166",)) == (x.status, x.note_keys)


def test_published_count_of_2023_counts_for_the_2023_quota() -> None:
    """114 of 558 for 2023 judges QĐ 969's 2023 quota (226 by then) over the 559 communes of
    2023: NOT_MET, final, and the note says the published total differs."""
    rc = thdx.ReportedCount(unit="38", level="commune", period="2023", count=114, total=558)
    report = thdx.evaluate(
        thdx.plan_qd969(), thdx.MeasurementSet([rc]), units=UNITS, as_of="2024-06-30"
    )
    v = report.verdict("qd969.2023.communes")
    assert (Status.NOT_MET, 114.0, True) == (v.status, v.value, v.final)
    assert "reported_total_differs:558:559" in v.note_keys


def test_unit_data_wins_over_reported_count_and_disagreement_is_reported() -> None:
    """Unit-level recognitions win over a published count; a disagreement is noted."""
    data = _recognised(_old(Level.COMMUNE)[:5], "2023-06-01").with_items(
        [thdx.ReportedCount(unit="38", level="commune", period="2025-H1", count=114)]
    )
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.communes_completed"
    )
    assert 5.0 == v.value
    expected = (
        "the published count 114 (for 2025-H1) disagrees with the 5 units known from unit-level "
        "data; unit-level data is used"
    )
    assert expected in v.explain()


def test_plan_district_judged_on_its_last_day() -> None:
    """A district assigned by QĐ 969 and recognised in 2024 stays MET after it ceased."""
    data = thdx.MeasurementSet([thdx.Recognition(unit="380", on="2024-12-20", decision="QĐ 1")])
    report = thdx.evaluate(thdx.plan_qd969(), data, units=UNITS, as_of="2025-12-31")
    v = report.verdict("qd969.2025.district.380")
    assert (Status.MET, Route.RECOGNITION) == (v.status, v.route)
    assert "judged on its last day, 2025-06-30" in v.explain()
    assert Status.UNKNOWN == report.verdict("qd969.2025.district.381").status


def test_plan_commune_quota_counts_cumulatively() -> None:
    """The 2022 quota of 94 communes is met by 94 recognitions dated in 2022."""
    data = _recognised(_old(Level.COMMUNE)[:94], "2022-11-30")
    report = thdx.evaluate(thdx.plan_qd969(), data, units=UNITS, as_of="2023-01-01")
    assert Status.MET == report.verdict("qd969.2022.communes").status
    assert Status.UNKNOWN == report.verdict("qd969.2023.communes").status


def test_breakdown_lists_lagging_communes() -> None:
    """A province indicator measured per commune is judged per commune; laggards listed."""
    communes = _new_communes()[:3]
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(unit=u.code, indicator="satisfaction_share", value=v, period="2025")
            for u, v in zip(communes, (95, 80, 70), strict=True)
        ]
    )
    report = thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31", breakdown="commune")
    lagging = report.lagging("2025.gov.satisfaction", "commune")
    assert [communes[2].code, communes[1].code] == [v.unit for v in lagging]
    assert 166 == len(report.breakdown("2025.gov.satisfaction", Level.COMMUNE))


def test_data_about_an_unknown_unit_is_refused() -> None:
    """A measurement for a code the units do not hold is an error, not silently ignored."""
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(unit="3800", indicator="satisfaction_share", value=92, period="2025"),
            thdx.Recognition(unit="99999", on="2024-01-01", decision="QĐ 1"),
        ]
    )
    with pytest.raises(thdx.UnknownUnitError) as info:
        thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31")
    expected = (
        "the data names units that units= does not hold: '3800' (no such unit), "
        "'99999' (no such unit)"
    )
    assert expected == str(info.value)


def test_recognition_when_no_unit_had_the_code_is_refused() -> None:
    """A recognition of an old code dated after the reform names no unit: refused."""
    data = thdx.MeasurementSet([thdx.Recognition(unit="14755", on="2025-08-01", decision="QĐ 1")])
    with pytest.raises(thdx.UnknownUnitError) as info:
        thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31")
    expected = (
        "the data names units that units= does not hold: '14755' (recognised on "
        "2025-08-01, when no unit had this code)"
    )
    assert expected == str(info.value)


def test_jurisdiction_missing_from_units_is_refused() -> None:
    """Evaluating a rulebook with another province's units says so."""
    other = thdx.Hierarchy([thdx.AdministrativeUnit(code="99", name="Tỉnh X", kind="tỉnh")])
    with pytest.raises(thdx.UnknownUnitError) as info:
        thdx.evaluate(RB, thdx.MeasurementSet(), units=other, as_of="2025-12-31")
    expected = (
        "unknown administrative unit '38' (the jurisdiction of rulebook 06-NQ/TU is not "
        "among units=; pass that province's units (thdx.read_units))"
    )
    assert expected == str(info.value)


def test_after_deadline_note_only_when_later_data_exists() -> None:
    """The note that later data is set aside appears only where there is such data."""
    later = thdx.Measurement(unit="38", indicator="satisfaction_share", value=95, period="2026")
    report = thdx.evaluate(RB, thdx.MeasurementSet([later]), units=UNITS, as_of="2026-12-31")
    notes = [report.verdict(t).note_keys for t in ("2025.gov.satisfaction", "2025.gov.eid_users")]
    assert [
        ("no_data:2025-12-31", "after_deadline:2025"),
        ("no_data:2025-12-31",),
    ] == notes


def test_many_unknown_units_are_counted_not_all_listed() -> None:
    """Twelve unknown codes: ten are listed, the rest counted; the error names the first."""
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(
                unit=str(9000 + k), indicator="satisfaction_share", value=1, period="2025"
            )
            for k in range(12)
        ]
    )
    with pytest.raises(thdx.UnknownUnitError) as info:
        thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31")
    listed = ", ".join(f"'{9000 + k}' (no such unit)" for k in range(10))
    expected = f"the data names units that units= does not hold: {listed} and 2 more"
    assert (expected, "9000") == (str(info.value), info.value.code)


def test_reported_count_for_an_unknown_unit_is_refused() -> None:
    """A count published for a unit the hierarchy does not hold is refused."""
    data = thdx.MeasurementSet(
        [thdx.ReportedCount(unit="39", level="commune", period="2023", count=1)]
    )
    with pytest.raises(thdx.UnknownUnitError, match="'39' \\(no such unit\\)"):
        thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31")


def test_recognition_on_the_evaluation_day_is_checked() -> None:
    """A recognition dated on the evaluation day itself is checked against the units."""
    data = thdx.MeasurementSet([thdx.Recognition(unit="14755", on="2025-12-31", decision="QĐ 1")])
    with pytest.raises(thdx.UnknownUnitError, match="recognised on 2025-12-31"):
        thdx.evaluate(RB, data, units=UNITS, as_of="2025-12-31")


def test_a_commune_moved_to_another_district_keeps_its_recognition() -> None:
    """Xã Đông Khê (16408) moved from Đông Sơn to TP Thanh Hóa on 1 Jan 2025 (a new
    version of the same code, same unit): its May 2024 recognition counts on 2025-06-30."""
    data = thdx.MeasurementSet([thdx.Recognition("16408", "2024-05-01", "QĐ 1")])
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2025-06-30").verdict(
        "2025.soc.communes_completed"
    )
    assert (1, ()) == (v.counts and v.counts.passed, v.note_keys)


def test_a_commune_kept_by_the_reform_is_still_of_another_era() -> None:
    """Xã Tam Chung (14848) kept its code and name on 1 Jul 2025, when every commune was
    re-established: its 2023 recognition does not count for the 2030 share (carry_over
    is the explicit way), and the verdict names it."""
    data = thdx.MeasurementSet([thdx.Recognition("14848", "2023-05-01", "QĐ 1")])
    v = thdx.evaluate(RB, data, units=UNITS, as_of="2026-06-30").verdict(
        "2030.soc.communes_completed"
    )
    assert (0, ("unused_other_era:1:2026-06-30",)) == (v.counts and v.counts.passed, v.note_keys)
