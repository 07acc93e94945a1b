"""The ``[[indicators]]`` of a rulebook or criteria document, read as indicators.

An indicator a document declares is checked whole before it is made: its fields are
texts, its id is not declared twice, its unit is a unit expression that fits its kind,
and a derived indicator's numerator and denominator exist (in the document or in the
``base`` catalogue) and divide into its unit.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from thdx.model._indicators import (
    Catalogue,
    Indicator,
    IndicatorKind,
    _derived_problem,
    _unit_problem,
)
from thdx.model._problems import Problems
from thdx.model._unit_grammar import _checked
from thdx.rulebooks._documents import MAX_TEXT_LENGTH, short
from thdx.rulebooks._fields import unknown_keys

__all__: list[str] = []

_INDICATOR_KEYS = {
    "id", "name_vi", "name_en", "pillar", "unit", "kind", "direction", "numerator",
    "denominator", "note", "cohort_note",
}  # fmt: skip
_REQUIRED = ("id", "name_vi", "name_en", "pillar", "unit", "kind")
_OPTIONAL = ("numerator", "denominator", "direction", "note", "cohort_note")


def indicators(
    c: Problems,
    doc: Mapping[str, Any],
    where: str = "indicators",
    base: Catalogue | None = None,
) -> list[Indicator]:
    """The indicators a document declares (each bad one left out, its problems added)."""
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
        unknown_keys(c, table, _INDICATOR_KEYS, w)
        fields = {k: table.get(k) for k in _REQUIRED}
        missing = [k for k, v in fields.items() if v is None]
        for k in missing:
            c.add(f"{w}.{k}", "missing")
        wrong = [
            k
            for k in (*fields, *_OPTIONAL)
            if table.get(k) is not None and not isinstance(table[k], str)
        ]
        for k in wrong:
            c.add(f"{w}.{k}", f"expected a string, got {short(table[k])}")
        if missing or wrong:
            continue
        if fields["id"] in seen:
            c.add(f"{w}.id", f"duplicate indicator id {short(fields['id'])}")
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
    return _with_parts(c, out, place, base)


def _with_parts(
    c: Problems, out: list[Indicator], place: Mapping[str, str], base: Catalogue | None
) -> list[Indicator]:
    """The indicators whose parts, if derived, exist (here or in the base) and divide
    into their unit."""
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
