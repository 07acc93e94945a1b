"""Hostile values and units of measure (issue 9): each is refused with a QuantityError
(or a MeasurementError for an indicator) that names it, before any heavy work.

The cheap path is asserted, not timed: every case here runs with pint's parser and
registry replaced by a function that fails the test, so a refusal proves that the text
never reached pint; long texts are refused before any regular expression sees them.
A hard alarm (a few seconds per test) turns a hang into a failure instead of a stall.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NoReturn

import pytest
from helpers import no_hang

import thdx.model._quantities as quantities
import thdx.model._unit_grammar as unit_grammar
import thdx.model._unit_registry as unit_registry
from thdx import Catalogue, Indicator
from thdx.model import (
    MAX_POWER,
    MAX_UNIT_LENGTH,
    MAX_VALUE_LENGTH,
    MeasurementError,
    QuantityError,
    check_unit,
    convert,
    same_dimension,
    to_magnitude,
)

POWER = "a unit's power must be a whole number from -4 to 4, such as 'VND ** 2'"
JUXTAPOSED = "'%' is followed by '%' with no '*' or '/' between them"
LONG_UNIT = "a" * 10_000


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    """Fail, rather than stall, a case that runs for more than 5 seconds."""
    with no_hang(5.0):
        yield


@pytest.fixture
def no_pint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any use of pint (its registry or its unit parser) fail the test."""

    def refused(*args: object) -> NoReturn:
        raise AssertionError("pint was reached")

    # Wherever the registry and pint's unit parser are reachable from.
    for module in (quantities, unit_registry):
        for name in ("registry", "_pint_units"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, refused)


def refusal(value: object, unit: str = "percent", where: str | None = None) -> str:
    """The message of the QuantityError that to_magnitude raises."""
    with pytest.raises(QuantityError) as info:
        to_magnitude(value, unit, where=where)
    return str(info.value)


