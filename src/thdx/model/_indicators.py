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
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import cast

import attrs

from thdx import _hooks
from thdx.model._coerce import as_enum, short_repr
from thdx.model._errors import (
    MeasurementError,
    QuantityError,
    UnknownIndicatorError,
    close_matches,
)
from thdx.model._unit_grammar import _checked, _dimension, _key

__all__ = [
    "Catalogue",
    "Direction",
    "Indicator",
    "IndicatorKind",
    "Pillar",
    "default_catalogue",
    "set_default_catalogue_loader",
]

#: The longest indicator id, in characters.
MAX_INDICATOR_ID_LENGTH = 100

_ID = re.compile(rf"[a-z][a-z0-9_]{{0,{MAX_INDICATOR_ID_LENGTH - 1}}}")


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


def _to_pillar(value: object) -> Pillar:
    return as_enum(Pillar, value, error=MeasurementError, what="pillar")


def _to_kind(value: object) -> IndicatorKind:
    return as_enum(IndicatorKind, value, error=MeasurementError, what="kind of indicator")


def _to_direction(value: object) -> Direction:
    return as_enum(Direction, value, error=MeasurementError, what="direction")


def _check_id(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if isinstance(value, str) and len(value) > MAX_INDICATOR_ID_LENGTH:
        msg = (
            f"indicator id {short_repr(value)} is longer than {MAX_INDICATOR_ID_LENGTH} characters"
        )
        raise MeasurementError(msg)
    if not isinstance(value, str) or not _ID.fullmatch(value):
        msg = f"indicator id must be lower_snake_case ASCII, got {short_repr(value)}"
        raise MeasurementError(msg)


def _check_text(inst: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name} must be a string, got {short_repr(value)}"
        raise MeasurementError(msg)


def _check_part(inst: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not _ID.fullmatch(value)):
        shown = short_repr(value)
        msg = f"{attribute.name} must be an indicator id (lower_snake_case ASCII), got {shown}"
        raise MeasurementError(msg)


#: Dimensions of the things a count indicator counts (a count may also be a pure number).
_COUNTED = ("person", "enterprise", "household", "administrative_unit")
_COUNTED_DIMS = {(dim, 1) for dim in _COUNTED}


def _unit_problem(kind: IndicatorKind, unit: str) -> str | None:
    """Why ``unit`` cannot be the unit of an indicator of ``kind``, or None if it can.

    A share is in ``percent`` (its range is 0–100), a rank in ``rank``, a growth
    rate in ``percent`` or ``percent / year``, a count in a unit of things counted
    (``enterprise``, ``household``, ``person``, ``administrative_unit``) or a pure
    number; a level in anything but ranks.

    Raises:
        QuantityError: ``unit`` is not a unit expression thdx reads.

    >>> _unit_problem(IndicatorKind.SHARE, "VND")
    "a share is measured in 'percent', got unit 'VND'"
    >>> _unit_problem(IndicatorKind.LEVEL, "million_VND / worker") is None
    True
    """
    key = _key(_checked(unit, None))
    dims = _dimension(unit)
    if kind is IndicatorKind.SHARE and key != (("percent", 1),):
        return f"a share is measured in 'percent', got unit {unit!r}"
    if kind is IndicatorKind.RANK and key != (("rank", 1),):
        return f"a rank is measured in 'rank', got unit {unit!r}"
    if kind is IndicatorKind.GROWTH_RATE and dims not in ({}, {"time": -1}):
        return f"a growth rate is measured in 'percent' or 'percent / year', got unit {unit!r}"
    counted = len(dims) <= 1 and set(dims.items()) <= _COUNTED_DIMS
    if kind is IndicatorKind.COUNT and (not counted or any(n == "percent" for n, _ in key)):
        names = ", ".join(repr(d) for d in _COUNTED)
        return f"a count is measured in {names} or 'dimensionless', got unit {unit!r}"
    if kind is IndicatorKind.LEVEL and "rank" in dims:
        return f"a level cannot be measured in ranks, got unit {unit!r}"
    return None


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
    name_vi: str = attrs.field(validator=_check_text)
    name_en: str = attrs.field(validator=_check_text)
    pillar: Pillar = attrs.field(converter=_to_pillar)
    unit: str = attrs.field(validator=_check_text)
    kind: IndicatorKind = attrs.field(converter=_to_kind)
    direction: Direction = attrs.field(
        default=attrs.Factory(
            lambda self: Direction.LOWER if self.kind is IndicatorKind.RANK else Direction.HIGHER,
            takes_self=True,
        ),
        converter=_to_direction,
    )
    numerator: str | None = attrs.field(default=None, validator=_check_part)
    denominator: str | None = attrs.field(default=None, validator=_check_part)
    note: str = attrs.field(default="", validator=_check_text)

    def __attrs_post_init__(self) -> None:
        try:
            problem = _unit_problem(self.kind, self.unit)
        except QuantityError as exc:
            problem = str(exc)
        if problem:
            raise MeasurementError(f"indicator {self.id!r}: {problem}")
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
        if isinstance(indicators, str | bytes | Mapping) or not isinstance(indicators, Iterable):
            msg = f"a Catalogue takes Indicator objects, got {short_repr(indicators)}"
            raise MeasurementError(msg)
        given: Iterable[object] = indicators
        for ind in given:
            if not isinstance(ind, Indicator):
                msg = f"a Catalogue holds Indicator objects, got {short_repr(ind)}"
                raise MeasurementError(msg)
            if ind.id in items and items[ind.id] != ind:
                msg = f"indicator {ind.id!r} is declared twice, differently"
                raise MeasurementError(msg)
            items[ind.id] = ind
        for ind in items.values():
            for part in (ind.numerator, ind.denominator):
                if part is not None and part not in items:
                    msg = f"derived indicator {ind.id!r} refers to unknown indicator {part!r}"
                    raise MeasurementError(msg)
            problem = _derived_problem(ind, items)
            if problem:
                raise MeasurementError(f"derived indicator {ind.id!r}: {problem}")
        self._items = items

    def __getitem__(self, key: str) -> Indicator:
        try:
            return self._items[key]
        except KeyError:
            raise UnknownIndicatorError(key, suggestions=close_matches(key, self._items)) from None

    def get_or_raise(self, key: str, where: str | None = None) -> Indicator:
        """The indicator, or an UnknownIndicatorError naming ``where``."""
        try:
            return self._items[key]
        except KeyError:
            near = close_matches(key, self._items)
            raise UnknownIndicatorError(key, where=where, suggestions=near) from None

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


def _derived_problem(ind: Indicator, parts: Mapping[str, Indicator]) -> str | None:
    """Why the ratio of a derived indicator's parts cannot be in its unit, or None.

    ``parts`` maps ids to indicators; a part that is missing is not this check's
    business (None).
    """
    num = parts.get(ind.numerator) if ind.numerator else None
    den = parts.get(ind.denominator) if ind.denominator else None
    if num is None or den is None:
        return None
    ratio = dict(_dimension(num.unit))
    for dim, power in _dimension(den.unit).items():
        ratio[dim] = ratio.get(dim, 0) - power
    if {d: p for d, p in ratio.items() if p} == _dimension(ind.unit):
        return None
    return (
        f"{num.id!r} / {den.id!r} is in ({num.unit}) / ({den.unit}), which cannot be "
        f"expressed in {ind.unit!r}"
    )


_DEFAULT: Catalogue | None = None
_DEFAULT_LOADER: Callable[[], Iterable[Indicator]] | None = None


def set_default_catalogue_loader(loader: Callable[[], Iterable[Indicator]]) -> None:
    """Name the function that yields the default catalogue's indicators.

    By default the catalogue holds the shipped rulebooks' indicators, which
    ``thdx/__init__`` lends the model through :mod:`thdx._hooks` (the model knows
    nothing of files). A loader set here replaces them from the catalogue's next use on.
    """
    global _DEFAULT, _DEFAULT_LOADER
    _DEFAULT_LOADER, _DEFAULT = loader, None


def default_catalogue() -> Catalogue:
    """The indicators of the shipped rulebooks and criteria sets (loaded once).

    >>> "satisfaction_share" in default_catalogue()
    True
    """
    global _DEFAULT
    if _DEFAULT is None:
        loader = _DEFAULT_LOADER or _hooks.default_indicators
        if loader is None:  # pragma: no cover - thdx/__init__ always fills the hook
            msg = "no default catalogue: import thdx first"
            raise RuntimeError(msg)
        _DEFAULT = Catalogue(cast("Iterable[Indicator]", loader()))
    return _DEFAULT
