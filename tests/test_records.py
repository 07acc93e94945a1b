"""Tests of the records of a report (thdx.verdicts._records): one per target × unit,
the units behind counts and the breakdowns included, and verdict(target, unit=) for
every unit that has one."""

from __future__ import annotations

import collections

import attrs
import pytest
from helpers import rulebook_of
from hypothesis import given, settings
from hypothesis import strategies as st

import thdx
from thdx import Level, Status
from thdx.model import AdministrativeUnit, Hierarchy
from thdx.rules import Compare, Completed, CountUnits, ShareUnits
from thdx.store import Measurement, MeasurementSet, Recognition
from thdx.verdicts import VerdictRecord, record

AS_OF = "2024-12-31"


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


def small_rulebook() -> thdx.Rulebook:
    """Province 1: at least 2 communes completed, at least half of the districts
    completed, and satisfaction at least 90 % (all by 2025)."""
    return rulebook_of(
        thdx.Target(
            "x.communes", CountUnits("commune", Completed(), ">=", 2), "2025", "province", "Hai xã."
        ),
        thdx.Target(
            "x.districts",
            ShareUnits("district", Completed(), ">=", 50),
            "2025",
            "province",
            "Nửa số huyện.",
        ),
        thdx.Target(
            "x.satisfaction", Compare("satisfaction_share", ">=", 90), "2025", "province", "90 %."
        ),
        jurisdiction="1",
        units=None,
    )


def small_report(**kw: object) -> thdx.Report:
    """Communes 100 and 110 recognised in 2024, commune 101 not; district 10 recognised;
    satisfaction 92 % in the province, 80 % in district 10, 95 % in district 11."""
    data = MeasurementSet(
        [
            Recognition("100", "2024-03-01", "QĐ 1/QĐ-UBND"),
            Recognition("110", "2024-05-01", "QĐ 2/QĐ-UBND"),
            Recognition("10", "2024-06-01", "QĐ 3/QĐ-UBND"),
            Measurement("1", "satisfaction_share", 92, "2024", "SIPAS"),
            Measurement("10", "satisfaction_share", 80, "2024", "SIPAS"),
            Measurement("11", "satisfaction_share", 95, "2024", "SIPAS"),
        ]
    )
    return thdx.evaluate(small_rulebook(), data, units=small_hierarchy(), as_of=AS_OF, **kw)  # type: ignore[arg-type]


def brief(rows: list[VerdictRecord]) -> list[tuple[object, ...]]:
    """The unit, its name and level, role, counted_in, status and value of each row."""
    return [
        (r["unit"], r["unit_name"], r["level"], r["role"], r["counted_in"], r["status"], r["value"])
        for r in rows
    ]


def test_records_of_a_count_list_every_commune_it_counted() -> None:
    """A count of communes gives the province's record, then one per commune: 100 and
    110 recognised (MET), 101 without a recognition (UNKNOWN); 2 known ≥ 2: MET."""
    rows = small_report().to_records(targets="x.communes")
    assert [
        ("1", "Tỉnh A", "province", "target", None, "met", 2.0),
        ("100", "Xã D", "commune", "counted", "1", "met", None),
        ("101", "Xã E", "commune", "counted", "1", "unknown", None),
        ("110", "Xã G", "commune", "counted", "1", "met", None),
    ] == brief(rows)
    assert [None, "recognition", "none", "recognition"] == [r["route"] for r in rows]
    # A counted unit's threshold and comparator are its count's, not its own.
    assert [(2.0, ">="), *[(None, None)] * 3] == [(r["threshold"], r["comparator"]) for r in rows]


def test_records_of_a_share_of_districts() -> None:
    """Share of districts: 10 recognised (MET), 11 not (UNKNOWN): known 1 of 2 = 50 %,
    at least 50 %: MET; the value is the known share, 50."""
    rows = small_report().to_records(targets=["x.districts"])
    assert [
        ("1", "Tỉnh A", "province", "target", None, "met", 50.0),
        ("10", "Huyện B", "district", "counted", "1", "met", None),
        ("11", "Huyện C", "district", "counted", "1", "unknown", None),
    ] == brief(rows)


