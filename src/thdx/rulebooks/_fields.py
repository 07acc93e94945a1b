"""A parsed rulebook or criteria document, checked as a whole and read field by field.

Every problem is collected with its path in the document (``targets[3].threshold``) in
one :class:`~thdx.model._problems.Problems`, and raised together: unknown keys are
refused at every level (with the closest known key as a hint), and no value is coerced
to another type.

>>> c = start({"targets": [{"id": 5}]}, "<string>", RulebookError)
>>> text_field(c, {"id": 5}, "id", "targets[0]")
''
>>> c.finalize()
Traceback (most recent call last):
...
thdx.model._errors.RulebookError: <string>: 1 problem
  targets[0].id: expected a string, got 5
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Mapping
from typing import Any

from thdx.model._coerce import as_day
from thdx.model._errors import Problem, RulebookError
from thdx.model._indicators import Indicator
from thdx.model._problems import Problems
from thdx.model._quantities import to_magnitude
from thdx.rulebooks._documents import (
    MAX_ID_LENGTH,
    MAX_NESTING,
    MAX_TEXT_LENGTH,
    SCHEMA_VERSION,
    JSONObject,
    short,
)
from thdx.rules._rulebook import COUNT_UNIT

__all__: list[str] = []

#: Integers beyond this many bits (about 4,200 digits) are refused: ``repr`` fails on them.
_MAX_INT_BITS = 14_000


def key_path(where: str, key: object) -> str:
    """The path of ``key`` in the table at ``where``."""
    if isinstance(key, str) and len(key) <= MAX_ID_LENGTH:
        return f"{where}.{key}" if where else key
    return f"{where}[{short(key)}]"


def _surrogate(text: str) -> int:
    """The position of the first lone surrogate (not text, not UTF-8) in ``text``, or -1."""
    if text.isascii():
        return -1
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            return i
    return -1


def _key_problem(key: object, duplicates: Mapping[str, int]) -> list[str]:
    """What is wrong with a key of a table (of a JSON object with ``duplicates``)."""
    if not isinstance(key, str):
        return [f"a key must be a string, got {short(key)}"]
    found = []
    if len(key) > MAX_ID_LENGTH:
        found.append(f"a key of {len(key)} characters, more than {MAX_ID_LENGTH}")
    elif _surrogate(key) >= 0:
        found.append("the key contains a lone surrogate (not text)")
    if key in duplicates:
        found.append(f"duplicate key: given {duplicates[key]} times in one JSON object")
    return found


def _check_tree(doc: Mapping[str, Any], c: Problems) -> None:
    """Check a parsed document as a whole, adding its problems to ``c``.

    Walks every value once, without recursion: keys must be strings of at most
    MAX_ID_LENGTH characters, texts at most MAX_TEXT_LENGTH and free of lone
    surrogates, JSON objects without duplicate keys, and nothing nested deeper than
    MAX_NESTING nor an integer too long for ``repr`` (both fatal: the rest is not
    looked at, and the problems are raised at once).
    """
    seen: set[int] = set()
    stack: list[tuple[object, str, int]] = [(doc, "", 0)]
    while stack:
        node, where, depth = stack.pop()
        if isinstance(node, str):
            if len(node) > MAX_TEXT_LENGTH:
                c.add(where, f"a text of {len(node)} characters, more than {MAX_TEXT_LENGTH}")
            at = _surrogate(node)
            if at >= 0:
                c.add(where, f"contains a lone surrogate {node[at]!r} at character {at} (not text)")
            continue
        if isinstance(node, int) and node.bit_length() > _MAX_INT_BITS:
            # Too long even for repr(): no message could show it, so stop here.
            c.fail(where, f"{short(node)} is too large to be read")
        if not isinstance(node, Mapping | list | tuple) or id(node) in seen:
            continue
        seen.add(id(node))
        if depth >= MAX_NESTING:
            c.fail(where, f"nested deeper than {MAX_NESTING} levels")
        children: list[tuple[object, str, int]] = []
        if isinstance(node, Mapping):
            duplicates = node.duplicates if isinstance(node, JSONObject) else {}
            for key, value in node.items():
                path = key_path(where, key)
                c.extend(Problem(path, message) for message in _key_problem(key, duplicates))
                children.append((value, path, depth + 1))
        else:
            children = [(value, f"{where}[{i}]", depth + 1) for i, value in enumerate(node)]
        stack.extend(reversed(children))


def start(doc: object, source: str, error: type[RulebookError]) -> Problems:
    """A collector holding the whole-document problems; raises if they are fatal."""
    c = Problems(source, error)
    if not isinstance(doc, Mapping):
        what = "rulebook" if error is RulebookError else "document"
        c.fail("", f"expected a table (a mapping) of the {what}'s fields, got {short(doc)}")
    _check_tree(doc, c)
    return c


def unknown_keys(c: Problems, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    """Add a problem for each key of ``table`` not in ``allowed``."""
    for key in table:
        # Keys that are not short strings are reported by _check_tree.
        if isinstance(key, str) and len(key) <= MAX_ID_LENGTH and key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            c.add(key_path(where, key), f"unknown key{hint}")


def schema(c: Problems, doc: Mapping[str, Any]) -> None:
    """Check the document's ``schema_version``."""
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version != SCHEMA_VERSION:
        c.add("schema_version", f"expected {SCHEMA_VERSION}, got {short(version)}")


