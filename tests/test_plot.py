"""Matplotlib figures of a report (the ``plot`` extra), drawn with the Agg backend: the
figures' artists hold the numbers of the report."""

from __future__ import annotations

import sys

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import thdx
from thdx.io import example_data
from thdx.model import EvaluationError, UnknownTargetError

matplotlib.use("Agg")

AS_OF = "2025-12-31"


@pytest.fixture(scope="module")
def report() -> thdx.Report:
    """The demo's report, with the QĐ 969 plan."""
    return thdx.evaluate(
        thdx.resolution_06(),
        example_data(),
        units=thdx.thanh_hoa_units(),
        as_of=AS_OF,
        plan=thdx.plan_qd969(),
    )


def bars(fig: matplotlib.figure.Figure, gid: str) -> list[Rectangle]:
    """The bars labelled ``gid``, in the order drawn."""
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_gid() == gid]


def data(values: object) -> list[float]:
    """A line's data as a list of floats."""
    return [float(x) for x in np.asarray(values, dtype=float)]


def pillar(v: thdx.Verdict) -> str:
    """The pillar of a verdict's goal ("" for none)."""
    return v.target.pillar.value if v.target.pillar is not None else ""


def line(fig: matplotlib.figure.Figure, gid: str) -> Line2D:
    """The line labelled ``gid``."""
    found = [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == gid]
    assert 1 == len(found), gid
    return found[0]


def test_unit_goal_against_the_plan(report: thdx.Report) -> None:
    """The communes goal: QĐ 969's cumulative quotas 94, 94 + 132 = 226, 226 + 133 = 359,
    359 + 118 = 477 (2022–2025), beside the units known completed each year, and the
    goal's own threshold of 300 dashed."""
    fig = report.plot("2025.soc.communes_completed")
    assert isinstance(fig, matplotlib.figure.Figure)
    quotas = bars(fig, "quota")
    assert [94.0, 226.0, 359.0, 477.0] == [b.get_height() for b in quotas]
    assert [2022, 2023, 2024, 2025] == [round(b.get_x() + b.get_width() / 2 + 0.2) for b in quotas]
    plan = report.progress("2025.soc.communes_completed").plan
    expected = [p.completed for p in plan if p.completed is not None]
    assert expected == [b.get_height() for b in bars(fig, "completed")]
    threshold = line(fig, "threshold")
    assert [300.0, 300.0] == data(threshold.get_ydata())
    assert threshold.get_linestyle() == "--"


def test_value_goal_series_threshold_deadline(report: thdx.Report) -> None:
    """The DX rank: the example data's ranks 15, 12, 15, 11, 5 (2020–2024), the
    threshold 10 and the deadline 2025; the rank axis is inverted (up is better)."""
    fig = report.plot("2025.overall.dx_rank_top10")
    series = line(fig, "series")
    assert [15.0, 12.0, 15.0, 11.0, 5.0] == data(series.get_ydata())
    xs = data(series.get_xdata())
    assert [2020, 2021, 2022, 2023, 2024] == [int(x) for x in xs]
    assert [10.0, 10.0] == data(line(fig, "threshold").get_ydata())
    assert [2025.5, 2025.5] == data(line(fig, "deadline").get_xdata())
    assert fig.axes[0].yaxis_inverted()


def test_value_goal_without_data(report: thdx.Report) -> None:
    """A goal with no data draws its threshold and deadline, and an empty series."""
    fig = report.plot("2025.gov.satisfaction")
    assert [] == data(line(fig, "series").get_ydata())
    assert [90.0, 90.0] == data(line(fig, "threshold").get_ydata())
    assert not fig.axes[0].yaxis_inverted()


def test_growth_goal_has_no_value_threshold(report: thdx.Report) -> None:
    """A growth goal's threshold is a rate, not a value of the series: none is drawn."""
    fig = report.plot("2025.econ.productivity_growth")
    assert [] == [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == "threshold"]


def test_scorecard_figure(report: thdx.Report) -> None:
    """One bar per pillar and status, as wide as the number of such verdicts."""
    fig = report.plot_scorecard()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert ["overall", "government", "economy", "society"] == labels
    for status in thdx.Status:
        widths = [b.get_width() for b in bars(fig, status.value)]
        expected = [sum(1 for v in report if v.status is status and pillar(v) == p) for p in labels]
        assert expected == widths, status


def test_unknown_target(report: thdx.Report) -> None:
    """An unknown target id is refused, named."""
    with pytest.raises(UnknownTargetError, match=r"2025\.nope"):
        report.plot("2025.nope")


def test_combination_goal_is_refused() -> None:
    """A goal combining several rules has no one series: refused, saying so."""
    from helpers import rulebook_of

    from thdx.rules import AllOf, Compare

    t = thdx.Target(
        id="t.all",
        rule=AllOf((Compare("satisfaction_share", ">=", 90), Compare("eid_users_share", ">=", 50))),
        deadline="2025",
        scope="province",
        clause="c",
    )
    r = thdx.evaluate(rulebook_of(t), thdx.MeasurementSet(), as_of=AS_OF)
    with pytest.raises(EvaluationError, match=r"^target 't.all' combines several rules"):
        r.plot("t.all")


def test_missing_matplotlib_names_the_extra(
    report: thdx.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without matplotlib, plotting raises an ImportError naming the plot extra."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"pip install 'thdx\[plot\]' \(the plot extra\)$"):
        report.plot_scorecard()
    with pytest.raises(thdx.ThdxError):
        report.plot("2025.overall.dx_rank_top10")


def test_figures_draw(report: thdx.Report, tmp_path: object) -> None:
    """Every figure renders with Agg (to a PNG in memory)."""
    import io

    for fig in (report.plot_scorecard(), report.plot("2025.soc.communes_completed")):
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        assert buf.getvalue()[:4] == b"\x89PNG"
    assert not any(
        isinstance(c, PathCollection) for c in report.plot_scorecard().axes[0].collections
    )


def test_unit_goal_without_a_plan() -> None:
    """Without a plan there are no quotas: the figure shows the latest count known (the
    114 communes published for 2023, counted on 2025-06-30, the last day of their era)
    against the threshold of 300."""
    r = thdx.evaluate(
        thdx.resolution_06(), example_data(), units=thdx.thanh_hoa_units(), as_of=AS_OF
    )
    fig = r.plot("2025.soc.communes_completed")
    assert [] == bars(fig, "quota")
    assert [114.0] == data(line(fig, "latest").get_ydata())
    assert [2025.0] == data(line(fig, "latest").get_xdata())
    assert [300.0, 300.0] == data(line(fig, "threshold").get_ydata())
