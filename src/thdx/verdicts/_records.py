"""Flat records of verdicts: one per target × unit, for tables and DataFrames.

A report holds three kinds of verdict, each a record of its ``role``:

- ``"target"``: a target judged for the unit it names (the jurisdiction, or the units
  a target lists);
- ``"breakdown"``: a value or growth target judged unit by unit (``evaluate(...,
  breakdown=)``);
- ``"counted"``: a unit behind a count or share of units ("300 communes completed"):
  whether it completed, by which route; ``counted_in`` names the unit whose count it
  is part of.

:class:`VerdictRecord` documents the keys; :func:`record` builds one from a verdict and
:func:`entries` lists the verdicts a report holds, in the rulebook's target order.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple, TypedDict

from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._coerce import safe_repr
from thdx.model._errors import ArgumentTypeError, EvaluationError, UnknownUnitError
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.rules._targets import Target
from thdx.verdicts._node import Node
from thdx.verdicts._views import VerdictView

if TYPE_CHECKING:
    from thdx.rules._rulebook import Rulebook

__all__ = [
    "ROLES",
    "Entry",
    "Role",
    "Selection",
    "VerdictRecord",
    "entries",
    "level_set_of",
    "record",
    "select",
    "texts",
    "unit_on",
]

#: What a verdict is in its report (see the module's docstring).
Role = Literal["target", "breakdown", "counted"]
ROLES: tuple[Role, ...] = ("target", "breakdown", "counted")


class VerdictRecord(TypedDict):
    """One verdict as a flat record (:meth:`thdx.Report.to_records`).

    Attributes:
        target: the target's stable id.
        unit: the code of the unit judged.
        unit_name: its name in the report's hierarchy (None without one).
        level: its level, ``"province"``, ``"district"`` or ``"commune"`` (None
            without a hierarchy).
        role: ``"target"``, ``"breakdown"`` or ``"counted"``.
        counted_in: for a counted unit, the code of the unit whose count it is part
            of; else None.
        status: ``"met"``, ``"not_met"``, ``"unknown"`` or ``"not_applicable"``.
        final: True when no data for the deadline period could change it.
        value: the value compared (in ``unit_of_measure``), None when unknown (and
            for a counted unit: a completion has no value).
        threshold: the target's threshold (None for a counted unit).
        comparator: ``">="``, ``"<="``... (None for a counted unit or a completion).
        unit_of_measure: the unit of ``value`` and ``threshold`` (None for a counted
            unit).
        period: the period of the data used, None when none was used.
        deadline: the target's deadline period.
        as_of: the evaluation date (ISO).
        route: how a completion was decided (``"recognition"``, ``"criteria"``...),
            None for goals that are not completions.
        method: for growth, how the average was computed, in English.
        method_code: its stable code (``"levels"``, ``"rates"``, ``"chain"``...).
        progress_status: for a verdict still open, the status of its progress.
        progress_ratio: for a verdict still open, the Open SDG ratio of its progress.
    """

    target: str
    unit: str
    unit_name: str | None
    level: str | None
    role: Role
    counted_in: str | None
    status: str
    final: bool
    value: float | None
    threshold: float | None
    comparator: str | None
    unit_of_measure: str | None
    period: str | None
    deadline: str
    as_of: str
    route: str | None
    method: str | None
    method_code: str | None
    progress_status: str | None
    progress_ratio: float | None


def record(v: VerdictView) -> VerdictRecord:
    """One flat record of the verdict (no trace), see :class:`VerdictRecord`. A verdict
    still open has its progress's status and ratio (``progress_status``,
    ``progress_ratio``)."""
    progress = v.progress
    counted = v.role == "counted"
    comparator = v.target.comparator
    level = v.level
    return {
        "target": v.target.id,
        "unit": v.unit,
        "unit_name": v.unit_name,
        "level": level.value if level is not None else None,
        "role": v.role,
        "counted_in": v.counted_in,
        "status": v.status.value,
        "final": v.final,
        "value": v.value,
        "threshold": v.threshold,
        "comparator": comparator.value if comparator is not None and not counted else None,
        "unit_of_measure": None if counted else v.unit_of_measure,
        "period": str(v.period) if v.period is not None else None,
        "deadline": str(v.target.deadline),
        "as_of": v.as_of.isoformat(),
        "route": v.route.value if v.route is not None else None,
        "method": str(v.method) if v.method is not None else None,
        "method_code": v.method.code if v.method is not None else None,
        "progress_status": progress.status.value if progress is not None else None,
        "progress_ratio": progress.ratio if progress is not None else None,
    }


class Entry(NamedTuple):
    """Where a verdict's result lies: unit ``i`` of ``node``, in its ``role``."""

    target: Target
    node: Node
    i: int
    role: Role
    counted_in: str | None
    #: The day the unit was judged on (for a counted unit, the day of its count).
    day: _dt.date


