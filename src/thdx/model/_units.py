"""Administrative units and the time-aware hierarchy that holds them.

An :class:`AdministrativeUnit` is one version of a unit: its official code, name,
kind, level, parent and the interval in which it existed. Codes can be reused across
eras (Thanh Hóa's code ``14758`` named Phường Đông Thọ before 1 Jul 2025 and Phường
Hàm Rồng after), so a :class:`Hierarchy` answers every question for a date.

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
import enum
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import cast

import attrs

from thdx.model._errors import ArgumentTypeError, HierarchyError, PeriodError, UnknownUnitError
from thdx.model._periods import Period, as_period

__all__ = ["AdministrativeUnit", "Hierarchy", "Kind", "Level", "fold_name"]


class Level(enum.Enum):
    """The level of an administrative unit."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    @property
    def rank(self) -> int:
        """0 for the province, 1 for districts, 2 for communes."""
        return _LEVEL_RANK[self]

    @property
    def label_vi(self) -> str:
        """The Vietnamese name of the level (``cấp tỉnh``, ``cấp huyện``, ``cấp xã``)."""
        return _LEVEL_VI[self]


_LEVEL_RANK = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
_LEVEL_VI = {Level.PROVINCE: "cấp tỉnh", Level.DISTRICT: "cấp huyện", Level.COMMUNE: "cấp xã"}


class Kind(enum.Enum):
    """The kind of an administrative unit, by its Vietnamese name.

    ``thành phố`` is a province-level city when it has no parent and a district-level
    city otherwise; the level is given by :func:`AdministrativeUnit.level`.
    """

    TINH = "tỉnh"
    THANH_PHO = "thành phố"
    THI_XA = "thị xã"
    HUYEN = "huyện"
    XA = "xã"
    PHUONG = "phường"
    THI_TRAN = "thị trấn"
    DAC_KHU = "đặc khu"


_KIND_LEVEL = {
    Kind.TINH: Level.PROVINCE,
    Kind.THI_XA: Level.DISTRICT,
    Kind.HUYEN: Level.DISTRICT,
    Kind.XA: Level.COMMUNE,
    Kind.PHUONG: Level.COMMUNE,
    Kind.THI_TRAN: Level.COMMUNE,
    Kind.DAC_KHU: Level.COMMUNE,
}


def _to_kind(value: Kind | str) -> Kind:
    if isinstance(value, Kind):
        return value
    try:
        return Kind(unicodedata.normalize("NFC", str(value)).strip().lower())
    except ValueError:
        known = ", ".join(repr(k.value) for k in Kind)
        msg = f"{value!r} is not a kind of administrative unit (expected one of {known})"
        raise HierarchyError(msg) from None


def _default_level(kind: Kind, parent: str | None) -> Level:
    if kind is Kind.THANH_PHO:
        return Level.PROVINCE if parent is None else Level.DISTRICT
    return _KIND_LEVEL[kind]


def _to_level(value: Level | str) -> Level:
    if isinstance(value, Level):
        return value
    try:
        return Level(str(value).strip().lower())
    except ValueError:
        msg = f"{value!r} is not a level (expected 'province', 'district' or 'commune')"
        raise HierarchyError(msg) from None


def _to_date(value: _dt.date | str | None) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):  # a datetime cannot be compared with a date
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        period = as_period(value) if isinstance(value, str) else None
    except PeriodError:
        period = None
    if period is None or period.start != period.end:
        msg = f"a validity bound must be a day 'YYYY-MM-DD', got {value!r}"
        raise HierarchyError(msg)
    return period.start


def _check_code(inst: AdministrativeUnit, attribute: attrs.Attribute[str], value: str) -> None:
    if not (isinstance(value, str) and value.isdigit() and value.isascii()):
        msg = f"{attribute.name} must be a string of digits (an official unit code), got {value!r}"
        raise HierarchyError(msg)


def fold_name(name: str) -> str:
    """Fold a Vietnamese name for matching: no accents, no case, single spaces.

    >>> fold_name("Huyện  Hoằng Hóa")
    'huyen hoang hoa'
    """
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.lower().split())


_PREFIXES = (
    *(fold_name(k.value) + " " for k in sorted(Kind, key=lambda k: -len(k.value))),
    "tp ",
    "tx ",
    "tt ",
)


def _nfc(value: object) -> str:
    if not isinstance(value, str):
        msg = f"a unit's name must be a text, got {value!r}"
        raise ArgumentTypeError(msg)
    return unicodedata.normalize("NFC", value).strip()


