"""An administrative unit: one version of a province, district or commune in time.

An :class:`AdministrativeUnit` is one version of a unit: its official code, name,
kind, level, parent and the interval in which it existed. Codes can be reused across
eras, so the :class:`~thdx.model._hierarchy.Hierarchy` that holds the units answers
every question for a date.

>>> u = AdministrativeUnit(code="380", name="Thành phố Thanh Hóa", kind="thành phố",
...                        parent="38", valid_until="2025-07-01")
>>> u.level, u.exists_on(_dt.date(2025, 6, 30)), u.exists_on(_dt.date(2025, 7, 1))
(<Level.DISTRICT: 'district'>, True, False)
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Iterable

import attrs

from thdx.model._coerce import as_day, as_enum, code_problem
from thdx.model._errors import ArgumentTypeError, HierarchyError
from thdx.model._levels import Kind, Level, as_level, default_level
from thdx.model._periods import Period

__all__ = ["AdministrativeUnit", "fold_name"]


def fold_name(name: str) -> str:
    """Fold a Vietnamese name for matching: no accents, no case, single spaces.

    >>> fold_name("Huyện  Hoằng Hóa")
    'huyen hoang hoa'
    """
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.lower().split())


def _check_code(inst: AdministrativeUnit, attribute: attrs.Attribute[str], value: str) -> None:
    problem = code_problem(value)
    if problem is not None:
        raise HierarchyError(f"{attribute.name}: {problem}")


def _nfc(value: object) -> str:
    if not isinstance(value, str):
        msg = f"a unit's name must be a text, got {value!r}"
        raise ArgumentTypeError(msg)
    return unicodedata.normalize("NFC", value).strip()


def _fold_kind(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().lower()


def _kind(value: Kind | str) -> Kind:
    what = "kind of administrative unit"
    return as_enum(Kind, value, error=HierarchyError, what=what, fold=_fold_kind)


def _level(value: Level | str) -> Level:
    return as_level(value, error=HierarchyError)


def _parent(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        msg = f'a unit\'s parent must be the code of a unit as text ("38"), got {value!r}'
        raise ArgumentTypeError(msg)
    return value


def _valid_from(value: _dt.date | str | None) -> _dt.date | None:
    return None if value is None else as_day(value, error=HierarchyError, what="valid_from")


def _valid_until(value: _dt.date | str | None) -> _dt.date | None:
    return None if value is None else as_day(value, error=HierarchyError, what="valid_until")


def _codes(value: Iterable[str]) -> tuple[str, ...]:
    """A sequence of unit codes as a tuple; a single string is refused, not split.

    Raises:
        ArgumentTypeError: a string (or bytes), or something that is not iterable.
        HierarchyError: an item that is not a code (see :func:`~thdx.model._coerce.is_code`).
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
    for i, code in enumerate(codes):
        problem = code_problem(code)
        if problem is not None:
            raise HierarchyError(f"successors[{i}]: {problem}")
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
    kind: Kind = attrs.field(converter=_kind)
    parent: str | None = attrs.field(default=None, converter=_parent)
    level: Level = attrs.field(
        default=attrs.Factory(lambda self: default_level(self.kind, self.parent), takes_self=True),
        converter=_level,
    )
    valid_from: _dt.date | None = attrs.field(default=None, converter=_valid_from)
    valid_until: _dt.date | None = attrs.field(default=None, converter=_valid_until)
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

    def __repr__(self) -> str:
        """Python that builds this unit again (with ``from thdx import AdministrativeUnit``)."""
        parts = [f"code={self.code!r}", f"name={self.name!r}", f"kind={self.kind.value!r}"]
        if self.parent is not None:
            parts.append(f"parent={self.parent!r}")
        if self.level is not default_level(self.kind, self.parent):
            parts.append(f"level={self.level.value!r}")
        for key in ("valid_from", "valid_until"):
            day = getattr(self, key)
            if day is not None:
                parts.append(f"{key}={day.isoformat()!r}")
        if self.successors:
            parts.append(f"successors={self.successors!r}")
        return f"AdministrativeUnit({', '.join(parts)})"
