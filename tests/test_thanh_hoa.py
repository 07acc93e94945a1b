"""Tests of thdx.rulebooks._thanh_hoa: the official units of Thanh Hóa in both eras and the lineage
of the 1 Jul 2025 reform, checked against the shipped conversion table.

The history before 2025 (2021–2024 and the changes of 1 Jan 2025) is tested in
tests/test_units_history.py; here a unit's lineage through the reform is that of its
version of 30 Jun 2025 (``reform_successors``), since a code can also have earlier
versions with successors of their own."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from importlib import resources

import pytest

import thdx
from thdx import Hierarchy, Kind, Level
from thdx.model import UnknownUnitError
from thdx.rulebooks import REFORM_DATE

BEFORE = "2025-06-30"
AFTER = "2025-07-01"


def units() -> Hierarchy:
    """The shipped hierarchy."""
    return thdx.thanh_hoa_units()


def shipped(name: str) -> list[dict[str, str]]:
    """The rows of one shipped admin-units CSV file."""
    text = resources.files("thdx").joinpath("data", "admin-units", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def conversion() -> list[dict[str, str]]:
    """The rows of the conversion table (old code → new code)."""
    return shipped("thanh-hoa-conversion-2025-07-01.csv")


def reform_successors(h: Hierarchy, code: str) -> tuple[thdx.AdministrativeUnit, ...]:
    """The units that the version of ``code`` of 30 Jun 2025 became on 1 Jul 2025."""
    old = h.get(code, on=BEFORE)
    assert REFORM_DATE == old.valid_until
    return tuple(h.get(s, on=REFORM_DATE) for s in old.successors)


def reform_predecessors(h: Hierarchy, code: str) -> tuple[thdx.AdministrativeUnit, ...]:
    """The units of 30 Jun 2025 that the unit ``code`` of 1 Jul 2025 came from."""
    return tuple(u for u in h.predecessors(code) if u.valid_until == REFORM_DATE)


def per_level(day: str) -> tuple[int, int, int]:
    """Number of province, district and commune-level units on a day."""
    c = Counter(u.level for u in units().at(day))
    return c[Level.PROVINCE], c[Level.DISTRICT], c[Level.COMMUNE]


def test_reform_date() -> None:
    """The reform took effect on 1 Jul 2025."""
    assert dt.date(2025, 7, 1) == REFORM_DATE


def test_loaded_once() -> None:
    """thanh_hoa_units returns the same Hierarchy each time."""
    assert units() is units()


def test_counts_per_level_before_the_reform() -> None:
    """On 30 Jun 2025: 1 province, 26 district-level and 549 commune-level units."""
    assert (1, 26, 549) == per_level(BEFORE)


def test_counts_per_level_after_the_reform() -> None:
    """From 1 Jul 2025: 1 province, no district level, 166 commune-level units."""
    assert (1, 0, 166) == per_level(AFTER)


@pytest.mark.parametrize(
    ("day", "counts"),
    [("2000-01-01", (1, 27, 559)), ("2021-01-01", (1, 27, 559)), ("2025-06-30", (1, 26, 549))],
)
def test_days_before_the_history_show_the_units_of_2021(
    day: str, counts: tuple[int, int, int]
) -> None:
    """The history starts on 1 Jan 2021: an earlier day shows the units of that day (27
    district-level, 559 commune-level), not those of 2025 as before the history shipped."""
    assert counts == per_level(day)


def test_kinds_before_and_after() -> None:
    """454 xã, 63 phường, 32 thị trấn before; 147 xã and 19 phường after."""

    def kinds(day: str) -> dict[Kind, int]:
        return dict(Counter(u.kind for u in units().at(day) if u.level is Level.COMMUNE))

    assert (
        {Kind.XA: 454, Kind.PHUONG: 63, Kind.THI_TRAN: 32},
        {Kind.XA: 147, Kind.PHUONG: 19},
    ) == (kinds(BEFORE), kinds(AFTER))


def test_district_kinds_before() -> None:
    """The 26 district-level units: 2 cities, 2 towns, 22 districts."""
    c = Counter(u.kind for u in units().units_of(Level.DISTRICT, BEFORE))
    assert {Kind.THANH_PHO: 2, Kind.THI_XA: 2, Kind.HUYEN: 22} == dict(c)


def test_province() -> None:
    """Unit 38 is the province, in both eras."""
    p = units().get("38")
    assert ("Tỉnh Thanh Hóa", Level.PROVINCE, None, None, None) == (
        p.name,
        p.level,
        p.parent,
        p.valid_from,
        p.valid_until,
    )


def test_every_new_unit_is_a_commune_under_the_province() -> None:
    """After the reform every commune-level unit hangs directly under 38."""
    new = units().units_of(Level.COMMUNE, AFTER)
    assert ({"38"}, {REFORM_DATE}, 166) == (
        {u.parent for u in new},
        {u.valid_from for u in new},
        len(units().children("38", AFTER)),
    )


def test_get_unknown_code_names_it() -> None:
    """get of a code no unit ever had raises a KeyError naming it."""
    with pytest.raises(KeyError) as info:
        units().get("99999")
    assert (UnknownUnitError, "unknown administrative unit '99999'") == (
        type(info.value),
        str(info.value),
    )


def test_code_14758_without_a_day_explains_the_reuse() -> None:
    """14758 was Phường Đông Thọ before the reform and Phường Hàm Rồng after: get asks for on=."""
    with pytest.raises(UnknownUnitError) as info:
        units().get("14758")
    assert (
        "the unit code '14758' was used by 2 units, pass on= a day to choose: "
        "Phường Đông Thọ […, 2025-07-01); Phường Hàm Rồng [2025-07-01, …)" == str(info.value)
    )


def test_code_14758_with_a_day() -> None:
    """With on=, get picks the right unit of each era."""
    old, new = units().get("14758", on=BEFORE), units().get("14758", on=AFTER)
    assert (("Phường Đông Thọ", "380", ("14758", "14797")), ("Phường Hàm Rồng", "38", ())) == (
        (old.name, old.parent, old.successors),
        (new.name, new.parent, new.successors),
    )


def test_district_gone_after_the_reform() -> None:
    """A district code asked for after the reform says when it existed."""
    with pytest.raises(UnknownUnitError) as info:
        units().get("380", on=AFTER)
    assert (
        "unknown administrative unit '380' (no unit had this code on 2025-07-01; "
        "it was used by Thành phố Thanh Hóa […, 2025-07-01))" == str(info.value)
    )


def test_reused_codes() -> None:
    """Every one of the 166 new commune codes is an old commune code, reused."""
    old = {u.code for u in units().units_of(Level.COMMUNE, BEFORE)}
    new = {u.code for u in units().units_of(Level.COMMUNE, AFTER)}
    assert (166, set()) == (len(new & old), new - old)


# -- lineage ----------------------------------------------------------------------------


def test_every_old_commune_in_the_table_has_its_successors() -> None:
    """Each old code of the table has, as successors, exactly the new codes the table lists."""
    table: dict[str, set[str]] = defaultdict(set)
    for r in conversion():
        table[r["old_code"]].add(r["new_code"])
    h = units()
    got = {old: {u.code for u in reform_successors(h, old)} for old in table}
    assert (dict(table), True) == (got, all(got.values()))


def test_successors_are_new_era_units() -> None:
    """Every successor is a unit of the new era (valid from the reform day)."""
    h = units()
    dates = {s.valid_from for r in conversion() for s in reform_successors(h, r["old_code"])}
    assert {REFORM_DATE} == dates


def test_every_new_unit_has_a_predecessor() -> None:
    """Each of the 166 new units came from at least one old commune, as the table says."""
    table: dict[str, set[str]] = defaultdict(set)
    for r in conversion():
        table[r["new_code"]].add(r["old_code"])
    h = units()
    new = [u.code for u in h.units_of(Level.COMMUNE, AFTER)]
    got = {code: {u.code for u in reform_predecessors(h, code)} for code in new}
    assert (dict(table), 166) == (got, sum(1 for v in got.values() if v))


def test_split_units_appear_under_each_successor() -> None:
    """An old unit split between several new units is a predecessor of each of them."""
    h = units()
    rows = Counter(r["old_code"] for r in conversion())
    split = sorted(code for code, n in rows.items() if n > 1)
    under_each = {
        old: all(
            old in {p.code for p in reform_predecessors(h, s.code)}
            for s in reform_successors(h, old)
        )
        for old in split
    }
    assert (
        [
            "14758",
            "15016",
            "15271",
            "15328",
            "15637",
            "15772",
            "15793",
            "16264",
            "16273",
            "16435",
        ],
        3,
        dict.fromkeys(split, True),
    ) == (split, len(reform_successors(h, "15772")), under_each)


def test_partly_merged_flag_of_split_units() -> None:
    """Every row of a split unit is flagged old_partly_merged = 1."""
    rows = Counter(r["old_code"] for r in conversion())
    flags = {r["old_partly_merged"] for r in conversion() if rows[r["old_code"]] > 1}
    assert {"1"} == flags


def test_partly_merged_units_with_a_single_successor() -> None:
    """22 old units are flagged partly merged but have one row; pinned to catch data changes."""
    rows = Counter(r["old_code"] for r in conversion())
    single = sorted(
        r["old_code"]
        for r in conversion()
        if r["old_partly_merged"] == "1" and rows[r["old_code"]] == 1
    )
    assert 22 == len(single)


def test_old_communes_without_successor() -> None:
    """Exactly two old communes are absent from the conversion table: 16387 and 16411."""
    h = units()
    orphans = sorted(
        u.code for u in h.units_of(Level.COMMUNE, BEFORE) if not reform_successors(h, u.code)
    )
    names = [h.get(c, on=BEFORE).name for c in orphans]
    assert (["16387", "16411"], ["Xã Đông Khê", "Xã Đông Xuân"]) == (orphans, names)


def test_districts_have_no_successors() -> None:
    """The table maps communes only: district-level units have no successors."""
    h = units()
    assert [] == [
        u.code for u in h.units_of(Level.DISTRICT, BEFORE) if reform_successors(h, u.code)
    ]


def test_round_trip_old_to_new_to_old() -> None:
    """Every old commune with successors is among the predecessors of each successor."""
    h = units()
    broken = [
        u.code
        for u in h.units_of(Level.COMMUNE, BEFORE)
        for s in reform_successors(h, u.code)
        if u.code not in {p.code for p in reform_predecessors(h, s.code)}
    ]
    assert [] == broken


def test_round_trip_new_to_old_to_new() -> None:
    """Every new unit is among the successors of each of its predecessors."""
    h = units()
    broken = [
        u.code
        for u in h.units_of(Level.COMMUNE, AFTER)
        for p in reform_predecessors(h, u.code)
        if u.code not in {s.code for s in reform_successors(h, p.code)}
    ]
    assert [] == broken


# -- lookup by name ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["hoang hoa", "Hoằng Hóa", "HOANG HOA", "huyen hoang hoa"])
def test_lookup_is_accent_and_case_insensitive(query: str) -> None:
    """'hoang hoa' on 30 Jun 2025 finds Huyện Hoằng Hóa (399)."""
    u = units().lookup(query, on=BEFORE)
    assert ("399", "Huyện Hoằng Hóa") == (u.code, u.name)


def test_lookup_across_eras_is_ambiguous() -> None:
    """Without a day, 'hoang hoa' matches the old district and the new commune: both listed."""
    with pytest.raises(UnknownUnitError) as info:
        units().lookup("hoang hoa")
    assert (
        "the name 'hoang hoa' is ambiguous, 2 units match: Huyện Hoằng Hóa (399) "
        "[…, 2025-07-01); Xã Hoằng Hóa (15865) [2025-07-01, …)" == str(info.value)
    )


def test_lookup_ambiguous_within_an_era_lists_every_match() -> None:
    """'nghi son' on 30 Jun 2025 is a town and a commune: both listed."""
    with pytest.raises(UnknownUnitError) as info:
        units().lookup("nghi son", on=BEFORE)
    assert (
        "the name 'nghi son' is ambiguous on 2025-06-30, 2 units match: "
        "Xã Nghi Sơn (16657) […, 2025-07-01); Thị xã Nghi Sơn (407) […, 2025-07-01)"
        == str(info.value)
    )


def test_lookup_folds_tone_marks_too() -> None:
    """Accent folding makes 'Thanh Hóa' match Xã Thanh Hòa too; the error lists all three."""
    with pytest.raises(UnknownUnitError) as info:
        units().lookup("Thanh Hóa")
    assert (
        "the name 'Thanh Hóa' is ambiguous, 3 units match: Xã Thanh Hòa (16213) "
        "[…, 2025-07-01); Tỉnh Thanh Hóa (38) […, …); Thành phố Thanh Hóa (380) "
        "[…, 2025-07-01)" == str(info.value)
    )


def test_lookup_unknown_name() -> None:
    """A name that matches nothing says so."""
    with pytest.raises(UnknownUnitError) as info:
        units().lookup("Hà Nội")
    assert "no administrative unit is named 'Hà Nội'" == str(info.value)


def test_lookup_new_unit_by_name() -> None:
    """Phường Hàm Rồng after the reform is code 14758."""
    assert "14758" == units().lookup("ham rong", on=AFTER).code


# -- the loader's own checks --------------------------------------------------------------


def test_loader_reports_unknown_codes_in_the_conversion_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A conversion row naming codes absent from the unit lists is reported with its line."""
    from thdx.rulebooks import _thanh_hoa as thanh_hoa

    real = thanh_hoa._rows

    def doctored(name: str) -> list[dict[str, str]]:
        rows = real(name)
        if name.startswith("thanh-hoa-conversion"):
            rows[1] = {**rows[1], "old_code": "99"}
            rows[3] = {**rows[3], "old_code": "98", "new_code": "97"}
        return rows

    monkeypatch.setattr(thanh_hoa, "_rows", doctored)
    with pytest.raises(thdx.DataFileError) as info:
        thanh_hoa.thanh_hoa_units.__wrapped__()
    assert (
        "thdx/data/admin-units: 2 problems\n"
        "  thanh-hoa-conversion-2025-07-01.csv:3: unknown old_code '99'\n"
        "  thanh-hoa-conversion-2025-07-01.csv:5: unknown old_code '98' and new_code '97'"
        == str(info.value)
    )


