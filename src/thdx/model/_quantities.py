"""Reading values with units, and writing them.

Every quantity thdx handles is stored as a plain ``float`` in the *canonical unit*
of its indicator, a unit expression such as ``"percent"``, ``"rank"``,
``"enterprise"`` or ``"million_VND / worker"`` (the units and their grammar:
:mod:`thdx.model._unit_registry`, :mod:`thdx.model._unit_grammar`).
:func:`to_magnitude` turns what a user wrote (``92.5``, ``"92.5 %"``,
``"1.5 trillion VND"``, a pint ``Quantity``) into that float, :func:`format_quantity`
turns it back into a short text.

Import cost: the common cases never build the pint registry (nor import pint): a plain
number, or a text whose unit is spelled like the canonical unit (``"92.5 %"`` for
``"percent"``), is read without pint. Only a real conversion (``"1.5 trillion VND"``
to ``"million_VND"``) builds the registry.

Limits (each refused with a message naming it): a value as text is at most
:data:`MAX_VALUE_LENGTH` characters, its unit expression at most
:data:`~thdx.model._unit_grammar.MAX_UNIT_LENGTH`, so that reading any text costs time
in proportion to its length.

Choices worth knowing:

* Numbers use a decimal point. ``"9,6 %"`` is refused, not read as 9.6 or 96.
  ``"287.000 tỷ đồng"`` (a dot as the Vietnamese thousands separator, before a
  Vietnamese amount word) is refused as ambiguous, with the two ways to write it.
* ``"9.6 %/year"`` is a *rate* (``percent / year``), not a ``percent``: it
  converts to a canonical unit ``"percent / year"`` but is refused for
  ``"percent"``, so a growth target and a share cannot be mixed up. An indicator
  measured as yearly growth should use ``"percent / year"`` as its unit.
* Range checks (a share between 0 and 100, a non-negative count) are the caller's
  job; this module only checks that a value is a finite number in the right unit.

>>> to_magnitude("92.5 %", "percent")
92.5
>>> to_magnitude("2.5 tỷ đồng", "million_VND")
2500.0
>>> format_quantity(120, "million_VND / worker")
'120 million VND/worker'
"""

from __future__ import annotations

import math
import numbers
import re
import sys
import unicodedata
from typing import Any

from thdx.model._coerce import safe_repr, short_repr
from thdx.model._errors import QuantityError, _prefix
from thdx.model._unit_grammar import _checked, _key, _normalise, _parse, _Refused, _Units
from thdx.model._unit_registry import _factor, _pint_units

__all__ = ["MAX_VALUE_LENGTH", "format_quantity", "to_magnitude"]

#: The longest text read as a value, such as ``"92.5 %"``, in characters.
MAX_VALUE_LENGTH = 256

_TOKEN_RE = re.compile(r"%|[^\W\d]\w*")

# A number with a decimal point (no comma), then an optional unit.
_VALUE_RE = re.compile(
    r"\s*(?P<number>[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    r"|nan|inf(?:inity)?))\s*(?P<unit>.*?)\s*",
    re.IGNORECASE | re.DOTALL,
)
# "287.000": a dot where Vietnamese writes a thousands separator ...
_GROUPED_RE = re.compile(r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}")
# ... before an amount written in Vietnamese (or "dong"): "287.000 tỷ đồng".
_VIETNAMESE_AMOUNT_RE = re.compile(r"(?<!\w)(?:tỷ|tỉ|triệu|nghìn|ngàn|đồng|dong|VNĐ)(?!\w)")

_EXPECTED = "expected a number with an optional unit, e.g. '92.5 %'"


