"""Facts about units that are not measured values: a :class:`Recognition` (an official
decision that a unit completed digital transformation) and a :class:`ReportedCount`
(a count of completed units published for a whole level).

>>> Recognition(unit="14758", on="2023-12-20", decision="QĐ 123/QĐ-UBND").on
datetime.date(2023, 12, 20)
>>> ReportedCount(unit="38", level="commune", period="2023", count=114, total=558).count
114
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from thdx.model._coerce import as_day, code_problem
from thdx.model._errors import MeasurementError
from thdx.model._levels import Level
from thdx.model._measurement_values import text_field
from thdx.model._periods import Period, as_period

__all__ = ["MAX_COUNT", "Recognition", "ReportedCount"]

#: The largest count of units a ReportedCount may give (files allow 9 digits too).
MAX_COUNT = 999_999_999


def _unit_code(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    problem = code_problem(value)
    if problem is not None:
        msg = f"{attribute.name}: {problem}"
        raise MeasurementError(msg)


def _nonempty(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name} must be a non-empty string, got {value!r}"
        raise MeasurementError(msg)


def _to_day(value: _dt.date | str) -> _dt.date:
    return as_day(value, error=MeasurementError, what="on")


def _to_level(value: Level | str) -> Level:
    # Counts are published for the levels under a province only, so not as_enum(Level).
    if value in (Level.DISTRICT, Level.COMMUNE, "district", "commune"):
        return Level(value)
    msg = f"level must be 'district' or 'commune', got {value!r}"
    raise MeasurementError(msg)


def _to_period(value: Period | str | int) -> Period:
    return as_period(value, where="period")


def _count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "total":
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        shown = (
            repr(value)
            if not isinstance(value, int) or value.bit_length() < 64
            else "a huge number"
        )
        msg = f"{attribute.name} must be a whole number from 0 to {MAX_COUNT:,}, got {shown}"
        raise MeasurementError(msg)


@attrs.frozen
class Recognition:
    """An official decision that a unit completed digital transformation on a date.

    ``on`` is a :class:`datetime.date` (a datetime gives its date) or an ISO text
    ``'YYYY-MM-DD'``; ``source`` is a text, None is no source (stored as "").

    >>> Recognition(unit="14758", on="2023-12-20", decision="QĐ 123/QĐ-UBND").on
    datetime.date(2023, 12, 20)
    """

    unit: str = attrs.field(validator=_unit_code)
    on: _dt.date = attrs.field(converter=_to_day)
    decision: str = attrs.field(validator=_nonempty)
    source: str = attrs.field(default="", converter=text_field)

    def __repr__(self) -> str:
        """Python that builds this recognition again (with ``from thdx import Recognition``)."""
        source = f", source={self.source!r}" if self.source else ""
        return (
            f"Recognition(unit={self.unit!r}, on={self.on.isoformat()!r},"
            f" decision={self.decision!r}{source})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of this recognition."""
        return {
            "unit": self.unit,
            "on": self.on.isoformat(),
            "decision": self.decision,
            "source": self.source,
        }


@attrs.frozen
class ReportedCount:
    """A count of completed units published for a whole level, not per unit.

    Args:
        unit: the unit the count is about (the province, "38").
        level: the level counted (district or commune).
        period: the period it reports on.
        count: units reported as completed.
        total: units of the level at the time, if published.
        source: the publication (None: none, stored as "").

    >>> ReportedCount(unit="38", level="commune", period="2023", count=114, total=558).count
    114
    """

    unit: str = attrs.field(validator=_unit_code)
    level: Level = attrs.field(converter=_to_level)
    period: Period = attrs.field(converter=_to_period)
    count: int = attrs.field(validator=_count)
    total: int | None = attrs.field(default=None, validator=_count)
    source: str = attrs.field(default="", converter=text_field)

    def __attrs_post_init__(self) -> None:
        if self.total is not None and self.count > self.total:
            msg = f"reported count {self.count} exceeds its total {self.total}"
            raise MeasurementError(msg)
