"""The library's single pint unit registry, and reading values with units.

Every quantity thdx handles is stored as a plain ``float`` in the *canonical unit*
of its indicator, a unit expression such as ``"percent"``, ``"rank"``,
``"enterprise"`` or ``"million_VND / worker"``. :func:`to_magnitude` turns what a
user wrote (``92.5``, ``"92.5 %"``, ``"1.5 trillion VND"``, a pint ``Quantity``)
into that float, :func:`format_quantity` turns it back into a short text.

Import cost: importing pint takes about 0.2 s, so this module does not import it.
The registry is built on first use by :func:`registry` (``Q_`` is a lazy module
attribute), and the common cases never need it: a plain number, or a text whose
unit is spelled like the canonical unit (``"92.5 %"`` for ``"percent"``), is read
without pint. Only a real conversion (``"1.5 trillion VND"`` to ``"million_VND"``)
builds the registry.

The registry is ``pint.UnitRegistry(None)``: none of pint's default units, only:

* ``percent`` (symbol ``%``), 0.01 of ``dimensionless``;
* ``VND`` (aliases ``đồng``, ``dong``, ``VNĐ``, ``vnd``), its own dimension
  ``[currency]``; the multiples ``thousand_VND``, ``million_VND``, ``billion_VND``
  and ``trillion_VND``; and the plain factors ``thousand`` (``nghìn``, ``ngàn``),
  ``million`` (``triệu``), ``billion`` (``tỷ``, ``tỉ``) and ``trillion``;
* the counts ``person`` (``people``, ``người``), ``worker`` (one person),
  ``enterprise``, ``household`` (``hộ``) and ``administrative_unit``, each but
  ``worker`` its own dimension (there is deliberately no ``unit`` alias);
* ``rank``, its own dimension ``[rank]``;
* ``year`` (``yr``, ``năm``), dimension ``[time]``, for rates such as ``%/year``.

Plural forms (``enterprises``, ``workers``) are accepted. Before parsing, a few
multi-word forms are rewritten: ``nghìn tỷ`` means ``trillion``, a multiple
followed by the currency (``tỷ đồng``, ``million VND``) is the matching
``..._VND`` unit, and ``doanh nghiệp``, ``hộ gia đình``, ``đơn vị hành chính`` and
``lao động`` mean ``enterprise``, ``household``, ``administrative_unit`` and
``worker``.

Choices worth knowing:

* Numbers use a decimal point. ``"9,6 %"`` is refused, not read as 9.6 or 96.
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

import functools
import math
import numbers
import re
import sys
import threading
import unicodedata
from typing import TYPE_CHECKING, Any

from thdx.errors import QuantityError

if TYPE_CHECKING:
    import pint

    Q_: type[pint.Quantity]

__all__ = [
    "Q_",
    "check_unit",
    "convert",
    "format_quantity",
    "registry",
    "same_dimension",
    "to_magnitude",
]

# --------------------------------------------------------------------------- units

# The registry's definitions, in pint's definition syntax. The names and aliases
# here must agree with _TOKEN_ALIASES and _KNOWN_NAMES below (a test checks it).
_DEFINITIONS: tuple[str, ...] = (
    "percent = 0.01 = %",
    "VND = [currency] = đồng = dong = VNĐ = vnd",
    "thousand = 1e3 = nghìn = ngàn",
    "million = 1e6 = triệu",
    "billion = 1e9 = tỷ = tỉ",
    "trillion = 1e12",
    "thousand_VND = 1e3 * VND",
    "million_VND = 1e6 * VND",
    "billion_VND = 1e9 * VND",
    "trillion_VND = 1e12 * VND",
    "person = [person] = people = người",
    "worker = person",
    "enterprise = [enterprise]",
    "household = [household] = hộ",
    "administrative_unit = [administrative_unit]",
    "rank = [rank]",
    "year = [time] = yr = năm",
)

# Canonical names of every unit defined above, plus pint's own "dimensionless".
_KNOWN_NAMES: frozenset[str] = frozenset(
    {
        "dimensionless",
        "percent",
        "VND",
        "thousand",
        "million",
        "billion",
        "trillion",
        "thousand_VND",
        "million_VND",
        "billion_VND",
        "trillion_VND",
        "person",
        "worker",
        "enterprise",
        "household",
        "administrative_unit",
        "rank",
        "year",
    }
)

# Other spellings of one unit name (aliases and plurals), for the pint-free path.
_TOKEN_ALIASES: dict[str, str] = {
    "%": "percent",
    "percents": "percent",
    "đồng": "VND",
    "dong": "VND",
    "VNĐ": "VND",
    "vnd": "VND",
    "nghìn": "thousand",
    "ngàn": "thousand",
    "triệu": "million",
    "tỷ": "billion",
    "tỉ": "billion",
    "people": "person",
    "persons": "person",
    "người": "person",
    "workers": "worker",
    "enterprises": "enterprise",
    "households": "household",
    "hộ": "household",
    "administrative_units": "administrative_unit",
    "ranks": "rank",
    "years": "year",
    "yr": "year",
    "năm": "year",
}

_MULTIPLE_WORDS: dict[str, str] = {
    "thousand": "thousand",
    "nghìn": "thousand",
    "ngàn": "thousand",
    "million": "million",
    "triệu": "million",
    "billion": "billion",
    "tỷ": "billion",
    "tỉ": "billion",
    "trillion": "trillion",
}

# Multi-word forms rewritten before parsing; (?<!\w) and (?!\w) are word edges.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<!\w){pattern}(?!\w)"), replacement)
    for pattern, replacement in (
        (r"(?:nghìn|ngàn)\s+(?:tỷ|tỉ)", "trillion"),
        (r"đơn\s+vị\s+hành\s+chính", "administrative_unit"),
        (r"doanh\s+nghiệp", "enterprise"),
        (r"hộ\s+gia\s+đình", "household"),
        (r"lao\s+động", "worker"),
    )
)
_MONEY_RE = re.compile(
    r"(?<!\w)(thousand|million|billion|trillion|nghìn|ngàn|triệu|tỷ|tỉ)"
    r"[\s_]+(?:VND|VNĐ|vnd|đồng|dong)(?!\w)"
)
_OPERATOR_RE = re.compile(r"\s*(\*\*|\^|\*|/)\s*")
_TOKEN_RE = re.compile(r"%|[^\W\d]\w*")
_SIMPLE_KEY_RE = re.compile(r"[^\W\d]\w*(?:[*/][^\W\d]\w*)*")

# A number with a decimal point (no comma), then an optional unit.
_VALUE_RE = re.compile(
    r"\s*(?P<number>[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    r"|nan|inf(?:inity)?))\s*(?P<unit>.*?)\s*",
    re.IGNORECASE | re.DOTALL,
)

_EXPECTED = "expected a number with an optional unit, e.g. '92.5 %'"


def _prefix(where: str | None, message: str) -> str:
    return f"{where}: {message}" if where else message


def _normalise(text: str) -> str:
    """Rewrite a unit expression into the spelling handed to pint."""
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = _MONEY_RE.sub(lambda m: f"{_MULTIPLE_WORDS[m.group(1)]}_VND", text)
    return " ".join(text.split()).replace(" per ", "/")


@functools.lru_cache(maxsize=1024)
def _fast_key(unit: str) -> str | None:
    """A pint-free canonical text of a simple unit expression, or None.

    Two expressions with the same key are the same unit (conversion factor 1).
    None means "ask pint": the expression uses an unknown name or more than
    names joined by ``*`` and ``/``.
    """
    text = _OPERATOR_RE.sub(r"\1", _normalise(unit))
    if text == "":
        return "dimensionless"
    key = _TOKEN_RE.sub(lambda m: _TOKEN_ALIASES.get(m.group(0), m.group(0)), text)
    if _SIMPLE_KEY_RE.fullmatch(key) is None:
        return None
    if not all(name in _KNOWN_NAMES for name in re.split(r"[*/]", key)):
        return None
    return key


# ------------------------------------------------------------------------ registry

_registry: Any = None
_registry_lock = threading.Lock()


def registry() -> pint.UnitRegistry:
    """Return the library's single pint unit registry, building it on first use.

    The registry holds only the units thdx needs (see the module docstring).
    Building it imports pint, which is why nothing else in thdx does so eagerly.

    Returns:
        The shared :class:`pint.UnitRegistry`; every call returns the same object.

    >>> ureg = registry()
    >>> ureg is registry()
    True
    >>> ureg.Quantity("1.5 trillion VND").to("billion_VND")
    <Quantity(1500.0, 'billion_VND')>
    """
    global _registry
    if _registry is None:
        with _registry_lock:
            if _registry is None:
                _registry = _build_registry()
    return _registry


def _build_registry() -> Any:
    import pint

    ureg = pint.UnitRegistry(None, on_redefinition="raise", cache_folder=None)
    for definition in _DEFINITIONS:
        ureg.define(definition)
    return ureg


def __getattr__(name: str) -> Any:
    """Build ``Q_`` (the registry's Quantity class) only when asked for."""
    if name == "Q_":
        return registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "Q_"})


