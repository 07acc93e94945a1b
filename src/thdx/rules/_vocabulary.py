"""The declarative rule vocabulary: what a goal asks, as data.

Rules hold thresholds as plain magnitudes in the canonical unit of what they compare
(percent for shares, a rank for ranks, a number of units for counts); they know
nothing of files or of how they are evaluated (see :mod:`thdx.engine`).

=====================  ===============================================================
:class:`Compare`       an indicator's value against a threshold (ranks: ``<=``)
:class:`Growth`        compound average annual growth over a window of years
:class:`AllOf`         every rule holds (Kleene "and")
:class:`AnyOf`         some rule holds (Kleene "or")
:class:`AtLeast`       at least *k* of the rules hold
:class:`Score`         the points of the rules that hold reach a cut-off
:class:`Undetermined`  rules whose combination is not public (always UNKNOWN)
:class:`CountUnits`    the number of units of a level satisfying a rule
:class:`ShareUnits`    the share (percent) of units of a level satisfying a rule
:class:`Completed`     a unit completed digital transformation (recognition or criteria)
=====================  ===============================================================

>>> r = Compare("satisfaction_share", ">=", 90.0)
>>> r.comparator.holds(92.5, r.threshold)
True
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._coerce import as_enum
from thdx.model._errors import RuleError
from thdx.model._indicators import Catalogue, Indicator
from thdx.model._levels import Level, as_level
from thdx.model._periods import Period, as_period

__all__ = [
    "ABS_TOL",
    "REL_TOL",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Combinator",
    "Comparator",
    "Compare",
    "Completed",
    "CountUnits",
    "CriteriaSet",
    "Criterion",
    "Growth",
    "PassRule",
    "Rule",
    "RuleError",
    "Score",
    "ShareUnits",
    "Undetermined",
    "tolerance",
]


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


class Comparator(enum.Enum):
    """How a value is compared with a threshold."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="

    @classmethod
    def parse(cls, value: Comparator | str) -> Comparator:
        """The comparator for ``">="`` and friends.

        Raises:
            RuleError: an unknown comparator, named.
        """
        return as_enum(cls, value, error=RuleError, what="comparator", fold=str.strip)

    def holds(self, value: float, threshold: float) -> bool:
        """Whether ``value <op> threshold``, equality within :func:`thdx.rules.tolerance`.

        >>> Comparator.GE.holds(8.099999999999996, 8.1), Comparator.GT.holds(8.1, 8.1)
        (True, False)
        """
        return bool(self.apply(np.asarray([value], dtype=float), threshold)[0])

    def apply(self, values: npt.NDArray[np.float64], threshold: float) -> npt.NDArray[np.bool_]:
        """The comparison on an array (NaN compares False), equality within
        :func:`thdx.rules.tolerance`: one array operation, as fast as a plain comparison."""
        tol = tolerance(threshold)
        with np.errstate(invalid="ignore"):
            if self is Comparator.GE:
                out = values >= threshold - tol
            elif self is Comparator.GT:
                out = values > threshold + tol
            elif self is Comparator.LE:
                out = values <= threshold + tol
            elif self is Comparator.LT:
                out = values < threshold - tol
            else:
                out = np.abs(values - threshold) <= tol
        result: npt.NDArray[np.bool_] = out
        return result

    @property
    def words_en(self) -> str:
        """The comparator in English words."""
        return _WORDS_EN[self]

    @property
    def words_vi(self) -> str:
        """The comparator in Vietnamese words."""
        return _WORDS_VI[self]


#: Relative tolerance of every comparison with a threshold: computed values (compound
#: growth, derived ratios, shares of units) are floats, so a value that differs from the
#: threshold by less than this fraction of the threshold *is* the threshold (five yearly
#: rates of 8.1 % compound to 8.099999999999996 %, which meets "≥ 8.1 %").
REL_TOL = 1e-9
#: Absolute tolerance, for thresholds at zero (in the threshold's canonical unit).
ABS_TOL = 1e-12


def tolerance(threshold: float) -> float:
    """How far a value may lie from ``threshold`` and still equal it.

    >>> tolerance(8.1), tolerance(0.0)
    (8.1e-09, 1e-12)
    """
    return max(REL_TOL * abs(threshold), ABS_TOL)


_WORDS_EN = {
    Comparator.GE: "at least",
    Comparator.GT: "more than",
    Comparator.LE: "at most",
    Comparator.LT: "less than",
    Comparator.EQ: "exactly",
}
_WORDS_VI = {
    Comparator.GE: "từ",
    Comparator.GT: "trên",
    Comparator.LE: "không quá",
    Comparator.LT: "dưới",
    Comparator.EQ: "bằng",
}


def _comparator(value: Comparator | str) -> Comparator:
    return Comparator.parse(value)


