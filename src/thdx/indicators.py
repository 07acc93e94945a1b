"""Indicators and the catalogue that holds them.

An :class:`Indicator` says what is measured, in which canonical unit, and which
direction is better. A derived indicator is declared as the ratio of two measured
ones (digital economy value / GRDP), never coded.

>>> share = Indicator(id="satisfaction_share", name_vi="Tỷ lệ hài lòng",
...                   name_en="Satisfaction", pillar="government", unit="percent",
...                   kind="share")
>>> cat = Catalogue([share])
>>> cat["satisfaction_share"].direction
<Direction.HIGHER: 'higher'>
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

import attrs

from .errors import MeasurementError, UnknownIndicatorError

__all__ = ["Catalogue", "Direction", "Indicator", "IndicatorKind", "Pillar"]

_ID = re.compile(r"[a-z][a-z0-9_]*")


class Pillar(enum.Enum):
    """The pillar of digital transformation an indicator belongs to."""

    GOVERNMENT = "government"
    ECONOMY = "economy"
    SOCIETY = "society"
    OVERALL = "overall"


class IndicatorKind(enum.Enum):
    """What sort of quantity an indicator is; decides its valid range."""

    SHARE = "share"
    COUNT = "count"
    LEVEL = "level"
    GROWTH_RATE = "growth_rate"
    RANK = "rank"


class Direction(enum.Enum):
    """Which way is better."""

    HIGHER = "higher"
    LOWER = "lower"


_E = TypeVar("_E", bound=enum.Enum)


def _enum(cls: type[_E], value: object, what: str) -> _E:
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        known = ", ".join(repr(m.value) for m in cls)
        msg = f"{value!r} is not a {what} (expected one of {known})"
        raise MeasurementError(msg) from None


def _to_pillar(value: object) -> Pillar:
    return _enum(Pillar, value, "pillar")


def _to_kind(value: object) -> IndicatorKind:
    return _enum(IndicatorKind, value, "kind of indicator")


def _to_direction(value: object) -> Direction:
    return _enum(Direction, value, "direction")


def _check_id(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        msg = f"indicator id must be lower_snake_case ASCII, got {value!r}"
        raise MeasurementError(msg)


@attrs.frozen
class Indicator:
    """A measured (or derived) quantity the resolution sets goals on.

    Args:
        id: stable id (``satisfaction_share``).
        name_vi: Vietnamese name.
        name_en: English name.
        pillar: government, economy, society or overall.
        unit: canonical unit of measure, a unit expression ("percent", "rank").
        kind: share, count, level, growth_rate or rank.
        direction: "higher" or "lower" is better (ranks default to lower).
        numerator, denominator: for a derived ratio, the ids of the two measured
            indicators; the ratio is expressed in ``unit``.
        note: free text (e.g. a rank's cohort sizes).
    """

    id: str = attrs.field(validator=_check_id)
    name_vi: str
    name_en: str
    pillar: Pillar = attrs.field(converter=_to_pillar)
    unit: str
    kind: IndicatorKind = attrs.field(converter=_to_kind)
    direction: Direction = attrs.field(
        default=attrs.Factory(
            lambda self: Direction.LOWER if self.kind is IndicatorKind.RANK else Direction.HIGHER,
            takes_self=True,
        ),
        converter=_to_direction,
    )
    numerator: str | None = None
    denominator: str | None = None
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.numerator is None) != (self.denominator is None):
            msg = f"indicator {self.id!r}: a derived indicator needs both numerator and denominator"
            raise MeasurementError(msg)

    @property
    def derived(self) -> bool:
        """Whether the indicator is the ratio of two measured ones."""
        return self.numerator is not None

    def check_range(self, magnitude: float, *, shown: object, where: str | None) -> str | None:
        """The message for a magnitude outside this kind's range, or None if fine."""
        k = self.kind
        if k is IndicatorKind.SHARE and not 0.0 <= magnitude <= 100.0:
            return f"{shown!r} is outside 0–100 % for share indicator {self.id!r}"
        if k in (IndicatorKind.COUNT, IndicatorKind.LEVEL) and magnitude < 0:
            return f"{shown!r} is negative for {k.value} indicator {self.id!r}"
        if k is IndicatorKind.RANK and (magnitude < 1 or magnitude != int(magnitude)):
            return f"{shown!r} is not a rank (a whole number ≥ 1) for indicator {self.id!r}"
        return None


class Catalogue(Mapping[str, Indicator]):
    """Indicators by id.

    Raises:
        MeasurementError: on a duplicate id or a derived indicator whose parts are
            missing.
    """

    def __init__(self, indicators: Iterable[Indicator] = ()) -> None:
        items: dict[str, Indicator] = {}
        for ind in indicators:
            if ind.id in items and items[ind.id] != ind:
                msg = f"indicator {ind.id!r} is declared twice, differently"
                raise MeasurementError(msg)
            items[ind.id] = ind
        for ind in items.values():
            for part in (ind.numerator, ind.denominator):
                if part is not None and part not in items:
                    msg = f"derived indicator {ind.id!r} refers to unknown indicator {part!r}"
                    raise MeasurementError(msg)
        self._items = items

    def __getitem__(self, key: str) -> Indicator:
        try:
            return self._items[key]
        except KeyError:
            raise UnknownIndicatorError(key) from None

    def get_or_raise(self, key: str, where: str | None = None) -> Indicator:
        """The indicator, or an UnknownIndicatorError naming ``where``."""
        try:
            return self._items[key]
        except KeyError:
            raise UnknownIndicatorError(key, where=where) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Catalogue({sorted(self._items)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Catalogue) and self._items == other._items

    __hash__ = None  # type: ignore[assignment]

    def merged(self, other: Iterable[Indicator]) -> Catalogue:
        """A catalogue with these indicators and ``other``'s."""
        return Catalogue([*self._items.values(), *other])


_DEFAULT: Catalogue | None = None


def default_catalogue() -> Catalogue:
    """The indicators of the shipped rulebooks and criteria sets (loaded once).

    >>> "satisfaction_share" in default_catalogue()
    True
    """
    global _DEFAULT
    if _DEFAULT is None:
        # The shipped data files are parsed by the rulebook layer; importing it here,
        # at first use, keeps the model free of file handling at import time.
        from .rulebook import shipped_indicators

        _DEFAULT = Catalogue(shipped_indicators())
    return _DEFAULT
