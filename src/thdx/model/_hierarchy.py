"""The time-aware hierarchy of administrative units.

A :class:`Hierarchy` holds every version of every unit. Codes can be reused across
eras (Thanh Hóa's code ``14758`` named Phường Đông Thọ before 1 Jul 2025 and Phường
Hàm Rồng after), so it answers every question for a date.

>>> from datetime import date
>>> h = Hierarchy([
...     AdministrativeUnit(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh"),
...     AdministrativeUnit(code="380", name="Thành phố Thanh Hóa", kind="thành phố",
...                        parent="38", valid_until=date(2025, 7, 1)),
... ])
>>> [u.code for u in h.at("2025-06-30")]
['38', '380']
>>> [u.code for u in h.at("2025-07-01")]
['38']
>>> h.get("380").level
<Level.DISTRICT: 'district'>
"""

from __future__ import annotations

import datetime as _dt
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import cast

from thdx.model._administrative_unit import AdministrativeUnit, fold_name
from thdx.model._coerce import as_day
from thdx.model._errors import ArgumentTypeError, HierarchyError, UnknownUnitError, close_matches
from thdx.model._levels import Kind, Level, as_level

__all__ = ["Hierarchy", "levels_under"]

_PREFIXES = (
    *(fold_name(k.value) + " " for k in sorted(Kind, key=lambda k: -len(k.value))),
    "tp ",
    "tx ",
    "tt ",
)


DateLike = _dt.date | str


