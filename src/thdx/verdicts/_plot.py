"""Matplotlib figures of a report (the ``plot`` extra: ``pip install 'thdx[plot]'``).

:meth:`thdx.Report.plot` draws one goal: a unit goal's units completed by the end of
each year against a plan's cumulative quotas (QĐ 969/QĐ-UBND, :func:`thdx.plan_qd969`),
a value goal's series against its threshold and deadline.
:meth:`thdx.Report.plot_scorecard` draws how many goals of each pillar have each status.
Both draw the numbers of :mod:`thdx.verdicts._charts`, as the SVG charts of the HTML
report do, on a :class:`matplotlib.figure.Figure` made without pyplot (no window, no
global state); matplotlib is imported only when a figure is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from thdx.model._errors import ThdxError
from thdx.verdicts._charts import ChartReport, PlanChart, SeriesChart, chart_of, scorecard_counts
from thdx.verdicts._status import Status
from thdx.verdicts._svg import COLOURS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PlotExtraError", "plot_scorecard", "plot_target"]

#: The colours of the plan chart: the plan's quota, the units completed, a threshold.
QUOTA, COMPLETED, THRESHOLD, SERIES, DEADLINE = (
    "#9ec5fe",
    "#0a3069",
    "#bf8700",
    "#0969da",
    "#8250df",
)


class PlotExtraError(ThdxError, ImportError):
    """Plotting needs matplotlib, which the ``plot`` extra installs."""


def _figure(width: float = 7.0, height: float = 3.6) -> Figure:
    """A new figure, or :class:`PlotExtraError` when matplotlib is not installed."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        msg = (
            "plotting needs matplotlib, which is not installed: "
            "pip install 'thdx[plot]' (the plot extra)"
        )
        raise PlotExtraError(msg) from exc
    return Figure(figsize=(width, height), layout="constrained")


def _plan_figure(chart: PlanChart) -> Figure:
    fig = _figure()
    ax = fig.add_subplot()
    years = [p.year for p in chart.plan]
    ax.bar(
        [y - 0.2 for y in years],
        [p.quota for p in chart.plan],
        width=0.4,
        color=QUOTA,
        label="plan quota (cumulative)",
        gid="quota",
    )
    done = [p for p in chart.plan if p.completed is not None]
    ax.bar(
        [p.year + 0.2 for p in done],
        [float(p.completed or 0.0) for p in done],
        width=0.4,
        color=COMPLETED,
        label="units completed",
        gid="completed",
    )
    if chart.threshold is not None and chart.unit_of_measure == "administrative_unit":
        ax.axhline(
            chart.threshold, color=THRESHOLD, linestyle="--", label="threshold", gid="threshold"
        )
    if chart.latest is not None and not chart.plan:
        period, value = chart.latest
        ax.plot(
            [period.last_year],
            [value],
            "o",
            color=COMPLETED,
            label=f"latest ({period})",
            gid="latest",
        )
    ax.set_xticks(years or [chart.deadline.last_year])
    ax.set_ylabel("units")
    ax.set_title(f"{chart.target} — unit {chart.unit}")
    ax.legend(loc="upper left")
    return fig


def _series_figure(chart: SeriesChart) -> Figure:
    from thdx.verdicts._charts import year_of

    fig = _figure()
    ax = fig.add_subplot()
    xs = [year_of(p) for p, _ in chart.points]
    ax.plot(
        xs, [v for _, v in chart.points], "o-", color=SERIES, label=chart.indicator, gid="series"
    )
    if chart.threshold is not None:
        ax.axhline(
            chart.threshold,
            color=THRESHOLD,
            linestyle="--",
            label=f"threshold {chart.comparator} {chart.threshold:g}",
            gid="threshold",
        )
    ax.axvline(
        chart.deadline.last_year + 0.5,
        color=DEADLINE,
        label=f"deadline {chart.deadline}",
        gid="deadline",
    )
    if chart.lower_is_better:
        ax.invert_yaxis()  # a rank: up is better
    ax.set_ylabel(chart.unit_of_measure or "value")
    ax.set_title(f"{chart.target} — unit {chart.unit}")
    ax.legend(loc="best")
    return fig


def plot_target(report: ChartReport, target: str, unit: str | None = None) -> Figure:
    """A figure of one goal for ``unit`` (default: the rulebook's jurisdiction).

    Raises:
        PlotExtraError: (an ImportError) matplotlib is not installed.
        UnknownTargetError: the rulebook has no such target.
        EvaluationError: the goal combines several rules (no one series to draw).
    """
    chart = chart_of(report, target, unit)
    if isinstance(chart, PlanChart):
        return _plan_figure(chart)
    return _series_figure(chart)


def plot_scorecard(report: ChartReport) -> Figure:
    """A figure of the scorecard: one horizontal bar per pillar, split by status.

    Raises:
        PlotExtraError: (an ImportError) matplotlib is not installed.
    """
    counts = scorecard_counts(report.verdicts())
    fig = _figure(height=0.6 + 0.5 * max(len(counts), 1))
    ax = fig.add_subplot()
    pillars = list(counts)
    left = [0] * len(pillars)
    for status in Status:
        widths = [counts[p][status] for p in pillars]
        ax.barh(
            pillars, widths, left=left, color=COLOURS[status], label=status.name, gid=status.value
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()  # the first pillar on top
    ax.set_xlabel("goals")
    ax.set_title(f"{report.rulebook.number} — scorecard as of {report.as_of}")
    ax.legend(loc="lower right", fontsize="small")
    return fig
