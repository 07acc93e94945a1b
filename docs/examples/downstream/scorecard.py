"""A tiny downstream application: a one-line-per-goal scorecard of a thdx Report.

It stands for any app that consumes thdx's reports (a dashboard, a provincial
reporting tool). Its tests, in tests/, use thdx.strategies with no arguments and a
scenario file; docs/howto-testing.md walks through them.
"""

from __future__ import annotations

import thdx

#: The mark shown for each status.
MARKS = {
    thdx.Status.MET: "✔",
    thdx.Status.NOT_MET: "✘",
    thdx.Status.UNKNOWN: "?",
    thdx.Status.NOT_APPLICABLE: "–",
}


def scorecard(report: thdx.Report) -> list[str]:
    """One line per goal of the province: its mark, its id, and "(standing)" when the
    verdict is not final yet."""
    lines = []
    for v in report.verdicts(report.rulebook.jurisdiction):
        standing = "" if v.final or v.status is thdx.Status.UNKNOWN else " (standing)"
        lines.append(f"{MARKS[v.status]} {v.target.id}{standing}")
    return lines


def satisfaction_badge(report: thdx.Report) -> str:
    """The badge of the 2025 satisfaction goal: "met", "not met" or "no data"."""
    v = report.verdict("2025.gov.satisfaction")
    if v.status is thdx.Status.UNKNOWN:
        return "no data"
    return "met" if v.status is thdx.Status.MET else "not met"
