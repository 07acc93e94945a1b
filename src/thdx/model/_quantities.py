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

Unit expressions are read by a small grammar of thdx's own, never by pint's
parser (which evaluates powers as Python numbers), and pint only ever sees
names of the registry with small powers:

.. code-block:: text

    expression = term { ("*" | "/" | " ") term }     left to right, as pint
    term       = atom [ ("**" | "^") power ]
    atom       = unit name | "(" expression ")"        at most 4 levels deep
    power      = an integer literal from -4 to 4      ASCII digits, no "1e2"

A name must be one of the registry (case matters); ``per`` is ``/``. Two names
side by side without an operator are accepted only for a multiple before a unit
(``million people``), not after a ``/``; so ``"% %"`` and ``"%%"`` are refused.
The total power of each name lies within ±4 (:data:`MAX_POWER`). Anything else —
a number inside a unit, ``% ** (9**9**9)``, ``% ** 1e20`` — is refused with a
:class:`~thdx.model._errors.QuantityError` before pint sees it.

Limits (each refused with a message naming it): a value as text is at most
:data:`MAX_VALUE_LENGTH` characters, a unit expression at most
:data:`MAX_UNIT_LENGTH`, so that reading any text costs time in proportion to
its length.

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

import functools
import math
import numbers
import re
import sys
import threading
import unicodedata
from typing import TYPE_CHECKING, Any

from thdx.model._errors import QuantityError

if TYPE_CHECKING:
    import pint

    Q_: type[pint.Quantity]