# -- values --------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_pint")
@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            "5 % ** (9**9**9)", f"'5 % ** (9**9**9)' is not a quantity ({POWER})", id="power tower"
        ),
        pytest.param("5 %**-200", f"'5 %**-200' is not a quantity ({POWER})", id="power -200"),
        pytest.param(
            "5 % ** 10**400", f"'5 % ** 10**400' is not a quantity ({POWER})", id="power 10**400"
        ),
        pytest.param("5 %**999", f"'5 %**999' is not a quantity ({POWER})", id="power 999"),
        pytest.param("5 % ** 1e20", f"'5 % ** 1e20' is not a quantity ({POWER})", id="power 1e20"),
        pytest.param("5 % ** 2.5", f"'5 % ** 2.5' is not a quantity ({POWER})", id="power 2.5"),
        pytest.param("5 % ^ 5", f"'5 % ^ 5' is not a quantity ({POWER})", id="caret power 5"),
        pytest.param(
            "5 % ** 2 ** 2",
            "'5 % ** 2 ** 2' is not a quantity (a unit's power must be a whole number from -4 "
            "to 4, and cannot be raised again)",
            id="power of a power",
        ),
        pytest.param(
            "5 (% ** 4) ** 4",
            f"'5 (% ** 4) ** 4' is not a quantity ({quantities._EXPECTED})",
            id="parenthesis first",
        ),
        pytest.param(
            "5 % * % * % * % * %",
            "'5 % * % * % * % * %' is not a quantity ('%' has the power 5, beyond ±4)",
            id="product of five percents",
        ),
        pytest.param(
            "92.5 %%", f"'92.5 %%' is not a quantity ({JUXTAPOSED})", id="percent percent"
        ),
        pytest.param(
            "92.5 % %", f"'92.5 % %' is not a quantity ({JUXTAPOSED})", id="percent space percent"
        ),
        pytest.param(
            "5 VND VND",
            "'5 VND VND' is not a quantity ('VND' is followed by 'VND' with no '*' or '/' "
            "between them)",
            id="two names side by side",
        ),
        pytest.param(
            "5 VND / million people",
            "'5 VND / million people' is not a quantity ('million people' after '/' is "
            "ambiguous: write '/ (million people)')",
            id="multiple after a slash",
        ),
        pytest.param("5 % + 1", f"'5 % + 1' is not a quantity ({quantities._EXPECTED})", id="plus"),
        pytest.param(
            "5 % 2", f"'5 % 2' is not a quantity ({quantities._EXPECTED})", id="number in a unit"
        ),
        pytest.param(
            "5 percent ** -200",
            f"'5 percent ** -200' is not a quantity ({POWER})",
            id="percent name",
        ),
        pytest.param(
            "5 furlong ** 999", "'5 furlong ** 999': unknown unit 'furlong'", id="unknown name"
        ),
        pytest.param(
            "5 " + LONG_UNIT,
            f"'5 aaaaaaaaaaaaaaaaa…(10004 characters) is not a quantity (longer than "
            f"{MAX_VALUE_LENGTH} characters)",
            id="10,000-letter unit",
        ),
        pytest.param(
            "5 " + "(" * 200 + "%" + ")" * 200,
            f"'5 (((((((((((((((((…(405 characters) is not a quantity (longer than "
            f"{MAX_VALUE_LENGTH} characters)",
            id="200 parentheses",
        ),
        pytest.param(
            "5 " + "a" * 250,
            f"'5 {'a' * 250}' is not a quantity (longer than {MAX_UNIT_LENGTH} characters)",
            id="unit longer than its limit",
        ),
    ],
)
def test_hostile_value_is_refused_before_pint(value: str, message: str) -> None:
    """Powers, doubled units, long or nested texts are refused by the grammar, not pint."""
    assert message == refusal(value)


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        pytest.param(
            "287.000 tỷ đồng",
            "billion_VND",
            "'287.000 tỷ đồng' is ambiguous: thdx reads '.' as a decimal point, not as a "
            "thousands separator; write '287000 tỷ đồng' without separators, or "
            "'287 tỷ đồng' if the dot is a decimal point",
            id="287.000 tỷ đồng",
        ),
        pytest.param(
            "1.250 triệu đồng",
            "million_VND",
            "'1.250 triệu đồng' is ambiguous: thdx reads '.' as a decimal point, not as a "
            "thousands separator; write '1250 triệu đồng' without separators, or "
            "'1.25 triệu đồng' if the dot is a decimal point",
            id="1.250 triệu đồng",
        ),
        pytest.param(
            "500.000 đồng",
            "VND",
            "'500.000 đồng' is ambiguous: thdx reads '.' as a decimal point, not as a "
            "thousands separator; write '500000 đồng' without separators, or "
            "'500 đồng' if the dot is a decimal point",
            id="500.000 đồng",
        ),
        pytest.param(
            "1.234.567 đồng",
            "VND",
            f"'1.234.567 đồng' is not a quantity ({quantities._EXPECTED})",
            id="1.234.567 đồng",
        ),
        pytest.param(
            "9,6 %", "percent", f"'9,6 %' is not a quantity ({quantities._EXPECTED})", id="9,6 %"
        ),
    ],
)
def test_thousands_separator_is_refused(value: str, unit: str, message: str) -> None:
    """A dot or comma as a Vietnamese separator is refused, showing how to write it."""
    assert message == refusal(value, unit)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2.5 tỷ đồng", "billion_VND", 2.5),
        ("0.500 tỷ đồng", "billion_VND", 0.5),
        ("1.125 VND", "VND", 1.125),
        ("287000 tỷ đồng", "billion_VND", 287000.0),
        ("1.250 %", "percent", 1.25),
        ("5 % ** 2", "percent", 0.05),
        ("120 VND / (million_VND / worker)", "worker", 120e-6),
    ],
)
def test_near_misses_are_read(value: str, unit: str, expected: float) -> None:
    """What is not ambiguous is still read: decimals, English amounts, small powers."""
    assert expected == pytest.approx(to_magnitude(value, unit), rel=1e-12)


def test_value_where_is_named() -> None:
    """The place a value came from starts the message."""
    assert f"data.csv:4:value: '5 %%' is not a quantity ({JUXTAPOSED})" == refusal(
        "5 %%", where="data.csv:4:value"
    )


