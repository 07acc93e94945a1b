"""Tests of the history of Thanh Hóa's units from 2021 to 30 Jun 2025 (issue 17, item 9).

Every count per day is checked against a published figure; the key of its source is
named in the test's docstring and explained in
``src/thdx/data/admin-units/thanh-hoa-sources.csv``:

- 1 Jan 2021: 27 district-level (2 TP, 2 TX, 23 huyện) and 559 commune-level units
  (``nq786``: 559 after the 2019 mergers; ``gso-2021``: the list of 3 Feb 2021);
  TP Thanh Hóa 34 units, 20 phường and 14 xã (``nq786``).
- 1 Feb 2021: 10 xã of TP Thanh Hóa became phường (``nq1108``): TP Thanh Hóa 30
  phường, 4 xã (``gso-2021``).
- 1 Feb 2024: 27 district-level, 558 commune-level units, 467 xã, 60 phường, 31 thị
  trấn; Thiệu Hóa 24 units, 22 xã and 2 thị trấn (``nq939``).
- 1 Jan 2025: 26 district-level units (``arr2025-hdnd``), 547 commune-level units
  (452 xã, 63 phường, 32 thị trấn) by the province (``arr2025-counts``), 549 in the
  official list, which also carries 16387 and 16411 (``gso-2025``; see the README).
- 1 Jul 2025: 166 commune-level units, no district level.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from helpers import admin_unit_rows, units_per_level

import thdx
from thdx import AdministrativeUnit, Hierarchy, Kind, Level
from thdx.io import UNITS_HEADER
from thdx.model import DataFileError, UnknownUnitError
from thdx.rulebooks import HISTORY_FROM, REFORM_DATE

HISTORY = "thanh-hoa-units-history-2021-2025.csv"
STARTS = "thanh-hoa-units-starts-2021-2025.csv"
SOURCES = "thanh-hoa-sources.csv"

#: The day of the 2023–2025 arrangement (Đông Sơn district into TP Thanh Hóa).
ARRANGEMENT_2025 = dt.date(2025, 1, 1)

#: Codes in the official list of 2025 that the province does not count (README).
STALE = ("16387", "16411")

#: The unit whose successor could not be established (README).
NO_SUCCESSOR = ("15217",)


def units() -> Hierarchy:
    """The shipped hierarchy."""
    return thdx.thanh_hoa_units()


def kinds(day: str, under: str | None = None) -> dict[str, int]:
    """Commune-level units per kind on a day (below ``under`` if given)."""
    found = units().units_of(Level.COMMUNE, day, under=under)
    return dict(sorted(Counter(u.kind.value for u in found).items()))


# -- counts per day ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        ("2021-01-01", (1, 27, 559)),
        ("2021-01-31", (1, 27, 559)),
        ("2021-02-01", (1, 27, 559)),
        ("2023-12-20", (1, 27, 559)),
        ("2024-01-31", (1, 27, 559)),
        ("2024-02-01", (1, 27, 558)),
        ("2024-06-30", (1, 27, 558)),
        ("2024-12-31", (1, 27, 558)),
        ("2025-01-01", (1, 26, 549)),
        ("2025-06-30", (1, 26, 549)),
        ("2025-07-01", (1, 0, 166)),
    ],
)
def test_counts_per_day(day: str, counts: tuple[int, int, int]) -> None:
    """27/559 from 2021 (nq786, gso-2021, gso-2023), 27/558 from 1 Feb 2024 (nq939),
    26/549 from 1 Jan 2025 (gso-2025; 547 by the province, see the next tests), then
    166 communes."""
    assert counts == units_per_level(day)


def test_district_kinds_before_2025() -> None:
    """On 31 Dec 2024: 2 cities, 2 towns and 23 districts (context.md, gso-2023)."""
    c = Counter(u.kind for u in units().units_of(Level.DISTRICT, "2024-12-31"))
    assert {Kind.THANH_PHO: 2, Kind.THI_XA: 2, Kind.HUYEN: 23} == dict(c)


def test_commune_kinds_after_the_change_of_february_2024() -> None:
    """From 1 Feb 2024: 467 xã, 60 phường, 31 thị trấn (nq939)."""
    assert {"phường": 60, "thị trấn": 31, "xã": 467} == kinds("2024-02-01") == kinds("2024-12-31")


def test_commune_kinds_in_2023() -> None:
    """On 20 Dec 2023: 469 xã, 60 phường, 30 thị trấn, the kinds of the list of 7 May 2023
    (gso-2023)."""
    assert {"phường": 60, "thị trấn": 30, "xã": 469} == kinds("2023-12-20")


def test_commune_kinds_in_2021_differ_by_the_two_townships_of_unknown_date() -> None:
    """The list of 3 Feb 2021 has 471 xã, 60 phường, 28 thị trấn (gso-2021); the data
    carry 15403 and 15412 as thị trấn from the start, since the day Nghị quyết 1260
    took effect is not established (README), so they show 469 and 30."""
    early = {u.code: u for u in units().units_of(Level.COMMUNE, "2021-02-01")}
    assert (
        {"phường": 60, "thị trấn": 30, "xã": 469},
        ("Thị trấn Yên Lâm", "Thị trấn Quý Lộc"),
    ) == (kinds("2021-02-01"), (early["15403"].name, early["15412"].name))


def test_commune_kinds_on_the_first_day() -> None:
    """On 1 Jan 2021 the 10 future phường of TP Thanh Hóa were still xã (nq1108):
    50 phường; xã and thị trấn as the previous test explains."""
    assert {"phường": 50, "thị trấn": 30, "xã": 479} == kinds("2021-01-01")


def test_province_count_of_2025_leaves_out_two_codes_of_the_list() -> None:
    """547 commune-level units (452 xã, 63 phường, 32 thị trấn) by the province
    (arr2025-counts); the data hold those plus the two codes 16387 and 16411."""
    communes = units().units_of(Level.COMMUNE, "2025-01-01")
    counted = [u for u in communes if u.code not in STALE]
    assert (547, {Kind.XA: 452, Kind.PHUONG: 63, Kind.THI_TRAN: 32}) == (
        len(counted),
        dict(Counter(u.kind for u in counted)),
    )


def test_thanh_hoa_city_over_time() -> None:
    """TP Thanh Hóa: 20 phường and 14 xã on 1 Jan 2021 (nq786), 30 and 4 from 1 Feb 2021
    (nq1108), 33 phường and 14 xã from 1 Jan 2025 without the two stale codes
    (arr2025-hdnd: 47 units)."""
    after = [u for u in units().children("380", "2025-01-01") if u.code not in STALE]
    assert (
        {"phường": 20, "xã": 14},
        {"phường": 30, "xã": 4},
        (47, {Kind.PHUONG: 33, Kind.XA: 14}),
    ) == (
        kinds("2021-01-01", under="380"),
        kinds("2024-12-31", under="380"),
        (len(after), dict(Counter(u.kind for u in after))),
    )


@pytest.mark.parametrize(
    ("code", "day", "expected", "source"),
    [
        ("394", "2023-12-20", {"thị trấn": 4, "xã": 22}, "nq1260: Yên Định 22 xã, 4 thị trấn"),
        ("398", "2024-02-01", {"thị trấn": 2, "xã": 22}, "nq939: Thiệu Hóa 22 xã, 2 thị trấn"),
        ("405", "2024-12-31", {"thị trấn": 1, "xã": 13}, "wiki-dongson: 1 thị trấn, 13 xã"),
        ("407", "2021-01-01", {"phường": 16, "xã": 15}, "nq933: Nghi Sơn 16 phường, 15 xã"),
    ],
)
def test_district_breakdowns(code: str, day: str, expected: dict[str, int], source: str) -> None:
    """The commune-level units of a district on a day, as its source gives them."""
    assert expected == kinds(day, under=code), source


# -- the changes ------------------------------------------------------------------------


def test_dong_son_district_merged_into_thanh_hoa_city() -> None:
    """Huyện Đông Sơn (405) existed until 31 Dec 2024; its successor is TP Thanh Hóa,
    which holds its 14 communes from 1 Jan 2025."""
    h = units()
    ds = h.get("405", on="2024-12-31")
    moved = {u.code for u in h.children("405", "2024-12-31")}
    assert (
        "Huyện Đông Sơn",
        ARRANGEMENT_2025,
        ("380",),
        14,
        moved,
    ) == (
        ds.name,
        ds.valid_until,
        ds.successors,
        len(moved),
        moved & {u.code for u in h.children("380", "2025-01-01")},
    )
    with pytest.raises(UnknownUnitError):
        h.get("405", on="2025-01-01")


def test_a_commune_moved_with_its_district_keeps_its_code() -> None:
    """Xã Đông Khê (16408) was under 405 until 31 Dec 2024 and under 380 from 1 Jan 2025."""
    h = units()
    old, new = h.get("16408", on="2024-12-31"), h.get("16408", on="2025-01-01")
    assert (("405", ("16408",)), ("380", ARRANGEMENT_2025)) == (
        (old.parent, old.successors),
        (new.parent, new.valid_from),
    )


def test_names_follow_the_day() -> None:
    """Xã Quảng Phú became Phường Quảng Phú on 1 Feb 2021 (nq1108); Xã Hà Lai became
    Xã Thái Lai on 1 Jan 2025; the lookup by name follows."""
    h = units()
    assert (
        "Xã Quảng Phú",
        "Phường Quảng Phú",
        "Xã Hà Lai",
        "Xã Thái Lai",
        "15331",
    ) == (
        h.get("16522", on="2021-01-31").name,
        h.get("16522", on="2021-02-01").name,
        h.get("15331", on="2024-12-31").name,
        h.get("15331", on="2025-01-01").name,
        h.lookup("thai lai", on="2025-06-30").code,
    )


def test_a_merge_into_a_renamed_unit_has_both_predecessors() -> None:
    """Xã Thái Lai (15331 from 1 Jan 2025) came from Hà Thái (15340) and Hà Lai (15331)."""
    h = units()
    preds = {(u.code, u.name) for u in h.predecessors("15331") if u.valid_until == ARRANGEMENT_2025}
    assert {("15340", "Xã Hà Thái"), ("15331", "Xã Hà Lai")} == preds


def test_february_2024_merge() -> None:
    """Xã Thiệu Phú (15790) merged into thị trấn Thiệu Hóa (15772) on 1 Feb 2024 (nq939)."""
    h = units()
    gone = h.versions("15790")
    assert (1, dt.date(2024, 2, 1), ["Thị trấn Thiệu Hóa"]) == (
        len(gone),
        gone[0].valid_until,
        [u.name for u in h.successors("15790")],
    )


def test_hai_yen_was_dissolved_into_four_wards() -> None:
    """Xã Hải Yến (16651) went to phường Nguyên Bình, Tĩnh Hải, Mai Lâm, Hải Thượng
    (arr2025-haiyen, evidence 'plan')."""
    assert ["16609", "16642", "16645", "16654"] == [u.code for u in units().successors("16651")]


# -- lineage ----------------------------------------------------------------------------


def _ended_before_reform(h: Hierarchy) -> list[AdministrativeUnit]:
    return [u for u in h if u.valid_until is not None and u.valid_until < REFORM_DATE]


def test_every_unit_that_ended_before_the_reform_has_successors_the_day_after() -> None:
    """Every version that ended before 1 Jul 2025 names successors that exist on the day
    it ended, except Xã Thạch Đồng, whose successor is not established (README)."""
    h = units()
    missing = sorted(u.code for u in _ended_before_reform(h) if not u.successors)
    absent = [
        (u.code, s)
        for u in _ended_before_reform(h)
        for s in u.successors
        if not any(v.exists_on(u.valid_until) for v in h.versions(s))  # type: ignore[arg-type]
    ]
    assert (list(NO_SUCCESSOR), []) == (missing, absent)


@pytest.mark.parametrize("day", ["2021-02-01", "2024-02-01", "2025-01-01"])
def test_no_unit_vanishes_on_a_change_day(day: str) -> None:
    """Each unit of the day before a change either exists the next day (same version) or
    has a successor that does, but for the one not established."""
    h = units()
    d = dt.date.fromisoformat(day)
    before = h.at(d - dt.timedelta(days=1))
    after = set(h.at(d))
    lost = sorted(
        u.code
        for u in before
        if u not in after and not any(h.get(s, on=d) in after for s in u.successors)
    )
    expected = list(NO_SUCCESSOR) if d == ARRANGEMENT_2025 else []
    assert expected == lost


def test_every_later_start_continues_an_earlier_version() -> None:
    """A version that begins after 1 Jan 2021 (before the reform) continues one of the
    same code that ended that day, but for the two stale codes first listed in 2025."""
    h = units()
    starts = [
        u for u in h if u.valid_from is not None and HISTORY_FROM < u.valid_from < REFORM_DATE
    ]
    orphans = sorted(
        u.code for u in starts if not any(v.valid_until == u.valid_from for v in h.versions(u.code))
    )
    assert (list(STALE), 39) == (orphans, len(starts))


def test_same_code_continuations_name_themselves_as_successor() -> None:
    """When only the name, kind or parent changed, the old version's successor is its
    own code; every such pair ends and begins on the same day."""
    h = units()
    pairs = [
        (u, h.get(u.code, on=u.valid_until))
        for u in _ended_before_reform(h)
        if u.code in u.successors
    ]
    assert (True, 37) == (all(new.valid_from == old.valid_until for old, new in pairs), len(pairs))


# -- a recognition of a unit that merged ------------------------------------------------


def test_recognition_of_a_unit_merged_in_2024_is_accepted() -> None:
    """Xã Thiệu Phú, recognised on 20 Dec 2023, merged on 1 Feb 2024: the evaluation
    accepts it and counts it for QĐ 969's 2023 quota over the 559 units of 2023."""
    rec = thdx.Recognition(unit="15790", on="2023-12-20", decision="QĐ 1/QĐ-UBND")
    report = thdx.evaluate(
        thdx.plan_qd969(), thdx.MeasurementSet([rec]), units=units(), as_of="2025-12-31"
    )
    v = report.verdict("qd969.2023.communes")
    assert (1, 559, dt.date(2023, 12, 31)) == (v.counts.passed, v.counts.total, v.counts.on)  # type: ignore[union-attr]


