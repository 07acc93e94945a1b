"""The steps of an evaluation plan: the rules of a rulebook as a small typed program.

:func:`thdx.engine.compile` turns a rulebook (or one rule), a MeasurementSet, a
Hierarchy and a day into a :class:`~thdx.engine.Plan` of these steps. They are data,
not closures, so that a backend other than numpy (SQL) can compile the same plan:

- :class:`Batch`: the units judged together, and per unit the first day whose data is
  about it (a code reused by a later unit does not inherit the earlier one's data).
- :class:`Gather`: per unit of a batch, the row of an indicator judged — for a period
  if the unit has it (the deadline), else the latest ending by a day. :class:`Exact`:
  the row for exactly a period. Both are resolved once, when the plan is compiled,
  into dense arrays of rows (``Plan.rows``).
- :class:`Threshold`: a gathered value against a comparator and a threshold.
- :class:`Kleene`: the three-valued combination of steps (all, any, at least k,
  score, undetermined).
- :class:`GrowthOver`: an average annual growth from gathered levels and rates.
- :class:`Completion`: recognitions, then a :class:`Criteria` set (a Kleene of
  thresholds).
- :class:`CountOver`: a count or share of the sub-units of each unit that pass a
  step (their positions resolved from the hierarchy at compile time);
  :class:`Regroup`: units judged in several eras, put back in order.

:class:`Scope` is the time of a step: the evaluation date, the deadline, the day
judged, the cut-off of an era. A plan is run by :mod:`thdx.engine._run`.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import TYPE_CHECKING, Protocol

import attrs

from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.model._periods import Period
from thdx.rules._vocabulary import (
    Combinator,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Growth,
    ShareUnits,
)
from thdx.verdicts._node import B1, F8, I8, I64, Node
from thdx.verdicts._notes import Note

if TYPE_CHECKING:
    from thdx.engine._data import Columns
    from thdx.engine._hierarchy import Lifetimes
    from thdx.rules._targets import Target
    from thdx.store._measurement_set import MeasurementSet

__all__ = [
    "Batch",
    "Completion",
    "CountOver",
    "Criteria",
    "Exact",
    "Gather",
    "GrowthOver",
    "Kleene",
    "KleeneOp",
    "Regroup",
    "Runner",
    "Scope",
    "Step",
    "TargetPlan",
    "Threshold",
]


@attrs.frozen
class Scope:
    """The time of a step (and the units a target named)."""

    #: The evaluation date: data for periods ending after it is never used.
    as_of: _dt.date
    #: The target's deadline period (None for a rule judged on its own).
    deadline: Period | None
    #: The day judged (never after ``as_of``; the deadline's end, or an era's last day).
    day: _dt.date
    #: The day the rulebook was issued: a count of units is set over that day's era.
    anchor: _dt.date | None = None
    #: ``"set"`` or ``"current"`` (see :func:`thdx.evaluate`).
    count_era: str = "set"
    #: The last day whose facts count (the deadline's end, or an era's last day).
    cutoff: _dt.date | None = None
    #: For a target on named units: the unit each code named when the rulebook was
    #: issued (a code reused by a later unit still names the earlier one).
    named: dict[str, AdministrativeUnit] | None = attrs.field(default=None, eq=False)

    @property
    def day_ord(self) -> int:
        """The last usable day as an ordinal (``day`` is never after ``as_of``)."""
        return self.day.toordinal()

    @property
    def settled(self) -> bool:
        """No later fact can change what happened by the cut-off day."""
        if self.deadline is None:
            return True
        cutoff = self.cutoff if self.cutoff is not None else self.deadline.end
        return self.as_of >= cutoff

    @property
    def before_end(self) -> bool:
        """Judged on an era's last day, before the deadline period ends."""
        return (
            self.cutoff is not None
            and self.deadline is not None
            and self.cutoff < self.deadline.end
        )


@attrs.frozen(eq=False)
class Batch:
    """Units judged together: their codes, per unit the ordinal of the first day it
    existed as the same unit, and its position among the data's units."""

    codes: list[str]
    valid_from: I64
    req: I64
    #: Whether some unit's data is bounded by its first day (``valid_from``).
    bounded: bool
    #: Whether the units are the data's, in their order.
    whole: bool = False
    #: The token of these codes among the data's (what is gathered for them is kept
    #: while the data lives; 0: not kept).
    token: int = 0

    def __len__(self) -> int:
        return len(self.codes)


@attrs.frozen(cache_hash=True)
class Gather:
    """Per unit of ``batch``: the row of ``indicator`` for ``prefer`` if the unit has
    it (and it ends by ``upto``), else the latest ending on or before the ordinal
    ``upto`` and not before the unit began; -1 for none."""

    indicator: str
    batch: Batch
    upto: int
    prefer: Period | None


@attrs.frozen(cache_hash=True)
class Exact:
    """Per unit of ``batch``: the row of ``indicator`` for exactly ``period``, or -1."""

    indicator: str
    batch: Batch
    period: Period


