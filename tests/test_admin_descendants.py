"""Tests of Hierarchy.descendants: the units of a level under a unit on a day, found by
walking down the subtree; the same units as ``units_of(level, day, under=code)``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx.strategies as ts
from thdx import AdministrativeUnit, Hierarchy, Level
from thdx.model import HierarchyError

REFORM = dt.date(2025, 7, 1)


def unit(**kw: Any) -> AdministrativeUnit:
    """An administrative unit (a district of province 38 unless told otherwise)."""
    fields: dict[str, Any] = {"code": "380", "name": "Huyện A", "kind": "huyện", "parent": "38"}
    fields.update(kw)
    return AdministrativeUnit(**fields)


def small() -> Hierarchy:
    """Province 38 with two districts and three communes until the reform, then two
    communes directly under it (code 1 reused); a second province 40 with one of each."""
    return Hierarchy(
        [
            AdministrativeUnit(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh"),
            unit(code="380", name="Huyện Hoằng Hóa", valid_until=REFORM),
            unit(code="381", name="Thị xã Nghi Sơn", kind="thị xã", valid_until=REFORM),
            unit(code="1", name="Xã Đông Thọ", kind="xã", parent="380", valid_until=REFORM),
            unit(code="2", name="Phường Hàm Rồng", kind="phường", parent="380", valid_until=REFORM),
            unit(
                code="3", name="Thị trấn Bút Sơn", kind="thị trấn", parent="381", valid_until=REFORM
            ),
            unit(
                code="1", name="Phường Hàm Rồng", kind="phường", valid_from=REFORM, level="commune"
            ),
            unit(code="20", name="Xã Hoằng Hóa", kind="xã", valid_from=REFORM, level="commune"),
            AdministrativeUnit(code="40", name="Tỉnh Nghệ An", kind="tỉnh"),
            unit(code="400", name="Huyện Nam Đàn", parent="40"),
            unit(code="4000", name="Xã Kim Liên", kind="xã", parent="400"),
        ]
    )


def codes(units: tuple[AdministrativeUnit, ...]) -> list[str]:
    """The codes of some units, in order."""
    return [u.code for u in units]


def test_descendants_of_a_province_by_level_and_day() -> None:
    """Communes and districts under a province, before and after the reform, by code."""
    h = small()
    before, after = "2025-06-30", REFORM
    assert (["1", "2", "3"], ["380", "381"], ["1", "20"], [], ["4000"]) == (
        codes(h.descendants("38", Level.COMMUNE, before)),
        codes(h.descendants("38", "district", before)),
        codes(h.descendants("38", "commune", after)),
        codes(h.descendants("38", Level.DISTRICT, after)),
        codes(h.descendants("40", Level.COMMUNE, after)),
    )


def test_descendants_of_a_district_and_of_a_commune() -> None:
    """A district's communes; a commune has none; a unit that ended has none after."""
    h = small()
    assert (["3"], [], [], []) == (
        codes(h.descendants("381", Level.COMMUNE, "2025-06-30")),
        codes(h.descendants("1", Level.COMMUNE, "2025-06-30")),
        codes(h.descendants("381", Level.COMMUNE, REFORM)),
        codes(h.descendants("38", Level.PROVINCE, "2025-06-30")),
    )


def test_descendants_of_an_unknown_code_is_empty() -> None:
    """A code no unit ever had has no descendants (no error, as units_of(under=))."""
    assert () == small().descendants("99", Level.COMMUNE, REFORM)


@pytest.mark.parametrize(
    ("level", "on", "error", "expected"),
    [
        (
            "ward",
            REFORM,
            HierarchyError,
            "'ward' is not a level (expected 'province', 'district' or 'commune')",
        ),
        (
            "commune",
            "2025",
            HierarchyError,
            "'2025' is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')",
        ),
        (
            "commune",
            "soon",
            HierarchyError,
            "'soon' is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')",
        ),
    ],
)
def test_descendants_refuses_a_bad_level_or_day(
    level: str, on: Any, error: type[Exception], expected: str
) -> None:
    """The level and the day are checked as units_of checks them."""
    with pytest.raises(error) as info:
        small().descendants("38", level, on)
    assert str(info.value).startswith(expected)


