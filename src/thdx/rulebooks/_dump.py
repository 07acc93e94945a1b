"""A rulebook or criteria set written back as its document: TOML (a small writer for
the structures of the schema) or JSON. Loading what is written gives an equal object.

>>> from thdx.rulebooks import loads_rulebook, resolution_06
>>> rb = resolution_06()
>>> loads_rulebook(dump_rulebook(rb)) == rb
True
>>> print(to_toml({"schema_version": 1, "rulebook": {"id": "x"}}), end="")
schema_version = 1
<BLANKLINE>
[rulebook]
id = "x"
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from thdx.model._indicators import Indicator
from thdx.rulebooks._documents import SCHEMA_VERSION
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import Target
from thdx.rules._vocabulary import Compare, CountUnits, CriteriaSet, Growth, ShareUnits

__all__ = ["criteria_to_dict", "dump_criteria", "dump_rulebook", "rulebook_to_dict", "to_toml"]


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
    if rb.base_year is not None:
        meta["base_year"] = rb.base_year
    if rb.stated_for:
        meta["stated_for"] = rb.stated_for
    if rb.units is not None:
        meta["units"] = rb.units
    return {
        "schema_version": SCHEMA_VERSION,
        "rulebook": meta,
        "indicators": [_indicator_dict(rb.catalogue[i]) for i in rb.own_indicators],
        "targets": [_target_dict(t, rb.stated_for) for t in rb.targets],
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


def _target_dict(t: Target, stated: str = "") -> dict[str, Any]:
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
    if t.stated_for and t.stated_for != stated:
        d["stated_for"] = t.stated_for
    return d


def dump_rulebook(rb: Rulebook, *, format: str = "toml") -> str:
    """The rulebook as TOML (default) or JSON text; loading it gives an equal rulebook."""
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