@attrs.frozen(eq=False)
class Threshold:
    """``value <comparator> threshold`` on the gathered values: MET, NOT_MET, or
    UNKNOWN where nothing was gathered. Final where the row is the deadline period's
    (``final_period``: its first and last day ordinals).

    Equality is within :func:`~thdx.rules.tolerance` of the threshold: ``bound`` is
    the threshold moved by it (``value >= bound`` for ``>=``, ``value > bound`` for
    ``>``, and so on), the comparison a backend makes.
    """

    rule: Compare
    batch: Batch
    scope: Scope
    src: Gather
    comparator: Comparator
    threshold: float
    bound: float
    final_period: tuple[int, int] | None
    #: The latest row up to ``as_of`` when the day judged is before it (data after
    #: the day judged is named in the notes, never used).
    later: Gather | None

    @property
    def known_final(self) -> bool:
        """Final exactly where known (no deadline: nothing later could change it)."""
        return self.final_period is None


class KleeneOp(enum.Enum):
    """How a :class:`Kleene` combines its steps."""

    ALL = "all"
    ANY = "any"
    AT_LEAST = "at_least"
    SCORE = "score"
    UNDETERMINED = "undetermined"


@attrs.frozen(eq=False)
class Kleene:
    """Kleene's three-valued combination of ``args`` (NOT_APPLICABLE parts are left
    out; all of them NOT_APPLICABLE gives NOT_APPLICABLE)."""

    rule: Combinator
    batch: Batch
    op: KleeneOp
    args: tuple[Step, ...]
    #: AT_LEAST: how many; SCORE: the points of each part and the cut-off.
    k: int = 0
    points: tuple[float, ...] = ()
    at_least: float = 0.0
    #: Whether some part can be NOT_APPLICABLE (thresholds and growth never are).
    na_parts: bool = True
    #: Final exactly where its status is known: every part is so, none can be
    #: NOT_APPLICABLE, and the combination decides on known parts alone.
    known_final: bool = False


@attrs.frozen(eq=False)
class GrowthOver:
    """An average annual growth over ``rule.window`` from levels (``levels``: per year,
    the exact row), yearly rates and published averages (per last year covered);
    ``after``: rows of years after the window up to ``as_of`` (named, not used)."""

    rule: Growth
    batch: Batch
    scope: Scope
    levels: tuple[tuple[int, Exact], ...]
    rates: tuple[tuple[int, Exact], ...]
    averages: tuple[tuple[int, Exact], ...]
    after: tuple[Exact, ...]


@attrs.frozen(eq=False)
class Criteria:
    """A criteria set judged as ``kleene`` (an incomplete set never shows completion)."""

    criteria: CriteriaSet
    kleene: Kleene


@attrs.frozen(eq=False)
class Completion:
    """Completion of each unit: by recognition (carried from predecessors with
    ``rule.carry_over``), else by ``criteria``."""

    rule: Completed
    batch: Batch
    scope: Scope
    criteria: Criteria | None
    #: Per unit, the day it is judged on (a unit that ceased: its last day).
    lifetimes: Lifetimes


@attrs.frozen(eq=False)
class CountOver:
    """A count (or share) of the sub-units of each unit of ``batch`` for which
    ``child`` is MET, compared with the rule's threshold in three values.

    ``subs`` are the units ``child`` judges and ``members[i]`` the positions of unit
    i's among them; ``child`` is None without a hierarchy."""

    rule: CountUnits | ShareUnits
    batch: Batch
    scope: Scope
    level: Level
    child: Step | None
    subs: tuple[AdministrativeUnit, ...]
    members: tuple[I64, ...]
    era_note: Note | None
    #: Per unit, the first and last day of the units it counts (their era).
    eras: tuple[tuple[_dt.date, _dt.date], ...] = ()
    #: A share of the units (in percent), not a number of them.
    share: bool = False


@attrs.frozen(eq=False)
class Regroup:
    """One rule over units judged in different eras: ``parts`` are the groups, and
    ``order`` puts their units (concatenated) back in the batch's order."""

    rule: CountUnits | ShareUnits
    batch: Batch
    parts: tuple[Step, ...]
    order: I64


Step = Threshold | Kleene | GrowthOver | Completion | Criteria | CountOver | Regroup


@attrs.frozen(eq=False)
class TargetPlan:
    """One target of a rulebook: its step, its breakdowns, and what the notes on
    data set aside need to know of it."""

    target: Target
    scope: Scope
    root: Step
    #: Per breakdown level, the step over that level's units on the day judged.
    breakdowns: tuple[tuple[Level, Step], ...]
    #: The breakdown levels with no unit on the day judged.
    absent: tuple[Level, ...]
    indicators: frozenset[str]
    reads_completion: bool


class Runner(Protocol):
    """What a step's kernel needs while a plan runs (see :mod:`thdx.engine._run`)."""

    data: MeasurementSet
    cols: Columns
    hierarchy: Hierarchy | None

    def run(self, step: Step) -> Node:
        """The result of ``step`` (each step runs once)."""
        ...

    def rows(self, gather: Gather | Exact) -> I64:
        """The rows a gather resolved to when the plan was compiled."""
        ...

    def values(self, gather: Gather) -> tuple[F8, B1, I8]:
        """The values of those rows (NaN for none), where there is one, and 1 where
        not (the status UNKNOWN)."""
        ...