@pytest.mark.parametrize(("code", "day"), [("15790", "2023-12-20"), ("16039", "2024-06-30")])
def test_units_that_merged_existed_on_their_recognition_day(code: str, day: str) -> None:
    """Thiệu Phú (merged 1 Feb 2024) and Tuy Lộc (merged 1 Jan 2025) exist on a day
    before their merger, so data about them on that day name a known unit."""
    d = dt.date.fromisoformat(day)
    assert any(v.exists_on(d) for v in units().versions(code))


# -- the data files ---------------------------------------------------------------------


def test_history_rows_and_their_evidence() -> None:
    """50 earlier versions; the 'inferred' and 'plan' rows are those the README lists."""
    rows = admin_unit_rows(HISTORY)
    by = {e: sorted(r["code"] for r in rows if r["evidence"] == e) for e in ("plan", "inferred")}
    assert (
        50,
        {"inferred", "plan", "stated"},
        ["16651"],
        [
            "15217", "15331", "15340", "15439", "15442", "15736", "15739", "15757",
            "15760", "15871", "15880", "16039", "16042", "16117", "16120", "16516", "16537",
        ],
    ) == (len(rows), {r["evidence"] for r in rows}, by["plan"], by["inferred"])  # fmt: skip


def test_every_source_key_is_described_with_an_address() -> None:
    """Each key named by a row is in thanh-hoa-sources.csv, with at least one URL; every
    described source is used by a row or by the README."""
    sources = {r["key"]: r for r in admin_unit_rows(SOURCES)}
    used = {
        k for name in (HISTORY, STARTS) for r in admin_unit_rows(name) for k in r["sources"].split()
    }
    readme = resources.files("thdx").joinpath("data", "admin-units", "README.md").read_text("utf-8")
    unaddressed = sorted(k for k, r in sources.items() if not re.search(r"https?://", r["urls"]))
    unused = sorted(k for k in sources if k not in used and f"`{k}`" not in readme)
    assert (set(), [], []) == (used - set(sources), unaddressed, unused)


