"""Rulebooks: a resolution's goals as data, and the safe loader that reads them.

A rulebook is a TOML file (schema below) parsed with :mod:`tomllib` — never executed
— and validated all at once: every problem is reported with its path in the file
(``targets[3].threshold: '9,6 %' is not a quantity ...``) in one
:class:`~thdx.model._errors.RulebookError`.

Hostile input is refused before it can cost more than its size: a document is at most
:data:`~thdx.rulebooks._documents.MAX_DOCUMENT_SIZE`, nested at most
:data:`~thdx.rulebooks._documents.MAX_NESTING` deep (checked by a linear scan before
:mod:`tomllib` runs, and by a walk without recursion of whatever was parsed), its texts
at most :data:`~thdx.rulebooks._documents.MAX_TEXT_LENGTH` characters and its ids and
keys :data:`~thdx.rulebooks._documents.MAX_ID_LENGTH`, with no lone surrogates; JSON
objects may not repeat a key. Unknown keys are refused at every level, and no value is
coerced to another type.

>>> from thdx.rulebooks import resolution_06
>>> rb = resolution_06()
>>> rb.number, len(rb.targets), len(rb.directions)
('06-NQ/TU', 22, 7)
>>> rb.target("2025.gov.satisfaction").comparator.value
'>='
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thdx.model._coerce import code_problem
from thdx.model._errors import RulebookError, ThdxError
from thdx.model._indicators import Catalogue
from thdx.model._problems import Problems
from thdx.rulebooks._documents import (
    MAX_ID_LENGTH,
    MAX_TEXT_LENGTH,
    parse_toml,
    read_document,
    short,
)
from thdx.rulebooks._fields import (
    day_field,
    list_of_tables,
    schema,
    start,
    text_field,
    unknown_keys,
    year_field,
)
from thdx.rulebooks._indicator_tables import indicators
from thdx.rulebooks._stated_for import jurisdiction as _jurisdiction
from thdx.rulebooks._stated_for import stated_for
from thdx.rulebooks._target_tables import target
from thdx.rulebooks._thanh_hoa import UNIT_LISTS
from thdx.rules._rulebook import Guideline, Rulebook
from thdx.rules._targets import Target

__all__ = [
    "load_rulebook",
    "loads_rulebook",
    "rulebook_from_dict",
]

_TOP_KEYS = {"schema_version", "rulebook", "indicators", "targets", "directions"}
#: The texts of the [rulebook] table: the required ones, and the ones that are ids.
_META = ("id", "number", "title", "title_en", "issuer", "issuer_en", "jurisdiction", "source")
_REQUIRED = ("id", "number", "title")
_IDS = ("id", "number", "jurisdiction")


def rulebook_from_dict(
    doc: Mapping[str, Any],
    *,
    source: str = "<rulebook>",
    base: Catalogue | None = None,
    jurisdiction: str | None = None,
) -> Rulebook:
    """Build a rulebook from the parsed form of a rulebook file.

    Args:
        doc: the mapping (as parsed from TOML or JSON).
        source: a name for messages (the file path).
        base: indicators the file may use without declaring them.
        jurisdiction: the unit a document stated for the nation
            (``stated_for = "nation"``, no ``jurisdiction`` of its own) is measured for;
            for any other document it may only repeat the file's.

    Raises:
        RulebookError: listing every problem, each with its path.
    """
    c = start(doc, source, RulebookError)
    unknown_keys(c, doc, _TOP_KEYS, "")
    schema(c, doc)
    meta = doc.get("rulebook")
    if not isinstance(meta, dict):
        c.add("rulebook", "missing table [rulebook]")
        meta = {}
    level = stated_for(c, meta, "rulebook")
    own = indicators(c, doc, base=base)
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
            c.add(f"{w}.id", f"duplicate target id {short(tid)} (first at targets[{seen[tid]}])")
            continue
        if isinstance(tid, str):
            seen[tid] = i
        t = target(c, table, w, catalogue, level)
        if t is not None:
            targets.append(t)
    directions: list[Guideline] = []
    for i, table in enumerate(list_of_tables(c, doc, "directions")):
        w = f"directions[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        unknown_keys(c, table, {"id", "text", "label_en"}, w)
        did = text_field(c, table, "id", w, limit=MAX_ID_LENGTH)
        text = text_field(c, table, "text", w)
        label = text_field(c, table, "label_en", w, required=False)
        if did and text:
            directions.append(Guideline(did, text, label))
    strs = {
        k: text_field(
            c,
            meta,
            k,
            "rulebook",
            required=k in _REQUIRED,
            limit=MAX_ID_LENGTH if k in _IDS else MAX_TEXT_LENGTH,
        )
        for k in _META
    }
    problem = code_problem(strs["jurisdiction"]) if strs["jurisdiction"] else None
    if problem:
        c.add("rulebook.jurisdiction", problem)
    where = _jurisdiction(c, meta, level, jurisdiction, "" if problem else strs["jurisdiction"])
    unknown_keys(c, meta, {*strs, "issued", "base_year", "stated_for", "units"}, "rulebook")
    units = _units_field(c, meta)
    issued = day_field(c, meta, "issued", "rulebook")
    base_year = year_field(c, meta, "base_year", "rulebook")
    if issued is not None:
        for t in targets:
            if t.deadline.end < issued:
                c.add(
                    f"targets[id={t.id!r}].deadline",
                    f"{str(t.deadline)!r} ended before the rulebook was issued ({issued}): "
                    "a goal is not set for the past",
                )
    c.finalize()
    return Rulebook(
        id=strs["id"],
        number=strs["number"],
        title=strs["title"],
        jurisdiction=where,
        catalogue=catalogue,
        targets=tuple(targets),
        directions=tuple(directions),
        title_en=strs["title_en"],
        issuer=strs["issuer"],
        issuer_en=strs["issuer_en"],
        issued=issued,
        source=strs["source"],
        own_indicators=tuple(ind.id for ind in own),
        base_year=base_year,
        stated_for=level,
        units=units,
    )


def _units_field(c: Problems, meta: Mapping[str, Any]) -> str | None:
    """The ``units`` of the [rulebook] table: the name of a shipped unit list, or None."""
    if "units" not in meta:
        return None
    name = meta["units"]
    if isinstance(name, str) and name in UNIT_LISTS:
        return name
    known = ", ".join(repr(k) for k in sorted(UNIT_LISTS))
    c.add(
        "rulebook.units", f"{short(name)} is not a unit list thdx ships (expected one of {known})"
    )
    return None


def loads_rulebook(
    text: str | bytes,
    *,
    source: str = "<string>",
    base: Catalogue | None = None,
    jurisdiction: str | None = None,
) -> Rulebook:
    """Load a rulebook from TOML text (see :func:`rulebook_from_dict`; ``jurisdiction``:
    the unit a document stated for the nation is measured for).

    Raises:
        RulebookError: listing every problem with its path; also for text that is
            not a str or bytes, longer than the document limit or nested too deeply.
    """
    doc = parse_toml(text, source, RulebookError)
    return rulebook_from_dict(doc, source=source, base=base, jurisdiction=jurisdiction)


def load_rulebook(
    path: str | Path, *, base: Catalogue | None = None, jurisdiction: str | None = None
) -> Rulebook:
    """Load a rulebook file (TOML; ``.json`` files hold the same structure as JSON).

    ``jurisdiction`` names the unit a document stated for the nation
    (``stated_for = "nation"``) is measured for, e.g. ``"38"`` for Thanh Hóa.

    JSON is read strictly: duplicate keys, ``NaN`` and ``Infinity`` are refused.

    Raises:
        RulebookError: listing every problem with its path.
    """
    doc, source = read_document(path, RulebookError, "load_rulebook")
    return rulebook_from_dict(doc, source=source, base=base, jurisdiction=jurisdiction)


def checked_jurisdiction(doc: Mapping[str, Any]) -> str | None:
    """The jurisdiction ``thdx check`` reads a rulebook document for: Thanh Hóa
    (``"38"``, the province the command line evaluates) for one stated for the nation
    without a jurisdiction of its own; else None (the file's own)."""
    meta = doc.get("rulebook")
    national = (
        isinstance(meta, dict) and meta.get("stated_for") == "nation" and "jurisdiction" not in meta
    )
    return "38" if national else None
