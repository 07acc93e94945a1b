"""Rulebooks and targets for a notebook: a short ``repr`` and an HTML table.

:meth:`thdx.Rulebook._repr_html_` and the short reprs of :class:`~thdx.Rulebook` and
:class:`~thdx.Target` call these functions; every text is escaped
(:func:`thdx.model._html.esc`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from thdx.model._html import esc, shorten, styled, table
from thdx.model._indicators import Pillar
from thdx.model._levels import Level
from thdx.model._periods import Period
from thdx.model._quantities import format_quantity
from thdx.rules._vocabulary import Comparator

__all__ = [
    "RulebookShape",
    "TargetShape",
    "requirement",
    "rulebook_html",
    "rulebook_repr",
    "target_repr",
]


class TargetShape(Protocol):
    """What these renderings read of a :class:`~thdx.Target` (a Protocol: this module
    does not import the class, whose methods call it)."""

    @property
    def id(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def comparator(self) -> Comparator | None: ...
    @property
    def threshold_magnitude(self) -> float | None: ...
    @property
    def threshold_unit(self) -> str: ...
    @property
    def deadline(self) -> Period: ...
    @property
    def scope(self) -> Level: ...
    @property
    def pillar(self) -> Pillar | None: ...
    @property
    def label_en(self) -> str: ...
    @property
    def clause(self) -> str: ...


class RulebookShape(Protocol):
    """What these renderings read of a :class:`~thdx.Rulebook`."""

    @property
    def id(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def targets(self) -> Sequence[TargetShape]: ...
    @property
    def directions(self) -> Sequence[object]: ...


def requirement(t: TargetShape) -> str:
    """What a target compares, in a few words: ``>= 90 %``; "" when it compares nothing."""
    comp, thr = t.comparator, t.threshold_magnitude
    if comp is None or thr is None:
        return ""
    unit = "" if t.threshold_unit in ("administrative_unit", "rank") else t.threshold_unit
    return f"{comp.value} {format_quantity(thr, unit)}"


def target_repr(t: TargetShape) -> str:
    """``<Target 2025.gov.satisfaction: value >= 90 % by 2025, province>``."""
    req = requirement(t)
    what = f"{t.measure} {req}" if req else t.measure
    return f"<Target {t.id}: {what} by {t.deadline}, {t.scope.value}>"


def rulebook_repr(rb: RulebookShape) -> str:
    """``<Rulebook 06-NQ/TU (resolution-06): 22 targets, 6 directions, jurisdiction 38>``."""
    return (
        f"<Rulebook {shorten(rb.number, 60)} ({shorten(rb.id, 60)}): {len(rb.targets)} "
        f"targets, {len(rb.directions)} directions, jurisdiction {shorten(rb.jurisdiction, 20)}>"
    )


def rulebook_html(rb: RulebookShape) -> str:
    """A rulebook as HTML: its number and title, then one row per target."""
    head = (
        f"<p><b>{esc(shorten(rb.number))}</b> — {esc(shorten(rb.title))}"
        f"<br>jurisdiction {esc(rb.jurisdiction)}; {len(rb.targets)} targets, "
        f"{len(rb.directions)} directions</p>"
    )
    rows = (
        (
            t.id,
            t.pillar.value if t.pillar else "",
            t.measure,
            requirement(t),
            t.deadline,
            t.scope.value,
            t.label_en or t.clause,
        )
        for t in rb.targets
    )
    cols = ["target", "pillar", "measure", "requirement", "deadline", "scope", "goal"]
    return styled(head + table(cols, rows))
