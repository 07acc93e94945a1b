"""Tests for thdx.model._quantities, _unit_registry and _unit_grammar: the lazy pint
registry, the grammar of unit expressions and reading values with units."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import NoReturn

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx.model._quantities as quantities
import thdx.model._unit_grammar as grammar
import thdx.model._unit_registry as unit_registry
from thdx.model import (
    QuantityError,
    check_unit,
    convert,
    format_quantity,
    registry,
    same_dimension,
    to_magnitude,
)

SRC = Path(__file__).resolve().parents[1] / "src"
NOT_A_QUANTITY = "is not a quantity (expected a number with an optional unit, e.g. '92.5 %')"


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter that imports thdx from the source tree."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return result.stdout


# --------------------------------------------------------------------- lazy import


def test_import_and_fast_path_do_not_import_pint() -> None:
    """Importing the module and the fast path of to_magnitude leave pint unimported."""
    out = run_python(
        """
        import sys
        import thdx.model._quantities as q
        import thdx.model._unit_registry as r
        print("pint" in sys.modules)
        assert q.to_magnitude("92.5 %", "percent") == 92.5
        assert q.to_magnitude(3, "rank") == 3.0
        assert q.to_magnitude("120 million VND/worker", "million_VND / worker") == 120.0
        assert q.to_magnitude("12 doanh nghiệp", "enterprise") == 12.0
        assert q.format_quantity(92.5, "percent") == "92.5 %"
        print("pint" in sys.modules)
        r.Q_
        print("pint" in sys.modules)
        """
    )
    assert out.split() == ["False", "False", "True"]


def test_registry_is_built_once() -> None:
    """registry() returns the same UnitRegistry on every call."""
    assert registry() is registry()
    assert isinstance(registry(), pint.UnitRegistry)


def test_q_is_the_registry_quantity_class() -> None:
    """Q_ is a lazy module attribute: the shared registry's Quantity class."""
    assert unit_registry.Q_ is registry().Quantity
    assert unit_registry.Q_("92.5 %").to("dimensionless").magnitude == pytest.approx(0.925)
    assert "Q_" in dir(unit_registry)


def test_unknown_module_attribute() -> None:
    """Any other missing module attribute is an AttributeError."""
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        _ = unit_registry.nope


def test_all_is_sorted_and_public() -> None:
    """Each module's __all__ is sorted; together they list the public API of quantities."""
    modules = (grammar, unit_registry, quantities)
    assert all(m.__all__ == sorted(m.__all__) for m in modules)
    assert sorted(name for m in modules for name in m.__all__) == [
        "MAX_PARENTHESES",
        "MAX_POWER",
        "MAX_UNIT_LENGTH",
        "MAX_VALUE_LENGTH",
        "Q_",
        "check_unit",
        "convert",
        "format_quantity",
        "registry",
        "same_dimension",
        "to_magnitude",
    ]


