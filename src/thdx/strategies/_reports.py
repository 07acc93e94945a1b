"""Strategies for evaluated reports, for code that consumes them."""

from __future__ import annotations

from hypothesis import strategies as st

from thdx.engine import evaluate
from thdx.model._hierarchy import Hierarchy
from thdx.rules._rulebook import Rulebook
from thdx.strategies._data import Scenario, scenarios
from thdx.verdicts._verdict import Report


def _evaluated(s: Scenario) -> Report:
    return evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)


def reports(
    rulebook: Rulebook | None = None, hierarchy: Hierarchy | None = None
) -> st.SearchStrategy[Report]:
    """Evaluated Reports: a :func:`scenarios` draw passed to :func:`thdx.evaluate`.

    With no arguments, reports of Resolution 06-NQ/TU on Thanh Hóa's units, so
    application code that reads ``report.verdict("2025.gov.satisfaction")`` can take
    them; ``report.data``, ``report.units`` and ``report.as_of`` hold the inputs.

    Args:
        rulebook: the targets (default: Resolution 06-NQ/TU).
        hierarchy: the units (default: Thanh Hóa's, both eras).
    """
    return scenarios(rulebook, hierarchy).map(_evaluated)
