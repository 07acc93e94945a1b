"""Rulebooks: a resolution's goals as data, and the safe loader that reads them.

A rulebook is a TOML file (schema below) parsed with :mod:`tomllib` — never executed
— and validated all at once: every problem is reported with its path in the file
(``targets[3].threshold: '9,6 %' is not a quantity ...``) in one
:class:`~thdx.errors.RulebookError`.

>>> rb = resolution_06()
>>> rb.number, len(rb.targets), len(rb.directions)
('06-NQ/TU', 22, 7)
>>> rb.target("2025.gov.satisfaction").comparator.value
'>='
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import tomllib
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from .admin import Level
from .errors import PeriodError, Problem, RulebookError, ThdxError, UnknownTargetError
from .indicators import Catalogue, Indicator, IndicatorKind
from .periods import Period, as_period
from .quantities import to_magnitude
from .rules import (
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Criterion,
    Growth,
    Rule,
    ShareUnits,
)
from .targets import Target

__all__ = [
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

COUNT_UNIT = "administrative_unit"


@attrs.frozen
class Guideline:
    """A non-quantified direction of a resolution: verbatim text, no verdict."""

    id: str
    text: str
    label_en: str = ""


def _targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return tuple(value)


def _guidelines(value: Iterable[Guideline]) -> tuple[Guideline, ...]:
    return tuple(value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Rulebook:
    """A resolution encoded as data: metadata, indicators, targets and directions.

    Build one with :func:`load_rulebook` or :func:`resolution_06`.
    """

    id: str
    number: str
    title: str
    jurisdiction: str
    catalogue: Catalogue = attrs.field(eq=True)
    targets: tuple[Target, ...] = attrs.field(converter=_targets)
    directions: tuple[Guideline, ...] = attrs.field(default=(), converter=_guidelines)
    title_en: str = ""
    issuer: str = ""
    issuer_en: str = ""
    issued: _dt.date | None = None
    source: str = ""
    own_indicators: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    _index: dict[str, Target] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {t.id: t for t in self.targets})

    def target(self, id: str) -> Target:
        """The target with this stable id.

        Raises:
            UnknownTargetError: (a KeyError) naming the id.
        """
        try:
            return self._index[id]
        except KeyError:
            raise UnknownTargetError(id, where=f"rulebook {self.number}") from None

    def with_completion(
        self, criteria: CriteriaSet | None = None, *, carry_over: bool = False
    ) -> Rulebook:
        """A copy whose completion rules use ``criteria`` and/or carry recognitions
        over the 2025 reform's lineage (``carry_over``, never the default)."""
        comp = Completed(criteria=criteria, carry_over=carry_over)

        def swap(rule: Rule) -> Rule:
            if isinstance(rule, Completed):
                return comp
            if isinstance(rule, CountUnits | ShareUnits):
                return attrs.evolve(rule, rule=swap(rule.rule))
            return rule

        catalogue = criteria.catalogue(self.catalogue) if criteria else self.catalogue
        targets = tuple(attrs.evolve(t, rule=swap(t.rule)) for t in self.targets)
        return attrs.evolve(self, targets=targets, catalogue=catalogue)