# -------------------------------------------------------------------- to_magnitude


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (92.5, "percent", 92.5),
        (3, "rank", 3.0),
        (0.925, "dimensionless", 0.925),
        (Fraction(1, 4), "percent", 0.25),
        (Decimal("92.5"), "percent", 92.5),
        (np.float64(92.5), "percent", 92.5),
        (np.int64(7), "enterprise", 7.0),
        ("92.5", "percent", 92.5),
        ("92.5 %", "percent", 92.5),
        ("92.5%", "percent", 92.5),
        ("  92.5 percent ", "percent", 92.5),
        ("92.5 %", "%", 92.5),
        ("+1e2 %", "percent", 100.0),
        (".5 %", "percent", 0.5),
        ("-3.", "dimensionless", -3.0),
        ("25 %", "dimensionless", 0.25),
        ("0.925", "dimensionless", 0.925),
        ("3 rank", "rank", 3.0),
        ("3 ranks", "rank", 3.0),
        ("1.5 trillion VND", "million_VND", 1_500_000.0),
        ("1.5 trillion VND", "VND", 1.5e12),
        ("120 million VND/worker", "million_VND / worker", 120.0),
        ("120 million VND / worker", "million_VND / worker", 120.0),
        ("120 million_VND/worker", "million_VND/worker", 120.0),
        ("120 million VND/person", "million_VND / worker", 120.0),
        ("0.12 billion VND/worker", "million_VND / worker", 120.0),
        ("3 tỷ VND", "million_VND", 3000.0),
        ("3 tỉ VNĐ", "billion_VND", 3.0),
        ("2.5 tỷ đồng", "billion_VND", 2.5),
        ("2.5 tỷ đồng", "VND", 2.5e9),
        ("1 nghìn tỷ VND", "billion_VND", 1000.0),
        ("1 nghìn tỷ đồng", "trillion_VND", 1.0),
        ("5 nghìn đồng", "VND", 5000.0),
        ("50 triệu đồng/lao động", "million_VND / worker", 50.0),
        ("12 doanh nghiệp", "enterprise", 12.0),
        ("2 enterprises", "enterprise", 2.0),
        ("4 hộ gia đình", "household", 4.0),
        ("7 đơn vị hành chính", "administrative_unit", 7.0),
        ("7 administrative_units", "administrative_unit", 7.0),
        ("5 workers", "person", 5.0),
        ("5 people", "worker", 5.0),
        ("2 million people", "person", 2e6),
        ("9.6 %/year", "percent / year", 9.6),
        ("9.6 % per year", "percent / year", 9.6),
        ("9.6 %/năm", "percent/year", 9.6),
    ],
)
def test_to_magnitude_accepts(value: object, unit: str, expected: float) -> None:
    """Numbers, texts with or without a unit and Vietnamese multiples are read."""
    result = to_magnitude(value, unit)
    assert type(result) is float
    assert result == expected


def test_to_magnitude_quantity_dimensionless_fraction_to_percent() -> None:
    """A dimensionless pint fraction 0.925 is 92.5 percent."""
    assert to_magnitude(unit_registry.Q_(0.925, "dimensionless"), "percent") == 92.5


def test_to_magnitude_quantity_with_multiples() -> None:
    """A Quantity of the shared registry is converted to the canonical unit."""
    value = unit_registry.Q_(3, "billion_VND") / unit_registry.Q_(1, "worker")
    assert to_magnitude(value, "million_VND / worker") == 3000.0


def test_to_magnitude_quantity_of_another_registry() -> None:
    """A Quantity of another registry is read by its unit names."""
    other = pint.UnitRegistry(None)
    other.define("percent = 0.01 = %")
    other.define("furlong = [length]")
    assert to_magnitude(other.Quantity(50, "%"), "dimensionless") == 0.5
    with pytest.raises(QuantityError) as info:
        to_magnitude(other.Quantity(5, "furlong"), "percent")
    assert str(info.value) == "<Quantity(5, 'furlong')>: unknown unit 'furlong'"


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        ("abc", "percent", f"'abc' {NOT_A_QUANTITY}"),
        ("9,6 %", "percent", f"'9,6 %' {NOT_A_QUANTITY}"),
        ("1.000.000 VND", "VND", f"'1.000.000 VND' {NOT_A_QUANTITY}"),
        ("1_000 VND", "VND", f"'1_000 VND' {NOT_A_QUANTITY}"),
        ("", "percent", f"'' {NOT_A_QUANTITY}"),
        ("%", "percent", f"'%' {NOT_A_QUANTITY}"),
        ("5 )", "percent", f"'5 )' {NOT_A_QUANTITY}"),
        ("5 % +", "percent", f"'5 % +' {NOT_A_QUANTITY}"),
        ("5 VND, VND", "VND", f"'5 VND, VND' {NOT_A_QUANTITY}"),
        (True, "dimensionless", f"True {NOT_A_QUANTITY}"),
        (None, "percent", f"None {NOT_A_QUANTITY}"),
        ([1], "percent", f"[1] {NOT_A_QUANTITY}"),
        (1j, "dimensionless", f"1j {NOT_A_QUANTITY}"),
        (math.nan, "percent", "nan is not a finite number"),
        (-math.inf, "percent", "-inf is not a finite number"),
        ("inf %", "percent", "'inf %' is not a finite number"),
        ("NaN", "percent", "'NaN' is not a finite number"),
        ("-Infinity %", "percent", "'-Infinity %' is not a finite number"),
        ("1e999 %", "percent", "'1e999 %' is not a finite number"),
        ("5 VND", "percent", "'5 VND' has unit 'VND', which cannot be converted to 'percent'"),
        (
            "3 tỷ  VND",
            "percent",
            "'3 tỷ  VND' has unit 'tỷ VND', which cannot be converted to 'percent'",
        ),
        (
            "9.6 %/year",
            "percent",
            "'9.6 %/year' has unit '%/year', which cannot be converted to 'percent'",
        ),
        (
            "5 enterprises",
            "household",
            "'5 enterprises' has unit 'enterprises', which cannot be converted to 'household'",
        ),
        (
            "5 rank",
            "dimensionless",
            "'5 rank' has unit 'rank', which cannot be converted to 'dimensionless'",
        ),
        ("5 furlongs", "percent", "'5 furlongs': unknown unit 'furlongs'"),
        ("5 Percent", "percent", "'5 Percent': unknown unit 'Percent'"),
        ("5 unit", "administrative_unit", "'5 unit': unknown unit 'unit'"),
        ("5 VND", "furlong", "unknown unit 'furlong'"),
        (5, "furlong", "unknown unit 'furlong'"),
        ("5", "(", "'(' is not a unit expression"),
    ],
)
def test_to_magnitude_refuses(value: object, unit: str, message: str) -> None:
    """Bad values, units and dimensions raise QuantityError with an exact message."""
    with pytest.raises(QuantityError) as info:
        to_magnitude(value, unit)
    assert str(info.value) == message