def test_long_value_is_refused_before_any_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text longer than MAX_VALUE_LENGTH is refused on its length alone: O(1) after len."""

    class Boom:
        def fullmatch(self, text: str) -> NoReturn:
            raise AssertionError("the value pattern was reached")

    monkeypatch.setattr(quantities, "_VALUE_RE", Boom())
    assert refusal("5 " + LONG_UNIT).endswith(f"(longer than {MAX_VALUE_LENGTH} characters)")


def test_long_unit_is_refused_before_the_lexer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit expression longer than MAX_UNIT_LENGTH never reaches the lexer or the cache."""

    class Boom:
        def finditer(self, text: str) -> NoReturn:
            raise AssertionError("the lexer was reached")

    monkeypatch.setattr(unit_grammar, "_LEX_RE", Boom())
    with pytest.raises(QuantityError) as info:
        check_unit(LONG_UNIT, where="indicators[0].unit")
    expected = (
        "indicators[0].unit: 'aaaaaaaaaaaaaaaaaaa…(10002 characters) is not a unit "
        f"expression (longer than {MAX_UNIT_LENGTH} characters)"
    )
    assert expected == str(info.value)


# -- units of indicators and thresholds ------------------------------------------------


@pytest.mark.usefixtures("no_pint")
@pytest.mark.parametrize(
    ("unit", "message"),
    [
        pytest.param(
            "percent ** -200",
            f"'percent ** -200' is not a unit expression ({POWER})",
            id="percent ** -200",
        ),
        pytest.param(
            "% ** (9**9**9)",
            f"'% ** (9**9**9)' is not a unit expression ({POWER})",
            id="power tower",
        ),
        pytest.param("%%", f"'%%' is not a unit expression ({JUXTAPOSED})", id="percent percent"),
        pytest.param(
            "(((((%)))))",
            "'(((((%)))))' is not a unit expression (parentheses nested deeper than 4)",
            id="five parentheses",
        ),
        pytest.param(
            "(% ** 4) ** 4",
            "'(% ** 4) ** 4' is not a unit expression ('%' has the power 16, beyond ±4)",
            id="power of a group",
        ),
        pytest.param("%s", "unknown unit 's'", id="percent s"),
        pytest.param("٣ %", "'٣ %' is not a unit expression", id="Arabic-Indic digit"),
        pytest.param(
            LONG_UNIT,
            f"'aaaaaaaaaaaaaaaaaaa…(10002 characters) is not a unit expression (longer than "
            f"{MAX_UNIT_LENGTH} characters)",
            id="10,000 letters",
        ),
        pytest.param(5, "5 is not a unit expression", id="not a text"),
    ],
)
def test_hostile_unit_is_refused_before_pint(unit: object, message: str) -> None:
    """check_unit, convert, same_dimension and to_magnitude refuse it the same way."""
    for call in (
        lambda: check_unit(unit),  # type: ignore[arg-type]
        lambda: convert(1, unit, "percent"),  # type: ignore[arg-type]
        lambda: same_dimension(unit, "percent"),  # type: ignore[arg-type]
        lambda: to_magnitude(1, unit),  # type: ignore[arg-type]
    ):
        with pytest.raises(QuantityError) as info:
            call()
        assert message == str(info.value)


def test_units_of_derived_ratios_are_read() -> None:
    """The grammar reads what the library writes: "(VND) / (VND)" for a derived share."""
    assert 100.0 == convert(1.0, "(VND) / (VND)", "percent")
    assert 1e6 == convert(1.0, "(million_VND) / (person)", "VND / worker")


def test_every_power_within_the_limit_is_read() -> None:
    """Powers from -MAX_POWER to MAX_POWER are read, the next ones refused."""
    for power in range(-MAX_POWER, MAX_POWER + 1):
        check_unit(f"VND ** {power}")
    for power in (-MAX_POWER - 1, MAX_POWER + 1):
        with pytest.raises(QuantityError, match=re.escape(POWER)):
            check_unit(f"VND ** {power}")


