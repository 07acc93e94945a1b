"""What the renderings read of a verdict, of a step of its trace and of a report.

The text (:mod:`thdx.verdicts._text`) and JSON (:mod:`thdx.verdicts._json`) renderings
take objects of these shapes (:class:`typing.Protocol`), not the classes of
:mod:`thdx.verdicts._verdict`: the verdict types call the renderings, the renderings
never import the verdict types, and no module of ``thdx.verdicts`` imports in a circle.
:class:`~thdx.Verdict`, :class:`~thdx.SubVerdict` and :class:`~thdx.Report` have these
shapes; so may any other object (a verdict read back from JSON, a test double).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Literal, Protocol

from thdx.model._indicators import Catalogue
from thdx.model._levels import Level
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import Period
from thdx.progress import Progress
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import Target
from thdx.rules._vocabulary import Rule
from thdx.verdicts._notes import GrowthMethod, Note
from thdx.verdicts._status import Counts, Route, Status

__all__ = ["ReportView", "StepView", "TraceView", "VerdictView"]


class TraceView(Protocol):
    """What a verdict and each step of its trace show: a status for a unit, the
    evidence read, the notes, and the steps combined."""

    @property
    def unit(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def value(self) -> float | None: ...
    @property
    def route(self) -> Route | None: ...
    @property
    def measurements(self) -> Sequence[Measurement]: ...
    @property
    def recognitions(self) -> Sequence[Recognition]: ...
    @property
    def notes(self) -> Sequence[Note]: ...
    @property
    def children(self) -> Sequence[StepView]: ...
    @property
    def catalogue(self) -> Catalogue: ...


class StepView(TraceView, Protocol):
    """A step inside a verdict's trace: one sub-rule for one unit."""

    @property
    def rule(self) -> Rule: ...


class VerdictView(TraceView, Protocol):
    """The outcome of one target for one unit (see :class:`~thdx.Verdict`)."""

    @property
    def target(self) -> Target: ...
    @property
    def role(self) -> Literal["target", "breakdown", "counted"]: ...
    @property
    def counted_in(self) -> str | None: ...
    @property
    def unit_name(self) -> str | None: ...
    @property
    def level(self) -> Level | None: ...
    @property
    def final(self) -> bool: ...
    @property
    def period(self) -> Period | None: ...
    @property
    def as_of(self) -> _dt.date: ...
    @property
    def threshold(self) -> float | None: ...
    @property
    def unit_of_measure(self) -> str: ...
    @property
    def method(self) -> GrowthMethod | None: ...
    @property
    def counts(self) -> Counts | None: ...
    @property
    def reported_count(self) -> ReportedCount | None: ...
    @property
    def progress(self) -> Progress | None: ...


class ReportView(Protocol):
    """The verdicts of one evaluation (see :class:`~thdx.Report`)."""

    @property
    def rulebook(self) -> Rulebook: ...
    @property
    def as_of(self) -> _dt.date: ...
    def verdicts(self) -> Sequence[VerdictView]: ...
    def all_verdicts(self) -> Sequence[VerdictView]: ...
