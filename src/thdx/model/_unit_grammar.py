"""Unit expressions: the names of the units thdx knows, and the grammar that reads them.

Everything here is pure Python: the pint registry (:mod:`thdx.model._unit_registry`) is
built from :data:`_DEFINITIONS`, and pint only ever sees what this grammar produced,
names of the registry with small powers. Its cost is linear in the text.

Plural forms (``enterprises``, ``workers``) are accepted. Before parsing, a few
multi-word forms are rewritten: ``nghìn tỷ`` means ``trillion``, a multiple
followed by the currency (``tỷ đồng``, ``million VND``) is the matching
``..._VND`` unit, and ``doanh nghiệp``, ``hộ gia đình``, ``đơn vị hành chính`` and
``lao động`` mean ``enterprise``, ``household``, ``administrative_unit`` and
``worker``.

Unit expressions are read by this grammar, never by pint's parser (which evaluates
powers as Python numbers):

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
:class:`~thdx.model._errors.QuantityError` before pint sees it. A unit expression is
at most :data:`MAX_UNIT_LENGTH` characters long.

>>> _parse("triệu đồng / lao động")
(('million_VND', 1), ('worker', -1))
>>> _checked("% ** 9", where="targets[0].unit")
Traceback (most recent call last):
...
thdx.model._errors.QuantityError: targets[0].unit: '% ** 9' is not a unit expression (a unit's power must be a whole number from -4 to 4, such as 'VND ** 2')
"""  # noqa: E501

from __future__ import annotations

import functools
import re
import unicodedata

from thdx.model._coerce import short_repr
from thdx.model._errors import QuantityError, _prefix

__all__ = ["MAX_PARENTHESES", "MAX_POWER", "MAX_UNIT_LENGTH"]

#: The longest unit expression, such as ``"triệu đồng / lao động"``, in characters.
MAX_UNIT_LENGTH = 200
#: The largest power of a unit name in an expression, in absolute value (``VND ** 2``).
MAX_POWER = 4
#: The deepest nesting of parentheses in a unit expression.
MAX_PARENTHESES = 4

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

# One token of a unit expression; "bad" is any other character.
_LEX_RE = re.compile(
    r"\s+|(?P<name>%|[^\W\d]\w*)|(?P<op>\*\*|\^|\*|/)"
    r"|(?P<number>[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<open>\()|(?P<close>\))|(?P<bad>.)",
    re.DOTALL,
)
_POWER_RE = re.compile(r"[+-]?[0-9]{1,3}")

_POWER_RULE = f"a unit's power must be a whole number from -{MAX_POWER} to {MAX_POWER}"


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
        raise QuantityError(_prefix(where, f"{short_repr(unit)} is not a unit expression"))
    try:
        return _parse(unit)
    except _Refused as refused:
        if refused.unknown is not None:
            raise QuantityError(_prefix(where, f"unknown unit {refused.unknown!r}")) from None
        detail = f" ({refused.detail})" if refused.detail else ""
        message = f"{short_repr(unit)} is not a unit expression{detail}"
        raise QuantityError(_prefix(where, message)) from None