@functools.lru_cache(maxsize=1024)
def _pint_units(text: str) -> tuple[Any, str | None]:
    """Parse a normalised unit expression: ``(units, None)`` or ``(None, problem)``.

    The problem is the unknown unit name, or ``""`` for text that is not a unit
    expression at all.
    """
    from pint.errors import UndefinedUnitError

    ureg = registry()
    if "," in text:  # pint would silently drop it
        return None, ""
    try:
        return ureg.parse_units(text), None
    except UndefinedUnitError as exc:
        names = exc.unit_names
        return None, str(names[0] if isinstance(names, tuple | list) and names else names)
    except Exception:  # pint's parser raises many types (TokenError, AssertionError...)
        return None, ""


def _target_units(unit: object, where: str | None) -> Any:
    """The pint units of a canonical unit expression; QuantityError if unknown."""
    if not isinstance(unit, str):
        raise QuantityError(_prefix(where, f"{unit!r} is not a unit expression"))
    units, problem = _pint_units(_normalise(unit))
    if problem:
        raise QuantityError(_prefix(where, f"unknown unit {problem!r}"))
    if problem is not None:
        raise QuantityError(_prefix(where, f"{unit!r} is not a unit expression"))
    return units


# ---------------------------------------------------------------------- public API


def check_unit(unit: str, *, where: str | None = None) -> str:
    """Check that a unit expression is known and return its canonical spelling.

    This builds the registry (and imports pint) on first use.

    Args:
        unit: A unit expression, such as ``"%"``, ``"percent"`` or
            ``"triệu đồng / lao động"``.
        where: Where the unit came from, put in front of an error message.

    Returns:
        pint's spelling of the unit, such as ``"percent"`` or
        ``"million_VND / worker"``; ``"dimensionless"`` for an empty text.

    Raises:
        QuantityError: The text uses an unknown unit name or is not a unit
            expression.

    >>> check_unit("%")
    'percent'
    >>> check_unit("triệu đồng / lao động")
    'million_VND / worker'
    >>> check_unit("furlong", where="targets[2].unit")
    Traceback (most recent call last):
    ...
    thdx.errors.QuantityError: targets[2].unit: unknown unit 'furlong'
    """
    return format(_target_units(unit, where), "D")