def test_descendants_walks_only_the_subtree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking about one province looks at its own units, not at the other province's."""
    h = small()
    seen: list[str] = []
    exists_on = AdministrativeUnit.exists_on

    def counting(self: AdministrativeUnit, day: dt.date) -> bool:
        seen.append(self.code)
        return exists_on(self, day)

    monkeypatch.setattr(AdministrativeUnit, "exists_on", counting)
    found = h.descendants("40", Level.COMMUNE, REFORM)
    assert (["4000"], ["400", "4000"]) == (codes(found), sorted(seen))


def test_a_cycle_through_a_reused_code_is_refused() -> None:
    """District 7 under code 2, a province until 2021 and a commune under 7 after, would
    make the parents a cycle on 2023: the hierarchy is refused (7 outlives its parent)."""
    with pytest.raises(HierarchyError, match="outlives its parent '2'"):
        Hierarchy(
            [
                AdministrativeUnit(code="2", name="Tỉnh A", kind="tỉnh", valid_until="2021-01-01"),
                unit(code="7", name="Huyện B", parent="2"),
                unit(code="2", name="Xã C", kind="xã", parent="7", valid_from="2021-01-01"),
            ]
        )


# -- the same units as units_of(under=), on random hierarchies ------------------------------

DAYS = (dt.date(2018, 1, 1), dt.date(2021, 1, 1), dt.date(2023, 6, 1), REFORM, dt.date(2027, 1, 1))
LEVEL_KIND = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện", Level.COMMUNE: "xã"}
CODE_POOL = {
    Level.PROVINCE: ("1", "2", "3"),
    Level.DISTRICT: ("4", "5", "6", "7"),
    Level.COMMUNE: ("8", "9", "10", "11", "12"),
}


@st.composite
def eras_hierarchies(draw: st.DrawFn) -> Hierarchy:
    """Provinces, districts and communes with validity intervals: codes reused across
    eras (at one level), communes directly under a province."""
    units: list[AdministrativeUnit] = []
    spans: dict[str, list[tuple[dt.date, dt.date]]] = {}
    bounds = [dt.date.min, *DAYS, dt.date.max]

    def free(code: str, start: dt.date, end: dt.date) -> bool:
        return all(end <= s or e <= start for s, e in spans.get(code, []))

    for _ in range(draw(st.integers(1, 14))):
        parents = [u for u in units if u.level is not Level.COMMUNE]
        has_parent = bool(parents) and draw(st.integers(0, 4)) > 0  # one province in five
        parent = draw(st.sampled_from(parents)) if has_parent else None
        if parent is None:
            level = Level.PROVINCE
        elif parent.level is Level.PROVINCE:
            level = draw(st.sampled_from((Level.DISTRICT, Level.COMMUNE)))
        else:
            level = Level.COMMUNE
        # Begin while the parent exists (on a day of DAYS, or since always if it has);
        # end by the day the parent ends: a unit may not outlive its parent.
        p_start = dt.date.min if parent is None else parent.valid_from or dt.date.min
        p_end = dt.date.max if parent is None else parent.valid_until or dt.date.max
        starts = [d for d in bounds[:-1] if p_start <= d < p_end]
        start = draw(st.sampled_from(starts))
        end = draw(st.sampled_from([d for d in bounds if start < d <= p_end]))
        # A code is reused only at its own level: reused across levels, a code can
        # close a cycle that Hierarchy accepts and units_of(under=) never leaves.
        code = draw(st.sampled_from(CODE_POOL[level]))
        if not free(code, start, end):
            code = str(100 + len(units))
        spans.setdefault(code, []).append((start, end))
        units.append(
            AdministrativeUnit(
                code=code,
                name=f"Unit {len(units)}",
                kind=LEVEL_KIND[level],
                parent=None if parent is None else parent.code,
                level=level,
                valid_from=None if start == dt.date.min else start,
                valid_until=None if end == dt.date.max else end,
            )
        )
    return Hierarchy(units)