def test_to_magnitude_refuses_bad_quantities() -> None:
    """Quantities with the wrong dimension, NaN or an overflowing result are refused."""
    q_ = unit_registry.Q_
    cases = [
        (
            q_(5, "VND"),
            "<Quantity(5, 'VND')> has unit 'VND', which cannot be converted to 'percent'",
        ),
        (q_(math.nan, "percent"), "<Quantity(nan, 'percent')> is not a finite number"),
        (
            q_(1e307, "dimensionless"),
            "<Quantity(1e+307, 'dimensionless')> is out of range once converted to 'percent'",
        ),
        (q_(np.array([1.0, 2.0]), "percent"), f"<Quantity([1. 2.], 'percent')> {NOT_A_QUANTITY}"),
    ]
    for value, message in cases:
        with pytest.raises(QuantityError) as info:
            to_magnitude(value, "percent")
        assert str(info.value) == message


def test_to_magnitude_error_names_where() -> None:
    """With ``where``, the message starts with it."""
    with pytest.raises(QuantityError) as info:
        to_magnitude("9,6 %", "percent", where="data.csv:4:value")
    assert str(info.value) == f"data.csv:4:value: '9,6 %' {NOT_A_QUANTITY}"
    with pytest.raises(QuantityError) as info:
        to_magnitude("5 furlongs", "percent", where="row 3")
    assert str(info.value) == "row 3: '5 furlongs': unknown unit 'furlongs'"


def test_to_magnitude_error_is_a_value_error() -> None:
    """QuantityError is also a ValueError, so plain ``except ValueError`` works."""
    with pytest.raises(ValueError, match="is not a finite number"):
        to_magnitude(10**400, "dimensionless")


def test_to_magnitude_does_no_range_check() -> None:
    """Shares above 100 and negative counts are the caller's business."""
    assert to_magnitude("150 %", "percent") == 150.0
    assert to_magnitude(-4, "enterprise") == -4.0


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_percent_text_round_trips(x: float) -> None:
    """For any finite float x, repr(x) + ' %' reads back as x percent."""
    assert to_magnitude(f"{x!r} %", "percent") == x


@given(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False))
def test_dimensionless_quantity_is_hundred_times_percent(x: float) -> None:
    """A dimensionless Quantity x is x * 100 percent."""
    assert to_magnitude(unit_registry.Q_(x, "dimensionless"), "percent") == x * 100


# ------------------------------------------------------------------ units and dims