def to_magnitude(value: object, unit: str, *, where: str | None = None) -> float:
    """Read a value as a float magnitude in a canonical unit.

    A plain number, or a text whose unit is spelled like ``unit`` (``"92.5 %"``
    for ``"percent"``), is read without pint; other units are converted by the
    registry. Ranges are not checked.

    Args:
        value: An ``int`` or ``float`` (already in ``unit``; ``bool`` is refused),
            a text holding a number (``"92.5"``, read in ``unit``) or a number and
            a unit (``"92.5 %"``, ``"1.5 trillion VND"``), or a pint Quantity.
        unit: The canonical unit expression, such as ``"percent"`` or
            ``"million_VND / worker"``.
        where: Where the value came from, put in front of an error message.

    Returns:
        The magnitude of ``value`` in ``unit``, a finite float.

    Raises:
        QuantityError: ``value`` is not a number with an optional unit (a comma
            decimal such as ``"9,6 %"`` included), is longer than
            :data:`MAX_VALUE_LENGTH`, is NaN or infinite, has an unknown unit, a
            unit the grammar refuses (``"5 %%"``, ``"5 % ** 999"``) or a unit that
            cannot be converted to ``unit``, or ``unit`` itself is refused.

    >>> to_magnitude("92.5%", "percent")
    92.5
    >>> to_magnitude(0.925, "dimensionless")
    0.925
    >>> to_magnitude("120 triệu đồng/lao động", "million_VND / worker")
    120.0
    >>> to_magnitude("9,6 %", "percent", where="data.csv:4:value")
    Traceback (most recent call last):
    ...
    thdx.model._errors.QuantityError: data.csv:4:value: '9,6 %' is not a quantity (expected a number with an optional unit, e.g. '92.5 %')
    >>> to_magnitude("92.5 %%", "percent")
    Traceback (most recent call last):
    ...
    thdx.model._errors.QuantityError: '92.5 %%' is not a quantity ('%' is followed by '%' with no '*' or '/' between them)
    """  # noqa: E501
    if isinstance(value, str):
        return _from_text(value, unit, where)
    if _is_real(value):
        number = _finite(value, value, where)
        _checked(unit, where)
        return number
    if "pint" in sys.modules:
        from pint.facets.plain import PlainQuantity

        if isinstance(value, PlainQuantity):
            return _from_quantity(value, unit, where)
    raise QuantityError(_prefix(where, f"{short_repr(value)} is not a quantity ({_EXPECTED})"))


def format_quantity(magnitude: float, unit: str) -> str:
    """Write a magnitude and its unit as a short text for people.

    Integers show no ``.0``, other numbers at most 4 decimals (4 significant
    digits below 0.001), and never in scientific notation in normal ranges.
    Percent is written ``%``, ranks as ``rank 3``, counts in the plural when not
    1. This does not build the registry.

    Args:
        magnitude: The number, in ``unit``.
        unit: A unit expression, such as ``"percent"`` or ``"million_VND / worker"``.

    Returns:
        The text, such as ``"92.5 %"`` or ``"120 million VND/worker"``.

    >>> format_quantity(92.5, "percent")
    '92.5 %'
    >>> format_quantity(5.0, "dimensionless")
    '5'
    >>> format_quantity(1 / 3, "enterprise")
    '0.3333 enterprises'
    >>> format_quantity(3, "rank")
    'rank 3'
    """
    number = _format_number(magnitude)
    key = _display_key(unit) if isinstance(unit, str) else None
    if key is not None and key in _DISPLAY:
        singular, plural = _DISPLAY[key]
        return (singular if number in ("1", "-1") else plural).format(number)
    # A simple key is names joined by * and /; anything else is shown as written.
    text = key.replace("*", " ") if key is not None else _normalise(str(unit))
    shown = _TOKEN_RE.sub(lambda m: _SHOWN_NAMES.get(m.group(0), m.group(0)), text)
    shown = shown.replace("_", " ")
    return f"{number} {shown}" if shown else number


# ------------------------------------------------------------------------- helpers

_DISPLAY: dict[str, tuple[str, str]] = {
    "dimensionless": ("{}", "{}"),
    "percent": ("{} %", "{} %"),
    "rank": ("rank {}", "rank {}"),
    "person": ("{} person", "{} people"),
    "worker": ("{} worker", "{} workers"),
    "enterprise": ("{} enterprise", "{} enterprises"),
    "household": ("{} household", "{} households"),
    "administrative_unit": ("{} administrative unit", "{} administrative units"),
    "year": ("{} year", "{} years"),
}
_SHOWN_NAMES: dict[str, str] = {"percent": "%", "dimensionless": ""}


def _display_key(unit: str) -> str | None:
    """Canonical names joined by ``*`` and ``/`` ("million_VND/worker"), or None.

    None for an expression the grammar refuses or with a power other than ±1.
    """
    try:
        units = _parse(unit)
    except _Refused:
        return None
    if not units:
        return "dimensionless"
    if any(abs(power) != 1 for _, power in units):
        return None
    above = "*".join(name for name, power in units if power > 0)
    below = "".join(f"/{name}" for name, power in units if power < 0)
    return above + below if above else None


def _format_number(magnitude: float) -> str:
    x = float(magnitude)
    if not math.isfinite(x):
        return repr(x)
    if x == 0:
        return "0"
    size = abs(x)
    if size >= 1e21 or size < 1e-12:
        return f"{x:.4g}"
    if x.is_integer():
        return str(int(x))
    decimals = 4 if size >= 1 else max(4, 3 - math.floor(math.log10(size)))
    text = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _is_real(value: object) -> bool:
    """A real number (int, float, Fraction, Decimal, numpy scalar) but not a bool."""
    if isinstance(value, bool):
        return False
    return isinstance(value, numbers.Real) or (
        isinstance(value, numbers.Number) and not isinstance(value, numbers.Complex)
    )


