"""Rulebooks: a resolution's goals as data, and the safe loader that reads them.

A rulebook is a TOML file (schema below) parsed with :mod:`tomllib` — never executed
— and validated all at once: every problem is reported with its path in the file
(``targets[3].threshold: '9,6 %' is not a quantity ...``) in one
:class:`~thdx.model._errors.RulebookError`.

Hostile input is refused before it can cost more than its size: a document is at most
:data:`MAX_DOCUMENT_SIZE`, nested at most :data:`MAX_NESTING` deep (checked by a linear
scan before :mod:`tomllib` runs, and by a walk without recursion of whatever was parsed),
its texts at most :data:`MAX_TEXT_LENGTH` characters and its ids and keys
:data:`MAX_ID_LENGTH`, with no lone surrogates; JSON objects may not repeat a key.
Unknown keys are refused at every level, and no value is coerced to another type.

>>> rb = resolution_06()
>>> rb.number, len(rb.targets), len(rb.directions)
('06-NQ/TU', 22, 7)
>>> rb.target("2025.gov.satisfaction").comparator.value
'>='
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import json
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NoReturn, cast

from thdx.model._errors import PeriodError, Problem, RulebookError, ThdxError
from thdx.model._indicators import (
    Catalogue,
    Indicator,
    IndicatorKind,
    Pillar,
    _derived_problem,
    _unit_problem,
)
from thdx.model._periods import Period, as_period
from thdx.model._quantities import _checked, _repr, to_magnitude
from thdx.model._units import Level
from thdx.rules._rulebook import COUNT_UNIT, Guideline, Rulebook
from thdx.rules._targets import Target
from thdx.rules._vocabulary import (
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Criterion,
    Growth,
    Rule,
    ShareUnits,
)

__all__ = [
    "MAX_CODE_LENGTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_ID_LENGTH",
    "MAX_NESTING",
    "MAX_TEXT_LENGTH",
    "SCHEMA_VERSION",
    "Guideline",
    "Rulebook",
    "criteria_qd1829",
    "dump_criteria",
    "dump_rulebook",
    "load_criteria",
    "load_rulebook",
    "loads_criteria",
    "loads_rulebook",
    "plan_qd969",
    "resolution_06",
    "shipped_indicators",
]

#: The rulebook file schema this version reads and writes.
SCHEMA_VERSION = 1

# -- loading ---------------------------------------------------------------------------

#: The largest rulebook or criteria document read: bytes of a file, characters of a str.
MAX_DOCUMENT_SIZE = 16 * 1024 * 1024
#: The deepest nesting of arrays and tables in a document (each part of a dotted TOML
#: key is a level); the shipped files use 3.
MAX_NESTING = 32
#: The longest text of any field (a clause, a title, a note), in characters.
MAX_TEXT_LENGTH = 10_000
#: The longest id or key (a target id, a rulebook number, a table key), in characters.
MAX_ID_LENGTH = 200
#: The most digits of an administrative-unit code (``"38"``, ``"14758"``).
MAX_CODE_LENGTH = 10
#: Integers beyond this many bits (about 4,200 digits) are refused: ``repr`` fails on them.
_MAX_INT_BITS = 14_000
#: The longest text read as a period or a day (``"2021/2025"``), in characters.
_MAX_PERIOD_LENGTH = 64


def _short(value: object) -> str:
    """``repr(value)``, cut to its first 20 characters when longer than 40."""
    text = _repr(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"


def _is_code(value: object) -> bool:
    """An official unit code: 1 to MAX_CODE_LENGTH ASCII digits."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_CODE_LENGTH
        and value.isascii()
        and value.isdigit()
    )