class Hierarchy:
    """Administrative units across time: who existed on a date, under whom, and lineage.

    Args:
        units: every version of every unit. A parent must exist whenever its child
            does; a (code, validity) pair must be unique.

    Raises:
        HierarchyError: listing every inconsistency found.
        ArgumentTypeError: ``units`` is not iterable, or holds something else than
            AdministrativeUnits.
    """

    def __init__(self, units: Iterable[AdministrativeUnit]) -> None:
        try:
            self._units: tuple[AdministrativeUnit, ...] = tuple(units)
        except TypeError:
            msg = f"a Hierarchy is built from AdministrativeUnit objects, got {units!r}"
            raise ArgumentTypeError(msg) from None
        for i, u in enumerate(cast(tuple[object, ...], self._units)):
            if not isinstance(u, AdministrativeUnit):
                msg = f"a Hierarchy is built from AdministrativeUnit objects, got {u!r} (item {i})"
                raise ArgumentTypeError(msg)
        by_code: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for u in self._units:
            by_code[u.code].append(u)
        problems: list[str] = []
        for code, versions in by_code.items():
            versions.sort(key=lambda u: u.valid_from or _dt.date.min)
            for a, b in itertools.pairwise(versions):
                if a.valid_until is None or (
                    b.valid_from is not None and a.valid_until > b.valid_from
                ):
                    problems.append(
                        f"unit {code!r}: two versions overlap in time: "
                        f"{a.name} {_span(a)} and {b.name} {_span(b)}"
                    )
        self._by_code = dict(by_code)
        self._children: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for u in self._units:
            if u.parent is None:
                continue
            parents = self._by_code.get(u.parent)
            if not parents:
                problems.append(f"unit {u.code!r} ({u.name}): unknown parent {u.parent!r}")
                continue
            day = u.valid_from or _dt.date.min
            parent = next((p for p in parents if p.exists_on(day)), None)
            if parent is None:
                problems.append(
                    f"unit {u.code!r} ({u.name}): parent {u.parent!r} does not exist on {day}"
                )
            elif parent.level.rank >= u.level.rank:
                problems.append(
                    f"unit {u.code!r} ({u.name}): parent {u.parent!r} is not above it "
                    f"({parent.level.value} over {u.level.value})"
                )
            elif parent.valid_until is not None and (
                u.valid_until is None or u.valid_until > parent.valid_until
            ):
                # A unit outliving its parent would be under whatever later reuses the
                # parent's code (a cycle, even).
                problems.append(
                    f"unit {u.code!r} ({u.name}): outlives its parent {u.parent!r}, which "
                    f"ends on {parent.valid_until}"
                )
            self._children[u.parent].append(u)
        self._predecessors: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for u in self._units:
            for s in u.successors:
                if s not in self._by_code:
                    problems.append(f"unit {u.code!r} ({u.name}): unknown successor {s!r}")
                elif u.valid_until is None:
                    problems.append(
                        f"unit {u.code!r} ({u.name}): has successor {s!r} but no valid_until"
                    )
                elif not any(v.exists_on(u.valid_until) for v in self._by_code[s]):
                    problems.append(
                        f"unit {u.code!r} ({u.name}): successor {s!r} does not exist on "
                        f"{u.valid_until}, the day it ends"
                    )
                else:
                    self._predecessors[s].append(u)
        if problems:
            raise HierarchyError("invalid hierarchy:\n  " + "\n  ".join(problems))
        self._at_cache: dict[_dt.date, tuple[AdministrativeUnit, ...]] = {}
        self._ordered: list[AdministrativeUnit] | None = None
        #: The positions in ``_ordered`` of the units with a first or last day.
        self._bounded: list[int] = []
        #: Per set of the bounded units that exist on a day, the units of that day.
        self._at_flags: dict[tuple[bool, ...], tuple[AdministrativeUnit, ...]] = {}
        self._folded: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for u in self._units:
            folded = u.folded_name
            self._folded[folded].append(u)
            for prefix in _PREFIXES:
                if folded.startswith(prefix):
                    self._folded[folded[len(prefix) :]].append(u)
                    break

    def __iter__(self) -> Iterator[AdministrativeUnit]:
        return iter(self._units)

    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def at(self, day: DateLike) -> tuple[AdministrativeUnit, ...]:
        """The units that existed on ``day``, provinces first, then by code.

        >>> len(Hierarchy([AdministrativeUnit(code="38", name="T", kind="tỉnh")]).at("2020-01-01"))
        1
        """
        d = _day(day)
        cached = self._at_cache.get(d)
        if cached is None:
            if self._ordered is None:  # sorted once, then each day's units filtered
                # By level, then code as a number: keys read in C, sorted as tuples (the
                # position last: the order of equal keys kept).
                rank = {id(lv): lv.rank for lv in Level}  # an enum hashes in Python
                units = self._units
                ranks = map(rank.__getitem__, map(id, map(operator.attrgetter("level"), units)))
                numbers = map(int, map(operator.attrgetter("code"), units))
                keys = sorted(zip(ranks, numbers, range(len(units)), strict=True))
                self._ordered = [units[i] for _, _, i in keys]
                self._bounded = [
                    i
                    for i, u in enumerate(self._ordered)
                    if u.valid_from is not None or u.valid_until is not None
                ]
            ordered = self._ordered
            # The units without bounds exist on every day: only the others looked at.
            # Days with the same units share one tuple (and so what is kept per tuple).
            flags = tuple(ordered[i].exists_on(d) for i in self._bounded)
            cached = self._at_flags.get(flags)
            if cached is None:
                keep = [True] * len(ordered)
                for i, alive in zip(self._bounded, flags, strict=True):
                    keep[i] = alive
                cached = self._at_flags[flags] = tuple(itertools.compress(ordered, keep))
            self._at_cache[d] = cached
        return cached

    def versions(self, code: str) -> tuple[AdministrativeUnit, ...]:
        """Every version of the unit with this code, oldest first.

        Raises:
            UnknownUnitError: if no unit ever had this code.
        """
        try:
            return tuple(self._by_code[code])
        except KeyError:
            raise UnknownUnitError(code) from None

    def get(self, code: str, on: DateLike | None = None) -> AdministrativeUnit:
        """The unit with this code (on the given day, when the code was reused).

        Args:
            code: the official code.
            on: the day; needed only when the code belonged to several units in time.

        Raises:
            UnknownUnitError: unknown code, no unit with it on that day, or a reused
                code asked for without a day.
        """
        versions = self.versions(code)
        if on is None:
            if len(versions) == 1:
                return versions[0]
            listed = "; ".join(f"{v.name} {_span(v)}" for v in versions)
            raise UnknownUnitError(
                code,
                message=f"the unit code {code!r} was used by {len(versions)} units, "
                f"pass on= a day to choose: {listed}",
            )
        d = _day(on)
        for v in versions:
            if v.exists_on(d):
                return v
        used = "; ".join(f"{v.name} {_span(v)}" for v in versions)
        raise UnknownUnitError(code, detail=f"no unit had this code on {d}; it was used by {used}")

    def children(self, code: str, on: DateLike) -> tuple[AdministrativeUnit, ...]:
        """The units directly under ``code`` on ``on``."""
        d = _day(on)
        return tuple(u for u in self._children.get(code, ()) if u.exists_on(d))

    def units_of(
        self, level: Level | str, on: DateLike, under: str | None = None
    ) -> tuple[AdministrativeUnit, ...]:
        """The units of ``level`` that existed on ``on`` (below ``under``, if given).

        Args:
            level: the level (``Level`` or its name, "commune").
            on: the day.
            under: the code of a unit they lie under, at any depth.

        Raises:
            HierarchyError: ``level`` is not a level (the message lists the levels).
        """
        lv = as_level(level, error=HierarchyError)
        d = _day(on)
        units = [u for u in self.at(d) if u.level is lv]
        if under is None:
            return tuple(units)
        return tuple(u for u in units if self._is_under(u, under, d))

    def descendants(
        self, code: str, level: Level | str, on: DateLike
    ) -> tuple[AdministrativeUnit, ...]:
        """The units of ``level`` under ``code`` on ``on``, at any depth, by code.

        The same units as ``units_of(level, on, under=code)``, found by walking down
        from ``code`` through the units that existed on ``on``: the cost grows with
        the subtree, not with the country.

        Args:
            code: the unit whose descendants are wanted (it need not exist on ``on``;
                its children that do are followed).
            level: the level of the units returned (``Level`` or its name).
            on: the day.

        Returns:
            The units, ordered by their code as a number (as :meth:`units_of`
            orders one level). Empty for an unknown code.

        Raises:
            HierarchyError: ``level`` is not a level, or ``on`` is not a day.

        >>> h = Hierarchy([
        ...     AdministrativeUnit(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh"),
        ...     AdministrativeUnit(code="389", name="Huyện Hoằng Hóa", kind="huyện",
        ...                        parent="38"),
        ...     AdministrativeUnit(code="16000", name="Xã Hoằng Xuân", kind="xã",
        ...                        parent="389"),
        ... ])
        >>> [u.code for u in h.descendants("38", "commune", "2025-01-01")]
        ['16000']
        """
        lv, d = as_level(level, error=HierarchyError), _day(on)
        found: list[AdministrativeUnit] = []
        seen = {code}
        todo = [code]
        while todo:
            for u in self._children.get(todo.pop(), ()):
                if not u.exists_on(d):
                    continue
                if u.level is lv:
                    found.append(u)
                if u.code not in seen:
                    seen.add(u.code)
                    todo.append(u.code)
        found.sort(key=lambda u: int(u.code))
        return tuple(found)

    def _is_under(self, unit: AdministrativeUnit, ancestor: str, day: _dt.date) -> bool:
        current: AdministrativeUnit | None = unit
        while current is not None and current.parent is not None:
            if current.parent == ancestor:
                return True
            current = next((p for p in self._by_code[current.parent] if p.exists_on(day)), None)
        return False

    def successors(self, code: str) -> tuple[AdministrativeUnit, ...]:
        """The units that an old unit became (a split unit has several)."""
        out: dict[tuple[str, _dt.date | None], AdministrativeUnit] = {}
        for v in self.versions(code):
            if v.valid_until is None:
                continue
            for s in v.successors:
                succ = self.get(s, v.valid_until)
                out[(succ.code, succ.valid_from)] = succ
        return tuple(out.values())

    def predecessors(self, code: str) -> tuple[AdministrativeUnit, ...]:
        """The old units that a new unit came from."""
        self.versions(code)
        return tuple(self._predecessors.get(code, ()))

    def find(self, name: str, on: DateLike | None = None) -> tuple[AdministrativeUnit, ...]:
        """Units whose name matches, ignoring accents, case and the kind word.

        "hoang hoa" finds Huyện Hoằng Hóa; an ambiguous name returns every match.
        """
        folded = fold_name(name)
        found = list(self._folded.get(folded, ()))
        if on is not None:
            d = _day(on)
            found = [u for u in found if u.exists_on(d)]
        return tuple(sorted(found, key=lambda u: (u.valid_from or _dt.date.min, u.code)))

    def lookup(self, name: str, on: DateLike | None = None) -> AdministrativeUnit:
        """The one unit whose name matches; an error listing every match otherwise.

        Raises:
            UnknownUnitError: no match, or several (all listed).
        """
        found = self.find(name, on)
        if len(found) == 1:
            return found[0]
        day = "" if on is None else f" on {_day(on)}"
        if not found:
            names = {u.name for us in self._by_code.values() for u in us}
            raise UnknownUnitError(
                name,
                message=f"no administrative unit is named {name!r}{day}",
                suggestions=close_matches(name, sorted(names)),
            )
        listed = "; ".join(f"{u} {_span(u)}" for u in found)
        raise UnknownUnitError(
            name,
            message=f"the name {name!r} is ambiguous{day}, {len(found)} units match: {listed}",
        )

    def __repr__(self) -> str:
        return f"<Hierarchy: {len(self)} unit versions>"

    def _repr_html_(self) -> str:
        """The hierarchy in a notebook: units per level and the first units (HTML)."""
        from thdx.model._html import hierarchy_html

        return hierarchy_html(self._units)


def _span(u: AdministrativeUnit) -> str:
    start = u.valid_from.isoformat() if u.valid_from else "…"
    end = u.valid_until.isoformat() if u.valid_until else "…"
    return f"[{start}, {end})"


def _day(value: DateLike) -> _dt.date:
    return as_day(value, error=HierarchyError)


def levels_under(units: Sequence[AdministrativeUnit]) -> dict[Level, int]:
    """Count units per level (a helper for reports)."""
    counts = dict.fromkeys(Level, 0)
    for u in units:
        counts[u.level] += 1
    return counts
