"""The ``[[targets]]`` of a rulebook document, read as targets.

A target's ``measure`` says what it compares: an indicator's ``value``, its ``growth``
over a window, the ``count`` or ``share`` of units ``completed`` at a level, or that
the units it names are ``completed``. Each measure reads its own keys besides the
common ones; a key of another measure is refused, not ignored.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal, cast

from thdx.model._coerce import code_problem, is_code
from thdx.model._indicators import Catalogue, IndicatorKind, Pillar
from thdx.model._levels import Level
from thdx.model._periods import Period, as_period
from thdx.model._problems import Problems
from thdx.rulebooks._documents import MAX_ID_LENGTH, short
from thdx.rulebooks._fields import in_range, text_field, threshold, unknown_keys
from thdx.rulebooks._stated_for import check_target, stated_for
from thdx.rules import Comparator, Compare, Completed, CountUnits, Growth, Rule, ShareUnits, Target
from thdx.rules._rulebook import COUNT_UNIT

__all__: list[str] = []

_COMMON_TARGET_KEYS = {
    "id", "label_en", "clause", "clause_verbatim", "pillar", "deadline", "scope", "measure",
    "units", "stated_for",
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
#: The longest text read as a period (``"2021/2025"``), in characters.
_MAX_PERIOD_LENGTH = 64


def _period(c: Problems, table: Mapping[str, Any], key: str, w: str) -> Period | None:
    if key not in table:
        c.add(f"{w}.{key}", "missing")
        return None
    value = table[key]
    if isinstance(value, str) and len(value) > _MAX_PERIOD_LENGTH:
        c.add(f"{w}.{key}", f"{short(value)} is not a period (too long)")
        return None
    if isinstance(value, int) and abs(value) >= 10**18:  # str() of it may even fail
        c.add(f"{w}.{key}", f"{short(value)} is not a period (a year has 4 digits)")
        return None
    where = f"{w}.{key}"
    return c.guard(where, lambda: as_period(value, where=where))


def _units_field(c: Problems, table: Mapping[str, Any], w: str, measure: str) -> tuple[str, ...]:
    """The unit codes a target is assigned to (required for 'completed')."""
    units = table.get("units")
    if measure == "completed":
        if not (isinstance(units, list) and units and all(is_code(u) for u in units)):
            c.add(
                f"{w}.units",
                f"a 'completed' target needs units = [\"<code>\", ...], got {short(units)}",
            )
            return ()
        return tuple(units)
    if units is None:
        return ()
    if not isinstance(units, list):
        c.add(f"{w}.units", f"expected an array of unit codes, got {short(units)}")
        return ()
    bad = [(j, _code_problem(u)) for j, u in enumerate(units) if not is_code(u)]
    for j, problem in bad:
        c.add(f"{w}.units[{j}]", problem)
    return () if bad else tuple(units)


def _code_problem(value: object) -> str:
    """Why a value of a document is not a unit code (a number is not coerced)."""
    if isinstance(value, str):
        return code_problem(value) or ""
    return f"expected a string (an official unit code), got {short(value)}"


def _comparator(c: Problems, table: Mapping[str, Any], w: str) -> Comparator | None:
    raw = table.get("comparator")
    if raw is None:
        c.add(f"{w}.comparator", "missing")
        return None
    return c.guard(f"{w}.comparator", lambda: Comparator.parse(raw))


def _scope(c: Problems, table: Mapping[str, Any], w: str) -> str | None:
    scope = table.get("scope")
    if scope is None:
        c.add(f"{w}.scope", "missing")
    elif not any(scope == lv.value for lv in Level):
        c.add(
            f"{w}.scope",
            f"{short(scope)} is not a scope (expected 'province', 'district' or 'commune')",
        )
        return None
    return cast(str | None, scope)


def _rate(c: Problems, table: Mapping[str, Any], w: str, catalogue: Catalogue) -> str | None:
    """A growth target's rate indicator, if any."""
    rate = table.get("rate_indicator")
    if rate is None:
        return None
    if not isinstance(rate, str):
        c.add(f"{w}.rate_indicator", f"expected a string, got {short(rate)}")
    elif rate not in catalogue:
        c.add(f"{w}.rate_indicator", f"unknown indicator {short(rate)}")
    elif catalogue[rate].kind is not IndicatorKind.GROWTH_RATE:
        c.add(f"{w}.rate_indicator", f"indicator {rate!r} is not a growth rate")
    else:
        return rate
    return None


