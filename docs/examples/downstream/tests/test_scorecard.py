"""Tests of the scorecard app, with thdx's strategies (no arguments) and a scenario file
(tests/satisfaction.thdx.toml, collected by thdx's pytest plugin)."""

from __future__ import annotations

from hypothesis import given, settings
from scorecard import MARKS, satisfaction_badge, scorecard

import thdx
from thdx import strategies as ts

# Each example evaluates Resolution 06 over Thanh Hóa's units: a few dozen are enough.
few = settings(max_examples=25, deadline=None)


@few
@given(ts.reports())
def test_one_line_per_goal(report: thdx.Report) -> None:
    """Every goal of Resolution 06 has one line, marked with its status."""
    lines = scorecard(report)
    assert len(thdx.resolution_06().targets) == len(lines)
    for line, v in zip(lines, report.verdicts("38"), strict=True):
        assert line.startswith(f"{MARKS[v.status]} {v.target.id}")


@few
@given(ts.reports())
def test_badge_agrees_with_the_verdict(report: thdx.Report) -> None:
    """The badge says "met" exactly when the verdict is MET."""
    met = report.verdict("2025.gov.satisfaction").status is thdx.Status.MET
    assert met == (satisfaction_badge(report) == "met")


@few
@given(ts.edge_cases("2025.gov.satisfaction"))
def test_badge_at_the_threshold(case: ts.EdgeCase) -> None:
    """Around 90 %, on the deadline's edges, the badge never says "met" below 90 %."""
    report = thdx.evaluate(case.rulebook, case.data, units=case.hierarchy, as_of=case.as_of)
    if satisfaction_badge(report) == "met":
        assert case.value >= 90.0 - thdx.rules.tolerance(90.0)