def test_quantity_with_a_huge_power_is_refused() -> None:
    """A pint Quantity whose unit has a power beyond MAX_POWER is not read as 0 %."""
    q = unit_registry.Q_(1, "percent") ** 999
    assert "<Quantity(1, 'percent ** 999')>: unit not understood" == refusal(q)


@pytest.mark.parametrize(
    ("kind", "unit", "message"),
    [
        pytest.param(
            "share", "VND", "a share is measured in 'percent', got unit 'VND'", id="share in VND"
        ),
        pytest.param(
            "share",
            "dimensionless",
            "a share is measured in 'percent', got unit 'dimensionless'",
            id="share as fraction",
        ),
        pytest.param(
            "rank",
            "percent",
            "a rank is measured in 'rank', got unit 'percent'",
            id="rank in percent",
        ),
        pytest.param(
            "growth_rate",
            "VND",
            "a growth rate is measured in 'percent' or 'percent / year', got unit 'VND'",
            id="growth in VND",
        ),
        pytest.param(
            "count",
            "percent",
            "a count is measured in 'person', 'enterprise', 'household', "
            "'administrative_unit' or 'dimensionless', got unit 'percent'",
            id="count in percent",
        ),
        pytest.param(
            "level",
            "rank",
            "a level cannot be measured in ranks, got unit 'rank'",
            id="level in ranks",
        ),
        pytest.param(
            "share",
            "percent ** -200",
            f"'percent ** -200' is not a unit expression ({POWER})",
            id="hostile unit",
        ),
    ],
)
def test_indicator_kind_and_unit_must_agree(kind: str, unit: str, message: str) -> None:
    """An indicator whose kind and unit disagree is refused when built."""
    with pytest.raises(MeasurementError) as info:
        Indicator("x", "x", "x", "economy", unit, kind)
    assert f"indicator 'x': {message}" == str(info.value)


def test_derived_indicator_unit_must_fit_its_parts() -> None:
    """A derived VND/enterprise declared in percent is refused, naming the indicator."""
    parts = [
        Indicator("money", "m", "m", "economy", "VND", "level"),
        Indicator("firms", "f", "f", "economy", "enterprise", "count"),
    ]
    ratio = Indicator(
        "ratio", "r", "r", "economy", "percent", "share", numerator="money", denominator="firms"
    )
    with pytest.raises(MeasurementError) as info:
        Catalogue([*parts, ratio])
    assert (
        "derived indicator 'ratio': 'money' / 'firms' is in (VND) / (enterprise), which "
        "cannot be expressed in 'percent'"
    ) == str(info.value)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param([1], "a Catalogue holds Indicator objects, got 1", id="a number"),
        pytest.param(5, "a Catalogue takes Indicator objects, got 5", id="not iterable"),
        pytest.param("x", "a Catalogue takes Indicator objects, got 'x'", id="a text"),
    ],
)
def test_catalogue_of_something_else_is_refused(given: object, message: str) -> None:
    """Catalogue([1]) is a MeasurementError, not a raw AttributeError."""
    with pytest.raises(MeasurementError) as info:
        Catalogue(given)  # type: ignore[arg-type]
    assert message == str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_en", 5, "name_en must be a string, got 5"),
        ("note", None, "note must be a string, got None"),
        ("numerator", 5, "numerator must be an indicator id (lower_snake_case ASCII), got 5"),
        (
            "id",
            "x" * 500,
            "indicator id 'xxxxxxxxxxxxxxxxxxx…(502 characters) is longer than 100 characters",
        ),
    ],
)
def test_indicator_fields_of_another_type_are_refused(
    field: str, value: object, message: str
) -> None:
    """Fields are not coerced: a wrong type is a MeasurementError naming the field."""
    fields: dict[str, object] = {
        "id": "x",
        "name_vi": "x",
        "name_en": "x",
        "pillar": "economy",
        "unit": "VND",
        "kind": "level",
        field: value,
    }
    if field == "numerator":
        fields["denominator"] = "y"
    with pytest.raises(MeasurementError) as info:
        Indicator(**fields)  # type: ignore[arg-type]
    assert message == str(info.value)