def entries(
    targets: tuple[Target, ...],
    nodes: Mapping[str, Node],
    breakdowns: Mapping[tuple[str, Level], Node],
    as_of: _dt.date,
) -> Iterator[Entry]:
    """Every verdict a report holds, target by target (in ``targets``' order): the
    target's own units, each followed by the units its count counted, then the
    target's breakdowns level by level."""
    by_target: dict[str, list[Node]] = {}
    for (tid, _level), bnode in breakdowns.items():
        by_target.setdefault(tid, []).append(bnode)
    for t in targets:
        node = nodes[t.id]
        for i, code in enumerate(node.codes):
            yield Entry(t, node, i, "target", None, as_of)
            yield from counted(t, node, i, code, as_of)
        for bnode in by_target.get(t.id, ()):
            for i in range(len(bnode.codes)):
                yield Entry(t, bnode, i, "breakdown", None, as_of)


def counted(t: Target, node: Node, i: int, code: str, as_of: _dt.date) -> Iterator[Entry]:
    """The units behind unit ``i`` of a count or share of units (none for other rules)."""
    if node.members is None or not node.children:
        return
    child = node.children[0]
    c = node.counts[i] if node.counts is not None else None
    day = c.on if c is not None else as_of
    for j in node.members[i].tolist():
        yield Entry(t, child, int(j), "counted", code, day)


def unit_on(h: Hierarchy | None, code: str, day: _dt.date) -> AdministrativeUnit | None:
    """The unit of ``code`` in ``h`` on ``day``; when none had it that day, its last
    version begun by then (else its first); None when ``h`` does not know it."""
    if h is None or code not in h:
        return None
    try:
        return h.get(code, day)
    except UnknownUnitError:
        versions = h.versions(code)
        begun = [v for v in versions if v.valid_from is None or v.valid_from <= day]
        return begun[-1] if begun else versions[0]


class Selection(NamedTuple):
    """The verdicts asked for: of these targets, and units and levels (None: all)."""

    targets: tuple[Target, ...]
    units: frozenset[str] | None
    levels: frozenset[Level] | None


def _texts(value: object, what: str) -> list[object] | None:
    """A selection given as one text or an iterable of them (None: no selection)."""
    if value is None:
        return None
    if isinstance(value, str | Level):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        return list(value)
    msg = f"{what} must be a text or a list of texts, got {safe_repr(value)}"
    raise ArgumentTypeError(msg)


def level_set_of(lvs: list[object] | None) -> frozenset[Level] | None:
    """The levels of a selection (their names or :class:`~thdx.Level`), None for all.

    Raises:
        EvaluationError: a level that does not exist, each one named.
    """
    if lvs is None:
        return None
    known = {lv.value: lv for lv in Level}
    unknown = [x for x in lvs if not isinstance(x, Level) and x not in known]
    if unknown:
        names = ", ".join(repr(k) for k in known)
        msg = (
            f"levels: {', '.join(safe_repr(x) for x in unknown)} "
            f"{'is not a level' if len(unknown) == 1 else 'are not levels'} "
            f"(expected {names})"
        )
        raise EvaluationError(msg)
    return frozenset(x if isinstance(x, Level) else known[str(x)] for x in lvs)


def texts(value: object, what: str) -> list[object] | None:
    """A selection given as one text or an iterable of them (None: no selection)."""
    return _texts(value, what)


def select(rulebook: Rulebook, targets: object, units: object, levels: object) -> Selection:
    """The selection of :meth:`thdx.Report.to_records` (``targets``, ``units``,
    ``levels``), checked: every problem named at once.

    Raises:
        UnknownTargetError: a target id the rulebook does not have (the first).
        ArgumentTypeError: a selection that is not a text or texts.
        EvaluationError: a level that does not exist.
    """
    ids = _texts(targets, "targets")
    codes = _texts(units, "units")
    lvs = _texts(levels, "levels")
    bad = [
        f"{what} {safe_repr(x)}"
        for what, xs in (("target", ids), ("unit", codes))
        for x in xs or ()
        if not isinstance(x, str)
    ]
    if bad:
        msg = "a selection of records takes texts, got " + ", ".join(bad)
        raise ArgumentTypeError(msg)
    chosen = rulebook.targets
    if ids is not None:
        for tid in ids:
            rulebook.target(str(tid))  # raises UnknownTargetError naming it
        wanted = set(ids)
        chosen = tuple(t for t in rulebook.targets if t.id in wanted)
    level_set = level_set_of(lvs)
    unit_set = frozenset(str(c) for c in codes) if codes is not None else None
    return Selection(chosen, unit_set, level_set)
