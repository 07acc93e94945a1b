"""Tests of thdx.model._indicators: Indicator validation, range checks and the Catalogue."""

from __future__ import annotations

from typing import Any

import pytest

from thdx import Catalogue, Direction, Indicator, IndicatorKind, Pillar, default_catalogue
from thdx.model import MeasurementError, UnknownIndicatorError


def ind(**changes: Any) -> Indicator:
    """A valid share indicator with some fields changed."""
    fields: dict[str, Any] = {
        "id": "x_share",
        "name_vi": "Tỷ lệ x",
        "name_en": "Share of x",
        "pillar": "economy",
        "unit": "percent",
        "kind": "share",
    }
    fields.update(changes)
    return Indicator(**fields)


def test_fields_are_converted_to_enums() -> None:
    """Pillar, kind and direction given as text become enum members."""
    i = ind(direction="lower")
    assert (Pillar.ECONOMY, IndicatorKind.SHARE, Direction.LOWER) == (i.pillar, i.kind, i.direction)


def test_direction_defaults_to_higher() -> None:
    """Most indicators are better when higher."""
    assert Direction.HIGHER == ind().direction


def test_rank_direction_defaults_to_lower() -> None:
    """A rank is better when lower (1st beats 5th)."""
    assert Direction.LOWER == ind(unit="rank", kind="rank").direction


def test_rank_direction_can_be_overridden() -> None:
    """An explicit direction wins over the rank default."""
    assert Direction.HIGHER == ind(unit="rank", kind="rank", direction="higher").direction


@pytest.mark.parametrize("bad", ["Bad", "1x", "x-y", "", "xé"])
def test_bad_id_is_refused(bad: str) -> None:
    """An id must be lower_snake_case ASCII starting with a letter."""
    with pytest.raises(MeasurementError) as info:
        ind(id=bad)
    assert f"indicator id must be lower_snake_case ASCII, got {bad!r}" == str(info.value)


def test_non_string_id_is_refused() -> None:
    """An id that is not a string is refused with its repr."""
    with pytest.raises(MeasurementError) as info:
        ind(id=5)
    assert "indicator id must be lower_snake_case ASCII, got 5" == str(info.value)


def test_bad_pillar_lists_the_pillars() -> None:
    """An unknown pillar names the bad value and every valid one."""
    with pytest.raises(MeasurementError) as info:
        ind(pillar="money")
    assert (
        "'money' is not a pillar (expected one of 'government', 'economy', 'society', 'overall')"
        == str(info.value)
    )


def test_bad_kind_lists_the_kinds() -> None:
    """An unknown kind names the bad value and every valid one."""
    with pytest.raises(MeasurementError) as info:
        ind(kind="ratio")
    assert (
        "'ratio' is not a kind of indicator "
        "(expected one of 'share', 'count', 'level', 'growth_rate', 'rank')" == str(info.value)
    )


def test_bad_direction_lists_the_directions() -> None:
    """An unknown direction names the bad value and both valid ones."""
    with pytest.raises(MeasurementError) as info:
        ind(direction="up")
    assert "'up' is not a direction (expected one of 'higher', 'lower')" == str(info.value)


def test_derived_needs_both_parts() -> None:
    """A numerator without a denominator is refused, naming the indicator."""
    with pytest.raises(MeasurementError) as info:
        ind(numerator="a")
    assert "indicator 'x_share': a derived indicator needs both numerator and denominator" == str(
        info.value
    )


def test_derived_flag() -> None:
    """An indicator with numerator and denominator is derived; others are not."""
    assert (True, False) == (ind(numerator="a", denominator="b").derived, ind().derived)


@pytest.mark.parametrize(
    ("kind", "unit", "magnitude", "expected"),
    [
        ("share", "percent", 0.0, None),
        ("share", "percent", 100.0, None),
        ("share", "percent", 100.5, "100.5 is outside 0–100 % for share indicator 'x_share'"),
        ("share", "percent", -0.5, "-0.5 is outside 0–100 % for share indicator 'x_share'"),
        ("count", "enterprise", 0.0, None),
        ("count", "enterprise", -1.0, "-1.0 is negative for count indicator 'x_share'"),
        ("level", "VND", -1.0, "-1.0 is negative for level indicator 'x_share'"),
        ("level", "VND", 1e15, None),
        ("growth_rate", "percent", -30.0, None),
        ("growth_rate", "percent", 250.0, None),
        ("rank", "rank", 1.0, None),
        ("rank", "rank", 0.0, "0.0 is not a rank (a whole number ≥ 1) for indicator 'x_share'"),
        ("rank", "rank", 2.5, "2.5 is not a rank (a whole number ≥ 1) for indicator 'x_share'"),
    ],
)
def test_check_range(kind: str, unit: str, magnitude: float, expected: str | None) -> None:
    """Each kind has its range: shares 0–100, counts and levels ≥ 0, ranks whole ≥ 1."""
    assert expected == ind(kind=kind, unit=unit).check_range(magnitude, shown=magnitude, where=None)


