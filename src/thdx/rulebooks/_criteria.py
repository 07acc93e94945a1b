"""Criteria sets: the criteria a unit meets to be recognised as completed, as data.

A criteria document has a ``[criteria_set]`` table, its own ``[[indicators]]`` if any,
and ``[[criteria]]``, each comparing one indicator to a threshold. It is read by the
same safe loader as a rulebook, every problem reported at once with its path.

>>> from thdx.model import default_catalogue
>>> cs = loads_criteria('''
... schema_version = 1
... [criteria_set]
... id = "x"
... title = "X"
... level = "commune"
... [[criteria]]
... id = "x.sat"
... indicator = "satisfaction_share"
... comparator = ">="
... threshold = "90 %"
... ''', base=default_catalogue())
>>> cs.level.value, [k.threshold for k in cs.criteria]
('commune', [90.0])
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thdx.model._errors import RulebookError
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
    in_range,
    list_of_tables,
    schema,
    start,
    text_field,
    threshold,
    unknown_keys,
)
from thdx.rulebooks._indicator_tables import indicators
from thdx.rules._vocabulary import Comparator, CriteriaSet, Criterion

__all__ = ["criteria_from_dict", "load_criteria", "loads_criteria"]

_TOP_KEYS = {"schema_version", "criteria_set", "indicators", "criteria"}
_CS_KEYS = {
    "id", "title", "title_en", "decision", "issued", "level", "complete", "note", "pass_rule",
    "at_least", "score_at_least",
}  # fmt: skip
_CRITERION_KEYS = {"id", "indicator", "comparator", "threshold", "label_en", "label_vi", "points"}


def _criterion(
    c: Problems, table: Mapping[str, Any], w: str, catalogue: Catalogue
) -> Criterion | None:
    """The criterion of a table of ``[[criteria]]`` at ``w`` (None when it has a problem)."""
    unknown_keys(c, table, _CRITERION_KEYS, w)
    cid = text_field(c, table, "id", w, limit=MAX_ID_LENGTH)
    ind_id = text_field(c, table, "indicator", w, limit=MAX_ID_LENGTH)
    label_en = text_field(c, table, "label_en", w, required=False)
    label_vi = text_field(c, table, "label_vi", w, required=False)
    ind = catalogue.get(ind_id) if ind_id else None
    if ind_id and ind is None:
        c.add(f"{w}.indicator", f"unknown indicator {ind_id!r}")
    raw = table.get("threshold")
    thr = threshold(c, raw, ind.unit, f"{w}.threshold") if ind else None
    fits = ind is not None and in_range(c, ind, raw, thr, f"{w}.threshold")
    comp = c.guard(
        f"{w}.comparator", functools.partial(Comparator.parse, table.get("comparator", ""))
    )
    if not (cid and ind and fits and comp is not None):
        return None
    points = table.get("points", 1.0)
    return c.guard(
        w, functools.partial(Criterion, cid, ind.id, comp, thr, label_en, label_vi, points)
    )


def _meta_texts(c: Problems, meta: Mapping[str, Any]) -> dict[str, str]:
    """The texts of the ``[criteria_set]`` table (its level and flag checked too)."""
    level = meta.get("level")
    if not any(level == lv for lv in ("district", "commune")):
        c.add(
            "criteria_set.level",
            f"{short(level)} is not a level (expected 'district' or 'commune')",
        )
    if not isinstance(meta.get("complete", True), bool):
        c.add("criteria_set.complete", f"expected true or false, got {short(meta['complete'])}")
    texts: dict[str, str] = {}
    for key in ("id", "title", "title_en", "decision", "note"):
        limit = MAX_ID_LENGTH if key in ("id", "decision") else MAX_TEXT_LENGTH
        texts[key] = text_field(
            c, meta, key, "criteria_set", required=key in ("id", "title"), limit=limit
        )
    return texts


def criteria_from_dict(
    doc: Mapping[str, Any], *, source: str = "<criteria>", base: Catalogue | None = None
) -> CriteriaSet:
    """Build a criteria set from the parsed form of a criteria file.

    Raises:
        RulebookError: listing every problem, each with its path.
    """
    c = start(doc, source, RulebookError)
    unknown_keys(c, doc, _TOP_KEYS, "")
    schema(c, doc)
    meta = doc.get("criteria_set")
    has_meta = isinstance(meta, dict)
    if not isinstance(meta, dict):
        c.add("criteria_set", "missing table [criteria_set]")
        meta = {}
    unknown_keys(c, meta, _CS_KEYS, "criteria_set")
    own = indicators(c, doc, base=base)
    catalogue = Catalogue([*(base.values() if base else ()), *own])
    criteria: list[Criterion] = []
    for i, table in enumerate(list_of_tables(c, doc, "criteria")):
        w = f"criteria[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        criterion = _criterion(c, table, w, catalogue)
        if criterion is not None:
            criteria.append(criterion)
    # A missing table is one problem, not one per key.
    texts = _meta_texts(c, meta) if has_meta else {}
    issued = day_field(c, meta, "issued", "criteria_set") if has_meta else None
    return c.finish(
        "criteria_set",
        lambda: CriteriaSet(
            id=texts["id"],
            title=texts["title"],
            level=str(meta.get("level")),
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


def loads_criteria(
    text: str | bytes, *, source: str = "<string>", base: Catalogue | None = None
) -> CriteriaSet:
    """Load a criteria set from TOML text (limits as for a rulebook's)."""
    doc = parse_toml(text, source, RulebookError, "criteria")
    return criteria_from_dict(doc, source=source, base=base)


def load_criteria(path: str | Path, *, base: Catalogue | None = None) -> CriteriaSet:
    """Load a criteria set file (TOML, or JSON for ``.json``), e.g. a user's full QĐ 1829.

    Raises:
        RulebookError: listing every problem with its path.
    """
    doc, source = read_document(path, RulebookError, "load_criteria")
    return criteria_from_dict(doc, source=source, base=base)