def same_dimension(a: str, b: str) -> bool:
    """Tell whether two unit expressions measure the same kind of thing.

    Args:
        a: A unit expression.
        b: Another unit expression.

    Returns:
        True if a value in ``a`` can be converted to ``b``.

    Raises:
        QuantityError: Either text is not a known unit expression.

    >>> same_dimension("%", "dimensionless")
    True
    >>> same_dimension("tỷ VND", "million_VND")
    True
    >>> same_dimension("percent", "percent / year")
    False
    """
    key_a = _fast_key(a) if isinstance(a, str) else None
    if key_a is not None and key_a == (_fast_key(b) if isinstance(b, str) else None):
        return True
    units_a = _target_units(a, None)
    units_b = _target_units(b, None)
    return bool(units_a.dimensionality == units_b.dimensionality)


def convert(magnitude: float, from_unit: str, to_unit: str) -> float:
    """Convert a magnitude from one unit to another.

    Args:
        magnitude: The number, in ``from_unit``.
        from_unit: The unit expression ``magnitude`` is in.
        to_unit: The unit expression to convert to.

    Returns:
        The magnitude in ``to_unit``, as a float.

    Raises:
        QuantityError: A unit is unknown, or the two units measure different
            things.

    >>> convert(1.5, "trillion VND", "million_VND")
    1500000.0
    >>> convert(0.925, "dimensionless", "%")
    92.5
    >>> convert(5, "VND", "percent")
    Traceback (most recent call last):
    ...
    thdx.errors.QuantityError: unit 'VND' cannot be converted to 'percent'
    """
    key_from = _fast_key(from_unit) if isinstance(from_unit, str) else None
    if key_from is not None and key_from == (
        _fast_key(to_unit) if isinstance(to_unit, str) else None
    ):
        return float(magnitude)
    factor = _factor(_target_units(from_unit, None), _target_units(to_unit, None))
    if factor is None:
        raise QuantityError(f"unit {from_unit!r} cannot be converted to {to_unit!r}")
    return float(magnitude) * factor


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
            decimal such as ``"9,6 %"`` included), is NaN or infinite, has an
            unknown unit or a unit that cannot be converted to ``unit``, or
            ``unit`` itself is unknown.

    >>> to_magnitude("92.5%", "percent")
    92.5
    >>> to_magnitude(0.925, "dimensionless")
    0.925
    >>> to_magnitude("120 triệu đồng/lao động", "million_VND / worker")
    120.0
    >>> to_magnitude("9,6 %", "percent", where="data.csv:4:value")
    Traceback (most recent call last):
    ...
    thdx.errors.QuantityError: data.csv:4:value: '9,6 %' is not a quantity (expected a number with an optional unit, e.g. '92.5 %')
    """  # noqa: E501
    if isinstance(value, str):
        return _from_text(value, unit, where)
    if _is_real(value):
        number = _finite(value, value, where)
        _check_target(unit, where)
        return number
    if "pint" in sys.modules:
        from pint.facets.plain import PlainQuantity

        if isinstance(value, PlainQuantity):
            return _from_quantity(value, unit, where)
    raise QuantityError(_prefix(where, f"{value!r} is not a quantity ({_EXPECTED})"))


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
    key = _fast_key(unit) if isinstance(unit, str) else None
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
        raise QuantityError(_prefix(where, f"{shown!r} is not a finite number"))
    return result


def _check_target(unit: str, where: str | None) -> None:
    """Check a canonical unit, without pint when it is a simple known expression."""
    if not isinstance(unit, str) or _fast_key(unit) is None:
        _target_units(unit, where)


def _from_text(value: str, unit: str, where: str | None) -> float:
    match = _VALUE_RE.fullmatch(value)
    unit_text = match.group("unit") if match else ""
    if match is None or not (unit_text == "" or unit_text[0] == "%" or unit_text[0].isalpha()):
        raise QuantityError(_prefix(where, f"{value!r} is not a quantity ({_EXPECTED})"))
    number = _finite(match.group("number"), value, where)
    if unit_text == "":
        _check_target(unit, where)
        return number
    key = _fast_key(unit_text)
    if key is not None and isinstance(unit, str) and key == _fast_key(unit):
        return number
    units, problem = _pint_units(_normalise(unit_text))
    if problem:
        raise QuantityError(_prefix(where, f"{value!r}: unknown unit {problem!r}"))
    if problem is not None:
        raise QuantityError(_prefix(where, f"{value!r} is not a quantity ({_EXPECTED})"))
    shown = " ".join(unit_text.split())
    return _convert_checked(number, units, value, shown, unit, where)


def _from_quantity(value: Any, unit: str, where: str | None) -> float:
    magnitude = value.magnitude
    if not _is_real(magnitude):
        raise QuantityError(_prefix(where, f"{value!r} is not a quantity ({_EXPECTED})"))
    number = _finite(magnitude, value, where)
    if value._REGISTRY is registry():
        units = value.units
    else:  # a Quantity of another registry: read its unit names in ours
        expression = " * ".join(f"{name} ** {power}" for name, power in value.unit_items())
        units, problem = _pint_units(expression)
        if problem is not None:
            detail = f"unknown unit {problem!r}" if problem else "unit not understood"
            raise QuantityError(_prefix(where, f"{value!r}: {detail}"))
    return _convert_checked(number, units, value, format(units, "D"), unit, where)


@functools.lru_cache(maxsize=1024)
def _factor(source: Any, target: Any) -> float | None:
    """The factor from pint units ``source`` to ``target``; None if they cannot convert.

    It is one division of the two units' factors to the base units, so that, say,
    ``trillion_VND`` to ``billion_VND`` is exactly 1000 (pint's own ``to`` may be
    off by one unit in the last place).
    """
    if source.dimensionality != target.dimensionality:
        return None
    ureg = registry()
    to_base = float(ureg.Quantity(1.0, source).to_root_units().magnitude)
    from_base = float(ureg.Quantity(1.0, target).to_root_units().magnitude)
    return to_base / from_base


def _convert_checked(
    number: float, units: Any, value: object, shown: str, unit: str, where: str | None
) -> float:
    """Convert ``number`` from pint ``units`` to ``unit``, with thdx's messages."""
    factor = _factor(units, _target_units(unit, where))
    if factor is None:
        message = f"{value!r} has unit {shown!r}, which cannot be converted to {unit!r}"
        raise QuantityError(_prefix(where, message))
    result = number * factor
    if not math.isfinite(result):
        message = f"{value!r} is out of range once converted to {unit!r}"
        raise QuantityError(_prefix(where, message))
    return result
