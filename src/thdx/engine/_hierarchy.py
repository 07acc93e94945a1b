"""Facts of a hierarchy that the engine needs: when a unit began as the same unit, the
units under a parent on a day, the end of an era, the units ever under a unit.

Each is computed once per hierarchy and key, and kept as long as the hierarchy lives.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import operator
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import attrs
import numpy as np

from thdx.engine._data import MAX_ORD, MIN_ORD
from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._errors import UnknownUnitError
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.verdicts._node import I64
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC

__all__ = [
    "Lifetimes",
    "alive",
    "descendants",
    "era_end",
    "eras",
    "first_day",
    "first_ordinals",
    "inside",
    "last_day",
    "levels_ever",
    "lifetimes",
    "memoised",
    "named_units",
    "units_under",
    "valid_from",
    "valid_from_units",
]

T = TypeVar("T")

_CODE = operator.attrgetter("code")
_VALID_FROM = operator.attrgetter("valid_from")
_LEVEL = operator.attrgetter("level")
_PARENT = operator.attrgetter("parent")

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
        key = ("valid-from", tuple(map(id, units)))
        return memoised(h, key, lambda: _valid_from_units(h, units)).copy()
    return _valid_from_units(h, units)


def _valid_from_units(h: Hierarchy | None, units: Sequence[AdministrativeUnit]) -> I64:
    if h is None:
        return np.fromiter(
            (u.valid_from.toordinal() if u.valid_from else MIN_ORD for u in units),
            np.int64,
            len(units),
        )
    table = first_ordinals(h)
    got = list(map(table.get, map(id, units)))
    if None in got:  # a unit not of h
        pairs = zip(got, units, strict=True)
        got = [o if o is not None else _first_ordinal(h, u) for o, u in pairs]
    return np.array(got, dtype=np.int64)


def _first_ordinal(h: Hierarchy, unit: AdministrativeUnit) -> int:
    first = _first_day_of(h, unit)
    return first.toordinal() if first is not None else MIN_ORD


def first_ordinals(h: Hierarchy) -> dict[int, int]:
    """Per unit of ``h`` (by id), the ordinal of the first day it existed as the same
    unit (see :func:`first_day`; MIN_ORD: before any known day)."""

    def compute() -> dict[int, int]:
        out = dict.fromkeys(map(id, h), MIN_ORD)  # a unit without a first day: MIN_ORD
        for u in itertools.compress(h, map(_VALID_FROM, h)):
            out[id(u)] = _first_ordinal(h, u)
        return out

    return memoised(h, ("first-all",), compute)


def valid_from(units: Hierarchy | None, codes: Sequence[str], day: _dt.date) -> I64:
    """Per code, the ordinal of the first day its unit on ``day`` existed as the same
    unit (MIN_ORD: none, or since before any known day); kept per hierarchy."""
    if units is None:
        return np.full(len(codes), MIN_ORD, dtype=np.int64)
    h = units
    key = ("valid-from-codes", tuple(codes), day)
    return memoised(h, key, lambda: _valid_from(h, codes, day)).copy()


def _valid_from(units: Hierarchy, codes: Sequence[str], day: _dt.date) -> I64:
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
    """The first day ``unit`` existed as the same unit (None: before any known day)."""
    # The hierarchy holds its units: their ids are stable while it lives.
    if unit.valid_from is None:
        return None
    got = first_ordinals(h).get(id(unit))
    if got is None:  # not one of h's units
        return _first_day_of(h, unit)
    return _dt.date.fromordinal(got) if got != MIN_ORD else None


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


def alive(h: Hierarchy, day: _dt.date) -> dict[str, AdministrativeUnit]:
    """The units that existed on ``day``, by code."""
    return _tree(h, day).by_code


def descendants(
    h: Hierarchy, code: str, level: Level, day: _dt.date
) -> tuple[AdministrativeUnit, ...]:
    """``h.descendants(code, level, day)``, from a table built once per hierarchy and day
    (one walk up from every unit that existed that day, instead of one walk down per
    code asked about)."""
    return _tree(h, day).units_under(code, level)


@attrs.frozen(eq=False)
class _Tree:
    """The units that existed on a day (``units``, in :meth:`Hierarchy.at` order, and
    ``by_code``), and per (code, level) the positions in ``units`` of the units of that
    level under the code, in that order."""

    units: tuple[AdministrativeUnit, ...]
    by_code: dict[str, AdministrativeUnit]
    under: dict[tuple[str, Level], I64]
    #: ``under``'s units as tuples, made when first asked for.
    _tuples: dict[tuple[str, Level], tuple[AdministrativeUnit, ...]] = attrs.field(
        factory=dict, init=False
    )
    _until: list[I64] = attrs.field(factory=list, init=False)

    def until(self) -> I64:
        """Per unit, the ordinal of its ``valid_until`` (MAX_ORD: none), kept."""
        got = self._until
        if not got:
            ends = (
                MAX_ORD if u.valid_until is None else u.valid_until.toordinal() for u in self.units
            )
            got.append(np.fromiter(ends, np.int64, len(self.units)))
        return got[0]

    def units_under(self, code: str, level: Level) -> tuple[AdministrativeUnit, ...]:
        """The units of ``level`` under ``code`` (see :func:`descendants`)."""
        key = (code, level)
        got = self._tuples.get(key)
        if got is None:
            at = self.under.get(key)
            units = self.units
            got = () if at is None else tuple([units[i] for i in at.tolist()])
            self._tuples[key] = got
        return got


def _tree(h: Hierarchy, day: _dt.date) -> _Tree:
    # Kept per tuple of units (held by ``h``): days with the same units share a table.
    return memoised(h, ("tree", id(h.at(day))), lambda: _tree_of(h, day))


def _tree_of(h: Hierarchy, day: _dt.date) -> _Tree:
    # ``at`` orders units by level, then by code as a number: each list below is in
    # the order ``Hierarchy.descendants`` gives. A unit is under its parent's code
    # (which need not exist that day), and under its parent's ancestors while the
    # parent exists: exactly the units a walk down from each code finds. The walk up
    # is one step for every unit at once.
    units = h.at(day)
    n = len(units)
    codes = list(map(_CODE, units))
    by_code = dict(zip(codes, units, strict=True))
    index: dict[str | None, int] = dict(zip(codes, range(n), strict=True))
    index[None] = -1
    members = list(Level)
    rank = {id(lv): k for k, lv in enumerate(members)}  # an enum hashes in Python
    levels = np.fromiter(map(rank.__getitem__, map(id, map(_LEVEL, units))), np.int64, n)
    # Per unit, its parent's position that day; -1: none; -2: a code without a unit then.
    parents = map(_PARENT, units)
    parent = np.fromiter(map(index.get, parents, itertools.repeat(-2)), np.int64, n)
    lost: dict[tuple[str, int], list[int]] = {}  # (code without a unit, level) → units
    pairs_above: list[I64] = []
    pairs_below: list[I64] = []
    below = src = np.arange(n, dtype=np.int64)  # each unit, and the unit whose parent is next
    for _ in range(64):  # levels rise up a chain; the bound guards bad data
        above = parent[src]
        for j in np.flatnonzero(above == -2).tolist():  # rare: a parent code unused then
            code = str(units[int(src[j])].parent)
            lost.setdefault((code, int(levels[below[j]])), []).append(int(below[j]))
        keep = above >= 0
        if not keep.any():
            break
        below, src = below[keep], above[keep]
        pairs_below.append(below)
        pairs_above.append(src)
    under: dict[tuple[str, Level], I64] = {}
    if pairs_below:
        lower, upper = np.concatenate(pairs_below), np.concatenate(pairs_above)
        order = np.lexsort((lower, levels[lower], upper))
        lower, upper = lower[order], upper[order]
        group = upper * len(members) + levels[lower]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        ends = np.r_[starts[1:], len(group)]
        tops, lows = upper[starts].tolist(), levels[lower[starts]].tolist()
        for lo, hi, top, lv in zip(starts.tolist(), ends.tolist(), tops, lows, strict=True):
            under[(codes[top], members[lv])] = lower[lo:hi]
    for (code, lv), found in lost.items():
        key = (code, members[lv])
        got = under.get(key)
        joined = np.array(found, dtype=np.int64) if got is None else np.r_[got, found]
        under[key] = np.sort(joined)
    return _Tree(units, by_code, under)


def named_units(
    h: Hierarchy, codes: Sequence[str], anchor: _dt.date, day: _dt.date
) -> dict[str, AdministrativeUnit]:
    """The unit each code named on ``anchor`` (else on ``day``), for codes that had one
    (kept per hierarchy; a new dict each call)."""
    key = ("named", tuple(codes), anchor, day)
    return dict(memoised(h, key, lambda: _named_units(h, codes, anchor, day)))


def _named_units(
    h: Hierarchy, codes: Sequence[str], anchor: _dt.date, day: _dt.date
) -> dict[str, AdministrativeUnit]:
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
    tree = _tree(h, day)
    empty = np.zeros(0, dtype=np.int64)
    under = {code: tree.under.get((code, level), empty) for code in dict.fromkeys(parents)}
    # One level's units in ``at`` order are by code as a number.
    every = np.sort(np.concatenate([empty, *under.values()]))
    kept_at = every[np.r_[True, every[1:] != every[:-1]]] if len(every) else every
    kept = [tree.units[i] for i in kept_at.tolist()]
    return kept, [np.searchsorted(kept_at, under[code]).tolist() for code in parents]


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
    now = alive(h, day) if h is not None else {}
    # Only the codes named, or without a unit on the day, are looked at one by one.
    at: Iterable[int] = range(len(codes))
    if not named:
        gone = map(operator.not_, map(now.__contains__, codes))
        at = itertools.compress(range(len(codes)), gone)
    for i in at:
        code = codes[i]
        unit = named.get(code)
        if unit is None and code in now:
            continue  # exists on the day: judged on it
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
    tree = _tree(h, anchor)
    empty = np.zeros(0, dtype=np.int64)
    at = [tree.under.get((code, level), empty) for code in dict.fromkeys(parents)]
    if not at or not sum(map(len, at)):
        return None
    # Each existed on ``anchor``, before ``day``: it exists on ``day`` if it ends after.
    until = tree.until()[np.concatenate(at)]
    if bool((until > day.toordinal()).any()):
        return None
    return _dt.date.fromordinal(int(until.max())) - _dt.timedelta(days=1)


def inside(h: Hierarchy, root: str) -> frozenset[str]:
    """The codes of every unit that was ever under ``root`` (``root`` included)."""
    return memoised(h, ("inside", root), lambda: _inside_of(h, root))


def _inside_of(h: Hierarchy, root: str) -> frozenset[str]:
    """A walk down from ``root`` through every unit ever under each code."""
    below = memoised(h, ("children-ever",), lambda: _children_ever(h))
    seen = {root}
    todo = [root]
    while todo:  # a level of codes at a time
        found = [c for code in todo for c in below.get(code, ()) if c not in seen]
        todo = list(dict.fromkeys(found))
        seen.update(todo)
    return frozenset(seen)


def _children_ever(h: Hierarchy) -> dict[str, list[str]]:
    """Per code, the codes of the units that were ever directly under a unit with it."""
    out: dict[str, list[str]] = {}
    for parent, code in zip(map(_PARENT, h), map(_CODE, h), strict=True):
        if parent is not None:
            got = out.get(parent)
            if got is None:
                out[parent] = [code]
            else:
                got.append(code)
    return out


def levels_ever(h: Hierarchy) -> dict[str, int]:
    """Per code, the levels any unit with that code ever had, as bits (bit ``k``: the
    ``k``-th member of :class:`Level`)."""

    def compute() -> dict[str, int]:
        bit = {id(lv): 1 << k for k, lv in enumerate(Level)}  # an enum hashes in Python
        codes = list(map(_CODE, h))
        bits = list(map(bit.__getitem__, map(id, map(_LEVEL, h))))
        out = dict(zip(codes, bits, strict=True))
        if len(out) < len(codes):  # codes of several units: every version's level
            out = {}
            for code, b in zip(codes, bits, strict=True):
                out[code] = out.get(code, 0) | b
        return out

    return memoised(h, ("levels-ever",), compute)