def _finite(inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        msg = f"{attribute.name} must be a finite number, got {value!r}"
        raise RuleError(msg)


def _non_negative(inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        msg = (
            f"{attribute.name} must be ≥ 0 (a negative score would let an unknown rule "
            f"lower it), got {value!r}"
        )
        raise RuleError(msg)


def _threshold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"threshold must be a number in the canonical unit, got {value!r}"
        raise RuleError(msg)
    return float(value)


@attrs.frozen
class Compare:
    """An indicator's value ``comparator`` a threshold in its canonical unit."""

    indicator: str
    comparator: Comparator = attrs.field(converter=_comparator)
    threshold: float = attrs.field(converter=_threshold, validator=_finite)


@attrs.frozen
class Growth:
    """Average annual growth of an indicator over a window of whole years.

    Compound (geometric), from the levels of the year before the window and its last
    year, or from the yearly rates (``rate_indicator``) of every year in the window.
    ``method="arithmetic"`` averages the yearly rates instead, and says so.
    """

    indicator: str
    window: Period = attrs.field(converter=as_period)
    comparator: Comparator = attrs.field(converter=_comparator)
    threshold: float = attrs.field(converter=_threshold, validator=_finite)
    rate_indicator: str | None = None
    method: Literal["compound", "arithmetic"] = "compound"

    def __attrs_post_init__(self) -> None:
        if not self.window.is_whole_years:
            msg = f"growth window must be whole years ('2021/2025'), got {str(self.window)!r}"
            raise RuleError(msg)
        if self.method not in ("compound", "arithmetic"):
            msg = f"growth method must be 'compound' or 'arithmetic', got {self.method!r}"
            raise RuleError(msg)
        if self.method == "arithmetic" and self.rate_indicator is None:
            msg = "an arithmetic average of growth needs rate_indicator (yearly rates)"
            raise RuleError(msg)


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    rules = tuple(value)
    if not rules:
        msg = "a combination needs at least one rule"
        raise RuleError(msg)
    return rules


@attrs.frozen
class AllOf:
    """Every rule holds: one NOT_MET makes it NOT_MET, even beside UNKNOWNs."""

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)


@attrs.frozen
class AnyOf:
    """Some rule holds: one MET makes it MET, even beside UNKNOWNs."""

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)


@attrs.frozen
class AtLeast:
    """At least ``k`` of the rules hold (MET iff known passes ≥ k; NOT_MET iff passes
    plus unknowns < k)."""

    k: int
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < 0:
            msg = f"k must be a whole number ≥ 0, got {self.k!r}"
            raise RuleError(msg)


def _level(value: Level | str) -> Level:
    return as_level(value, error=RuleError)


@attrs.frozen
class _OverUnits:
    """The fields of a rule over the units of ``level`` under the evaluated unit: the
    rule each unit is judged by, and the comparison of their number or share."""

    level: Level = attrs.field(converter=_level)
    rule: Rule
    comparator: Comparator = attrs.field(converter=_comparator)
    threshold: float = attrs.field(converter=_threshold, validator=_finite)


@attrs.frozen
class CountUnits(_OverUnits):
    """The number of units of ``level`` (under the evaluated unit) satisfying ``rule``."""


@attrs.frozen
class ShareUnits(_OverUnits):
    """The share, in percent, of units of ``level`` satisfying ``rule``."""


class PassRule(enum.Enum):
    """How a criteria set's results make a pass.

    ``UNKNOWN`` is for a set whose pass rule is not public (QĐ 1829/QĐ-UBND): its known
    criteria are evaluated and shown, but they can neither pass nor fail a unit.
    """

    ALL = "all"
    AT_LEAST = "at_least"
    SCORE = "score"
    UNKNOWN = "unknown"


def _points(value: Iterable[float]) -> tuple[float, ...]:
    return tuple(value)


@attrs.frozen
class Score:
    """The points of the rules that hold reach ``at_least`` (a score cut-off).

    MET when the points of the rules known to hold reach the cut-off; NOT_MET when even
    every unknown rule holding could not; else UNKNOWN.
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)
    points: tuple[float, ...] = attrs.field(converter=_points)
    at_least: float = attrs.field(converter=_threshold, validator=_finite)

    def __attrs_post_init__(self) -> None:
        if len(self.points) != len(self.rules) or not all(
            not isinstance(p, bool) and isinstance(p, int | float) and math.isfinite(p) and p >= 0
            for p in self.points
        ):
            msg = (
                "a score needs one finite number of points ≥ 0 per rule (a negative score "
                f"would let an unknown rule lower it), got {self.points!r}"
            )
            raise RuleError(msg)


@attrs.frozen
class Undetermined:
    """Rules whose combination is not known (a pass rule that is not public).

    Each rule is evaluated and shown in the trace; the combination is UNKNOWN (or
    NOT_APPLICABLE when every rule is): no part can decide it.
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rules)