def test_catalogue_lookup_and_mapping_protocol() -> None:
    """A catalogue is a read-only mapping of indicators by id."""
    a, b = ind(id="a"), ind(id="b")
    cat = Catalogue([b, a])
    assert (a, ["b", "a"], 2, True, None) == (
        cat["a"],
        list(cat),
        len(cat),
        "a" in cat,
        cat.get("z"),
    )


def test_catalogue_unknown_id_is_an_unknown_indicator_error() -> None:
    """Indexing by an unknown id raises UnknownIndicatorError naming it."""
    with pytest.raises(UnknownIndicatorError) as info:
        Catalogue([ind()])["nope"]
    assert "unknown indicator 'nope'" == str(info.value)


def test_catalogue_get_or_raise_names_the_place() -> None:
    """get_or_raise puts the caller's place in front of the message."""
    with pytest.raises(UnknownIndicatorError) as info:
        Catalogue([ind()]).get_or_raise("nope", where="data.csv:3")
    assert "data.csv:3: unknown indicator 'nope'" == str(info.value)


def test_catalogue_get_or_raise_returns_the_indicator() -> None:
    """get_or_raise returns a known indicator."""
    i = ind()
    assert i == Catalogue([i]).get_or_raise("x_share")


def test_catalogue_identical_repeat_is_kept_once() -> None:
    """Declaring the same indicator twice, identically, is fine."""
    assert len(Catalogue([ind(), ind()])) == 1


def test_catalogue_conflicting_declarations_are_refused() -> None:
    """Two different indicators with one id are refused."""
    with pytest.raises(MeasurementError) as info:
        Catalogue([ind(), ind(unit="VND", kind="level")])
    assert "indicator 'x_share' is declared twice, differently" == str(info.value)


def test_catalogue_derived_with_unknown_part_is_refused() -> None:
    """A derived indicator must refer to indicators of the same catalogue."""
    with pytest.raises(MeasurementError) as info:
        Catalogue([ind(numerator="a", denominator="b")])
    assert "derived indicator 'x_share' refers to unknown indicator 'a'" == str(info.value)


def test_catalogue_repr_equality_and_unhashability() -> None:
    """Catalogues compare by content, print their sorted ids, and are not hashable."""
    a, b = Catalogue([ind(id="b"), ind(id="a")]), Catalogue([ind(id="a"), ind(id="b")])
    assert ("Catalogue(['a', 'b'])", True, False) == (repr(a), a == b, a == {"a": ind(id="a")})
    with pytest.raises(TypeError):
        hash(a)


def test_catalogue_merged() -> None:
    """merged returns a new catalogue with both sets of indicators, leaving the original."""
    base = Catalogue([ind(id="a")])
    merged = base.merged([ind(id="b")])
    assert (["a"], ["a", "b"]) == (list(base), list(merged))


def test_default_catalogue_holds_the_shipped_indicators() -> None:
    """The default catalogue holds the 14 indicators of Resolution 06, 3 of QĐ 1829 and
    the 4 that Decision 749/QĐ-TTg adds."""
    assert [
        "dx_index_rank",
        "digital_gov_rank",
        "systems_connected_share",
        "online_inspection_share",
        "level4_services_share",
        "satisfaction_share",
        "eid_users_share",
        "digital_economy_share",
        "digital_economy_value",
        "grdp",
        "labour_productivity",
        "labour_productivity_growth",
        "dx_enterprise_share",
        "epayment_account_share",
        "cashless_electricity_household_share",
        "adults_digital_signature_share",
        "ehr_updated_share",
        "level4_online_services_share",
        "online_work_dossier_share",
        "fibre_household_share",
        "fibre_commune_share",
    ] == list(default_catalogue())


def test_default_catalogue_is_loaded_once() -> None:
    """Every call returns the same catalogue object."""
    assert default_catalogue() is default_catalogue()


def test_default_catalogue_declares_digital_economy_share_as_a_ratio() -> None:
    """digital_economy_share is digital_economy_value / grdp, both in VND."""
    cat = default_catalogue()
    share = cat["digital_economy_share"]
    assert ("digital_economy_value", "grdp", "VND", "VND", "percent") == (
        share.numerator,
        share.denominator,
        cat["digital_economy_value"].unit,
        cat["grdp"].unit,
        share.unit,
    )
