"""Statuses, completion routes and counts of units: the values a verdict reports."""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any

import attrs

from thdx.model._levels import Level

__all__ = ["MET", "NA", "NOT_MET", "ROUTES", "STATUSES", "UNKNOWN", "Counts", "Route", "Status"]


class Status(enum.Enum):
    """The outcome of a target for a unit."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    @property
    def code(self) -> int:
        """The status as the engine's small integer (NOT_MET < UNKNOWN < MET; NA 3)."""
        return _CODE[self]


NOT_MET, UNKNOWN, MET, NA = 0, 1, 2, 3
_CODE = {
    Status.NOT_MET: NOT_MET,
    Status.UNKNOWN: UNKNOWN,
    Status.MET: MET,
    Status.NOT_APPLICABLE: NA,
}
STATUSES = (Status.NOT_MET, Status.UNKNOWN, Status.MET, Status.NOT_APPLICABLE)


class Route(enum.Enum):
    """How a unit's completion was decided."""

    NONE = "none"
    RECOGNITION = "recognition"
    CARRIED_RECOGNITION = "carried_recognition"
    CRITERIA = "criteria"
    REPORTED = "reported"


ROUTES = (Route.NONE, Route.RECOGNITION, Route.CARRIED_RECOGNITION, Route.CRITERIA, Route.REPORTED)


@attrs.frozen
class Counts:
    """How many units of a level passed, failed, are unknown, out of how many."""

    level: Level
    passed: int
    failed: int
    unknown: int
    total: int
    on: _dt.date

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "level": self.level.value,
            "passed": self.passed,
            "failed": self.failed,
            "unknown": self.unknown,
            "total": self.total,
            "on": self.on.isoformat(),
        }