def test_records_of_a_breakdown() -> None:
    """With breakdown="district", satisfaction is judged for 10 (80 % < 90: NOT_MET)
    and 11 (95 % ≥ 90: MET) after the province (92 %: MET)."""
    rows = small_report(breakdown="district").to_records(targets="x.satisfaction")
    assert [
        ("1", "Tỉnh A", "province", "target", None, "met", 92.0),
        ("10", "Huyện B", "district", "breakdown", None, "not_met", 80.0),
        ("11", "Huyện C", "district", "breakdown", None, "met", 95.0),
    ] == brief(rows)
    assert [90.0, 90.0, 90.0] == [r["threshold"] for r in rows]


def test_records_are_in_the_rulebooks_order_and_have_the_typed_keys() -> None:
    """Every record has exactly the keys of VerdictRecord, targets in rulebook order."""
    rows = small_report(breakdown="district").to_records()
    assert all(list(VerdictRecord.__annotations__) == list(r) for r in rows)
    order = [t.id for t in small_rulebook().targets]
    firsts = list(dict.fromkeys(r["target"] for r in rows))
    assert order == firsts
    # 1 + 3 communes, 1 + 2 districts, 1 + 2 breakdowns.
    assert 10 == len(rows)


def test_records_selected_by_units_and_levels() -> None:
    """units= and levels= select records; both combine with targets=."""
    r = small_report(breakdown="district")
    assert [("x.communes", "101")] == [(x["target"], x["unit"]) for x in r.to_records(units="101")]
    districts = r.to_records(levels="district")
    assert [
        ("x.districts", "10"),
        ("x.districts", "11"),
        ("x.satisfaction", "10"),
        ("x.satisfaction", "11"),
    ] == [(x["target"], x["unit"]) for x in districts]
    assert [("x.satisfaction", "11")] == [
        (x["target"], x["unit"])
        for x in r.to_records(targets="x.satisfaction", units=["11"], levels=[Level.DISTRICT])
    ]
    assert [] == r.to_records(units=[])


def test_records_selection_errors_name_the_value() -> None:
    """An unknown target, a level that is not one, or a selection that is not text."""
    r = small_report()
    with pytest.raises(thdx.UnknownTargetError, match=r"x\.nope"):
        r.to_records(targets=["x.communes", "x.nope"])
    with pytest.raises(thdx.EvaluationError, match=r"^levels: 'ward', 'hamlet' are not levels"):
        r.to_records(levels=["ward", "hamlet"])
    with pytest.raises(thdx.ArgumentTypeError, match=r"got unit 101"):
        r.to_records(units=[101])  # type: ignore[list-item]
    with pytest.raises(thdx.ArgumentTypeError, match=r"^units must be a text or a list of texts"):
        r.to_records(units=101)  # type: ignore[arg-type]


def test_verdict_of_a_counted_commune() -> None:
    """report.verdict(target, unit=) answers for a commune behind a count goal: its
    completion, decided by its recognition, with the count it is part of in the text."""
    v = small_report().verdict("x.communes", unit="110")
    assert (Status.MET, "counted", "1", "recognition", None) == (
        v.status,
        v.role,
        v.counted_in,
        v.route.value if v.route else None,
        v.threshold,
    )
    assert ("Xã G", Level.COMMUNE) == (v.unit_name, v.level)
    assert ["QĐ 2/QĐ-UBND"] == [rec.decision for rec in v.recognitions]
    assert (
        "  required: completed digital transformation (counted for unit 1: number of "
        "commune-level units that completed digital transformation at least 2) by 2025"
    ) == v.explain().splitlines()[1]
    assert v.progress is None


def test_verdict_of_a_unit_without_one_is_an_error() -> None:
    """A unit no verdict of the target is about raises UnknownUnitError."""
    with pytest.raises(thdx.UnknownUnitError, match="'999'"):
        small_report().verdict("x.communes", unit="999")
    with pytest.raises(thdx.UnknownUnitError, match="'100'"):
        small_report().verdict("x.satisfaction", unit="100")


