"""Helpers shared by the test files (one home, imported as ``from helpers import ...``).

Only the public API of thdx is used here, so a helper never ties a test to the inside
of the library.
"""

from __future__ import annotations

import contextlib
import csv
import io
import signal
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import Any, NoReturn

import attrs

import thdx
from thdx import Level, Measurement, MeasurementSet, Note, Recognition, ReportedCount

#: What a MeasurementSet is built from.
Item = Measurement | Recognition | ReportedCount


def keys(notes: Mapping[int, Sequence[Note]] | Sequence[Note]) -> object:
    """The compact keys of an engine node's notes: a list for a unit's notes, a dict of
    lists for a node's ``notes`` (unit position → notes)."""
    if isinstance(notes, Mapping):
        return {i: [n.key for n in ns] for i, ns in notes.items()}
    return [n.key for n in notes]


# -- evaluating ---------------------------------------------------------------------------


def report_on(items: Sequence[Item] | MeasurementSet, as_of: str, **kw: Any) -> thdx.Report:
    """Evaluate ``rulebook=`` (default: Resolution 06) on these items (a set as is, else
    checked against the default catalogue), with Thanh Hóa's units unless ``units=``
    says otherwise; other keywords go to :func:`thdx.evaluate`."""
    rulebook = kw.pop("rulebook", None) or thdx.resolution_06()
    kw.setdefault("units", thdx.thanh_hoa_units())
    data = items if isinstance(items, MeasurementSet) else MeasurementSet(items)
    return thdx.evaluate(rulebook, data, as_of=as_of, **kw)


def verdict_on(
    items: Sequence[Item] | MeasurementSet,
    target: str,
    as_of: str,
    unit: str | None = None,
    **kw: Any,
) -> thdx.Verdict:
    """The verdict of one target (of Resolution 06 by default) on these items."""
    return report_on(items, as_of, **kw).verdict(target, unit)


def rulebook_of(*targets: thdx.Target, **changes: Any) -> thdx.Rulebook:
    """Resolution 06 with only these targets (its catalogue and jurisdiction kept, unless
    ``changes`` replace them)."""
    return attrs.evolve(thdx.resolution_06(), targets=targets, **changes)


# -- data ---------------------------------------------------------------------------------


def productivity_levels(values: dict[int, float], source: str = "GSO") -> list[Measurement]:
    """The province's labour productivity (million VND per worker), by year."""
    return [Measurement("38", "labour_productivity", v, y, source) for y, v in values.items()]


def productivity_rates(values: dict[int, float], source: str = "GSO") -> list[Measurement]:
    """Yearly growth of the province's labour productivity (percent), by year."""
    return [
        Measurement("38", "labour_productivity_growth", v, y, source) for y, v in values.items()
    ]


# -- the shipped unit lists ---------------------------------------------------------------


def admin_unit_rows(name: str) -> list[dict[str, str]]:
    """The rows of one shipped admin-units CSV file."""
    text = resources.files("thdx").joinpath("data", "admin-units", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def units_per_level(day: str) -> tuple[int, int, int]:
    """Number of province, district and commune-level units of Thanh Hóa on a day."""
    c = Counter(u.level for u in thdx.thanh_hoa_units().at(day))
    return c[Level.PROVINCE], c[Level.DISTRICT], c[Level.COMMUNE]


# -- guards -------------------------------------------------------------------------------


class Hang(Exception):
    """Raised by :func:`no_hang`: a case ran for longer than the limit."""


@contextlib.contextmanager
def no_hang(seconds: float) -> Iterator[None]:
    """Fail with :class:`Hang`, rather than stall, if the block runs longer than
    ``seconds`` (SIGALRM: the main thread only)."""

    def ring(signum: int, frame: object) -> NoReturn:
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