@pytest.mark.parametrize(
    ("unit", "canonical"),
    [
        ("%", "percent"),
        ("percent", "percent"),
        ("", "dimensionless"),
        ("dimensionless", "dimensionless"),
        ("rank", "rank"),
        ("people", "person"),
        ("administrative_units", "administrative_unit"),
        ("million VND / worker", "million_VND / worker"),
        ("triệu đồng/lao động", "million_VND / worker"),
        ("%/year", "percent / year"),
        ("tỷ", "billion"),
        ("nghìn tỷ đồng", "trillion_VND"),
    ],
)
def test_check_unit_returns_canonical_spelling(unit: str, canonical: str) -> None:
    """check_unit returns pint's spelling of a known unit expression."""
    assert check_unit(unit) == canonical


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("furlong", "unknown unit 'furlong'"),
        ("unit", "unknown unit 'unit'"),
        ("meter", "unknown unit 'meter'"),
        ("(", "'(' is not a unit expression"),
        ("5 VND", "'5 VND' is not a unit expression"),
        ("VND,", "'VND,' is not a unit expression"),
    ],
)
def test_check_unit_refuses(unit: str, message: str) -> None:
    """Unknown names and non-expressions raise QuantityError, prefixed by ``where``."""
    with pytest.raises(QuantityError) as info:
        check_unit(unit)
    assert str(info.value) == message
    with pytest.raises(QuantityError) as info:
        check_unit(unit, where="targets[2].unit")
    assert str(info.value) == f"targets[2].unit: {message}"


def test_definitions_agree_with_the_grammar_tables() -> None:
    """Every name the grammar knows is the same unit, of the same dimension, to pint."""
    ureg = registry()
    assert grammar._KNOWN_NAMES == set(grammar._NAMES.values())
    for spelling, name in grammar._NAMES.items():
        assert (spelling, format(ureg.parse_units(spelling), "D")) == (spelling, name)
    for name, dim in grammar._DIMENSIONS.items():
        expected = {f"[{dim}]": 1} if dim else {}
        assert (name, dict(ureg.parse_units(name).dimensionality)) == (name, expected)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("%", "percent"),
        ("million VND/worker", "million_VND / worker"),
        ("triệu đồng / lao động", "million_VND/worker"),
        ("tỷ đồng", "billion_VND"),
        ("% per year", "percent/year"),
        ("enterprises", "enterprise"),
        ("people", "person"),
    ],
)
def test_fast_path_only_for_factor_one(a: str, b: str) -> None:
    """Units the pint-free path treats as equal have a pint conversion factor of 1."""
    pint_units = unit_registry._target_units
    assert grammar._fast_key(a) == grammar._fast_key(b)
    assert 1.0 == unit_registry._factor(pint_units(a, None), pint_units(b, None))


def pint_reached(*args: object) -> NoReturn:
    """Stands for the registry and the pint units while pint must not be reached."""
    raise AssertionError("pint was reached")


@pytest.fixture
def no_pint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any use of pint fail the test, in every module that reaches it."""
    for module, name in [
        (unit_registry, "registry"),
        (unit_registry, "_pint_units"),
        (quantities, "_pint_units"),
    ]:
        monkeypatch.setattr(module, name, pint_reached)


@pytest.mark.usefixtures("no_pint")
@pytest.mark.parametrize("unit", ["percent ** -200", "%%", "a" * 201, "furlong", 5])
def test_a_refused_unit_never_reaches_pint(unit: object) -> None:
    """Every entry point refuses a unit the grammar refuses before pint is reached."""
    calls: list[Callable[[], object]] = [
        lambda: check_unit(unit),  # type: ignore[arg-type]
        lambda: convert(1.0, unit, "percent"),  # type: ignore[arg-type]
        lambda: same_dimension(unit, "percent"),  # type: ignore[arg-type]
        lambda: to_magnitude(1.0, unit),  # type: ignore[arg-type]
        lambda: to_magnitude(f"1 {unit}", "percent"),
    ]
    for call in calls:
        with pytest.raises(QuantityError):
            call()


def test_a_long_unit_never_reaches_the_lexer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit longer than MAX_UNIT_LENGTH is refused on its length, before the lexer
    (which the patch does reach, for a short text)."""

    class Boom:
        def finditer(self, text: str) -> NoReturn:
            raise AssertionError("the lexer was reached")

    monkeypatch.setattr(grammar, "_LEX_RE", Boom())
    with pytest.raises(QuantityError, match="longer than 200 characters"):
        check_unit("a" * 201)
    with pytest.raises(AssertionError, match="the lexer was reached"):
        grammar._parse_cached.__wrapped__("household")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("%", "dimensionless", True),
        ("percent", "percent", True),
        ("tỷ VND", "million_VND", True),
        ("worker", "person", True),
        ("million_VND / worker", "VND/person", True),
        ("percent", "percent / year", False),
        ("enterprise", "household", False),
        ("rank", "dimensionless", False),
        ("administrative_unit", "enterprise", False),
        ("VND", "percent", False),
    ],
)
def test_same_dimension(a: str, b: str, expected: bool) -> None:
    """same_dimension tells whether two units measure the same kind of thing."""
    assert same_dimension(a, b) is expected