def test_loader_keeps_a_repeated_conversion_row_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repeated old → new row gives one successor, not two."""
    from thdx.rulebooks import _thanh_hoa as thanh_hoa

    real = thanh_hoa._rows

    def doubled(name: str) -> list[dict[str, str]]:
        rows = real(name)
        return rows + rows[:1] if name.startswith("thanh-hoa-conversion") else rows

    monkeypatch.setattr(thanh_hoa, "_rows", doubled)
    h = thanh_hoa.thanh_hoa_units.__wrapped__()
    first = conversion()[0]
    assert [first["new_code"]] == [u.code for u in reform_successors(h, first["old_code"])]


def test_loader_reports_a_bad_start_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """A start day that is not a day 'YYYY-MM-DD' is reported with its line, in the one
    wording of a bad day."""
    from thdx.rulebooks import _thanh_hoa as thanh_hoa

    real = thanh_hoa._rows
    starts = "thanh-hoa-units-starts-2021-2025.csv"

    def doctored(name: str) -> list[dict[str, str]]:
        rows = real(name)
        if name == starts:
            rows[0] = {**rows[0], "valid_from": "2021"}
        return rows

    monkeypatch.setattr(thanh_hoa, "_rows", doctored)
    with pytest.raises(thdx.DataFileError) as info:
        thanh_hoa.thanh_hoa_units.__wrapped__()
    assert f"{starts}:2: '2021' is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')" in str(
        info.value
    )


def test_a_missing_shipped_file_names_its_path() -> None:
    """A data file missing from the install is a DataFileError naming it."""
    from thdx.rulebooks._files import shipped

    with pytest.raises(thdx.DataFileError) as info:
        shipped("admin-units/no-such-file.csv")
    assert (
        "thdx/data/admin-units/no-such-file.csv: 1 problem\n"
        "  thdx/data/admin-units/no-such-file.csv: cannot read: No such file or directory"
    ) == str(info.value)