@attrs.frozen
class Criterion:
    """One criterion of a criteria set: a comparison, and its points for a score."""

    id: str
    indicator: str
    comparator: Comparator = attrs.field(converter=_comparator)
    threshold: float = attrs.field(converter=_threshold, validator=_finite)
    label_en: str = ""
    label_vi: str = ""
    points: float = attrs.field(default=1.0, validator=[_finite, _non_negative])

    @property
    def rule(self) -> Compare:
        """The criterion as a :class:`Compare` rule."""
        return Compare(self.indicator, self.comparator, self.threshold)


def _pass_rule(value: PassRule | str) -> PassRule:
    return as_enum(PassRule, value, error=RuleError, what="pass rule")


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(value)


@attrs.frozen
class CriteriaSet:
    """Declarative criteria that decide whether a unit completed digital transformation.

    Args:
        id: stable id.
        title: title (Vietnamese).
        level: the level of units it applies to.
        criteria: the criteria.
        pass_rule: ALL, AT_LEAST (with ``at_least``) or SCORE (with ``score_at_least``,
            summing each passed criterion's points).
        complete: False when only part of the official criteria is known; a verdict
            that relies on an incomplete set never says MET and always says so.
        decision: the decision that issued it ("1829/QĐ-UBND").
        indicators: indicators the set brings (added to the catalogue).
    """

    id: str
    title: str
    level: Level = attrs.field(converter=_level)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    pass_rule: PassRule = attrs.field(default=PassRule.ALL, converter=_pass_rule)
    at_least: int | None = None
    score_at_least: float | None = None
    complete: bool = True
    decision: str = ""
    title_en: str = ""
    note: str = ""
    issued: str = ""
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_indicators)

    def __attrs_post_init__(self) -> None:
        if not _ID.fullmatch(self.id):
            msg = f"criteria set id must be letters, digits, '.', '_' or '-', got {self.id!r}"
            raise RuleError(msg)
        if not self.criteria:
            msg = f"criteria set {self.id!r} has no criteria"
            raise RuleError(msg)
        ids = [c.id for c in self.criteria]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            msg = f"criteria set {self.id!r}: duplicate criterion ids {dupes!r}"
            raise RuleError(msg)
        if self.pass_rule is PassRule.AT_LEAST and (
            not isinstance(self.at_least, int)
            or isinstance(self.at_least, bool)
            or not 0 <= self.at_least <= len(self.criteria)
        ):
            msg = (
                f"criteria set {self.id!r}: pass rule 'at_least' needs at_least between 0 "
                f"and {len(self.criteria)}, got {self.at_least!r}"
            )
            raise RuleError(msg)
        if self.pass_rule is PassRule.SCORE and self.score_at_least is None:
            msg = f"criteria set {self.id!r}: pass rule 'score' needs score_at_least"
            raise RuleError(msg)
        if self.score_at_least is not None and (
            isinstance(self.score_at_least, bool)
            or not isinstance(self.score_at_least, int | float)
            or not np.isfinite(self.score_at_least)
        ):
            msg = (
                f"criteria set {self.id!r}: score_at_least must be a finite number, "
                f"got {self.score_at_least!r}"
            )
            raise RuleError(msg)

    def as_rule(self) -> AllOf | AtLeast | Score | Undetermined:
        """The pass rule over the criteria, as a rule of the vocabulary.

        >>> cs = CriteriaSet("s", "S", "commune", [Criterion("a", "x", ">=", 1, points=2)],
        ...                  pass_rule="score", score_at_least=2)
        >>> type(cs.as_rule()).__name__
        'Score'
        """
        rules = tuple(c.rule for c in self.criteria)
        if self.pass_rule is PassRule.AT_LEAST:
            return AtLeast(int(self.at_least or 0), rules)
        if self.pass_rule is PassRule.SCORE:
            return Score(rules, tuple(c.points for c in self.criteria), self.score_at_least or 0.0)
        if self.pass_rule is PassRule.UNKNOWN:
            return Undetermined(rules)
        return AllOf(rules)

    def catalogue(self, base: Catalogue) -> Catalogue:
        """``base`` with the set's own indicators added."""
        return base.merged(self.indicators)


@attrs.frozen
class Completed:
    """A unit completed digital transformation.

    Decided by an official :class:`~thdx.Recognition` dated on or before the
    evaluation date, else by ``criteria`` on the unit's own measurements. With
    ``carry_over``, a recognition of a predecessor unit (before the 2025 reform)
    counts for its successors; never the default, and every verdict says when used.
    """

    criteria: CriteriaSet | None = None
    carry_over: bool = False


#: The rules that combine other rules' statuses (three-valued).
Combinator = AllOf | AnyOf | AtLeast | Score | Undetermined

Rule = (
    Compare
    | Growth
    | AllOf
    | AnyOf
    | AtLeast
    | Score
    | Undetermined
    | CountUnits
    | ShareUnits
    | Completed
)