def test_same_dimension_unknown_unit() -> None:
    """same_dimension refuses an unknown unit."""
    with pytest.raises(QuantityError) as info:
        same_dimension("percent", "furlong")
    assert str(info.value) == "unknown unit 'furlong'"


@pytest.mark.parametrize(
    ("magnitude", "from_unit", "to_unit", "expected"),
    [
        (2, "%", "percent", 2.0),
        (1.5, "trillion VND", "million_VND", 1_500_000.0),
        (1, "trillion_VND", "billion_VND", 1000.0),
        (0.925, "dimensionless", "percent", 92.5),
        (92.5, "percent", "dimensionless", 0.925),
        (120, "million_VND / worker", "VND / person", 1.2e8),
    ],
)
def test_convert(magnitude: float, from_unit: str, to_unit: str, expected: float) -> None:
    """convert changes the unit of a magnitude."""
    result = convert(magnitude, from_unit, to_unit)
    assert type(result) is float
    assert result == expected


def test_convert_refuses() -> None:
    """convert refuses different dimensions and unknown units."""
    with pytest.raises(QuantityError) as info:
        convert(5, "VND", "percent")
    assert str(info.value) == "unit 'VND' cannot be converted to 'percent'"
    with pytest.raises(QuantityError) as info:
        convert(5, "furlong", "percent")
    assert str(info.value) == "unknown unit 'furlong'"


# ------------------------------------------------------------------ format_quantity


@pytest.mark.parametrize(
    ("magnitude", "unit", "expected"),
    [
        (92.5, "percent", "92.5 %"),
        (92.5, "%", "92.5 %"),
        (5.0, "dimensionless", "5"),
        (5.0, "", "5"),
        (120, "million_VND / worker", "120 million VND/worker"),
        (120.0, "triệu đồng/lao động", "120 million VND/worker"),
        (1.5, "tỷ đồng", "1.5 billion VND"),
        (1.5e12, "VND", "1500000000000 VND"),
        (1 / 3, "percent", "0.3333 %"),
        (2.99999, "percent", "3 %"),
        (-0.0, "percent", "0 %"),
        (0.000123456, "dimensionless", "0.0001235"),
        (-0.00001, "dimensionless", "-0.00001"),
        (1e25, "VND", "1e+25 VND"),
        (math.nan, "percent", "nan %"),
        (1, "enterprise", "1 enterprise"),
        (2, "enterprise", "2 enterprises"),
        (1, "person", "1 person"),
        (3, "people", "3 people"),
        (12, "administrative_unit", "12 administrative units"),
        (4, "household", "4 households"),
        (3, "rank", "rank 3"),
        (9.6, "percent / year", "9.6 %/year"),
        (5, "furlong", "5 furlong"),
        (5, "VND ** 2", "5 VND ** 2"),
    ],
)
def test_format_quantity(magnitude: float, unit: str, expected: str) -> None:
    """format_quantity writes short texts: no '.0', at most 4 decimals, % and plurals."""
    assert format_quantity(magnitude, unit) == expected


@given(
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(
        lambda v: v == 0 or abs(v) >= 1e-6
    )
)
def test_format_quantity_never_scientific(x: float) -> None:
    """Numbers in normal ranges never come out in scientific notation."""
    text = format_quantity(x, "dimensionless")
    assert "e" not in text
    assert not text.endswith(".0")
    if abs(x) >= 1e-4:
        assert abs(float(text) - x) <= 0.00005 + abs(x) * 1e-15
