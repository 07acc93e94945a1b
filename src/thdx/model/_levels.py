"""The levels and kinds of administrative unit, and the one coercion of a level.

A :class:`Kind` is what Vietnamese calls a unit (``huyện``, ``phường``); it gives the
:class:`Level` (province, district, commune), except ``thành phố``, a city of either
level (:func:`default_level`).

>>> as_level(" Commune", error=ThdxError)
<Level.COMMUNE: 'commune'>
>>> default_level(Kind.THANH_PHO, parent="38")
<Level.DISTRICT: 'district'>
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from thdx.model._coerce import shown
from thdx.model._errors import ThdxError

__all__ = ["Kind", "Level", "as_level", "default_level"]


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


def as_level(
    value: object,
    *,
    error: type[ThdxError],
    what: str = "level",
    among: Sequence[Level] = tuple(Level),
) -> Level:
    """``value`` as a level: a :class:`Level`, or its name in any case with spaces
    around it (``" District"``), and one of ``among``.

    The error is the caller's class; its words are always these (``what`` names the
    value: a target's scope is a level).

    >>> as_level("village", error=ThdxError, what="scope")
    Traceback (most recent call last):
    ...
    thdx.model._errors.ThdxError: 'village' is not a scope (expected 'province', 'district' or 'commune')
    >>> as_level("province", error=ThdxError, among=(Level.DISTRICT, Level.COMMUNE))
    Traceback (most recent call last):
    ...
    thdx.model._errors.ThdxError: 'province' is not a level (expected 'district' or 'commune')
    """  # noqa: E501
    level: object = value
    if isinstance(value, str):
        try:
            level = Level(value.strip().lower())
        except ValueError:
            level = None
    if isinstance(level, Level) and level in among:
        return level
    names = [repr(lv.value) for lv in among]
    expected = " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    raise error(f"{shown(value)} is not a {what} (expected {expected})")


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


def default_level(kind: Kind, parent: str | None) -> Level:
    """The level of a unit of ``kind``: a ``thành phố`` is a province when it has no
    parent, a district otherwise."""
    if kind is Kind.THANH_PHO:
        return Level.PROVINCE if parent is None else Level.DISTRICT
    return _KIND_LEVEL[kind]