@given(eras_hierarchies())
def test_descendants_are_units_of_under_on_random_eras(h: Hierarchy) -> None:
    """For every code, level and day: descendants == units_of(level, day, under=code)."""
    wanted, got = [], []
    for code in [*sorted({u.code for u in h}), "999"]:
        for level in Level:
            for day in (*DAYS, dt.date(2025, 6, 30)):
                wanted.append(codes(h.units_of(level, day, under=code)))
                got.append(codes(h.descendants(code, level, day)))
    assert wanted == got


@given(ts.hierarchies())
def test_descendants_are_units_of_under_on_thdx_strategies(h: Hierarchy) -> None:
    """The same on thdx.strategies' hierarchies (a province, a reform)."""
    days = sorted({u.valid_from for u in h if u.valid_from} | {dt.date(2000, 1, 1)})
    pairs = [
        (code, level, day)
        for code in sorted({u.code for u in h})
        for level in Level
        for day in [*days, *(d - dt.timedelta(days=1) for d in days)]
    ]
    assert [codes(h.units_of(lv, d, under=c)) for c, lv, d in pairs] == [
        codes(h.descendants(c, lv, d)) for c, lv, d in pairs
    ]


def test_a_unit_outliving_its_parent_is_refused() -> None:
    """A district that outlives its province (whose code is then reused) is refused."""
    units = [
        AdministrativeUnit(code="2", name="Tỉnh Hai", kind="tỉnh", valid_until=dt.date(2021, 1, 1)),
        AdministrativeUnit(code="7", name="Huyện Bảy", kind="huyện", parent="2"),
    ]
    with pytest.raises(HierarchyError) as info:
        Hierarchy(units)
    expected = (
        "invalid hierarchy:\n  unit '7' (Huyện Bảy): outlives its parent '2', which ends on "
        "2021-01-01"
    )
    assert expected == str(info.value)


@given(st.one_of(eras_hierarchies(), ts.hierarchies()))
def test_the_engines_day_table_gives_the_same_descendants(h: Hierarchy) -> None:
    """The engine's table (one walk up from every unit of a day, kept per hierarchy and
    day) answers every code, level and day as ``Hierarchy.descendants`` does, in order;
    and its first days are the ones the engine computes unit by unit."""
    from thdx.engine._hierarchy import _first_day_of, alive, descendants, first_day, inside

    days = sorted({u.valid_from for u in h if u.valid_from} | {*DAYS})
    days += [d - dt.timedelta(days=1) for d in days]
    for day in days:
        assert alive(h, day) == {u.code: u for u in h.at(day)}
        for code in [*sorted({u.code for u in h}), "999"]:
            for level in Level:
                assert codes(descendants(h, code, level, day)) == codes(
                    h.descendants(code, level, day)
                )
    assert [first_day(h, u) for u in h] == [_first_day_of(h, u) for u in h]
    # Inside a code: it and every code with it among its ancestors through any version.
    parents: dict[str, set[str]] = {}
    for u in h:
        if u.parent is not None:
            parents.setdefault(u.code, set()).add(u.parent)

    def ancestors(code: str) -> set[str]:
        found, todo = set(), list(parents.get(code, ()))
        while todo:
            p = todo.pop()
            if p not in found:
                found.add(p)
                todo.extend(parents.get(p, ()))
        return found

    every = {u.code for u in h}
    for root in [*sorted(every), "999"]:
        assert inside(h, root) == {root} | {c for c in every if root in ancestors(c)}
