"""Facts of a hierarchy that the engine needs: when a unit began as the same unit, the
units under a parent on a day, the end of an era, the units ever under a unit.

Each is computed once per hierarchy and key, and kept as long as the hierarchy lives.
"""

from __future__ import annotations

import datetime as _dt
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import attrs
import numpy as np

from thdx.engine._data import MIN_ORD
from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._errors import UnknownUnitError
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.verdicts._node import I64
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC

__all__ = [
    "Lifetimes",
    "era_end",
    "eras",
    "first_day",
    "inside",
    "last_day",
    "lifetimes",
    "memoised",
    "named_units",
    "units_under",
    "valid_from",
    "valid_from_units",
]

T = TypeVar("T")

#: Facts derived from a hierarchy alone, kept as long as the hierarchy lives.
_MEMO: weakref.WeakKeyDictionary[Hierarchy, dict[tuple[object, ...], object]] = (
    weakref.WeakKeyDictionary()
)


def memoised(h: Hierarchy, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per hierarchy and key."""
    memo = _MEMO.get(h)
    if memo is None:
        memo = _MEMO[h] = {}
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def valid_from_units(h: Hierarchy | None, units: Sequence[AdministrativeUnit]) -> I64:
    """Per unit, the ordinal of the first day it existed as the same unit."""
    if h is not None and units:
        key = ("valid-from", tuple(id(u) for u in units))
        return memoised(h, key, lambda: _valid_from_units(h, units)).copy()
    return _valid_from_units(h, units)


def _valid_from_units(h: Hierarchy | None, units: Sequence[AdministrativeUnit]) -> I64:
    firsts = (first_day(h, u) if h is not None else u.valid_from for u in units)
    return np.fromiter(
        (d.toordinal() if d is not None else MIN_ORD for d in firsts), np.int64, len(units)
    )


def valid_from(units: Hierarchy | None, codes: Sequence[str], day: _dt.date) -> I64:
    if units is None:
        return np.full(len(codes), MIN_ORD, dtype=np.int64)
    out = np.full(len(codes), MIN_ORD, dtype=np.int64)
    for i, code in enumerate(codes):
        try:
            u = units.get(code, day)
        except UnknownUnitError:
            continue
        first = first_day(units, u)
        if first is not None:
            out[i] = first.toordinal()
    return out


def first_day(h: Hierarchy, unit: AdministrativeUnit) -> _dt.date | None:
    # The hierarchy holds its units: their ids are stable while it lives.
    return memoised(h, ("first", id(unit)), lambda: _first_day_of(h, unit))


def _first_day_of(h: Hierarchy, unit: AdministrativeUnit) -> _dt.date | None:
    """The first day ``unit`` existed as the same unit: back through earlier versions of
    its code that it alone continued (a xã that became a phường, a commune moved to
    another district), but never across an era boundary (a day on which every unit of
    its level was replaced, 1 Jul 2025)."""
    current = unit
    for _ in range(64):  # a chain of versions is short; the bound guards bad data
        start = current.valid_from
        if start is None:
            return None
        before = [p for p in h.predecessors(current.code) if p.valid_until == start]
        if (
            len(before) != 1
            or before[0].code != current.code
            or before[0].level is not current.level
            or _replaces_level(h, current.level, start)
        ):
            return start
        current = before[0]
    return current.valid_from


def _replaces_level(h: Hierarchy, level: Level, day: _dt.date) -> bool:
    """Whether every unit of ``level`` that existed the day before ``day`` ended on it."""

    def compute() -> bool:
        eve = h.units_of(level, day - _dt.timedelta(days=1))
        return bool(eve) and all(u.valid_until == day for u in eve)

    return memoised(h, ("replaces", level, day), compute)


def named_units(
    h: Hierarchy, codes: Sequence[str], anchor: _dt.date, day: _dt.date
) -> dict[str, AdministrativeUnit]:
    """The unit each code named on ``anchor`` (else on ``day``), for codes that had one."""
    out: dict[str, AdministrativeUnit] = {}
    for code in codes:
        if code not in h:
            continue
        versions = h.versions(code)
        for on in (min(anchor, day), day):
            hit = [u for u in versions if u.exists_on(on)]
            if hit:
                out[code] = hit[0]
                break
    return out


def last_day(h: Hierarchy, code: str, day: _dt.date) -> _dt.date | None:
    """``day`` if the unit exists then; else the last day it existed before; else None."""
    last: _dt.date | None = None
    for v in h.versions(code):
        if v.exists_on(day):
            return day
        if v.valid_until is not None and v.valid_until <= day:
            end = v.valid_until - _dt.timedelta(days=1)
            last = end if last is None else max(last, end)
    return last


def units_under(
    h: Hierarchy, level: Level, day: _dt.date, parents: Sequence[str]
) -> tuple[list[AdministrativeUnit], list[list[int]]]:
    """The units of ``level`` on ``day`` under some parent and, per parent, their
    positions.

    A unit counts for every ancestor in ``parents``, not only the nearest, so a batch
    gives each parent what it would get alone; only the subtrees asked about are
    walked, so one province does not evaluate the whole country's communes.
    """
    key = ("under", level, day, tuple(parents))
    return memoised(h, key, lambda: _units_under(h, level, day, parents))


def _units_under(
    h: Hierarchy, level: Level, day: _dt.date, parents: Sequence[str]
) -> tuple[list[AdministrativeUnit], list[list[int]]]:
    under = {code: h.descendants(code, level, day) for code in dict.fromkeys(parents)}
    kept = sorted(
        {u.code: u for units in under.values() for u in units}.values(), key=lambda u: int(u.code)
    )
    position = {u.code: j for j, u in enumerate(kept)}
    return kept, [[position[u.code] for u in under[code]] for code in parents]


@attrs.frozen
class Lifetimes:
    """For a completion judged on ``day``: per unit, the day it is judged on (its last
    day when it ceased before; None when no unit had its code then), the finality
    that gives, and the notes that say so."""

    days: tuple[_dt.date | None, ...]
    final: tuple[bool, ...]
    notes: dict[int, Note]


def lifetimes(
    h: Hierarchy | None,
    codes: Sequence[str],
    named: Mapping[str, AdministrativeUnit] | None,
    day: _dt.date,
    as_of: _dt.date,
    settled: bool,
) -> Lifetimes:
    """The day each unit is judged on (see :class:`Lifetimes`), kept per hierarchy
    for the units of a day (``named`` None)."""
    if h is None or named is not None:
        return _lifetimes(h, codes, named or {}, day, as_of, settled)
    key = ("lifetimes", tuple(codes), day, as_of, settled)
    return memoised(h, key, lambda: _lifetimes(h, codes, {}, day, as_of, settled))


def _lifetimes(
    h: Hierarchy | None,
    codes: Sequence[str],
    named: Mapping[str, AdministrativeUnit],
    day: _dt.date,
    as_of: _dt.date,
    settled: bool,
) -> Lifetimes:
    days: list[_dt.date | None] = [day] * len(codes)
    final = [settled] * len(codes)
    notes: dict[int, Note] = {}
    for i, code in enumerate(codes):
        unit = named.get(code)
        end = unit.valid_until if unit is not None else None
        if end is not None and end - _dt.timedelta(days=1) <= day:
            # The unit the target named ceases (its code may name a later unit then):
            # it is judged on its last day, finally once as_of reaches that day.
            final_day = end - _dt.timedelta(days=1)
            if final_day < day:
                notes[i] = Note(NC.UNIT_ENDED, (code, final_day))
            days[i], final[i] = final_day, as_of >= final_day
        elif unit is None and h is not None and code in h:
            last = last_day(h, code, day)
            if last is None:
                days[i], final[i] = None, True
                notes[i] = Note(NC.UNIT_GONE, (code, day))
            elif last < day:
                # A unit that ceased to exist is judged on its last day.
                days[i], final[i] = last, as_of >= last
                notes[i] = Note(NC.UNIT_ENDED, (code, last))
    return Lifetimes(tuple(days), tuple(final), notes)


def eras(
    h: Hierarchy, level: Level, day: _dt.date, parents: Sequence[str]
) -> tuple[tuple[_dt.date, _dt.date], ...]:
    """Per parent, the era of the units of ``level`` counted under it on ``day``: from
    the first day one of them existed to the last (a published count for a period
    inside it is about them)."""
    key = ("eras", level, day, tuple(parents))
    return memoised(h, key, lambda: _eras(h, level, day, parents))


def _eras(
    h: Hierarchy, level: Level, day: _dt.date, parents: Sequence[str]
) -> tuple[tuple[_dt.date, _dt.date], ...]:
    subs, members = units_under(h, level, day, parents)
    out = []
    for m in members:
        units = [subs[j] for j in m]
        start = min((u.valid_from or _dt.date.min for u in units), default=_dt.date.min)
        end = max((u.valid_until or _dt.date.max for u in units), default=_dt.date.max)
        out.append((start, end - _dt.timedelta(days=1) if end < _dt.date.max else end))
    return tuple(out)


def era_end(
    h: Hierarchy, level: Level, anchor: _dt.date, day: _dt.date, parents: Sequence[str]
) -> _dt.date | None:
    """The last day of the era a count was set in, when that era ended by ``day``.

    The era of ``anchor`` (the day the goal was set) ended when no unit of ``level``
    that existed under ``parents`` on that day exists any more: the level was
    abolished or all its units rearranged (1 Jul 2025). Its last day is the day
    before the last of those units ceased. None while some of them still exist.
    """
    if anchor >= day:
        return None
    key = ("era", level, anchor, day, tuple(parents))
    return memoised(h, key, lambda: _era_end_of(h, level, anchor, day, parents))


def _era_end_of(
    h: Hierarchy, level: Level, anchor: _dt.date, day: _dt.date, parents: Sequence[str]
) -> _dt.date | None:
    seen = [u for code in dict.fromkeys(parents) for u in h.descendants(code, level, anchor)]
    if not seen or any(u.exists_on(day) for u in seen):
        return None
    ends = [u.valid_until for u in seen if u.valid_until is not None]
    return max(ends) - _dt.timedelta(days=1) if ends else None


def inside(h: Hierarchy, root: str) -> frozenset[str]:
    """The codes of every unit that was ever under ``root`` (``root`` included)."""
    return memoised(h, ("inside", root), lambda: _inside_of(h, root))


def _inside_of(h: Hierarchy, root: str) -> frozenset[str]:
    under = memoised(h, ("under-all",), lambda: _descendants_ever(h))
    return frozenset({root, *under.get(root, set())})


def _descendants_ever(h: Hierarchy) -> dict[str, set[str]]:
    """Per code, the codes of every unit ever under it (through any version)."""
    parents: dict[str, set[str]] = {}
    for u in h:
        if u.parent is not None:
            parents.setdefault(u.code, set()).add(u.parent)
    found: dict[str, set[str]] = {}
    for code in parents:
        seen: set[str] = set()
        todo = list(parents[code])
        while todo and len(seen) < 64:  # the bound guards bad data
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(parents.get(p, ()))
        for p in seen:
            found.setdefault(p, set()).add(code)
    return found