def _finite(number: Any, shown: object, where: str | None) -> float:
    """``number`` as a finite float; QuantityError naming ``shown`` otherwise."""
    try:
        result = float(number)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise QuantityError(_prefix(where, f"{safe_repr(shown)} is not a finite number"))
    if (
        result == 0
        and isinstance(number, str)
        and _NONZERO_DIGIT.search(number.split("e")[0].split("E")[0])
    ):
        # "1e-400" is not zero, but no float holds it.
        raise QuantityError(
            _prefix(where, f"{safe_repr(shown)} is too small to be stored (it underflows to 0)")
        )
    return result


_NONZERO_DIGIT = re.compile(r"[1-9]")


def _grouped(value: str, number: str, unit_text: str) -> str | None:
    """The message for "287.000 tỷ đồng" (a Vietnamese thousands separator), or None."""
    if not _GROUPED_RE.fullmatch(number):
        return None
    if not _VIETNAMESE_AMOUNT_RE.search(unicodedata.normalize("NFC", unit_text)):
        return None
    whole = number.replace(".", "")
    decimal = number.rstrip("0").rstrip(".") if number.endswith("0") else number
    unit_shown = " ".join(unit_text.split())
    return (
        f"{value!r} is ambiguous: thdx reads '.' as a decimal point, not as a thousands "
        f"separator; write '{whole} {unit_shown}' without separators, or "
        f"'{decimal} {unit_shown}' if the dot is a decimal point"
    )


def _from_text(value: str, unit: str, where: str | None) -> float:
    if len(value) > MAX_VALUE_LENGTH:
        message = (
            f"{short_repr(value)} is not a quantity (longer than {MAX_VALUE_LENGTH} characters)"
        )
        raise QuantityError(_prefix(where, message))
    match = _VALUE_RE.fullmatch(value)
    unit_text = match.group("unit") if match else ""
    if match is None or not (unit_text == "" or unit_text[0] == "%" or unit_text[0].isalpha()):
        raise QuantityError(_prefix(where, f"{value!r} is not a quantity ({_EXPECTED})"))
    grouped = _grouped(value, match.group("number"), unit_text)
    if grouped is not None:
        raise QuantityError(_prefix(where, grouped))
    number = _finite(match.group("number"), value, where)
    if unit_text == "":
        _checked(unit, where)
        return number
    try:
        units = _parse(unit_text)
    except _Refused as refused:
        if refused.unknown is not None:
            message = f"{value!r}: unknown unit {refused.unknown!r}"
        else:
            message = f"{value!r} is not a quantity ({refused.detail or _EXPECTED})"
        raise QuantityError(_prefix(where, message)) from None
    target = _checked(unit, where)
    if _key(units) == _key(target):
        return number
    shown = " ".join(unit_text.split())
    return _convert_checked(number, _pint_units(units), value, shown, target, unit, where)


def _power_text(power: object) -> str:
    if isinstance(power, float) and power.is_integer():
        return str(int(power))
    return str(power)


def _from_quantity(value: Any, unit: str, where: str | None) -> float:
    magnitude = value.magnitude
    if not _is_real(magnitude):
        raise QuantityError(_prefix(where, f"{short_repr(value)} is not a quantity ({_EXPECTED})"))
    number = _finite(magnitude, value, where)
    # Read the unit names through the grammar, whichever registry made the Quantity:
    # names of another registry, or powers beyond MAX_POWER, are refused here.
    expression = " * ".join(f"{name} ** {_power_text(p)}" for name, p in value.unit_items())
    try:
        units = _parse(expression)
    except _Refused as refused:
        detail = f"unknown unit {refused.unknown!r}" if refused.unknown else ""
        raise QuantityError(
            _prefix(where, f"{short_repr(value)}: {detail or 'unit not understood'}")
        ) from None
    target = _checked(unit, where)
    shown = format(value.units, "D")
    return _convert_checked(number, _pint_units(units), value, shown, target, unit, where)


def _convert_checked(
    number: float,
    units: Any,
    value: object,
    shown: str,
    target: _Units,
    unit: str,
    where: str | None,
) -> float:
    """Convert ``number`` from pint ``units`` to ``unit``, with thdx's messages."""
    factor = _factor(units, _pint_units(target))
    if factor is None:
        message = f"{short_repr(value)} has unit {shown!r}, which cannot be converted to {unit!r}"
        raise QuantityError(_prefix(where, message))
    result = number * factor
    if not math.isfinite(result) or (result == 0 and number != 0):
        message = f"{short_repr(value)} is out of range once converted to {unit!r}"
        raise QuantityError(_prefix(where, message))
    return result