_CODE_EXPECTED = f"an official unit code (1 to {MAX_CODE_LENGTH} ASCII digits, such as '38')"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def str_(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        limit: int = MAX_TEXT_LENGTH,
    ) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(f"{where}.{key}", "missing")
            return ""
        if not isinstance(value, str):
            self.add(f"{where}.{key}", f"expected a string, got {_short(value)}")
            return ""
        if required and not value:
            self.add(f"{where}.{key}", "expected a non-empty string, got ''")
        if len(value) > limit:
            if limit < MAX_TEXT_LENGTH:  # longer texts are reported by _check_tree
                self.add(f"{where}.{key}", f"{len(value)} characters, more than {limit}")
            return ""
        return value

    def guard(self, where: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ThdxError as exc:
            msg = str(exc)
            prefix = f"{where}: "
            self.add(where, msg[len(prefix) :] if msg.startswith(prefix) else msg)
            return None


def _key_path(where: str, key: object) -> str:
    if isinstance(key, str) and len(key) <= MAX_ID_LENGTH:
        return f"{where}.{key}" if where else key
    return f"{where}[{_short(key)}]"


class _JSONObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: dict[str, int]

    @classmethod
    def of(cls, pairs: list[tuple[str, Any]]) -> _JSONObject:
        obj = cls(pairs)
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        obj.duplicates = {k: n for k, n in counts.items() if n > 1}
        return obj


def _surrogate(text: str) -> int:
    """The position of the first lone surrogate (not text, not UTF-8) in ``text``, or -1."""
    if text.isascii():
        return -1
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            return i
    return -1


def _check_tree(doc: Mapping[str, Any]) -> tuple[list[Problem], bool]:
    """Problems of a parsed document as a whole, and whether they are fatal.

    Walks every value once, without recursion: keys must be strings of at most
    MAX_ID_LENGTH characters, texts at most MAX_TEXT_LENGTH and free of lone
    surrogates, JSON objects without duplicate keys, and nothing nested deeper than
    MAX_NESTING nor an integer too long for ``repr`` (both fatal: the rest is not
    looked at).
    """
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[object, str, int]] = [(doc, "", 0)]
    while stack:
        node, where, depth = stack.pop()
        if isinstance(node, str):
            if len(node) > MAX_TEXT_LENGTH:
                message = f"a text of {len(node)} characters, more than {MAX_TEXT_LENGTH}"
                problems.append(Problem(where, message))
            at = _surrogate(node)
            if at >= 0:
                message = f"contains a lone surrogate {node[at]!r} at character {at} (not text)"
                problems.append(Problem(where, message))
            continue
        if isinstance(node, int) and node.bit_length() > _MAX_INT_BITS:
            # Too long even for repr(): no message could show it, so stop here.
            problems.append(Problem(where, f"{_short(node)} is too large to be read"))
            return problems, True
        if not isinstance(node, Mapping | list | tuple) or id(node) in seen:
            continue
        seen.add(id(node))
        if depth >= MAX_NESTING:
            problems.append(Problem(where, f"nested deeper than {MAX_NESTING} levels"))
            return problems, True
        children: list[tuple[object, str, int]] = []
        if isinstance(node, Mapping):
            duplicates = node.duplicates if isinstance(node, _JSONObject) else {}
            for key, value in node.items():
                path = _key_path(where, key)
                if not isinstance(key, str):
                    problems.append(Problem(path, f"a key must be a string, got {_short(key)}"))
                elif len(key) > MAX_ID_LENGTH:
                    message = f"a key of {len(key)} characters, more than {MAX_ID_LENGTH}"
                    problems.append(Problem(path, message))
                elif _surrogate(key) >= 0:
                    problems.append(Problem(path, "the key contains a lone surrogate (not text)"))
                if key in duplicates:
                    message = f"duplicate key: given {duplicates[key]} times in one JSON object"
                    problems.append(Problem(path, message))
                children.append((value, path, depth + 1))
        else:
            children = [(value, f"{where}[{i}]", depth + 1) for i, value in enumerate(node)]
        stack.extend(reversed(children))
    return problems, False


def _start(doc: object, source: str, error: type[RulebookError]) -> _Collector:
    """A collector holding the whole-document problems; raises if they are fatal."""
    if not isinstance(doc, Mapping):
        what = "rulebook" if error is RulebookError else "document"
        message = f"expected a table (a mapping) of the {what}'s fields, got {_short(doc)}"
        raise error(source, [Problem("", message)])
    problems, fatal = _check_tree(doc)
    if fatal:
        raise error(source, problems)
    c = _Collector()
    c.problems.extend(problems)
    return c


_INDICATOR_KEYS = {
    "id", "name_vi", "name_en", "pillar", "unit", "kind", "direction", "numerator",
    "denominator", "note", "cohort_note",
}  # fmt: skip
_COMMON_TARGET_KEYS = {
    "id", "label_en", "clause", "clause_verbatim", "pillar", "deadline", "scope", "measure",
    "units",
}  # fmt: skip
#: The keys each measure reads, besides the common ones.
_MEASURE_KEYS: dict[str, set[str]] = {
    "value": {"indicator", "comparator", "threshold"},
    "growth": {"indicator", "comparator", "threshold", "window", "rate_indicator", "method"},
    "count": {"of", "comparator", "threshold"},
    "share": {"of", "comparator", "threshold"},
    "completed": set(),
}
_TARGET_KEYS = _COMMON_TARGET_KEYS.union(*_MEASURE_KEYS.values())
_MEASURES = ("value", "growth", "count", "share", "completed")