# -- loading ---------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def str_(self, table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(f"{where}.{key}", "missing")
            return ""
        if not isinstance(value, str):
            self.add(f"{where}.{key}", f"expected a string, got {value!r}")
            return ""
        if required and not value:
            self.add(f"{where}.{key}", "expected a non-empty string, got ''")
        return value

    def guard(self, where: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ThdxError as exc:
            msg = str(exc)
            prefix = f"{where}: "
            self.add(where, msg[len(prefix) :] if msg.startswith(prefix) else msg)
            return None


_INDICATOR_KEYS = {
    "id", "name_vi", "name_en", "pillar", "unit", "kind", "direction", "numerator",
    "denominator", "note", "cohort_note",
}  # fmt: skip
_TARGET_KEYS = {
    "id", "label_en", "clause", "clause_verbatim", "pillar", "deadline", "scope", "measure",
    "indicator", "comparator", "threshold", "window", "rate_indicator", "method", "of", "units",
}  # fmt: skip
_MEASURES = ("value", "growth", "count", "share", "completed")


def _unknown_keys(c: _Collector, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            c.add(f"{where}.{key}", "unknown key")


def _indicators(
    c: _Collector, doc: Mapping[str, Any], where: str = "indicators"
) -> list[Indicator]:
    raw = doc.get("indicators", [])
    if not isinstance(raw, list):
        c.add(where, "expected an array of tables [[indicators]]")
        return []
    out: list[Indicator] = []
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
            c.add(f"{w}.{k}", f"expected a string, got {table[k]!r}")
        if missing or wrong:
            continue
        if fields["id"] in seen:
            c.add(f"{w}.id", f"duplicate indicator id {fields['id']!r}")
            continue
        seen.add(str(fields["id"]))
        from .quantities import check_unit

        unit_text = str(fields["unit"])
        if c.guard(f"{w}.unit", functools.partial(check_unit, unit_text)) is None:
            continue
        ind = c.guard(
            w,
            functools.partial(_make_indicator, table, fields),
        )
        if ind is not None:
            out.append(ind)
    return out


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"


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
            if isinstance(value, str) and value.strip().isdigit():
                return float(int(value))
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                return float(value)
        except (ValueError, OverflowError):
            c.add(where, f"{_short(value)} is too large for a count of units")
            return None
        if isinstance(value, float) and value.is_integer() and value >= 0:
            return value
        c.add(where, f"{value!r} is not a count of units (a whole number ≥ 0)")
        return None
    result = c.guard(where, lambda: to_magnitude(value, unit, where=where))
    return None if result is None else float(result)


def _target(c: _Collector, table: Mapping[str, Any], w: str, catalogue: Catalogue) -> Target | None:
    _unknown_keys(c, table, _TARGET_KEYS, w)
    tid = c.str_(table, "id", w)
    clause = c.str_(table, "clause", w)
    measure = c.str_(table, "measure", w)
    deadline: Period | None = None
    if "deadline" not in table:
        c.add(f"{w}.deadline", "missing")
    else:
        deadline = c.guard(
            f"{w}.deadline", lambda: as_period(table["deadline"], where=f"{w}.deadline")
        )
    scope = table.get("scope")
    if scope is None:
        c.add(f"{w}.scope", "missing")
    elif scope not in [lv.value for lv in Level]:
        c.add(
            f"{w}.scope", f"{scope!r} is not a scope (expected 'province', 'district' or 'commune')"
        )
        scope = None
    if measure and measure not in _MEASURES:
        c.add(
            f"{w}.measure",
            f"{measure!r} is not a measure (expected one of {', '.join(map(repr, _MEASURES))})",
        )
        return None
    from .rules import Comparator

    def comparator() -> Comparator | None:
        raw = table.get("comparator")
        if raw is None:
            c.add(f"{w}.comparator", "missing")
            return None
        return c.guard(f"{w}.comparator", lambda: Comparator.parse(raw))  # type: ignore[no-any-return]

    rule: Rule | None = None
    unit = ""
    if measure in ("value", "growth"):
        ind_id = c.str_(table, "indicator", w)
        ind = catalogue.get(ind_id) if ind_id else None
        if ind_id and ind is None:
            c.add(f"{w}.indicator", f"unknown indicator {ind_id!r}")
        comp = comparator()
        if measure == "value":
            unit = ind.unit if ind else ""
            thr = _threshold(c, table.get("threshold"), unit, f"{w}.threshold") if ind else None
            if ind and comp and thr is not None:
                rule = Compare(ind.id, comp, thr)
        else:
            unit = "percent"
            thr = _threshold(c, table.get("threshold"), unit, f"{w}.threshold")
            window: Period | None = None
            if "window" not in table:
                c.add(f"{w}.window", "missing")
            else:
                window = c.guard(
                    f"{w}.window", lambda: as_period(table["window"], where=f"{w}.window")
                )
            rate = table.get("rate_indicator")
            if rate is not None and not isinstance(rate, str):
                c.add(f"{w}.rate_indicator", f"expected a string, got {rate!r}")
                rate = None
            elif rate is not None and rate not in catalogue:
                c.add(f"{w}.rate_indicator", f"unknown indicator {rate!r}")
                rate = None
            elif rate is not None and catalogue[rate].kind is not IndicatorKind.GROWTH_RATE:
                c.add(f"{w}.rate_indicator", f"indicator {rate!r} is not a growth rate")
                rate = None
            if ind and comp and thr is not None and window is not None:
                growth = functools.partial(
                    Growth, ind.id, window, comp, thr, rate, table.get("method", "compound")
                )
                rule = c.guard(w, growth)
    elif measure in ("count", "share"):
        if table.get("of") != "completed":
            c.add(
                f"{w}.of",
                f"{table.get('of')!r} is not what units are counted by (expected 'completed')",
            )
        comp = comparator()
        unit = COUNT_UNIT if measure == "count" else "percent"
        thr = _threshold(c, table.get("threshold"), unit, f"{w}.threshold")
        if scope in ("district", "commune") and comp and thr is not None:
            cls = CountUnits if measure == "count" else ShareUnits
            rule = cls(Level(scope), Completed(), comp, thr)
        elif scope == "province":
            c.add(f"{w}.scope", "a count or share of units needs scope 'district' or 'commune'")
    elif measure == "completed":
        rule = Completed()
        units = table.get("units")
        if not (
            isinstance(units, list)
            and units
            and all(isinstance(u, str) and u.isdigit() for u in units)
        ):
            c.add(
                f"{w}.units", f"a 'completed' target needs units = [\"<code>\", ...], got {units!r}"
            )
    units_field = table.get("units", [])
    if rule is None or deadline is None or scope is None or not tid or not clause:
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
            label_en=table.get("label_en", ""),
            pillar=table.get("pillar"),
            units=units_field if isinstance(units_field, list) else (),
            clause_verbatim=bool(table.get("clause_verbatim", True)),
        ),
    )
    return target