def test_readme_lists_what_could_not_be_established() -> None:
    """The README names each unit whose facts are incomplete."""
    readme = resources.files("thdx").joinpath("data", "admin-units", "README.md").read_text("utf-8")
    part = readme.split("## What could not be established", 1)[1]
    assert [] == [c for c in ("15217", "16651", "15403", "15412", *STALE) if c not in part]


def test_round_trip_through_read_units(tmp_path: Path) -> None:
    """The whole history written in read_units' format reads back as the same units."""
    h = units()
    path = tmp_path / "units.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(UNITS_HEADER)
        for u in h:
            w.writerow(
                [
                    u.code,
                    u.name,
                    u.kind.value,
                    u.parent or "",
                    u.valid_from.isoformat() if u.valid_from else "",
                    u.valid_until.isoformat() if u.valid_until else "",
                    " ".join(u.successors),
                ]
            )
    back = thdx.read_units(path)
    assert (set(h), len(h)) == (set(back), len(back))


def test_users_can_supply_a_missing_successor(tmp_path: Path) -> None:
    """A user who knows which unit Thạch Đồng joined adds it through read_units (the
    successor here, 15187, is a placeholder for the test, not a claim)."""
    path = tmp_path / "units.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(UNITS_HEADER)
        for u in units():
            succ = "15187" if u.code == "15217" else " ".join(u.successors)
            w.writerow(
                [u.code, u.name, u.kind.value, u.parent or "", u.valid_from or "",
                 u.valid_until or "", succ]
            )  # fmt: skip
    assert ["Thị trấn Kim Tân"] == [u.name for u in thdx.read_units(path).successors("15217")]


