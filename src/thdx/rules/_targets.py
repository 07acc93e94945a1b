"""Targets: a rule, a deadline and a scope, with the clause of the resolution it encodes.

>>> from thdx.rules._vocabulary import Compare
>>> t = Target(id="2025.gov.satisfaction", rule=Compare("satisfaction_share", ">=", 90),
...            deadline="2025", scope="province", clause="Có 90% người dân ...",
...            threshold_unit="percent")
>>> t.comparator.value, t.threshold_magnitude, str(t.deadline)
('>=', 90.0, '2025')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from thdx.model._coerce import as_enum
from thdx.model._indicators import Pillar
from thdx.model._levels import Level, as_level
from thdx.model._periods import Period, as_period
from thdx.rules._vocabulary import (
    _ID,
    Combinator,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    Growth,
    Rule,
    RuleError,
    ShareUnits,
)

if TYPE_CHECKING:
    import pint

__all__ = ["STATED_FOR", "Target", "rule_indicators"]


def _check_id(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        msg = f"target id must be letters, digits, '.', '_' or '-', got {value!r}"
        raise RuleError(msg)


def _scope(value: Level | str) -> Level:
    return as_level(value, error=RuleError, what="scope")


def _pillar(value: Pillar | str | None) -> Pillar | None:
    return None if value is None else as_enum(Pillar, value, error=RuleError, what="pillar")


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


#: The levels a goal can be stated for, from the widest: ``nation`` is above every
#: administrative level of thdx (a national programme's goal).
STATED_FOR = ("nation", "province", "district", "commune")


def _check_stated_for(inst: Target, attribute: attrs.Attribute[str], value: str) -> None:
    if value == "":
        return
    if value not in STATED_FOR:
        msg = f"stated_for must be one of {', '.join(map(repr, STATED_FOR))}, got {value!r}"
        raise RuleError(msg)
    judged = inst.judged_level
    if STATED_FOR.index(value) > STATED_FOR.index(judged):
        msg = (
            f"a goal stated for each {value} is not a goal judged for a {judged}: "
            f"stated_for must be that level or a wider one, got {value!r}"
        )
        raise RuleError(msg)


@attrs.frozen
class Target:
    """A goal of a resolution: what must hold, by when, for which units.

    Args:
        id: stable id (``2025.gov.satisfaction``).
        rule: what must hold (a rule of :mod:`thdx.rules`).
        deadline: the period by whose end it must hold ("2025").
        scope: the level it is about: ``province`` (judged for the jurisdiction),
            or the level a count/share runs over.
        clause: the verbatim text of the resolution it encodes.
        threshold_unit: the unit of the rule's threshold ("percent", "rank").
        label_en: an English working label.
        pillar: government, economy, society or overall.
        units: for targets assigned to named units (a plan), their codes.
        clause_verbatim: False when ``clause`` describes rather than quotes.
        stated_for: the level the document states the goal for, when it is wider than
            the units it is judged for: ``"nation"`` for a national programme's goal
            measured for a province (a benchmark); ``""`` (the default): stated for
            the units it is judged for.
    """

    id: str = attrs.field(validator=_check_id)
    rule: Rule
    deadline: Period = attrs.field(converter=as_period)
    scope: Level = attrs.field(converter=_scope)
    clause: str
    threshold_unit: str = ""
    label_en: str = ""
    pillar: Pillar | None = attrs.field(default=None, converter=_pillar)
    units: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    clause_verbatim: bool = True
    stated_for: str = attrs.field(default="", validator=_check_stated_for)

    @property
    def judged_level(self) -> str:
        """The level (its name) of the units a verdict is given for.

        It is the scope, except for a count or a share of units, which is judged for
        the province counting them."""
        if isinstance(self.rule, CountUnits | ShareUnits):
            return Level.PROVINCE.value
        return self.scope.value

    @property
    def benchmark(self) -> bool:
        """Whether the goal is stated for a wider level than it is judged for (a national
        goal read for a province), so meeting it is a comparison, not an obligation.

        >>> from thdx.rules._vocabulary import Compare
        >>> t = Target(id="t", rule=Compare("x", ">=", 20), deadline="2025",
        ...            scope="province", clause="Kinh tế số chiếm 20% GDP",
        ...            stated_for="nation")
        >>> t.benchmark
        True
        """
        judged = STATED_FOR.index(self.judged_level)
        return bool(self.stated_for) and STATED_FOR.index(self.stated_for) < judged

    @property
    def source(self) -> str:
        """The clause of the resolution this target encodes (verbatim Vietnamese)."""
        return self.clause

    @property
    def measure(self) -> str:
        """What the target measures — value, growth, count, share, completed or combination."""
        r = self.rule
        if isinstance(r, Compare):
            return "value"
        if isinstance(r, Growth):
            return "growth"
        if isinstance(r, CountUnits):
            return "count"
        if isinstance(r, ShareUnits):
            return "share"
        if isinstance(r, Completed):
            return "completed"
        return "combination"

    @property
    def _compared(self) -> Compare | Growth | CountUnits | ShareUnits | None:
        """The rule, when it compares something with a threshold."""
        r = self.rule
        return r if isinstance(r, Compare | Growth | CountUnits | ShareUnits) else None

    @property
    def comparator(self) -> Comparator | None:
        """The comparator of the rule, if it has one."""
        compared = self._compared
        return None if compared is None else compared.comparator

    @property
    def threshold_magnitude(self) -> float | None:
        """The threshold as a number in ``threshold_unit``."""
        compared = self._compared
        return None if compared is None else compared.threshold

    @property
    def threshold(self) -> pint.Quantity | None:
        """The threshold as a pint Quantity (None for rules without one)."""
        m = self.threshold_magnitude
        if m is None:
            return None
        from thdx.model._unit_registry import registry

        return registry().Quantity(m, self.threshold_unit or "dimensionless")

    @property
    def indicator(self) -> str | None:
        """The indicator compared, for value and growth targets."""
        r = self.rule
        if isinstance(r, Compare | Growth):
            return r.indicator
        return None

    @property
    def window(self) -> Period | None:
        """The window of a growth target."""
        return self.rule.window if isinstance(self.rule, Growth) else None

    def __repr__(self) -> str:
        from thdx.rules._html import target_repr

        return target_repr(self)


def rule_indicators(rule: Rule) -> set[str]:
    """Every indicator a rule reads (criteria sets included)."""
    if isinstance(rule, Compare):
        return {rule.indicator}
    if isinstance(rule, Growth):
        return {rule.indicator} | ({rule.rate_indicator} if rule.rate_indicator else set())
    if isinstance(rule, Combinator):
        return set().union(*(rule_indicators(r) for r in rule.rules))
    if isinstance(rule, CountUnits | ShareUnits):
        return rule_indicators(rule.rule)
    if rule.criteria is None:
        return set()
    return {c.indicator for c in rule.criteria.criteria}
