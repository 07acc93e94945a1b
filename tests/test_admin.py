"""Tests of thdx.model._administrative_unit, _levels and _hierarchy: AdministrativeUnit
validation, fold_name and the time-aware Hierarchy, on a small hand-made hierarchy (the
official lists: test_thanh_hoa.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thdx import AdministrativeUnit, Hierarchy, Kind, Level
from thdx.model import ArgumentTypeError, HierarchyError, UnknownUnitError, fold_name
from thdx.model._hierarchy import levels_under

#: The one wording of a bad day and of a bad unit code (thdx.model._coerce).
NOT_A_DAY = "is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')"
NOT_A_CODE = "is not an official unit code (1 to 10 ASCII digits, such as '38')"
NUMBER_HINT = " (a number, not a string: read the column as text, e.g. dtype=str)"

REFORM = dt.date(2025, 7, 1)


def unit(**kw: Any) -> AdministrativeUnit:
    """An administrative unit (a district of province 38 unless told otherwise)."""
    fields: dict[str, Any] = {"code": "380", "name": "Huyện A", "kind": "huyện", "parent": "38"}
    fields.update(kw)
    return AdministrativeUnit(**fields)


def refused(make: Any, error: type[Exception] = HierarchyError) -> str:
    """The message of the error that ``make()`` raises."""
    with pytest.raises(error) as info:
        make()
    return str(info.value)


def small() -> Hierarchy:
    """A province, two districts and three communes before the reform; two communes after.

    Commune 1 is split between new units 1 and 20; 2 and 3 merge into 20; code 1 is reused.
    """
    return Hierarchy(
        [
            AdministrativeUnit(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh"),
            unit(code="380", name="Huyện Hoằng Hóa", valid_until=REFORM),
            unit(code="381", name="Thị xã Nghi Sơn", kind="thị xã", valid_until=REFORM),
            unit(
                code="1",
                name="Xã Đông Thọ",
                kind="xã",
                parent="380",
                valid_until=REFORM,
                successors=["1", "20"],
            ),
            unit(
                code="2",
                name="Phường Hàm Rồng",
                kind="phường",
                parent="380",
                valid_until=REFORM,
                successors=["20"],
            ),
            unit(
                code="3",
                name="Thị trấn Bút Sơn",
                kind="thị trấn",
                parent="381",
                valid_until=REFORM,
                successors=["20"],
            ),
            unit(
                code="1", name="Phường Hàm Rồng", kind="phường", valid_from=REFORM, level="commune"
            ),
            unit(code="20", name="Xã Hoằng Hóa", kind="xã", valid_from=REFORM),
        ]
    )


# -- AdministrativeUnit -----------------------------------------------------------------


def test_unit_fields_and_derived_level() -> None:
    """Kind text becomes a Kind; the level follows from kind and parent."""
    u = unit(kind="  HUYỆN ")
    assert (Kind.HUYEN, Level.DISTRICT, None, None, ()) == (
        u.kind,
        u.level,
        u.valid_from,
        u.valid_until,
        u.successors,
    )


@pytest.mark.parametrize(
    ("kind", "parent", "level"),
    [
        ("tỉnh", None, Level.PROVINCE),
        ("thành phố", None, Level.PROVINCE),
        ("thành phố", "38", Level.DISTRICT),
        ("thị xã", "38", Level.DISTRICT),
        ("huyện", "38", Level.DISTRICT),
        ("xã", "380", Level.COMMUNE),
        ("phường", "380", Level.COMMUNE),
        ("thị trấn", "380", Level.COMMUNE),
        ("đặc khu", "38", Level.COMMUNE),
    ],
)
def test_level_of_each_kind(kind: str, parent: str | None, level: Level) -> None:
    """A city is province-level without a parent and district-level with one."""
    assert level == unit(kind=kind, parent=parent).level


def test_kind_can_be_given_as_a_kind() -> None:
    """A Kind member is taken as is."""
    assert (Kind.THI_XA, Level.DISTRICT) == (
        unit(kind=Kind.THI_XA).kind,
        unit(kind=Kind.THI_XA).level,
    )


def test_level_can_be_given() -> None:
    """A commune directly under the province (after the reform) gives its level."""
    assert Level.COMMUNE == unit(kind="phường", parent="38", level="commune").level


def test_name_is_nfc_normalised_and_stripped() -> None:
    """A decomposed name is stored composed, without surrounding spaces."""
    assert "Huyện Hoằng Hóa" == unit(name=" Huyện Hoa\u0306\u0300ng Ho\u0301a ").name


def test_str_shows_name_and_code() -> None:
    """str(unit) is 'name (code)'."""
    assert "Huyện A (380)" == str(unit())


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("x", "'x'"),
        (380, "380"),
        ("", "''"),
        ("٣٨", "'٣٨'"),
        ("12345678901", "'12345678901'"),
    ],
)
def test_code_must_be_ascii_digits(code: Any, shown: str) -> None:
    """The code is a string of 1 to 10 ASCII digits (the one wording of a bad code)."""
    hint = NUMBER_HINT if isinstance(code, int) else ""
    assert f"code: {shown} {NOT_A_CODE}{hint}" == refused(lambda: unit(code=code))


def test_a_ten_digit_code_is_a_code() -> None:
    """MAX_CODE_LENGTH digits are still a code."""
    assert "1234567890" == unit(code="1234567890").code


def test_empty_name_is_refused() -> None:
    """A unit needs a name."""
    assert "unit '380' has an empty name" == refused(lambda: unit(name="  "))


def test_unknown_kind_lists_the_kinds() -> None:
    """An unknown kind names the value and every kind."""
    assert (
        "'village' is not a kind of administrative unit (expected one of 'tỉnh', 'thành phố', "
        "'thị xã', 'huyện', 'xã', 'phường', 'thị trấn', 'đặc khu')"
        == refused(lambda: unit(kind="village"))
    )


def test_unknown_level_is_refused() -> None:
    """An unknown level names the value."""
    assert "'region' is not a level (expected 'province', 'district' or 'commune')" == refused(
        lambda: unit(level="region")
    )


def test_province_must_not_have_a_parent() -> None:
    """A province-level unit has no parent."""
    assert "unit '38' (T): a province-level unit must not have a parent, got parent='1'" == refused(
        lambda: unit(code="38", name="T", kind="tỉnh", parent="1")
    )


def test_district_must_have_a_parent() -> None:
    """A district-level unit needs a parent."""
    assert "unit '380' (Huyện A): a district-level unit must have a parent, got parent=None" == (
        refused(lambda: unit(parent=None))
    )


@pytest.mark.parametrize("until", ["2024-01-01", "2025-01-01"])
def test_validity_must_not_be_empty(until: str) -> None:
    """valid_until must come after valid_from."""
    assert f"unit '380': valid_until {until} is not after valid_from 2025-01-01" == refused(
        lambda: unit(valid_from="2025-01-01", valid_until=until)
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-01", dt.date(2025, 7, 1)),
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1)),
        (dt.datetime(2025, 7, 1, 8, 0), dt.date(2025, 7, 1)),
    ],
)
def test_validity_bounds_are_days(value: Any, expected: dt.date) -> None:
    """A bound may be ISO text, a date or a datetime (kept as its date)."""
    u = unit(valid_from=value)
    assert (expected, True) == (u.valid_from, u.exists_on(dt.date(2026, 1, 1)))


@pytest.mark.parametrize(
    ("value", "shown"), [("2025", "'2025'"), ("2025-Q3", "'2025-Q3'"), ("x", "'x'"), (5, "5")]
)
def test_validity_bound_that_is_not_a_day_is_refused(value: Any, shown: str) -> None:
    """A year, a quarter or other text is not a day: refused rather than guessed."""
    assert (f"valid_until: {shown} {NOT_A_DAY}", f"valid_from: {shown} {NOT_A_DAY}") == (
        refused(lambda: unit(valid_until=value)),
        refused(lambda: unit(valid_from=value)),
    )


@pytest.mark.parametrize("day", ["2025", "2025-W27-2", "soon", " 2025-07-01", 2025])
def test_a_bad_day_has_one_wording(day: Any) -> None:
    """The same bad day is refused in the same words by a unit's validity bound and by
    every question to a hierarchy (at, get, children, units_of, descendants, find)."""
    h = small()
    asked = [
        lambda: unit(valid_from=day),
        lambda: h.at(day),
        lambda: h.get("1", on=day),
        lambda: h.children("380", day),
        lambda: h.units_of("commune", day),
        lambda: h.descendants("38", "commune", day),
        lambda: h.find("hoang hoa", on=day),
        lambda: h.lookup("hoang hoa", on=day),
    ]
    words = {refused(ask).removeprefix("valid_from: ") for ask in asked}
    assert {f"{day!r} {NOT_A_DAY}"} == words


def test_exists_on_is_half_open() -> None:
    """A unit exists from valid_from (included) until valid_until (excluded)."""
    u = unit(valid_from="2020-01-01", valid_until="2025-07-01")
    days = [dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(2025, 6, 30), REFORM]
    assert [False, True, True, False] == [u.exists_on(d) for d in days]


def test_overlaps_a_period() -> None:
    """overlaps is true when the unit existed on some day of the period."""
    from thdx import Period

    u = unit(valid_until="2025-07-01")
    assert (True, False, True) == (
        u.overlaps(Period.parse("2025")),
        u.overlaps(Period.parse("2025-H2")),
        unit().overlaps(Period.parse("2030")),
    )


def test_level_rank_and_vietnamese_label() -> None:
    """Levels have a rank (0, 1, 2) and a Vietnamese label."""
    assert [(0, "cấp tỉnh"), (1, "cấp huyện"), (2, "cấp xã")] == [
        (lv.rank, lv.label_vi) for lv in Level
    ]


# -- fold_name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Huyện  Hoằng Hóa", "huyen hoang hoa"),
        ("ĐÔNG THỌ", "dong tho"),
        ("đông thọ", "dong tho"),
        ("Hoa\u0300", "hoa"),
        ("  Thị   xã\tNghi Sơn ", "thi xa nghi son"),
        ("", ""),
    ],
)
def test_fold_name(name: str, folded: str) -> None:
    """Folding drops accents (đ included), case and extra spaces."""
    assert folded == fold_name(name)


# -- Hierarchy: validation --------------------------------------------------------------

PROVINCE = AdministrativeUnit(code="38", name="T", kind="tỉnh")


def test_unknown_parent_is_refused() -> None:
    """A parent code that no unit has is a problem."""
    assert "invalid hierarchy:\n  unit '380' (Huyện A): unknown parent '99'" == refused(
        lambda: Hierarchy([PROVINCE, unit(parent="99")])
    )


def test_overlapping_versions_are_refused() -> None:
    """Two versions of one code cannot exist on the same day."""
    assert (
        "invalid hierarchy:\n  unit '380': two versions overlap in time: "
        "Huyện A […, …) and Huyện B […, …)"
        == refused(lambda: Hierarchy([PROVINCE, unit(), unit(name="Huyện B")]))
    )


def test_parent_must_exist_when_the_child_begins() -> None:
    """A child starting after its parent ended is refused."""
    msg = refused(
        lambda: Hierarchy(
            [
                PROVINCE,
                unit(valid_until="2020-01-01"),
                unit(code="1", name="C", kind="xã", parent="380", valid_from="2021-01-01"),
            ]
        )
    )
    assert "invalid hierarchy:\n  unit '1' (C): parent '380' does not exist on 2021-01-01" == msg


def test_parent_must_be_above_the_child() -> None:
    """A commune cannot be the parent of a commune."""
    msg = refused(
        lambda: Hierarchy(
            [
                PROVINCE,
                unit(kind="xã"),
                unit(code="1", name="C", kind="xã", parent="380"),
            ]
        )
    )
    assert (
        "invalid hierarchy:\n  unit '1' (C): parent '380' is not above it (commune over commune)"
        == msg
    )


def test_unknown_successor_is_refused() -> None:
    """A successor code that no unit has is a problem."""
    msg = refused(lambda: Hierarchy([PROVINCE, unit(valid_until=REFORM, successors=["7"])]))
    assert "invalid hierarchy:\n  unit '380' (Huyện A): unknown successor '7'" == msg


def test_successor_of_a_unit_that_never_ends_is_refused() -> None:
    """A unit with successors must end."""
    msg = refused(lambda: Hierarchy([PROVINCE, unit(successors=["38"])]))
    assert (
        "invalid hierarchy:\n  unit '380' (Huyện A): has successor '38' but no valid_until" == msg
    )


def test_successor_must_exist_when_the_unit_ends() -> None:
    """A successor must exist on the day its predecessor ends."""
    msg = refused(
        lambda: Hierarchy(
            [
                PROVINCE,
                unit(valid_until=REFORM, successors=["381"]),
                unit(code="381", name="B", valid_until="2020-01-01"),
            ]
        )
    )
    assert (
        "invalid hierarchy:\n  unit '380' (Huyện A): successor '381' does not exist on "
        "2025-07-01, the day it ends" == msg
    )


def test_every_problem_is_listed() -> None:
    """All problems are reported at once."""
    msg = refused(
        lambda: Hierarchy(
            [PROVINCE, unit(parent="99"), unit(code="381", valid_until=REFORM, successors=["7"])]
        )
    )
    assert (
        "invalid hierarchy:\n  unit '380' (Huyện A): unknown parent '99'"
        "\n  unit '381' (Huyện A): unknown successor '7'" == msg
    )


# -- Hierarchy: queries -----------------------------------------------------------------


def codes(units: tuple[AdministrativeUnit, ...]) -> list[str]:
    """The codes of some units."""
    return [u.code for u in units]


def test_container_protocol() -> None:
    """A hierarchy iterates over every version, knows its codes and its size."""
    h = small()
    assert (8, 8, True, False) == (len(h), len(list(h)), "20" in h, "99" in h)


def test_at_each_side_of_the_reform() -> None:
    """at(day) lists the units of that day, provinces first, then by code."""
    h = small()
    assert (["38", "380", "381", "1", "2", "3"], ["38", "1", "20"]) == (
        codes(h.at("2025-06-30")),
        codes(h.at(REFORM)),
    )


def test_at_accepts_a_datetime_and_caches() -> None:
    """A datetime is its day; asking twice returns the same tuple."""
    h = small()
    assert h.at(dt.datetime(2025, 6, 30, 23, 59)) is h.at("2025-06-30")


def test_at_needs_a_day() -> None:
    """A period longer than a day is refused."""
    assert f"'2025' {NOT_A_DAY}" == refused(lambda: small().at("2025"))


def test_versions_oldest_first() -> None:
    """versions(code) lists every unit that had the code, oldest first."""
    assert ["Xã Đông Thọ", "Phường Hàm Rồng"] == [v.name for v in small().versions("1")]


def test_versions_of_unknown_code() -> None:
    """An unknown code raises UnknownUnitError naming it."""
    assert "unknown administrative unit '99'" == refused(
        lambda: small().versions("99"), UnknownUnitError
    )


def test_get_unique_code() -> None:
    """get without a day works for a code used by one unit."""
    assert "Huyện Hoằng Hóa" == small().get("380").name


def test_get_unknown_code_names_it() -> None:
    """get of an unknown code raises a KeyError (UnknownUnitError) naming it."""
    assert "unknown administrative unit '99'" == refused(lambda: small().get("99"), KeyError)


def test_get_reused_code_without_a_day_explains() -> None:
    """A reused code needs on=; the error lists every unit that had it."""
    assert (
        "the unit code '1' was used by 2 units, pass on= a day to choose: "
        "Xã Đông Thọ […, 2025-07-01); Phường Hàm Rồng [2025-07-01, …)"
        == refused(lambda: small().get("1"), UnknownUnitError)
    )


def test_get_reused_code_with_a_day() -> None:
    """With on=, get picks the unit that had the code that day."""
    h = small()
    assert ("Xã Đông Thọ", "Phường Hàm Rồng") == (
        h.get("1", on="2025-06-30").name,
        h.get("1", on=dt.date(2025, 7, 1)).name,
    )


def test_get_on_a_day_without_the_code() -> None:
    """A code unused on that day raises, saying when it was used."""
    assert (
        "unknown administrative unit '380' (no unit had this code on 2025-07-01; "
        "it was used by Huyện Hoằng Hóa […, 2025-07-01))"
        == refused(lambda: small().get("380", on=REFORM), UnknownUnitError)
    )


def test_get_with_a_bad_day() -> None:
    """on= must be a day."""
    assert f"'2025' {NOT_A_DAY}" == refused(lambda: small().get("1", on="2025"))


def test_get_with_unparseable_day() -> None:
    """on= text that is not a date raises HierarchyError, as a day that is a year does
    (it was a PeriodError, in other words)."""
    assert f"'soon' {NOT_A_DAY}" == refused(lambda: small().get("1", on="soon"))


def test_children_on_a_day() -> None:
    """children lists the units directly under a code on a day."""
    h = small()
    assert (["1", "2"], ["380", "381"], ["1", "20"], []) == (
        codes(h.children("380", "2025-06-30")),
        codes(h.children("38", "2025-06-30")),
        codes(h.children("38", REFORM)),
        codes(h.children("380", REFORM)),
    )


def test_units_of_a_level() -> None:
    """units_of lists the units of a level on a day, optionally under an ancestor."""
    h = small()
    assert (["380", "381"], ["1", "2", "3"], ["3"], ["1", "2", "3"], [], ["1", "20"]) == (
        codes(h.units_of(Level.DISTRICT, "2025-06-30")),
        codes(h.units_of(Level.COMMUNE, "2025-06-30")),
        codes(h.units_of(Level.COMMUNE, "2025-06-30", under="381")),
        codes(h.units_of(Level.COMMUNE, "2025-06-30", under="38")),
        codes(h.units_of(Level.DISTRICT, REFORM)),
        codes(h.units_of(Level.COMMUNE, REFORM, under="38")),
    )


def test_successors_follow_the_lineage() -> None:
    """A split unit has several successors; merged units share one."""
    h = small()
    assert (["1", "20"], ["20"], [], []) == (
        [f"{u.code}" for u in h.successors("1")],
        codes(h.successors("2")),
        codes(h.successors("20")),
        codes(h.successors("380")),
    )


def test_successors_are_the_new_versions() -> None:
    """The successor '1' of old commune 1 is the new version of the reused code."""
    assert [REFORM] == [u.valid_from for u in small().successors("1") if u.code == "1"]


def test_predecessors() -> None:
    """predecessors lists the old units a new one came from (a split unit under each)."""
    h = small()
    assert (["1", "2", "3"], ["1"], []) == (
        codes(h.predecessors("20")),
        codes(h.predecessors("1")),
        codes(h.predecessors("380")),
    )


def test_predecessors_of_unknown_code() -> None:
    """predecessors of an unknown code raises UnknownUnitError."""
    assert "unknown administrative unit '99'" == refused(
        lambda: small().predecessors("99"), UnknownUnitError
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hoang hoa", ["380", "20"]),
        ("HOẰNG HÓA", ["380", "20"]),
        ("Huyện Hoằng Hóa", ["380"]),
        ("huyen  hoang   hoa", ["380"]),
        ("dong tho", ["1"]),
        ("nghi son", ["381"]),
        ("thi xa nghi son", ["381"]),
        ("but son", ["3"]),
        ("ham rong", ["2", "1"]),
        ("nowhere", []),
    ],
)
def test_find_ignores_accents_case_and_kind(query: str, expected: list[str]) -> None:
    """find matches the name without accents, case or the kind word; oldest first."""
    assert expected == codes(small().find(query))


def test_find_on_a_day() -> None:
    """find with on= keeps the units of that day."""
    h = small()
    assert (["380"], ["20"]) == (
        codes(h.find("hoang hoa", on="2025-06-30")),
        codes(h.find("hoang hoa", on=REFORM)),
    )


def test_lookup_unique() -> None:
    """lookup returns the one match."""
    assert "Huyện Hoằng Hóa" == small().lookup("hoang hoa", on="2025-06-30").name


def test_lookup_ambiguous_lists_every_match() -> None:
    """An ambiguous name lists every matching unit with its validity."""
    assert (
        "the name 'hoang hoa' is ambiguous, 2 units match: Huyện Hoằng Hóa (380) "
        "[…, 2025-07-01); Xã Hoằng Hóa (20) [2025-07-01, …)"
        == refused(lambda: small().lookup("hoang hoa"), UnknownUnitError)
    )


def test_lookup_unknown_name() -> None:
    """A name that matches nothing says so (with the day, when given)."""
    h = small()
    assert (
        "no administrative unit is named 'nowhere'",
        "no administrative unit is named 'dong tho' on 2025-07-01",
    ) == (
        refused(lambda: h.lookup("nowhere"), UnknownUnitError),
        refused(lambda: h.lookup("dong tho", on=REFORM), UnknownUnitError),
    )


def test_lookup_ambiguous_on_a_day() -> None:
    """An ambiguity on one day names that day."""
    h = Hierarchy(
        [
            PROVINCE,
            unit(code="380", name="Huyện Lam Sơn"),
            unit(code="381", name="Thị xã Lam Sơn", kind="thị xã"),
        ]
    )
    assert (
        "the name 'lam son' is ambiguous on 2020-01-01, 2 units match: "
        "Huyện Lam Sơn (380) […, …); Thị xã Lam Sơn (381) […, …)"
        == refused(lambda: h.lookup("lam son", on="2020-01-01"), UnknownUnitError)
    )


def test_levels_under() -> None:
    """levels_under counts units per level, every level present."""
    h = small()
    assert (
        {Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3},
        {Level.PROVINCE: 0, Level.DISTRICT: 0, Level.COMMUNE: 0},
    ) == (levels_under(h.at("2025-06-30")), levels_under(()))


# -- hostile arguments: a string for a sequence, something else than units -----------------


@pytest.mark.parametrize(
    ("successors", "error", "expected"),
    [
        (
            "15865",
            ArgumentTypeError,
            "successors must be a sequence of unit codes, got the string '15865' "
            "(write ('15865',) for one successor)",
        ),
        (
            b"15865",
            ArgumentTypeError,
            "successors must be a sequence of unit codes, got the string b'15865' "
            "(write (b'15865',) for one successor)",
        ),
        (15865, ArgumentTypeError, "successors must be a sequence of unit codes, got 15865"),
        ([15865], HierarchyError, f"successors[0]: 15865 {NOT_A_CODE}{NUMBER_HINT}"),
        (("15865", "x"), HierarchyError, f"successors[1]: 'x' {NOT_A_CODE}"),
        (("15865", "٣٨"), HierarchyError, f"successors[1]: '٣٨' {NOT_A_CODE}"),
    ],
)
def test_successors_must_be_a_sequence_of_codes(
    successors: object, error: type[Exception], expected: str
) -> None:
    """successors="15865" was split into five one-digit codes: a string is refused."""
    assert expected == refused(lambda: unit(valid_until=REFORM, successors=successors), error)


def test_successors_as_a_list_or_tuple() -> None:
    """A list or a tuple of codes is the sequence it looks like."""
    assert (("15865",), ("1", "2")) == (
        unit(valid_until=REFORM, successors=["15865"]).successors,
        unit(valid_until=REFORM, successors=("1", "2")).successors,
    )


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        ([1], "a Hierarchy is built from AdministrativeUnit objects, got 1 (item 0)"),
        (
            [AdministrativeUnit(code="38", name="T", kind="tỉnh"), "380"],
            "a Hierarchy is built from AdministrativeUnit objects, got '380' (item 1)",
        ),
        (None, "a Hierarchy is built from AdministrativeUnit objects, got None"),
        (38, "a Hierarchy is built from AdministrativeUnit objects, got 38"),
    ],
)
def test_a_hierarchy_of_something_else_is_refused(units: Any, expected: str) -> None:
    """Hierarchy([1]) raised a bare AttributeError: a clear ArgumentTypeError now."""
    assert expected == refused(lambda: Hierarchy(units), ArgumentTypeError)


def test_units_of_takes_the_name_of_a_level() -> None:
    """units_of("commune", day) is units_of(Level.COMMUNE, day) (it returned nothing)."""
    h = small()
    assert (
        codes(h.units_of(Level.COMMUNE, "2025-06-30")),
        codes(h.units_of(Level.DISTRICT, "2025-06-30", under="38")),
    ) == (
        codes(h.units_of("commune", "2025-06-30")),
        codes(h.units_of(" District", "2025-06-30", under="38")),
    )


def test_units_of_the_shipped_communes_by_name() -> None:
    """The 549 commune-level units of early 2025, by the level's name too."""
    from thdx import thanh_hoa_units

    h = thanh_hoa_units()
    by_enum = h.units_of(Level.COMMUNE, "2025-06-30")
    assert (by_enum, True) == (h.units_of("commune", "2025-06-30"), len(by_enum) > 500)


@pytest.mark.parametrize("level", ["village", "", 2, None])
def test_units_of_an_unknown_level_is_refused(level: Any) -> None:
    """An unknown level is refused, naming it and the levels."""
    expected = f"{level!r} is not a level (expected 'province', 'district' or 'commune')"
    assert expected == refused(lambda: small().units_of(level, "2025-06-30"))