# -- the loader's checks ----------------------------------------------------------------


def _doctored(monkeypatch: pytest.MonkeyPatch, name: str, edit: dict[int, dict[str, str]]) -> None:
    from thdx.rulebooks import _thanh_hoa as thanh_hoa

    real = thanh_hoa._rows

    def rows(file: str) -> list[dict[str, str]]:
        out = real(file)
        if file == name:
            for i, change in edit.items():
                out[i] = {**out[i], **change}
        return out

    monkeypatch.setattr(thanh_hoa, "_rows", rows)


def test_loader_refuses_a_start_that_does_not_meet_the_earlier_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A start day other than the end of the code's earlier version is reported."""
    _doctored(monkeypatch, STARTS, {0: {"valid_from": "2021-03-01"}})
    with pytest.raises(DataFileError) as info:
        thdx.rulebooks.thanh_hoa_units.__wrapped__()
    assert (
        f"thdx/data/admin-units: 1 problem\n"
        f"  {STARTS}:2: '15856' begins 2021-03-01, its earlier version ends 2021-02-01"
    ) == str(info.value)


def test_loader_refuses_unknown_codes_and_late_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """A start for a code not in the 2025 list, and an earlier version ending after the
    reform, are reported with their lines; a code left without start is reported too."""
    _doctored(monkeypatch, STARTS, {0: {"code": "99999"}})
    from thdx.rulebooks import _thanh_hoa as thanh_hoa

    real = thanh_hoa._rows

    def rows(file: str) -> list[dict[str, str]]:
        out = real(file)
        if file == HISTORY:
            out[1] = {**out[1], "valid_until": "2025-08-01"}
        return out

    monkeypatch.setattr(thanh_hoa, "_rows", rows)
    with pytest.raises(DataFileError) as info:
        thanh_hoa.thanh_hoa_units.__wrapped__()
    assert (
        "thdx/data/admin-units: 3 problems\n"
        f"  {HISTORY}:3: an earlier version must end by 2025-07-01\n"
        f"  {STARTS}:2: '99999' is not in the list before 2025-07-01\n"
        f"  {STARTS}: '15856' has an earlier version but no start day"
    ) == str(info.value)


def test_loader_reports_a_bad_history_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """A malformed row of the history (bad kind, bad day) is reported with its line."""
    _doctored(monkeypatch, HISTORY, {0: {"kind": "làng"}, 2: {"valid_until": "2021-02-30"}})
    with pytest.raises(DataFileError) as info:
        thdx.rulebooks.thanh_hoa_units.__wrapped__()
    text = str(info.value)
    assert (True, True, True) == (
        text.startswith("thdx/data/admin-units: 2 problems\n"),
        f"{HISTORY}:2: 'làng' is not a kind of administrative unit" in text,
        f"{HISTORY}:4: " in text,
    )
