"""The day tables of a hierarchy (``Hierarchy.at``, the engine's units under parents)
answer as a plain walk over every unit does: units with bounds and without, units of
a reform, codes reused."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import thdx.strategies as ts
from thdx import AdministrativeUnit, Hierarchy, Level
from thdx.engine import _hierarchy as eh
from thdx.engine._data import MIN_ORD

REFORM = dt.date(2025, 7, 1)


def _mixed() -> Hierarchy:
    """A province, two districts that end with the reform, one that goes on without a
    last day, and communes with and without bounds (a code reused after the reform)."""
    au = AdministrativeUnit
    return Hierarchy(
        [
            au(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh"),
            au(code="389", name="Huyện A", kind="huyện", parent="38", valid_until=REFORM),
            au(code="380", name="Huyện B", kind="huyện", parent="38", valid_until=REFORM),
            au(code="400", name="Huyện C", kind="huyện", parent="38"),
            au(code="16000", name="Xã A", kind="xã", parent="389", valid_until=REFORM),
            au(code="16003", name="Xã B", kind="xã", parent="380", valid_until=REFORM),
            au(code="16003", name="Xã B mới", kind="xã", parent="38", valid_from=REFORM),
            au(code="9", name="Xã C", kind="xã", parent="400"),
            au(code="10", name="Xã D", kind="xã", parent="400", valid_from=dt.date(2020, 1, 1)),
        ]
    )


def _days(h: Hierarchy) -> list[dt.date]:
    bounds = {u.valid_from for u in h if u.valid_from} | {u.valid_until for u in h if u.valid_until}
    days = sorted(bounds | {dt.date(2000, 1, 1), dt.date(2030, 1, 1)})
    return days + [d - dt.timedelta(days=1) for d in days]


def _check(h: Hierarchy) -> None:
    ordered = sorted(h, key=lambda u: (u.level.rank, int(u.code)))
    codes = sorted({u.code for u in h}, key=int)
    for day in _days(h):
        assert h.at(day) == tuple(u for u in ordered if u.exists_on(day))
        for level in Level:
            for parents in (codes, codes[:1], codes[::-1], [*codes[:2], codes[0], "999"]):
                kept, members = eh.units_under(h, level, day, parents)
                under = {c: h.descendants(c, level, day) for c in parents}
                want = sorted(
                    {u.code: u for us in under.values() for u in us}.values(),
                    key=lambda u: int(u.code),
                )
                assert kept == want
                assert [[kept[j] for j in m] for m in members] == [list(under[c]) for c in parents]


def _era_end(
    h: Hierarchy, level: Level, anchor: dt.date, day: dt.date, parents: list[str]
) -> dt.date | None:
    """The last day of the era of ``anchor``'s units under ``parents``, walked unit by
    unit (None: some still exist on ``day``, or there were none)."""
    seen = [u for c in parents for u in h.descendants(c, level, anchor)]
    if anchor >= day or not seen or any(u.exists_on(day) for u in seen):
        return None
    return max(u.valid_until for u in seen if u.valid_until) - dt.timedelta(days=1)


def _check_eras(h: Hierarchy) -> None:
    codes = sorted({u.code for u in h}, key=int)
    days = _days(h)
    for anchor in days:
        for day in days:
            for level in Level:
                for parents in (codes, codes[:1], [*codes[1:2], "999"]):
                    got = eh.era_end(h, level, anchor, day, parents)
                    assert got == _era_end(h, level, anchor, day, parents)


def test_the_tables_of_a_hierarchy_with_and_without_bounds() -> None:
    _check_eras(_mixed())

    _check(_mixed())


@given(ts.hierarchies())
def test_the_tables_of_thdx_strategies_hierarchies(h: Hierarchy) -> None:
    _check(h)
    _check_eras(h)


@given(st.integers(1, 6), st.integers(1, 4))
def test_the_tables_of_a_hierarchy_without_any_bound(n_districts: int, per: int) -> None:
    """Every unit without bounds (the country benchmark's case: no unit looked at)."""
    au = AdministrativeUnit
    units = [au(code="1", name="Tỉnh", kind="tỉnh")]
    units += [
        au(code=f"{10 + d}", name=f"Huyện {d}", kind="huyện", parent="1")
        for d in range(n_districts)
    ]
    units += [
        au(code=f"{1000 + d * 10 + c}", name=f"Xã {d} {c}", kind="xã", parent=f"{10 + d}")
        for d in range(n_districts)
        for c in range(per)
    ]
    _check(Hierarchy(units[::-1]))


def test_days_with_the_same_units_share_one_tuple_and_one_table() -> None:
    """2021 and 2024 have the same units (one tuple, one day table); the reform's day
    has others."""
    h = _mixed()
    a, b, after = dt.date(2021, 1, 1), dt.date(2024, 6, 1), REFORM
    assert h.at(a) is h.at(b)
    assert h.at(after) != h.at(a)
    assert eh._tree(h, a) is eh._tree(h, b)
    assert eh._tree(h, after) is not eh._tree(h, a)
    assert [u.code for u in eh.descendants(h, "38", Level.COMMUNE, after)] == ["9", "10", "16003"]


@given(st.one_of(ts.hierarchies(), st.just(_mixed())))
def test_the_per_unit_tables_against_a_walk_over_the_units(h: Hierarchy) -> None:
    """levels_ever: every version's level, as bits; first_ordinals: MIN_ORD for a unit
    without a first day, else its first day as the same unit; children-ever: every
    unit's code under its parent's."""
    bits: dict[str, int] = {}
    children: dict[str, list[str]] = {}
    for u in h:
        bits[u.code] = bits.get(u.code, 0) | 1 << list(Level).index(u.level)
        if u.parent is not None:
            children.setdefault(u.parent, []).append(u.code)
    assert eh.levels_ever(h) == bits
    assert eh._children_ever(h) == children
    firsts = eh.first_ordinals(h)
    for u in h:
        first = eh._first_day_of(h, u)
        assert firsts[id(u)] == (first.toordinal() if first else MIN_ORD)


def test_a_code_of_two_levels_has_both_bits() -> None:
    """A code used by a district until the reform, then by a commune: both levels."""
    au = AdministrativeUnit
    h = Hierarchy(
        [
            au(code="38", name="Tỉnh", kind="tỉnh"),
            au(code="400", name="Huyện", kind="huyện", parent="38", valid_until=REFORM),
            au(code="400", name="Xã", kind="xã", parent="38", valid_from=REFORM),
        ]
    )
    district, commune = (
        1 << list(Level).index(Level.DISTRICT),
        1 << list(Level).index(Level.COMMUNE),
    )
    assert eh.levels_ever(h)["400"] == district | commune
