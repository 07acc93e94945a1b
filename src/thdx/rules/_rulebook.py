"""Rulebook: a resolution's goals as typed data (no files; the loader is in
:mod:`thdx.rulebooks`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs

from thdx.model._errors import UnknownTargetError, close_matches
from thdx.model._indicators import Catalogue
from thdx.rules._html import rulebook_html, rulebook_repr
from thdx.rules._targets import STATED_FOR, Target
from thdx.rules._vocabulary import Completed, CountUnits, CriteriaSet, Rule, RuleError, ShareUnits

__all__ = ["COUNT_UNIT", "Guideline", "Rulebook"]

COUNT_UNIT = "administrative_unit"


@attrs.frozen
class Guideline:
    """A non-quantified direction of a resolution: verbatim text, no verdict."""

    id: str
    text: str
    label_en: str = ""


def _targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return tuple(value)


def _guidelines(value: Iterable[Guideline]) -> tuple[Guideline, ...]:
    return tuple(value)


def _check_level(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value != "" and value not in STATED_FOR:
        msg = f"stated_for must be one of {', '.join(map(repr, STATED_FOR))}, got {value!r}"
        raise RuleError(msg)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Rulebook:
    """A resolution encoded as data: metadata, indicators, targets and directions.

    Build one with :func:`load_rulebook` or :func:`resolution_06`.
    """

    id: str
    number: str
    title: str
    jurisdiction: str
    catalogue: Catalogue = attrs.field(eq=True)
    targets: tuple[Target, ...] = attrs.field(converter=_targets)
    directions: tuple[Guideline, ...] = attrs.field(default=(), converter=_guidelines)
    title_en: str = ""
    issuer: str = ""
    issuer_en: str = ""
    issued: _dt.date | None = None
    source: str = ""
    own_indicators: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    #: The year progress toward the goals is measured from (the year before the plan
    #: period: 2020 for Resolution 06, whose goals run from 2021); None: not stated.
    base_year: int | None = None
    #: The level the document is stated for when it is wider than its jurisdiction
    #: (``"nation"``: a national programme measured for the jurisdiction); ``""``:
    #: stated for the jurisdiction itself.
    stated_for: str = attrs.field(default="", validator=_check_level)
    #: The name of the shipped list of administrative units the rulebook is judged over
    #: when :func:`thdx.evaluate` is given none (``"thanh_hoa"``: :func:`thdx.thanh_hoa_units`);
    #: None: no default (counts of units then have none to count).
    units: str | None = None
    _index: dict[str, Target] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {t.id: t for t in self.targets})

    def target(self, id: str) -> Target:
        """The target with this stable id.

        Raises:
            UnknownTargetError: (a KeyError) naming the id.
        """
        try:
            return self._index[id]
        except KeyError:
            near = close_matches(id, self._index)
            raise UnknownTargetError(
                id, where=f"rulebook {self.number}", suggestions=near
            ) from None

    def with_completion(
        self, criteria: CriteriaSet | None = None, *, carry_over: bool = False
    ) -> Rulebook:
        """A copy whose completion rules use ``criteria`` and/or carry recognitions
        over the 2025 reform's lineage (``carry_over``, never the default)."""
        comp = Completed(criteria=criteria, carry_over=carry_over)

        def swap(rule: Rule) -> Rule:
            if isinstance(rule, Completed):
                return comp
            if isinstance(rule, CountUnits | ShareUnits):
                return attrs.evolve(rule, rule=swap(rule.rule))
            return rule

        catalogue = criteria.catalogue(self.catalogue) if criteria else self.catalogue
        targets = tuple(attrs.evolve(t, rule=swap(t.rule)) for t in self.targets)
        return attrs.evolve(self, targets=targets, catalogue=catalogue)

    def __repr__(self) -> str:
        return rulebook_repr(self)

    def _repr_html_(self) -> str:
        """The rulebook in a notebook: one row per target (HTML)."""
        return rulebook_html(self)