def test_records_without_a_hierarchy_have_no_names_or_levels() -> None:
    """Without units (and no default), names and levels are None and a count has no
    units behind it; levels= then selects nothing."""
    rb = small_rulebook()
    data = MeasurementSet([Measurement("1", "satisfaction_share", 92, "2024")])
    r = thdx.evaluate(rb, data, as_of=AS_OF)
    rows = r.to_records()
    assert [("1", None, None, "target")] * 3 == [
        (x["unit"], x["unit_name"], x["level"], x["role"]) for x in rows
    ]
    assert [] == r.to_records(levels="province")


def test_records_of_the_province_are_the_old_rows() -> None:
    """The records of role "target" are record() of verdicts() (the rows before)."""
    r = thdx.evaluate(thdx.resolution_06(), thdx.example_data(), as_of="2025-12-31")
    assert [record(v) for v in r.verdicts()] == [x for x in r.to_records() if x["role"] == "target"]


def test_resolution_06_counts_every_commune_of_the_era_once() -> None:
    """The 2025 commune goal is judged over the 549 communes of 30 Jun 2025 (the era it
    was set in): each appears once, counted in the province; the 2030 goal over the
    166 communes of 2025-12-31."""
    r = thdx.evaluate(thdx.resolution_06(), thdx.example_data(), as_of="2025-12-31")
    per = collections.Counter((x["target"], x["role"]) for x in r.to_records())
    assert (549, 166, 26) == (
        per[("2025.soc.communes_completed", "counted")],
        per[("2030.soc.communes_completed", "counted")],
        per[("2025.soc.districts_completed", "counted")],
    )


@st.composite
def recognised(draw: st.DrawFn) -> tuple[list[str], str]:
    """Some of the small hierarchy's units recognised in 2024, and an as_of day."""
    codes = draw(st.lists(st.sampled_from(["10", "11", "100", "101", "110"]), unique=True))
    # 2024-06-01 is the day of the recognitions: recognised on the day judged counts.
    as_of = draw(st.sampled_from(["2024-01-01", "2024-05-31", "2024-06-01", "2025-12-31"]))
    return codes, as_of


@settings(max_examples=30, deadline=None)
@given(recognised())
def test_every_unit_behind_a_count_appears_once(case: tuple[list[str], str]) -> None:
    """Law: each unit of the counted level appears exactly once per count goal, counted
    in the province, and its status is MET exactly when it was recognised by as_of."""
    codes, as_of = case
    data = MeasurementSet([Recognition(c, "2024-06-01", f"QĐ {c}") for c in codes])
    r = thdx.evaluate(small_rulebook(), data, units=small_hierarchy(), as_of=as_of)
    for tid, level in (("x.communes", "commune"), ("x.districts", "district")):
        counted = [x for x in r.to_records(targets=tid) if x["role"] == "counted"]
        expected = sorted(u.code for u in small_hierarchy() if u.level.value == level)
        assert expected == sorted(x["unit"] for x in counted)
        assert {"1"} == {x["counted_in"] for x in counted}
        met = {x["unit"] for x in counted if x["status"] == "met"}
        assert met == ({c for c in codes if c in expected} if as_of >= "2024-06-01" else set())
        assert all(r.verdict(tid, x["unit"]).status.value == x["status"] for x in counted)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["2023-12-31", "2024-12-31", "2025-06-30", "2025-12-31", "2031-01-01"]))
def test_province_records_equal_the_old_rows_on_any_day(as_of: str) -> None:
    """Law: records of the province equal record() of each target verdict, on any day."""
    r = thdx.evaluate(thdx.resolution_06(), thdx.example_data(), as_of=as_of)
    province = r.to_records(units="38")
    assert [record(v) for v in r.verdicts()] == province


def test_rulebook_without_units_field_keeps_the_old_behaviour() -> None:
    """A rulebook that names no default hierarchy is judged without one."""
    rb = attrs.evolve(thdx.resolution_06(), units=None)
    r = thdx.evaluate(rb, MeasurementSet(), as_of=AS_OF)
    assert ("no_hierarchy",) == r.verdict("2025.soc.communes_completed").note_keys