__all__ = [
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

#: The longest text read as a value, such as ``"92.5 %"``, in characters.
MAX_VALUE_LENGTH = 256
#: The longest unit expression, such as ``"triệu đồng / lao động"``, in characters.
MAX_UNIT_LENGTH = 200
#: The largest power of a unit name in an expression, in absolute value (``VND ** 2``).
MAX_POWER = 4
#: The deepest nesting of parentheses in a unit expression.
MAX_PARENTHESES = 4

# --------------------------------------------------------------------------- units

# The registry's definitions, in pint's definition syntax: "name = value = symbol =
# alias ...". The grammar's name table (_NAMES) is built from them; a test checks that
# pint reads every name of that table as the same unit.
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

# The base dimension of each canonical name (None: a pure number), as pint has it.
_DIMENSIONS: dict[str, str | None] = {
    "dimensionless": None,
    "percent": None,
    "thousand": None,
    "million": None,
    "billion": None,
    "trillion": None,
    "VND": "currency",
    "thousand_VND": "currency",
    "million_VND": "currency",
    "billion_VND": "currency",
    "trillion_VND": "currency",
    "person": "person",
    "worker": "person",
    "enterprise": "enterprise",
    "household": "household",
    "administrative_unit": "administrative_unit",
    "rank": "rank",
    "year": "time",
}

#: Canonical names of every unit defined above, plus pint's own "dimensionless".
_KNOWN_NAMES: frozenset[str] = frozenset(_DIMENSIONS)

# Multiples: the only names that may stand before another without an operator.
_MULTIPLES = frozenset({"thousand", "million", "billion", "trillion"})


def _names_table() -> dict[str, str]:
    """Every spelling of a unit name (name, symbol, aliases, plurals) → canonical name."""
    names: dict[str, str] = {}
    for definition in _DEFINITIONS:
        parts = [part.strip() for part in definition.split("=")]
        for name in (parts[0], *parts[2:]):
            names[name] = parts[0]
    for name, canonical in list(names.items()):
        if name.replace("_", "").isalpha():  # pint reads a final "s" as a plural
            names.setdefault(name + "s", canonical)
    names["dimensionless"] = "dimensionless"
    return names


_NAMES: dict[str, str] = _names_table()

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
_TOKEN_RE = re.compile(r"%|[^\W\d]\w*")

# One token of a unit expression; "bad" is any other character.
_LEX_RE = re.compile(
    r"\s+|(?P<name>%|[^\W\d]\w*)|(?P<op>\*\*|\^|\*|/)"
    r"|(?P<number>[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<open>\()|(?P<close>\))|(?P<bad>.)",
    re.DOTALL,
)
_POWER_RE = re.compile(r"[+-]?[0-9]{1,3}")

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
_POWER_RULE = f"a unit's power must be a whole number from -{MAX_POWER} to {MAX_POWER}"


def _prefix(where: str | None, message: str) -> str:
    return f"{where}: {message}" if where else message


def _repr(value: object) -> str:
    """``repr(value)``, or a description of an integer too long for ``repr``."""
    try:
        return repr(value)
    except ValueError:  # an int beyond sys.get_int_max_str_digits()
        bits = value.bit_length() if isinstance(value, int) else 0
        return f"<an integer of about {int(bits * 0.30103) + 1} digits>"


def _short(value: object) -> str:
    """``repr(value)``, cut to its first 20 characters when longer than 60."""
    text = _repr(value)
    return text if len(text) <= 60 else f"{text[:20]}…({len(text)} characters)"


def _normalise(text: str) -> str:
    """Rewrite a unit expression into the spelling the grammar reads."""
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = _MONEY_RE.sub(lambda m: f"{_MULTIPLE_WORDS[m.group(1)]}_VND", text)
    return " ".join(text.split()).replace(" per ", "/")


# ------------------------------------------------------------------------- grammar

#: A parsed unit expression: (canonical name, power) pairs in order of appearance,
#: no power 0 and no "dimensionless"; () is a pure number.
_Units = tuple[tuple[str, int], ...]


class _Refused(Exception):
    """A unit expression the grammar does not accept.

    ``unknown`` is the first unknown name, if that is the problem; ``detail`` says
    what else is wrong ("" for text that is not an expression at all).
    """

    def __init__(self, detail: str = "", unknown: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.unknown = unknown


class _Parser:
    """Recursive descent over the tokens of one unit expression (see the grammar)."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "")

    def expression(self, depth: int) -> dict[str, int]:
        powers: dict[str, int] = {}
        term, bare = self.term(depth)
        _add(powers, term, 1)
        divided = False
        while True:
            kind, text = self.peek()
            if kind == "op" and text in ("*", "/"):
                self.i += 1
                divided = text == "/"
                term, bare = self.term(depth)
                _add(powers, term, -1 if divided else 1)
            elif kind in ("name", "open"):
                following = _NAMES.get(text) if kind == "name" else None
                if kind == "name" and following is None:
                    raise _Refused(unknown=text)
                if bare not in _MULTIPLES or following is None or following in _NO_JUXTAPOSE:
                    left = self.tokens[self.i - 1][1]
                    detail = f"{left!r} is followed by {text!r} with no '*' or '/' between them"
                    raise _Refused(detail)
                if divided:
                    detail = f"'{bare} {text}' after '/' is ambiguous: write '/ ({bare} {text})'"
                    raise _Refused(detail)
                term, bare = self.term(depth)
                _add(powers, term, -1 if divided else 1)
            else:
                return powers

    def term(self, depth: int) -> tuple[dict[str, int], str | None]:
        kind, text = self.peek()
        bare: str | None = None
        if kind == "name":
            name = _NAMES.get(text)
            if name is None:
                raise _Refused(unknown=text)
            self.i += 1
            powers = {} if name == "dimensionless" else {name: 1}
            bare = name
        elif kind == "open":
            if depth >= MAX_PARENTHESES:
                raise _Refused(f"parentheses nested deeper than {MAX_PARENTHESES}")
            self.i += 1
            powers = self.expression(depth + 1)
            if self.peek()[0] != "close":
                raise _Refused()
            self.i += 1
        else:
            raise _Refused()
        if self.peek() in (("op", "**"), ("op", "^")):
            self.i += 1
            kind, text = self.peek()
            if kind != "number" or not _POWER_RE.fullmatch(text) or abs(int(text)) > MAX_POWER:
                raise _Refused(f"{_POWER_RULE}, such as 'VND ** 2'")
            self.i += 1
            if self.peek() in (("op", "**"), ("op", "^")):
                raise _Refused(f"{_POWER_RULE}, and cannot be raised again")
            exponent = int(text)
            powers = {name: power * exponent for name, power in powers.items()}
            bare = None
        return powers, bare


_NO_JUXTAPOSE = _MULTIPLES | {"percent", "dimensionless"}
_SYMBOL = {"percent": "%"}  # how a name is shown in a message


def _add(powers: dict[str, int], term: dict[str, int], sign: int) -> None:
    for name, power in term.items():
        powers[name] = powers.get(name, 0) + sign * power


@functools.lru_cache(maxsize=1024)
def _parse_cached(text: str) -> _Units | _Refused:
    if len(text) > MAX_UNIT_LENGTH:
        return _Refused(f"longer than {MAX_UNIT_LENGTH} characters")
    tokens: list[tuple[str, str]] = []
    for m in _LEX_RE.finditer(_normalise(text)):
        kind = m.lastgroup
        if kind == "bad":
            return _Refused()
        if kind is not None:
            tokens.append((kind, m.group()))
    if not tokens:
        return ()
    parser = _Parser(tokens)
    try:
        powers = parser.expression(0)
        if parser.i != len(tokens):
            raise _Refused()
    except _Refused as refused:
        return refused
    for name, power in powers.items():
        if abs(power) > MAX_POWER:
            shown = _SYMBOL.get(name, name)
            return _Refused(f"{shown!r} has the power {power}, beyond ±{MAX_POWER}")
    return tuple((name, power) for name, power in powers.items() if power)


def _parse(text: str) -> _Units:
    """The parsed form of a unit expression; _Refused if the grammar does not accept it.

    Pint is not involved: the cost is linear in the text, which is at most
    MAX_UNIT_LENGTH characters long.
    """
    if len(text) > MAX_UNIT_LENGTH:  # before the cache: do not keep long texts
        raise _Refused(f"longer than {MAX_UNIT_LENGTH} characters")
    result = _parse_cached(text)
    if isinstance(result, _Refused):  # a new exception: the cached one gathers no traceback
        raise _Refused(result.detail, result.unknown)
    return result


def _key(units: _Units) -> _Units:
    """Equal keys mean the same unit (conversion factor exactly 1)."""
    return tuple(sorted(units))


def _fast_key(unit: str) -> _Units | None:
    """The key of a unit expression (see _key), or None if the grammar refuses it."""
    try:
        return _key(_parse(unit))
    except _Refused:
        return None


def _dimension(unit: str) -> dict[str, int]:
    """The base dimensions of a unit expression, with their powers (pint-free).

    Raises:
        QuantityError: The grammar refuses the expression.
    """
    dims: dict[str, int] = {}
    for name, power in _checked(unit, None):
        dim = _DIMENSIONS[name]
        if dim is not None:
            dims[dim] = dims.get(dim, 0) + power
    return {dim: power for dim, power in dims.items() if power}


def _checked(unit: object, where: str | None) -> _Units:
    """The parsed form of a canonical unit expression; QuantityError if refused."""
    if not isinstance(unit, str):
        raise QuantityError(_prefix(where, f"{_short(unit)} is not a unit expression"))
    try:
        return _parse(unit)
    except _Refused as refused:
        if refused.unknown is not None:
            raise QuantityError(_prefix(where, f"unknown unit {refused.unknown!r}")) from None
        detail = f" ({refused.detail})" if refused.detail else ""
        message = f"{_short(unit)} is not a unit expression{detail}"
        raise QuantityError(_prefix(where, message)) from None


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
def _pint_units(units: _Units) -> Any:
    """The pint units of a parsed expression: canonical names and small powers only."""
    if not units:
        return registry().parse_units("dimensionless")
    return registry().parse_units(" * ".join(f"{name} ** {power}" for name, power in units))


def _target_units(unit: object, where: str | None) -> Any:
    """The pint units of a canonical unit expression; QuantityError if refused."""
    return _pint_units(_checked(unit, where))


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
            expression of the grammar (see the module docstring).

    >>> check_unit("%")
    'percent'
    >>> check_unit("triệu đồng / lao động")
    'million_VND / worker'
    >>> check_unit("furlong", where="targets[2].unit")
    Traceback (most recent call last):
    ...
    thdx.model._errors.QuantityError: targets[2].unit: unknown unit 'furlong'
    >>> check_unit("percent ** -200")
    Traceback (most recent call last):
    ...
    thdx.model._errors.QuantityError: 'percent ** -200' is not a unit expression (a unit's power must be a whole number from -4 to 4, such as 'VND ** 2')
    """  # noqa: E501
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
    return _dimension(a) == _dimension(b)


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
    thdx.model._errors.QuantityError: unit 'VND' cannot be converted to 'percent'
    """
    source, target = _checked(from_unit, None), _checked(to_unit, None)
    if _key(source) == _key(target):
        return float(magnitude)
    factor = _factor(_pint_units(source), _pint_units(target))
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
    raise QuantityError(_prefix(where, f"{_short(value)} is not a quantity ({_EXPECTED})"))


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
        raise QuantityError(_prefix(where, f"{_repr(shown)} is not a finite number"))
    if (
        result == 0
        and isinstance(number, str)
        and _NONZERO_DIGIT.search(number.split("e")[0].split("E")[0])
    ):
        # "1e-400" is not zero, but no float holds it.
        raise QuantityError(
            _prefix(where, f"{_repr(shown)} is too small to be stored (it underflows to 0)")
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
        message = f"{_short(value)} is not a quantity (longer than {MAX_VALUE_LENGTH} characters)"
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
        raise QuantityError(_prefix(where, f"{_short(value)} is not a quantity ({_EXPECTED})"))
    number = _finite(magnitude, value, where)
    # Read the unit names through the grammar, whichever registry made the Quantity:
    # names of another registry, or powers beyond MAX_POWER, are refused here.
    expression = " * ".join(f"{name} ** {_power_text(p)}" for name, p in value.unit_items())
    try:
        units = _parse(expression)
    except _Refused as refused:
        detail = f"unknown unit {refused.unknown!r}" if refused.unknown else ""
        raise QuantityError(
            _prefix(where, f"{_short(value)}: {detail or 'unit not understood'}")
        ) from None
    target = _checked(unit, where)
    shown = format(value.units, "D")
    return _convert_checked(number, _pint_units(units), value, shown, target, unit, where)


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
        message = f"{_short(value)} has unit {shown!r}, which cannot be converted to {unit!r}"
        raise QuantityError(_prefix(where, message))
    result = number * factor
    if not math.isfinite(result) or (result == 0 and number != 0):
        message = f"{_short(value)} is out of range once converted to {unit!r}"
        raise QuantityError(_prefix(where, message))
    return result
