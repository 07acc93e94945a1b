"""A rulebook or criteria document's text, parsed safely into a mapping.

A document is TOML, parsed with :mod:`tomllib` — never executed — or JSON of the same
structure (a ``.json`` file), read strictly: duplicate keys, ``NaN`` and ``Infinity``
are refused. Hostile input is refused before it can cost more than its size: a
document is at most :data:`MAX_DOCUMENT_SIZE`, and TOML is pre-scanned in linear time
for arrays, tables and dotted keys nested deeper than :data:`MAX_NESTING` (which
:mod:`tomllib` would recurse into, or take quadratic time on). Whatever was parsed is
then checked as a whole by :func:`thdx.rulebooks._fields.start`.

>>> parse_toml('schema_version = 1', "<string>", RulebookError)
{'schema_version': 1}
>>> parse_toml("a = [" * 40, "<string>", RulebookError)
Traceback (most recent call last):
...
thdx.model._errors.RulebookError: <string>: 1 problem
  not readable TOML: arrays and tables nested deeper than 32 levels (line 1)
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from thdx.model._coerce import safe_repr as _repr
from thdx.model._errors import Problem, RulebookError
from thdx.rulebooks._files import as_path, read_file

__all__ = [
    "MAX_DOCUMENT_SIZE",
    "MAX_ID_LENGTH",
    "MAX_NESTING",
    "MAX_TEXT_LENGTH",
    "SCHEMA_VERSION",
]

#: The rulebook file schema this version reads and writes.
SCHEMA_VERSION = 1

#: The largest rulebook or criteria document read: bytes of a file, characters of a str.
MAX_DOCUMENT_SIZE = 16 * 1024 * 1024
#: The deepest nesting of arrays and tables in a document (each part of a dotted TOML
#: key is a level); the shipped files use 3.
MAX_NESTING = 32
#: The longest text of any field (a clause, a title, a note), in characters.
MAX_TEXT_LENGTH = 10_000
#: The longest id or key (a target id, a rulebook number, a table key), in characters.
MAX_ID_LENGTH = 200


def short(value: object) -> str:
    """``repr(value)``, cut to its first 20 characters when longer than 40."""
    text = _repr(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"


def _refused(error: type[RulebookError], source: str, message: str) -> RulebookError:
    """The error of a document refused as a whole (one problem, without a path)."""
    return error(source, [Problem("", message)])


def text_of(text: object, source: str, error: type[RulebookError], what: str) -> str:
    """A document's text: decoded, within MAX_DOCUMENT_SIZE, of the right type."""
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if len(raw) > MAX_DOCUMENT_SIZE:
            message = f"{len(raw)} bytes, more than the {MAX_DOCUMENT_SIZE} thdx reads"
            raise _refused(error, source, message)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise _refused(error, source, message) from None
    if not isinstance(text, str):
        hint = f" (for a mapping, use {what}_from_dict)" if isinstance(text, Mapping) else ""
        message = f"expected TOML text (str or bytes), got {type(text).__name__}{hint}"
        raise _refused(error, source, message)
    if len(text) > MAX_DOCUMENT_SIZE:
        message = f"{len(text)} characters, more than the {MAX_DOCUMENT_SIZE} thdx reads"
        raise _refused(error, source, message)
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


def parse_toml(
    text: object, source: str, error: type[RulebookError], what: str = "rulebook"
) -> dict[str, Any]:
    """The mapping of a TOML document (``what`` names its kind in a hint).

    Raises:
        RulebookError: (of the class ``error``) the text is too long, not text, nested
            too deeply or not valid TOML.
    """
    body = text_of(text, source, error, what)
    shape = _toml_shape(body)
    if shape is not None:
        raise _refused(error, source, f"not readable TOML: {shape}")
    try:
        return tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise _refused(error, source, f"not valid TOML: {exc}") from None
    except ValueError as exc:  # e.g. an integer beyond int()'s digit limit
        raise _refused(error, source, f"not readable TOML: {exc}") from None
    except RecursionError:
        raise _refused(error, source, "not readable TOML: nested too deeply") from None


class JSONObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: dict[str, int]

    @classmethod
    def of(cls, pairs: list[tuple[str, Any]]) -> JSONObject:
        obj = cls(pairs)
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        obj.duplicates = {k: n for k, n in counts.items() if n > 1}
        return obj


def _refuse_constant(name: str) -> NoReturn:
    msg = f"{name} is not a JSON value"
    raise ValueError(msg)


def _parse_json(text: object, source: str, error: type[RulebookError]) -> dict[str, Any]:
    body = text_of(text, source, error, "rulebook")
    try:
        doc = json.loads(body, object_pairs_hook=JSONObject.of, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _refused(error, source, f"not valid JSON: {exc}") from None
    except ValueError as exc:  # an integer beyond int()'s digit limit, NaN
        raise _refused(error, source, f"not readable JSON: {exc}") from None
    except RecursionError:
        raise _refused(error, source, "not readable JSON: nested too deeply") from None
    if not isinstance(doc, dict):
        raise _refused(error, source, "expected a JSON object")
    return doc


def read_document(
    path: str | Path, error: type[RulebookError], func: str
) -> tuple[dict[str, Any], str]:
    """The parsed document of a file (JSON for ``.json``, else TOML) and its name.

    Raises:
        RulebookError: (of the class ``error``) ``path`` is not a path, the file cannot
            be read (as :func:`thdx.rulebooks._files.read_file`) or parsed.
    """
    if not isinstance(path, str | Path):
        raise error(repr(path), [Problem("", f"expected a file path, got {short(path)}")])
    p = as_path(path, func, error)
    raw = read_file(p, error, limit=MAX_DOCUMENT_SIZE + 1)
    if p.suffix.lower() == ".json":
        return _parse_json(raw, str(p), error), str(p)
    return parse_toml(raw, str(p), error), str(p)