def list_of_tables(c: Problems, doc: Mapping[str, Any], key: str) -> list[Any]:
    """The array of tables ``[[key]]`` (empty when absent, or not an array)."""
    raw = doc.get(key, [])
    if not isinstance(raw, list):
        c.add(key, f"expected an array of tables [[{key}]]")
        return []
    return raw


def text_field(
    c: Problems,
    table: Mapping[str, Any],
    key: str,
    where: str,
    *,
    required: bool = True,
    limit: int = MAX_TEXT_LENGTH,
) -> str:
    """The text of ``table[key]`` ('' when it is missing or not a text of at most
    ``limit`` characters, a problem added unless it may be left out)."""
    value = table.get(key)
    if value is None:
        if required:
            c.add(f"{where}.{key}", "missing")
        return ""
    if not isinstance(value, str):
        c.add(f"{where}.{key}", f"expected a string, got {short(value)}")
        return ""
    if required and not value:
        c.add(f"{where}.{key}", "expected a non-empty string, got ''")
    if len(value) > limit:
        if limit < MAX_TEXT_LENGTH:  # longer texts are reported by _check_tree
            c.add(f"{where}.{key}", f"{len(value)} characters, more than {limit}")
        return ""
    return value


def day_field(c: Problems, table: Mapping[str, Any], key: str, where: str) -> _dt.date | None:
    """The day of ``table[key]`` (a TOML date or a text 'YYYY-MM-DD'; a TOML date-time
    is not a day), None when it is absent or not a day (a problem added)."""
    if key not in table:
        return None
    value = table[key]
    # A date-time is refused as the text it is, not read as its date: no coercion.
    given = value.isoformat() if isinstance(value, _dt.datetime) else value
    return c.guard(f"{where}.{key}", lambda: as_day(given))


#: The years a rulebook's ``base_year`` may name.
BASE_YEARS = range(1900, 2101)


def year_field(c: Problems, table: Mapping[str, Any], key: str, where: str) -> int | None:
    """An optional whole year from 1900 to 2100 (``base_year = 2020``); None if absent."""
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int) or value not in BASE_YEARS:
        c.add(
            f"{where}.{key}", f"expected a year from 1900 to 2100, such as 2020, got {short(value)}"
        )
        return None
    return value


def threshold(c: Problems, value: object, unit: str, where: str) -> float | None:
    """A threshold in ``unit`` (a count of units: a whole number ≥ 0, as such)."""
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
            c.add(where, f"{short(value)} is too large for a count of units")
            return None
        if isinstance(value, float) and value.is_integer() and value >= 0:
            return value
        c.add(where, f"{short(value)} is not a count of units (a whole number ≥ 0)")
        return None
    result = c.guard(where, lambda: to_magnitude(value, unit, where=where))
    return None if result is None else float(result)


def in_range(c: Problems, ind: Indicator, value: object, thr: float | None, where: str) -> bool:
    """Whether a threshold lies in its indicator's range (a share 0–100 %, a rank ≥ 1)."""
    if thr is None:
        return False
    problem = ind.check_range(thr, shown=value, where=where)
    if problem:
        c.add(where, problem)
        return False
    return True