def _parse_toml(text: str | bytes, source: str, error: type[RulebookError]) -> dict[str, Any]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(
                source, [Problem("", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
            ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(source, [Problem("", f"not valid TOML: {exc}")]) from None
    except ValueError as exc:  # e.g. an integer beyond int()'s digit limit
        raise error(source, [Problem("", f"not readable TOML: {exc}")]) from None


def _schema(c: _Collector, doc: Mapping[str, Any]) -> None:
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        c.add("schema_version", f"expected {SCHEMA_VERSION}, got {version!r}")


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
    c = _Collector()
    _unknown_keys(c, doc, {"schema_version", "rulebook", "indicators", "targets", "directions"}, "")
    c.problems = [Problem(p.where.lstrip("."), p.message) for p in c.problems]
    _schema(c, doc)
    meta = doc.get("rulebook")
    if not isinstance(meta, dict):
        c.add("rulebook", "missing table [rulebook]")
        meta = {}
    own = _indicators(c, doc)
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
            c.add(f"{w}.id", f"duplicate target id {tid!r} (first at targets[{seen[tid]}])")
            continue
        if isinstance(tid, str):
            seen[tid] = i
        t = _target(c, table, w, catalogue)
        if t is not None:
            targets.append(t)
    directions: list[Guideline] = []
    raw_dirs = doc.get("directions", [])
    for i, table in enumerate(raw_dirs if isinstance(raw_dirs, list) else []):
        w = f"directions[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        _unknown_keys(c, table, {"id", "text", "label_en"}, w)
        did, text = c.str_(table, "id", w), c.str_(table, "text", w)
        if did and text:
            directions.append(Guideline(did, text, table.get("label_en", "")))
    strs = {
        k: c.str_(meta, k, "rulebook", required=k in ("id", "number", "title", "jurisdiction"))
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
    _unknown_keys(c, meta, {*strs, "issued"}, "rulebook")
    issued = None
    if "issued" in meta:
        issued = c.guard("rulebook.issued", lambda: _issued(meta["issued"]))
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
    p = as_period(value if isinstance(value, str) else str(value))
    if p.start != p.end:
        msg = f"{value!r} is not a day (expected 'YYYY-MM-DD')"
        raise PeriodError(msg)
    return p.start


def loads_rulebook(
    text: str | bytes, *, source: str = "<string>", base: Catalogue | None = None
) -> Rulebook:
    """Load a rulebook from TOML text (see :func:`rulebook_from_dict`)."""
    return rulebook_from_dict(_parse_toml(text, source, RulebookError), source=source, base=base)


def load_rulebook(path: str | Path, *, base: Catalogue | None = None) -> Rulebook:
    """Load a rulebook file (TOML; ``.json`` files hold the same structure as JSON).

    Raises:
        RulebookError: listing every problem with its path.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise RulebookError(str(p), [Problem("", f"cannot read: {exc.strerror}")]) from None
    if p.suffix.lower() == ".json":
        try:
            doc = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RulebookError(str(p), [Problem("", f"not valid JSON: {exc}")]) from None
        if not isinstance(doc, dict):
            raise RulebookError(str(p), [Problem("", "expected a JSON object")])
        return rulebook_from_dict(doc, source=str(p), base=base)
    return loads_rulebook(raw, source=str(p), base=base)


# -- criteria sets ---------------------------------------------------------------------

_CS_KEYS = {
    "id", "title", "title_en", "decision", "issued", "level", "complete", "note", "pass_rule",
    "at_least", "score_at_least",
}  # fmt: skip


def criteria_from_dict(
    doc: Mapping[str, Any], *, source: str = "<criteria>", base: Catalogue | None = None
) -> CriteriaSet:
    """Build a criteria set from the parsed form of a criteria file.

    Raises:
        RulebookError: listing every problem, each with its path.
    """
    c = _Collector()
    _schema(c, doc)
    meta = doc.get("criteria_set")
    has_meta = isinstance(meta, dict)
    if not isinstance(meta, dict):
        c.add("criteria_set", "missing table [criteria_set]")
        meta = {}
    _unknown_keys(c, meta, _CS_KEYS, "criteria_set")
    own = _indicators(c, doc)
    catalogue = Catalogue([*(base.values() if base else ()), *own])
    criteria: list[Criterion] = []
    raw = doc.get("criteria", [])
    for i, table in enumerate(raw if isinstance(raw, list) else []):
        w = f"criteria[{i}]"
        if not isinstance(table, dict):
            c.add(w, "expected a table")
            continue
        _unknown_keys(
            c,
            table,
            {"id", "indicator", "comparator", "threshold", "label_en", "label_vi", "points"},
            w,
        )
        cid, ind_id = c.str_(table, "id", w), c.str_(table, "indicator", w)
        ind = catalogue.get(ind_id) if ind_id else None
        if ind_id and ind is None:
            c.add(f"{w}.indicator", f"unknown indicator {ind_id!r}")
        thr = _threshold(c, table.get("threshold"), ind.unit, f"{w}.threshold") if ind else None
        from .rules import Comparator

        comp = c.guard(
            f"{w}.comparator", functools.partial(Comparator.parse, table.get("comparator", ""))
        )
        if cid and ind and thr is not None and comp is not None:
            criterion = c.guard(
                w,
                functools.partial(
                    Criterion,
                    cid,
                    ind.id,
                    comp,
                    thr,
                    table.get("label_en", ""),
                    table.get("label_vi", ""),
                    table.get("points", 1.0),
                ),
            )
            if criterion is not None:
                criteria.append(criterion)
    level = meta.get("level")
    if has_meta:  # a missing table is one problem, not one per key
        if level not in ("district", "commune"):
            c.add(
                "criteria_set.level", f"{level!r} is not a level (expected 'district' or 'commune')"
            )
        if not isinstance(meta.get("complete", True), bool):
            c.add("criteria_set.complete", f"expected true or false, got {meta['complete']!r}")
        for key in ("id", "title"):
            c.str_(meta, key, "criteria_set")
    if c.problems:
        raise RulebookError(source, c.problems)
    result: CriteriaSet = c.guard(
        "criteria_set",
        lambda: CriteriaSet(
            id=str(meta.get("id", "")),
            title=str(meta.get("title", "")),
            level=str(level),
            criteria=tuple(criteria),
            pass_rule=meta.get("pass_rule", "all"),
            at_least=meta.get("at_least"),
            score_at_least=meta.get("score_at_least"),
            complete=bool(meta.get("complete", True)),
            decision=str(meta.get("decision", "")),
            title_en=str(meta.get("title_en", "")),
            note=str(meta.get("note", "")),
            issued=str(meta.get("issued", "")),
            indicators=tuple(own),
        ),
    )
    if c.problems:
        raise RulebookError(source, c.problems)
    return result


def loads_criteria(
    text: str | bytes, *, source: str = "<string>", base: Catalogue | None = None
) -> CriteriaSet:
    """Load a criteria set from TOML text."""
    return criteria_from_dict(_parse_toml(text, source, RulebookError), source=source, base=base)


def load_criteria(path: str | Path, *, base: Catalogue | None = None) -> CriteriaSet:
    """Load a criteria set file (TOML), e.g. the full QĐ 1829 criteria of a user.

    Raises:
        RulebookError: listing every problem with its path.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise RulebookError(str(p), [Problem("", f"cannot read: {exc.strerror}")]) from None
    return loads_criteria(raw, source=str(p), base=base)


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
