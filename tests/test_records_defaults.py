"""Tests of the defaults a user expects: a rulebook names its default hierarchy
(``[rulebook] units = "thanh_hoa"``), which evaluate() uses when given none."""

from __future__ import annotations

import attrs
import pytest

import thdx
from thdx.rulebooks import UNIT_LISTS, shipped_units
from thdx.store import Measurement, MeasurementSet

MINIMAL = """
schema_version = 1
[rulebook]
id = "x"
number = "1/NQ"
title = "Một nghị quyết"
jurisdiction = "38"
{extra}
[[targets]]
id = "x.satisfaction"
measure = "value"
pillar = "government"
indicator = "satisfaction_share"
comparator = ">="
threshold = "90 %"
deadline = "2025"
scope = "province"
clause = "Một mục tiêu."
"""


def load(extra: str) -> thdx.Rulebook:
    """A one-target rulebook with ``extra`` lines in its [rulebook] table."""
    return thdx.loads_rulebook(MINIMAL.format(extra=extra), base=thdx.resolution_06().catalogue)


def test_shipped_rulebooks_name_thanh_hoa() -> None:
    """Resolution 06 and the plan of QĐ 969 are judged over Thanh Hóa's units by default."""
    assert ("thanh_hoa", "thanh_hoa") == (thdx.resolution_06().units, thdx.plan_qd969().units)


def test_evaluate_uses_the_default_hierarchy() -> None:
    """evaluate(resolution_06(), data) judges as if given units=thanh_hoa_units()."""
    data = thdx.example_data()
    given = thdx.evaluate(
        thdx.resolution_06(), data, units=thdx.thanh_hoa_units(), as_of="2025-12-31"
    )
    default = thdx.evaluate(thdx.resolution_06(), data, as_of="2025-12-31")
    assert given.to_records() == default.to_records()
    assert default.units is thdx.thanh_hoa_units()
    # 114 communes recognised for 2023 (a published count) are counted against 549.
    counts = default.verdict("2025.soc.communes_completed").counts
    assert counts is not None
    assert 549 == counts.total


def test_given_units_win_over_the_default() -> None:
    """units= given is used, not the rulebook's default."""
    h = thdx.Hierarchy([thdx.AdministrativeUnit(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh")])
    r = thdx.evaluate(thdx.resolution_06(), MeasurementSet(), units=h, as_of="2024-12-31")
    assert r.units is h


def test_data_outside_the_default_units_names_the_default() -> None:
    """Data about a unit the default hierarchy does not hold is refused, and the message
    says the units are the rulebook's default."""
    data = MeasurementSet([Measurement("99999", "satisfaction_share", 90, "2024")])
    with pytest.raises(
        thdx.UnknownUnitError,
        match=r"^the data names units that the rulebook's default units \('thanh_hoa'; pass "
        r"units= for others\) do not hold: '99999' \(no such unit\)$",
    ):
        thdx.evaluate(thdx.resolution_06(), data, as_of="2024-12-31")


def test_a_rulebook_file_names_its_units() -> None:
    """units = "thanh_hoa" in [rulebook] is kept; without it, None; dumped and loaded back."""
    rb = load('units = "thanh_hoa"')
    assert ("thanh_hoa", None) == (rb.units, load("").units)
    assert rb == thdx.loads_rulebook(thdx.dump_rulebook(rb), base=thdx.resolution_06().catalogue)
    assert 'units = "thanh_hoa"' in thdx.dump_rulebook(thdx.resolution_06())


@pytest.mark.parametrize(
    ("line", "shown"),
    [('units = "ha_noi"', "'ha_noi'"), ("units = 3", "3"), ('units = ""', "''")],
)
def test_an_unknown_unit_list_is_refused(line: str, shown: str) -> None:
    """A units name that no shipped list has is refused with its path, beside the
    rulebook's other problems."""
    with pytest.raises(thdx.RulebookError) as got:
        load(f'{line}\nissued = "not a day"')
    messages = [str(p) for p in got.value.problems]
    assert (
        f"rulebook.units: {shown} is not a unit list thdx ships (expected one of 'thanh_hoa')"
        in messages
    )
    assert any(m.startswith("rulebook.issued") for m in messages)


def test_shipped_units_by_name() -> None:
    """shipped_units gives each list of UNIT_LISTS; another name is a HierarchyError."""
    assert shipped_units("thanh_hoa") is thdx.thanh_hoa_units()
    assert ["thanh_hoa"] == sorted(UNIT_LISTS)
    with pytest.raises(thdx.HierarchyError, match=r"^no shipped unit list is named 'x'"):
        shipped_units("x")


def test_evolving_units_away_judges_without_a_hierarchy() -> None:
    """attrs.evolve(rulebook, units=None) is how to judge without any hierarchy."""
    rb = attrs.evolve(thdx.resolution_06(), units=None)
    r = thdx.evaluate(rb, MeasurementSet(), as_of="2024-12-31")
    assert r.units is None