def _unknown_keys(c: _Collector, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in table:
        # Keys that are not short strings are reported by _check_tree.
        if isinstance(key, str) and len(key) <= MAX_ID_LENGTH and key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            c.add(_key_path(where, key), f"unknown key{hint}")


def _indicators(
    c: _Collector,
    doc: Mapping[str, Any],
    where: str = "indicators",
    base: Catalogue | None = None,
) -> list[Indicator]:
    raw = doc.get("indicators", [])
    if not isinstance(raw, list):
        c.add(where, "expected an array of tables [[indicators]]")
        return []
    out: list[Indicator] = []
    place: dict[str, str] = {}
    seen: set[str] = set()
    for i, table in enumerate(raw):
        w = f"{where}[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        _unknown_keys(c, table, _INDICATOR_KEYS, w)
        fields = {k: table.get(k) for k in ("id", "name_vi", "name_en", "pillar", "unit", "kind")}
        missing = [k for k, v in fields.items() if v is None]
        for k in missing:
            c.add(f"{w}.{k}", "missing")
        wrong = [
            k
            for k in (*fields, "numerator", "denominator", "direction", "note", "cohort_note")
            if table.get(k) is not None and not isinstance(table[k], str)
        ]
        for k in wrong:
            c.add(f"{w}.{k}", f"expected a string, got {_short(table[k])}")
        if missing or wrong:
            continue
        if fields["id"] in seen:
            c.add(f"{w}.id", f"duplicate indicator id {_short(fields['id'])}")
            continue
        seen.add(str(fields["id"]))
        if len(str(fields["unit"])) > MAX_TEXT_LENGTH:
            continue  # reported by _check_tree
        if c.guard(f"{w}.unit", functools.partial(_checked, fields["unit"], None)) is None:
            continue
        kind = next((k for k in IndicatorKind if k.value == fields["kind"]), None)
        problem = _unit_problem(kind, str(fields["unit"])) if kind is not None else None
        if problem:
            c.add(f"{w}.unit", problem)
            continue
        ind = c.guard(w, functools.partial(_make_indicator, table, fields))
        if ind is not None:
            out.append(ind)
            place[ind.id] = w
    # A derived indicator's parts must exist (here or in the base) and divide into its unit.
    parts: dict[str, Indicator] = {**(dict(base.items()) if base else {}), **{i.id: i for i in out}}
    kept: list[Indicator] = []
    for ind in out:
        w = place[ind.id]
        unknown = [
            (key, part)
            for key, part in (("numerator", ind.numerator), ("denominator", ind.denominator))
            if part is not None and part not in parts
        ]
        for key, part in unknown:
            c.add(f"{w}.{key}", f"unknown indicator {part!r}")
        problem = _derived_problem(ind, parts) if ind.derived and not unknown else None
        if problem:
            c.add(f"{w}.unit", problem)
        if not unknown and not problem:
            kept.append(ind)
    return kept


def _make_indicator(table: Mapping[str, Any], f: Mapping[str, Any]) -> Indicator:
    extra = {"direction": table["direction"]} if "direction" in table else {}
    return Indicator(
        **extra,
        id=f["id"],
        name_vi=f["name_vi"],
        name_en=f["name_en"],
        pillar=f["pillar"],
        unit=f["unit"],
        kind=f["kind"],
        numerator=table.get("numerator"),
        denominator=table.get("denominator"),
        note=table.get("note", table.get("cohort_note", "")),
    )


def _threshold(c: _Collector, value: object, unit: str, where: str) -> float | None:
    if value is None:
        c.add(where, "missing")
        return None
    if unit == COUNT_UNIT:
        try:
            # ASCII digits only: "٣" (Arabic-Indic three) is not read as 3.
            if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
                return float(int(value))
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                return float(value)
        except (ValueError, OverflowError):
            c.add(where, f"{_short(value)} is too large for a count of units")
            return None
        if isinstance(value, float) and value.is_integer() and value >= 0:
            return value
        c.add(where, f"{_short(value)} is not a count of units (a whole number ≥ 0)")
        return None
    result = c.guard(where, lambda: to_magnitude(value, unit, where=where))
    return None if result is None else float(result)


def _in_range(c: _Collector, ind: Indicator, value: object, thr: float | None, where: str) -> bool:
    """Whether a threshold lies in its indicator's range (a share 0–100 %, a rank ≥ 1)."""
    if thr is None:
        return False
    problem = ind.check_range(thr, shown=value, where=where)
    if problem:
        c.add(where, problem)
        return False
    return True


def _period(c: _Collector, table: Mapping[str, Any], key: str, w: str) -> Period | None:
    if key not in table:
        c.add(f"{w}.{key}", "missing")
        return None
    value = table[key]
    if isinstance(value, str) and len(value) > _MAX_PERIOD_LENGTH:
        c.add(f"{w}.{key}", f"{_short(value)} is not a period (too long)")
        return None
    if isinstance(value, int) and abs(value) >= 10**18:  # str() of it may even fail
        c.add(f"{w}.{key}", f"{_short(value)} is not a period (a year has 4 digits)")
        return None
    where = f"{w}.{key}"
    return c.guard(where, lambda: as_period(value, where=where))  # type: ignore[no-any-return]


def _units_field(c: _Collector, table: Mapping[str, Any], w: str, measure: str) -> tuple[str, ...]:
    """The unit codes a target is assigned to (required for 'completed')."""
    units = table.get("units")
    if measure == "completed":
        if not (isinstance(units, list) and units and all(_is_code(u) for u in units)):
            c.add(
                f"{w}.units",
                f"a 'completed' target needs units = [\"<code>\", ...], got {_short(units)}",
            )
            return ()
        return tuple(units)
    if units is None:
        return ()
    if not isinstance(units, list):
        c.add(f"{w}.units", f"expected an array of unit codes, got {_short(units)}")
        return ()
    bad = [(j, u) for j, u in enumerate(units) if not _is_code(u)]
    for j, u in bad:
        c.add(f"{w}.units[{j}]", f"expected {_CODE_EXPECTED}, got {_short(u)}")
    return () if bad else tuple(units)


def _target(c: _Collector, table: Mapping[str, Any], w: str, catalogue: Catalogue) -> Target | None:
    _unknown_keys(c, table, _TARGET_KEYS, w)
    tid = c.str_(table, "id", w, limit=MAX_ID_LENGTH)
    clause = c.str_(table, "clause", w)
    measure = c.str_(table, "measure", w)
    label_en = c.str_(table, "label_en", w, required=False)
    verbatim = table.get("clause_verbatim", True)
    if not isinstance(verbatim, bool):
        c.add(f"{w}.clause_verbatim", f"expected true or false, got {_short(verbatim)}")
    pillar = table.get("pillar")
    if pillar is not None and not any(pillar == p.value for p in Pillar):
        known = ", ".join(repr(p.value) for p in Pillar)
        c.add(f"{w}.pillar", f"{_short(pillar)} is not a pillar (expected one of {known})")
        pillar = None
    deadline = _period(c, table, "deadline", w)
    scope = table.get("scope")
    if scope is None:
        c.add(f"{w}.scope", "missing")
    elif not any(scope == lv.value for lv in Level):
        c.add(
            f"{w}.scope",
            f"{_short(scope)} is not a scope (expected 'province', 'district' or 'commune')",
        )
        scope = None
    if measure and measure not in _MEASURES:
        c.add(
            f"{w}.measure",
            f"{_short(measure)} is not a measure "
            f"(expected one of {', '.join(map(repr, _MEASURES))})",
        )
        return None
    if measure:
        for key in table:
            if key in _TARGET_KEYS and key not in _COMMON_TARGET_KEYS | _MEASURE_KEYS[measure]:
                c.add(f"{w}.{key}", f"does not apply to a {measure!r} target")
    from thdx.rules._vocabulary import Comparator

    def comparator() -> Comparator | None:
        raw = table.get("comparator")
        if raw is None:
            c.add(f"{w}.comparator", "missing")
            return None
        return c.guard(f"{w}.comparator", lambda: Comparator.parse(raw))  # type: ignore[no-any-return]

    rule: Rule | None = None
    unit = ""
    if measure in ("value", "growth"):
        ind_id = c.str_(table, "indicator", w, limit=MAX_ID_LENGTH)
        ind = catalogue.get(ind_id) if ind_id else None
        if ind_id and ind is None:
            c.add(f"{w}.indicator", f"unknown indicator {ind_id!r}")
        comp = comparator()
        if measure == "value":
            unit = ind.unit if ind else ""
            raw = table.get("threshold")
            thr = _threshold(c, raw, unit, f"{w}.threshold") if ind else None
            if ind and comp and _in_range(c, ind, raw, thr, f"{w}.threshold"):
                rule = Compare(ind.id, comp, thr)
        else:
            unit = "percent"
            thr = _threshold(c, table.get("threshold"), unit, f"{w}.threshold")
            window = _period(c, table, "window", w)
            rate = table.get("rate_indicator")
            if rate is not None and not isinstance(rate, str):
                c.add(f"{w}.rate_indicator", f"expected a string, got {_short(rate)}")
                rate = None
            elif rate is not None and rate not in catalogue:
                c.add(f"{w}.rate_indicator", f"unknown indicator {_short(rate)}")
                rate = None
            elif rate is not None and catalogue[rate].kind is not IndicatorKind.GROWTH_RATE:
                c.add(f"{w}.rate_indicator", f"indicator {rate!r} is not a growth rate")
                rate = None
            method = table.get("method", "compound")
            if method not in ("compound", "arithmetic"):
                c.add(f"{w}.method", f"expected 'compound' or 'arithmetic', got {_short(method)}")
            elif ind and comp and thr is not None and window is not None:
                how = cast(Literal["compound", "arithmetic"], method)
                growth = functools.partial(Growth, ind.id, window, comp, thr, rate, how)
                rule = c.guard(w, growth)
    elif measure in ("count", "share"):
        if table.get("of") != "completed":
            c.add(
                f"{w}.of",
                f"{_short(table.get('of'))} is not what units are counted by "
                "(expected 'completed')",
            )
        comp = comparator()
        unit = COUNT_UNIT if measure == "count" else "percent"
        raw = table.get("threshold")
        thr = _threshold(c, raw, unit, f"{w}.threshold")
        if measure == "share" and thr is not None and not 0.0 <= thr <= 100.0:
            c.add(f"{w}.threshold", f"{_short(raw)} is outside 0–100 % for a share of units")
            thr = None
        if scope in ("district", "commune") and comp and thr is not None:
            cls = CountUnits if measure == "count" else ShareUnits
            rule = cls(Level(scope), Completed(), comp, thr)
        elif scope == "province":
            c.add(f"{w}.scope", "a count or share of units needs scope 'district' or 'commune'")
    elif measure == "completed":
        rule = Completed()
    units = _units_field(c, table, w, measure) if measure else ()
    if rule is None or deadline is None or scope is None or not tid or not clause:
        return None
    if not isinstance(verbatim, bool):
        return None
    target: Target | None = c.guard(
        w,
        lambda: Target(
            id=tid,
            rule=rule,
            deadline=deadline,
            scope=scope,
            clause=clause,
            threshold_unit=unit,
            label_en=label_en,
            pillar=pillar,
            units=units,
            clause_verbatim=verbatim,
        ),
    )
    return target


def _text_of(text: object, source: str, error: type[RulebookError], what: str) -> str:
    """A document's text: decoded, within MAX_DOCUMENT_SIZE, of the right type."""
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if len(raw) > MAX_DOCUMENT_SIZE:
            message = f"{len(raw)} bytes, more than the {MAX_DOCUMENT_SIZE} thdx reads"
            raise error(source, [Problem("", message)])
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(
                source, [Problem("", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
            ) from None
    if not isinstance(text, str):
        hint = f" (for a mapping, use {what}_from_dict)" if isinstance(text, Mapping) else ""
        message = f"expected TOML text (str or bytes), got {type(text).__name__}{hint}"
        raise error(source, [Problem("", message)])
    if len(text) > MAX_DOCUMENT_SIZE:
        message = f"{len(text)} characters, more than the {MAX_DOCUMENT_SIZE} thdx reads"
        raise error(source, [Problem("", message)])
    return text


# Lexer of the TOML pre-scan: strings and comments are skipped whole, brackets and
# separators are counted, and the dots of what lies between them. An opening that does
# not close ends the scan (tomllib then reports the error), and the quantifiers are
# possessive: no text is scanned twice.
_TOML_LEX = re.compile(
    r"""(?P<skip>[^"'\#\[\]{}=,\n]++)"""
    r"""|(?P<basic>"(?:[^"\\\n]++|\\[^\n])*+")"""
    r"""|(?P<literal>'[^'\n]*+')"""
    r"""|(?P<comment>\#[^\n]*+)"""
    r"""|(?P<punct>[\[\]{}=,\n])"""
)
_TOML_MULTI = {
    '"""': re.compile(r'"""(?:[^"\\]++|\\.|"{1,2}(?!"))*+"{3,5}', re.DOTALL),
    "'''": re.compile(r"'''(?:[^']++|'{1,2}(?!'))*+'{3,5}", re.DOTALL),
}


def _toml_shape(text: str) -> str | None:
    """Why a TOML text is nested too deeply for thdx to hand it to tomllib, or None.

    tomllib recurses into nested arrays and inline tables, and takes time quadratic
    in the parts of a dotted key; this linear scan refuses both beyond MAX_NESTING.
    """
    depth = dots = 0
    line = 1
    pos, end = 0, len(text)
    while pos < end:
        multi = _TOML_MULTI.get(text[pos : pos + 3])
        m = (multi or _TOML_LEX).match(text, pos)
        if m is None:
            return None  # an unclosed string: not TOML, tomllib says where
        pos = m.end()
        if multi is not None:
            line += m.group().count("\n")
            continue
        kind = m.lastgroup
        if kind == "skip":
            dots += m.group().count(".")
            if dots >= MAX_NESTING:
                return f"a dotted key of more than {MAX_NESTING} parts (line {line})"
            continue
        if kind != "punct":
            continue
        mark = m.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return f"arrays and tables nested deeper than {MAX_NESTING} levels (line {line})"
        elif mark in "]}":
            depth -= 1
        elif mark == "\n":
            line += 1
        dots = 0
    return None


def _parse_toml(
    text: object, source: str, error: type[RulebookError], what: str = "rulebook"
) -> dict[str, Any]:
    body = _text_of(text, source, error, what)
    shape = _toml_shape(body)
    if shape is not None:
        raise error(source, [Problem("", f"not readable TOML: {shape}")])
    try:
        return tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise error(source, [Problem("", f"not valid TOML: {exc}")]) from None
    except ValueError as exc:  # e.g. an integer beyond int()'s digit limit
        raise error(source, [Problem("", f"not readable TOML: {exc}")]) from None
    except RecursionError:
        message = "not readable TOML: nested too deeply"
        raise error(source, [Problem("", message)]) from None


def _refuse_constant(name: str) -> NoReturn:
    msg = f"{name} is not a JSON value"
    raise ValueError(msg)


def _parse_json(text: object, source: str, error: type[RulebookError]) -> dict[str, Any]:
    body = _text_of(text, source, error, "rulebook")
    try:
        doc = json.loads(body, object_pairs_hook=_JSONObject.of, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise error(source, [Problem("", f"not valid JSON: {exc}")]) from None
    except ValueError as exc:  # an integer beyond int()'s digit limit, NaN
        raise error(source, [Problem("", f"not readable JSON: {exc}")]) from None
    except RecursionError:
        raise error(source, [Problem("", "not readable JSON: nested too deeply")]) from None
    if not isinstance(doc, dict):
        raise error(source, [Problem("", "expected a JSON object")])
    return doc


def _read_document(path: str | Path, error: type[RulebookError]) -> tuple[dict[str, Any], str]:
    """The parsed document of a file (JSON for ``.json``, else TOML) and its name."""
    if not isinstance(path, str | Path):
        raise error(repr(path), [Problem("", f"expected a file path, got {_short(path)}")])
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_DOCUMENT_SIZE + 1)
    except OSError as exc:
        raise error(str(p), [Problem("", f"cannot read: {exc.strerror}")]) from None
    except ValueError:  # a NUL byte in the path
        raise error(repr(str(p)), [Problem("", "cannot read: the path holds a NUL byte")]) from None
    if p.suffix.lower() == ".json":
        return _parse_json(raw, str(p), error), str(p)
    return _parse_toml(raw, str(p), error), str(p)


def _schema(c: _Collector, doc: Mapping[str, Any]) -> None:
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version != SCHEMA_VERSION:
        c.add("schema_version", f"expected {SCHEMA_VERSION}, got {_short(version)}")


def _list_of_tables(c: _Collector, doc: Mapping[str, Any], key: str) -> list[Any]:
    raw = doc.get(key, [])
    if not isinstance(raw, list):
        c.add(key, f"expected an array of tables [[{key}]]")
        return []
    return raw


def rulebook_from_dict(
    doc: Mapping[str, Any], *, source: str = "<rulebook>", base: Catalogue | None = None
) -> Rulebook:
    """Build a rulebook from the parsed form of a rulebook file.

    Args:
        doc: the mapping (as parsed from TOML or JSON).
        source: a name for messages (the file path).
        base: indicators the file may use without declaring them.

    Raises:
        RulebookError: listing every problem, each with its path.
    """
    c = _start(doc, source, RulebookError)
    _unknown_keys(c, doc, {"schema_version", "rulebook", "indicators", "targets", "directions"}, "")
    _schema(c, doc)
    meta = doc.get("rulebook")
    if not isinstance(meta, dict):
        c.add("rulebook", "missing table [rulebook]")
        meta = {}
    own = _indicators(c, doc, base=base)
    catalogue: Catalogue | None = None
    try:
        catalogue = Catalogue([*(base.values() if base else ()), *own])
    except ThdxError as exc:
        c.add("indicators", str(exc))
        # Keep what can be kept (indicators that are not derived) to check the targets.
        catalogue = Catalogue([i for i in own if not i.derived])
    raw_targets = doc.get("targets", [])
    targets: list[Target] = []
    seen: dict[str, int] = {}
    if not isinstance(raw_targets, list) or not raw_targets:
        c.add("targets", "expected a non-empty array of tables [[targets]]")
        raw_targets = []
    for i, table in enumerate(raw_targets):
        w = f"targets[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        tid = table.get("id")
        if isinstance(tid, str) and tid in seen:
            c.add(f"{w}.id", f"duplicate target id {_short(tid)} (first at targets[{seen[tid]}])")
            continue
        if isinstance(tid, str):
            seen[tid] = i
        t = _target(c, table, w, catalogue)
        if t is not None:
            targets.append(t)
    directions: list[Guideline] = []
    for i, table in enumerate(_list_of_tables(c, doc, "directions")):
        w = f"directions[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        _unknown_keys(c, table, {"id", "text", "label_en"}, w)
        did, text = c.str_(table, "id", w, limit=MAX_ID_LENGTH), c.str_(table, "text", w)
        label = c.str_(table, "label_en", w, required=False)
        if did and text:
            directions.append(Guideline(did, text, label))
    required = ("id", "number", "title", "jurisdiction")
    ids = ("id", "number", "jurisdiction")
    strs = {
        k: c.str_(
            meta,
            k,
            "rulebook",
            required=k in required,
            limit=MAX_ID_LENGTH if k in ids else MAX_TEXT_LENGTH,
        )
        for k in (
            "id",
            "number",
            "title",
            "title_en",
            "issuer",
            "issuer_en",
            "jurisdiction",
            "source",
        )
    }
    if strs["jurisdiction"] and not _is_code(strs["jurisdiction"]):
        c.add(
            "rulebook.jurisdiction",
            f"expected {_CODE_EXPECTED}, got {_short(strs['jurisdiction'])}",
        )
    _unknown_keys(c, meta, {*strs, "issued"}, "rulebook")
    issued = None
    if "issued" in meta:
        issued = c.guard("rulebook.issued", lambda: _issued(meta["issued"]))
    if isinstance(issued, _dt.date):
        for t in targets:
            if t.deadline.end < issued:
                c.add(
                    f"targets[id={t.id!r}].deadline",
                    f"{str(t.deadline)!r} ended before the rulebook was issued ({issued}): "
                    "a goal is not set for the past",
                )
    if c.problems:
        raise RulebookError(source, c.problems)
    return Rulebook(
        id=strs["id"],
        number=strs["number"],
        title=strs["title"],
        jurisdiction=strs["jurisdiction"],
        catalogue=catalogue,
        targets=tuple(targets),
        directions=tuple(directions),
        title_en=strs["title_en"],
        issuer=strs["issuer"],
        issuer_en=strs["issuer_en"],
        issued=issued,
        source=strs["source"],
        own_indicators=tuple(ind.id for ind in own),
    )


def _issued(value: object) -> _dt.date:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if not isinstance(value, str) or len(value) > _MAX_PERIOD_LENGTH:
        msg = f"{_short(value)} is not a day (expected 'YYYY-MM-DD')"
        raise PeriodError(msg)
    p = as_period(value)
    if p.start != p.end:
        msg = f"{value!r} is not a day (expected 'YYYY-MM-DD')"
        raise PeriodError(msg)
    return p.start


def loads_rulebook(
    text: str | bytes, *, source: str = "<string>", base: Catalogue | None = None
) -> Rulebook:
    """Load a rulebook from TOML text (see :func:`rulebook_from_dict`).

    Raises:
        RulebookError: listing every problem with its path; also for text that is
            not a str or bytes, longer than :data:`MAX_DOCUMENT_SIZE` or nested
            deeper than :data:`MAX_NESTING`.
    """
    return rulebook_from_dict(_parse_toml(text, source, RulebookError), source=source, base=base)


def load_rulebook(path: str | Path, *, base: Catalogue | None = None) -> Rulebook:
    """Load a rulebook file (TOML; ``.json`` files hold the same structure as JSON).

    JSON is read strictly: duplicate keys, ``NaN`` and ``Infinity`` are refused.

    Raises:
        RulebookError: listing every problem with its path.
    """
    doc, source = _read_document(path, RulebookError)
    return rulebook_from_dict(doc, source=source, base=base)


def _load_file(path: str | Path, *, base: Catalogue | None = None) -> Rulebook | CriteriaSet:
    """A rulebook or a criteria set (a document with a ``[criteria_set]`` table)."""
    doc, source = _read_document(path, RulebookError)
    if "criteria_set" in doc:
        return criteria_from_dict(doc, source=source, base=base)
    return rulebook_from_dict(doc, source=source, base=base)


# -- criteria sets ---------------------------------------------------------------------

_CS_KEYS = {
    "id", "title", "title_en", "decision", "issued", "level", "complete", "note", "pass_rule",
    "at_least", "score_at_least",
}  # fmt: skip
_CRITERION_KEYS = {"id", "indicator", "comparator", "threshold", "label_en", "label_vi", "points"}


def criteria_from_dict(
    doc: Mapping[str, Any], *, source: str = "<criteria>", base: Catalogue | None = None
) -> CriteriaSet:
    """Build a criteria set from the parsed form of a criteria file.

    Raises:
        RulebookError: listing every problem, each with its path.
    """
    c = _start(doc, source, RulebookError)
    _unknown_keys(c, doc, {"schema_version", "criteria_set", "indicators", "criteria"}, "")
    _schema(c, doc)
    meta = doc.get("criteria_set")
    has_meta = isinstance(meta, dict)
    if not isinstance(meta, dict):
        c.add("criteria_set", "missing table [criteria_set]")
        meta = {}
    _unknown_keys(c, meta, _CS_KEYS, "criteria_set")
    own = _indicators(c, doc, base=base)
    catalogue = Catalogue([*(base.values() if base else ()), *own])
    criteria: list[Criterion] = []
    from thdx.rules._vocabulary import Comparator

    for i, table in enumerate(_list_of_tables(c, doc, "criteria")):
        w = f"criteria[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        _unknown_keys(c, table, _CRITERION_KEYS, w)
        cid = c.str_(table, "id", w, limit=MAX_ID_LENGTH)
        ind_id = c.str_(table, "indicator", w, limit=MAX_ID_LENGTH)
        label_en = c.str_(table, "label_en", w, required=False)
        label_vi = c.str_(table, "label_vi", w, required=False)
        ind = catalogue.get(ind_id) if ind_id else None
        if ind_id and ind is None:
            c.add(f"{w}.indicator", f"unknown indicator {ind_id!r}")
        raw = table.get("threshold")
        thr = _threshold(c, raw, ind.unit, f"{w}.threshold") if ind else None
        in_range = ind is not None and _in_range(c, ind, raw, thr, f"{w}.threshold")
        comp = c.guard(
            f"{w}.comparator", functools.partial(Comparator.parse, table.get("comparator", ""))
        )
        if cid and ind and in_range and comp is not None:
            criterion = c.guard(
                w,
                functools.partial(
                    Criterion, cid, ind.id, comp, thr, label_en, label_vi, table.get("points", 1.0)
                ),
            )
            if criterion is not None:
                criteria.append(criterion)
    level = meta.get("level")
    texts: dict[str, str] = {}
    issued: _dt.date | None = None
    if has_meta:  # a missing table is one problem, not one per key
        if not any(level == lv for lv in ("district", "commune")):
            c.add(
                "criteria_set.level",
                f"{_short(level)} is not a level (expected 'district' or 'commune')",
            )
        if not isinstance(meta.get("complete", True), bool):
            c.add(
                "criteria_set.complete",
                f"expected true or false, got {_short(meta['complete'])}",
            )
        for key in ("id", "title", "title_en", "decision", "note"):
            limit = MAX_ID_LENGTH if key in ("id", "decision") else MAX_TEXT_LENGTH
            texts[key] = c.str_(
                meta, key, "criteria_set", required=key in ("id", "title"), limit=limit
            )
        if "issued" in meta:
            issued = c.guard("criteria_set.issued", lambda: _issued(meta["issued"]))
    if c.problems:
        raise RulebookError(source, c.problems)
    result: CriteriaSet = c.guard(
        "criteria_set",
        lambda: CriteriaSet(
            id=texts["id"],
            title=texts["title"],
            level=str(level),
            criteria=tuple(criteria),
            pass_rule=meta.get("pass_rule", "all"),
            at_least=meta.get("at_least"),
            score_at_least=meta.get("score_at_least"),
            complete=bool(meta.get("complete", True)),
            decision=texts["decision"],
            title_en=texts["title_en"],
            note=texts["note"],
            issued=issued.isoformat() if issued else "",
            indicators=tuple(own),
        ),
    )
    if c.problems:
        raise RulebookError(source, c.problems)
    return result


def loads_criteria(
    text: str | bytes, *, source: str = "<string>", base: Catalogue | None = None
) -> CriteriaSet:
    """Load a criteria set from TOML text (limits as for :func:`loads_rulebook`)."""
    doc = _parse_toml(text, source, RulebookError, "criteria")
    return criteria_from_dict(doc, source=source, base=base)


def load_criteria(path: str | Path, *, base: Catalogue | None = None) -> CriteriaSet:
    """Load a criteria set file (TOML, or JSON for ``.json``), e.g. a user's full QĐ 1829.

    Raises:
        RulebookError: listing every problem with its path.
    """
    doc, source = _read_document(path, RulebookError)
    return criteria_from_dict(doc, source=source, base=base)


# -- shipped data ------------------------------------------------------------------------


def _data_text(name: str) -> bytes:
    return resources.files("thdx").joinpath("data", name).read_bytes()


@functools.cache
def _shipped_docs() -> tuple[dict[str, Any], ...]:
    return tuple(
        tomllib.loads(_data_text(n).decode("utf-8"))
        for n in ("resolution_06.toml", "criteria_qd1829.toml")
    )


def shipped_indicators() -> list[Indicator]:
    """The indicators declared by the shipped rulebook and criteria set."""
    out: list[Indicator] = []
    for doc in _shipped_docs():
        c = _Collector()
        out.extend(_indicators(c, doc))
        if c.problems:  # pragma: no cover - the shipped files are tested
            raise RulebookError("shipped data", c.problems)
    return out


@functools.cache
def resolution_06() -> Rulebook:
    """Resolution 06-NQ/TU of Thanh Hóa (10 Nov 2021), its 22 goals and 7 directions.

    >>> resolution_06().target("2025.soc.communes_completed").threshold_magnitude
    300.0
    """
    return loads_rulebook(_data_text("resolution_06.toml"), source="thdx/data/resolution_06.toml")


@functools.cache
def criteria_qd1829() -> CriteriaSet:
    """The public part of the commune criteria of QĐ 1829/QĐ-UBND (incomplete).

    >>> criteria_qd1829().complete
    False
    """
    return loads_criteria(
        _data_text("criteria_qd1829.toml"), source="thdx/data/criteria_qd1829.toml"
    )


@functools.cache
def plan_qd969() -> Rulebook:
    """The plan of QĐ 969/QĐ-UBND: 12 named district-level units and commune quotas.

    >>> len(plan_qd969().targets)
    16
    """
    return loads_rulebook(
        _data_text("plan_qd969.toml"),
        source="thdx/data/plan_qd969.toml",
        base=resolution_06().catalogue,
    )


# -- dumping -----------------------------------------------------------------------------


def rulebook_to_dict(rb: Rulebook) -> dict[str, Any]:
    """The rulebook in the file's structure (``load`` of it gives an equal rulebook)."""
    meta: dict[str, Any] = {
        "id": rb.id,
        "number": rb.number,
        "title": rb.title,
        "jurisdiction": rb.jurisdiction,
    }
    for key in ("title_en", "issuer", "issuer_en", "source"):
        if getattr(rb, key):
            meta[key] = getattr(rb, key)
    if rb.issued is not None:
        meta["issued"] = rb.issued.isoformat()
    return {
        "schema_version": SCHEMA_VERSION,
        "rulebook": meta,
        "indicators": [_indicator_dict(rb.catalogue[i]) for i in rb.own_indicators],
        "targets": [_target_dict(t) for t in rb.targets],
        "directions": [
            {"id": d.id, "text": d.text, **({"label_en": d.label_en} if d.label_en else {})}
            for d in rb.directions
        ],
    }


def _indicator_dict(ind: Indicator) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": ind.id,
        "name_vi": ind.name_vi,
        "name_en": ind.name_en,
        "pillar": ind.pillar.value,
        "unit": ind.unit,
        "kind": ind.kind.value,
        "direction": ind.direction.value,
    }
    if ind.numerator:
        d["numerator"], d["denominator"] = ind.numerator, ind.denominator
    if ind.note:
        d["note"] = ind.note
    return d


def _target_dict(t: Target) -> dict[str, Any]:
    d: dict[str, Any] = {"id": t.id}
    if t.label_en:
        d["label_en"] = t.label_en
    d["clause"] = t.clause
    if not t.clause_verbatim:
        d["clause_verbatim"] = False
    if t.pillar:
        d["pillar"] = t.pillar.value
    d["deadline"] = str(t.deadline)
    d["scope"] = t.scope.value
    d["measure"] = t.measure
    r = t.rule
    if isinstance(r, Compare | Growth):
        d["indicator"] = r.indicator
    if isinstance(r, Growth):
        d["window"] = str(r.window)
        if r.rate_indicator:
            d["rate_indicator"] = r.rate_indicator
        if r.method != "compound":
            d["method"] = r.method
    if isinstance(r, CountUnits | ShareUnits):
        d["of"] = "completed"
    if isinstance(r, Compare | Growth | CountUnits | ShareUnits):
        d["comparator"] = r.comparator.value
        thr = r.threshold
        d["threshold"] = int(thr) if isinstance(r, CountUnits) else thr
    if t.units:
        d["units"] = list(t.units)
    return d


def dump_rulebook(rb: Rulebook, *, format: str = "toml") -> str:
    """The rulebook as TOML (default) or JSON text; loading it gives an equal rulebook.

    >>> rb = resolution_06()
    >>> loads_rulebook(dump_rulebook(rb)) == rb
    True
    """
    doc = rulebook_to_dict(rb)
    if format == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2)
    if format != "toml":
        msg = f"format must be 'toml' or 'json', got {format!r}"
        raise ValueError(msg)
    return to_toml(doc)


def criteria_to_dict(cs: CriteriaSet) -> dict[str, Any]:
    """The criteria set in the file's structure."""
    meta: dict[str, Any] = {"id": cs.id, "title": cs.title, "level": cs.level.value}
    for key in ("title_en", "decision", "issued", "note"):
        if getattr(cs, key):
            meta[key] = getattr(cs, key)
    meta["complete"] = cs.complete
    meta["pass_rule"] = cs.pass_rule.value
    if cs.at_least is not None:
        meta["at_least"] = cs.at_least
    if cs.score_at_least is not None:
        meta["score_at_least"] = cs.score_at_least
    return {
        "schema_version": SCHEMA_VERSION,
        "criteria_set": meta,
        "indicators": [_indicator_dict(i) for i in cs.indicators],
        "criteria": [
            {
                "id": k.id,
                "indicator": k.indicator,
                "comparator": k.comparator.value,
                "threshold": k.threshold,
                **({"label_en": k.label_en} if k.label_en else {}),
                **({"label_vi": k.label_vi} if k.label_vi else {}),
                **({"points": k.points} if k.points != 1.0 else {}),
            }
            for k in cs.criteria
        ],
    }


def dump_criteria(cs: CriteriaSet) -> str:
    """The criteria set as TOML text."""
    return to_toml(criteria_to_dict(cs))


# -- a small TOML writer for the structures above -------------------------------------


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            msg = f"cannot write {v!r} to TOML"
            raise ValueError(msg)
        return repr(v)
    if isinstance(v, str):
        # JSON escapes the control characters TOML forbids, all but DEL (U+007F).
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    msg = f"cannot write {v!r} to TOML"
    raise TypeError(msg)


def to_toml(doc: Mapping[str, Any]) -> str:
    """Write a mapping of scalars, tables and arrays of tables as TOML."""
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, Any]]] = []
    arrays: list[tuple[str, Iterable[Mapping[str, Any]]]] = []
    for key, value in doc.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            arrays.append((key, value))
        elif isinstance(value, list) and not value:
            lines.append(f"{key} = []")
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, table in tables:
        lines += ["", f"[{key}]", *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
    for key, items in arrays:
        for table in items:
            lines += ["", f"[[{key}]]", *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"