def _parent(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        msg = f'a unit\'s parent must be the code of a unit as text ("38"), got {value!r}'
        raise ArgumentTypeError(msg)
    return value


def _codes(value: Iterable[str]) -> tuple[str, ...]:
    """A sequence of unit codes as a tuple; a single string is refused, not split.

    Raises:
        ArgumentTypeError: a string (or bytes), or something that is not iterable.
        HierarchyError: an item that is not a code (a string of ASCII digits).
    """
    if isinstance(value, str | bytes):
        msg = (
            f"successors must be a sequence of unit codes, got the string {value!r} "
            f"(write ({value!r},) for one successor)"
        )
        raise ArgumentTypeError(msg)
    try:
        codes = tuple(value)
    except TypeError:
        msg = f"successors must be a sequence of unit codes, got {value!r}"
        raise ArgumentTypeError(msg) from None
    for code in codes:
        if not (isinstance(code, str) and code.isdigit() and code.isascii()):
            msg = (
                "successors must hold strings of digits (official unit codes), "
                f"got {code!r} in {codes!r}"
            )
            raise HierarchyError(msg)
    return codes


@attrs.frozen
class AdministrativeUnit:
    """One version of an administrative unit.

    Args:
        code: the official statistics-office code (digits, as a string).
        name: the Vietnamese name, with its kind ("Huyện Hoằng Hóa").
        kind: the Vietnamese kind (``Kind`` or its name, "huyện").
        parent: the code of the unit it belongs to, or None for a province.
        level: the level; derived from kind and parent when omitted.
        valid_from: first day it existed (None: since before any data).
        valid_until: first day it no longer existed (None: still exists).
        successors: codes of the units it became on ``valid_until`` (a sequence of
            strings: ``("15865",)``, not ``"15865"``).

    Raises:
        HierarchyError: a bad code, kind, level, parent or validity.
        ArgumentTypeError: ``successors`` is a string or not a sequence.

    >>> u = AdministrativeUnit(code="16000", name="Xã Hoằng Xuân", kind="xã", parent="389")
    >>> u.level, u.exists_on(_dt.date(2020, 1, 1))
    (<Level.COMMUNE: 'commune'>, True)
    """

    code: str = attrs.field(validator=_check_code)
    name: str = attrs.field(converter=_nfc)
    kind: Kind = attrs.field(converter=_to_kind)
    parent: str | None = attrs.field(default=None, converter=_parent)
    level: Level = attrs.field(
        default=attrs.Factory(lambda self: _default_level(self.kind, self.parent), takes_self=True),
        converter=_to_level,
    )
    valid_from: _dt.date | None = attrs.field(default=None, converter=_to_date)
    valid_until: _dt.date | None = attrs.field(default=None, converter=_to_date)
    successors: tuple[str, ...] = attrs.field(default=(), converter=_codes)

    def __attrs_post_init__(self) -> None:
        if not self.name:
            msg = f"unit {self.code!r} has an empty name"
            raise HierarchyError(msg)
        if (self.level is Level.PROVINCE) != (self.parent is None):
            msg = (
                f"unit {self.code!r} ({self.name}): a {self.level.value}-level unit "
                f"{'must not' if self.level is Level.PROVINCE else 'must'} have a parent, "
                f"got parent={self.parent!r}"
            )
            raise HierarchyError(msg)
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until <= self.valid_from
        ):
            msg = (
                f"unit {self.code!r}: valid_until {self.valid_until} is not after "
                f"valid_from {self.valid_from}"
            )
            raise HierarchyError(msg)

    def exists_on(self, day: _dt.date) -> bool:
        """Whether this version of the unit existed on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day < self.valid_until
        )

    def overlaps(self, period: Period) -> bool:
        """Whether this version existed at some day of ``period``."""
        return (self.valid_from is None or period.end >= self.valid_from) and (
            self.valid_until is None or period.start < self.valid_until
        )

    @property
    def folded_name(self) -> str:
        """The name without accents and case, for matching."""
        return fold_name(self.name)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


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
            cached = tuple(
                sorted(
                    (u for u in self._units if u.exists_on(d)),
                    key=lambda u: (u.level.rank, int(u.code)),
                )
            )
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
        lv = _to_level(level)
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
            HierarchyError: ``level`` is not a level, or ``on`` is a period longer
                than a day.
            PeriodError: ``on`` is not a date.

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
        lv, d = _to_level(level), _day(on)
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
            raise UnknownUnitError(name, message=f"no administrative unit is named {name!r}{day}")
        listed = "; ".join(f"{u} {_span(u)}" for u in found)
        raise UnknownUnitError(
            name,
            message=f"the name {name!r} is ambiguous{day}, {len(found)} units match: {listed}",
        )


def _span(u: AdministrativeUnit) -> str:
    start = u.valid_from.isoformat() if u.valid_from else "…"
    end = u.valid_until.isoformat() if u.valid_until else "…"
    return f"[{start}, {end})"


def _day(value: DateLike) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    period = as_period(value)
    if period.start != period.end:
        msg = f"{value!r} is not a day (expected 'YYYY-MM-DD')"
        raise HierarchyError(msg)
    return period.start


def levels_under(units: Sequence[AdministrativeUnit]) -> dict[Level, int]:
    """Count units per level (a helper for reports)."""
    counts = dict.fromkeys(Level, 0)
    for u in units:
        counts[u.level] += 1
    return counts