def _rule(
    c: Problems,
    table: Mapping[str, Any],
    w: str,
    measure: str,
    scope: str | None,
    catalogue: Catalogue,
) -> tuple[Rule | None, str]:
    """The rule of a target of a known ``measure``, and the unit of its threshold."""
    if measure == "completed":
        return Completed(), ""
    if measure in ("count", "share"):
        if table.get("of") != "completed":
            c.add(
                f"{w}.of",
                f"{short(table.get('of'))} is not what units are counted by (expected 'completed')",
            )
        comp = _comparator(c, table, w)
        unit = COUNT_UNIT if measure == "count" else "percent"
        raw = table.get("threshold")
        thr = threshold(c, raw, unit, f"{w}.threshold")
        if measure == "share" and thr is not None and not 0.0 <= thr <= 100.0:
            c.add(f"{w}.threshold", f"{short(raw)} is outside 0–100 % for a share of units")
            thr = None
        if scope in ("district", "commune") and comp and thr is not None:
            cls = CountUnits if measure == "count" else ShareUnits
            return cls(Level(scope), Completed(), comp, thr), unit
        if scope == "province":
            c.add(f"{w}.scope", "a count or share of units needs scope 'district' or 'commune'")
        return None, unit
    ind_id = text_field(c, table, "indicator", w, limit=MAX_ID_LENGTH)
    ind = catalogue.get(ind_id) if ind_id else None
    if ind_id and ind is None:
        c.add(f"{w}.indicator", f"unknown indicator {ind_id!r}")
    comp = _comparator(c, table, w)
    if measure == "value":
        unit = ind.unit if ind else ""
        raw = table.get("threshold")
        thr = threshold(c, raw, unit, f"{w}.threshold") if ind else None
        if ind and comp and in_range(c, ind, raw, thr, f"{w}.threshold"):
            return Compare(ind.id, comp, thr), unit
        return None, unit
    thr = threshold(c, table.get("threshold"), "percent", f"{w}.threshold")
    window = _period(c, table, "window", w)
    rate = _rate(c, table, w, catalogue)
    method = table.get("method", "compound")
    if method not in ("compound", "arithmetic"):
        c.add(f"{w}.method", f"expected 'compound' or 'arithmetic', got {short(method)}")
    elif ind and comp and thr is not None and window is not None:
        how = cast(Literal["compound", "arithmetic"], method)
        growth = functools.partial(Growth, ind.id, window, comp, thr, rate, how)
        return c.guard(w, growth), "percent"
    return None, "percent"


def target(
    c: Problems, table: Mapping[str, Any], w: str, catalogue: Catalogue, stated: str = ""
) -> Target | None:
    """The target of a table of ``[[targets]]`` at ``w`` (None when it has a problem);
    ``stated`` is the rulebook's ``stated_for``, the default of its targets."""
    unknown_keys(c, table, _TARGET_KEYS, w)
    tid = text_field(c, table, "id", w, limit=MAX_ID_LENGTH)
    clause = text_field(c, table, "clause", w)
    measure = text_field(c, table, "measure", w)
    label_en = text_field(c, table, "label_en", w, required=False)
    verbatim = table.get("clause_verbatim", True)
    if not isinstance(verbatim, bool):
        c.add(f"{w}.clause_verbatim", f"expected true or false, got {short(verbatim)}")
    pillar = table.get("pillar")
    if pillar is not None and not any(pillar == p.value for p in Pillar):
        known = ", ".join(repr(p.value) for p in Pillar)
        c.add(f"{w}.pillar", f"{short(pillar)} is not a pillar (expected one of {known})")
        pillar = None
    deadline = _period(c, table, "deadline", w)
    scope = _scope(c, table, w)
    if measure and measure not in _MEASURES:
        c.add(
            f"{w}.measure",
            f"{short(measure)} is not a measure "
            f"(expected one of {', '.join(map(repr, _MEASURES))})",
        )
        return None
    if not measure:
        return None
    for key in table:
        if key in _TARGET_KEYS and key not in _COMMON_TARGET_KEYS | _MEASURE_KEYS[measure]:
            c.add(f"{w}.{key}", f"does not apply to a {measure!r} target")
    rule, unit = _rule(c, table, w, measure, scope, catalogue)
    units = _units_field(c, table, w, measure)
    level = stated_for(c, table, w, stated)
    if not check_target(c, level, scope, measure, w):
        return None
    if rule is None or deadline is None or scope is None or not tid or not clause:
        return None
    if not isinstance(verbatim, bool):
        return None
    return c.guard(
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
            stated_for=level,
        ),
    )
