"""Charts as inline SVG, written by hand (no plotting library): the scorecard, a value
goal's series against its threshold, a unit goal's units completed against a plan.

Each function returns one ``<svg>`` element, every text in it escaped; the HTML report
(:mod:`thdx.verdicts._report_html`) puts them in its page, so the page needs no file, no
script and no network.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from thdx.model._html import esc, shorten
from thdx.model._quantities import _format_number
from thdx.verdicts._charts import PlanChart, SeriesChart, year_of
from thdx.verdicts._status import Status

__all__ = ["COLOURS", "plan_svg", "scorecard_svg", "series_svg"]

#: The colour of each status: green, red, and greys for the statuses that judge nothing.
COLOURS = {
    Status.MET: "#1a7f37",
    Status.NOT_MET: "#cf222e",
    Status.UNKNOWN: "#6e7781",
    Status.NOT_APPLICABLE: "#afb8c1",
}

_W, _H = 560, 240  # the size of a chart, in pixels
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 28, 36


def _open(title: str, height: int = _H) -> list[str]:
    return [
        f'<svg class="thdx-chart" width="{_W}" '
        f'height="{height}" viewBox="0 0 {_W} {height}" role="img" '
        f'font-family="system-ui,sans-serif" font-size="11">',
        f"<title>{esc(shorten(title))}</title>",
        f'<text x="8" y="16" font-size="12" font-weight="bold">{esc(shorten(title, 68))}</text>',
    ]


def _text(x: float, y: float, text: str, anchor: str = "start", fill: str = "#24292f") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">'
        f"{esc(shorten(text, 60))}</text>"
    )


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``lo``..``hi`` (1, 2 or 5 times a power
    of ten apart); an empty range is widened by a tenth of its value (or by 1 at 0).

    >>> nice_ticks(0, 477)
    [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]
    >>> nice_ticks(0, 0)
    [-1.0, -0.5, 0.0, 0.5, 1.0]
    """
    if hi <= lo:
        pad = abs(lo) / 10 or 1.0
        lo, hi = lo - pad, hi + pad
    span = hi - lo
    if not math.isfinite(span):  # beyond the floats: two ticks, the ends
        return [lo, hi]
    raw = span / n
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    count = math.ceil((hi - first) / step - 1e-9)
    digits = 2 - math.floor(math.log10(step))  # rounding off what adding steps left over
    return [float(round(first + k * step, digits)) for k in range(count + 1)]


class _Axes:
    """A linear map from data (x in years, y in values) to the chart's pixels."""

    def __init__(
        self, x0: float, x1: float, ticks: Sequence[float], *, inverted: bool = False
    ) -> None:
        self.x0, self.x1 = x0, x1 if x1 > x0 else x0 + 1
        self.ticks = list(ticks)
        self.y0, self.y1 = self.ticks[0], self.ticks[-1]
        self.height = _H
        self.inverted = inverted  # the least value on top (a rank: up is better)

    def x(self, v: float) -> float:
        span = _W - _LEFT - _RIGHT
        return _LEFT + (v - self.x0) / (self.x1 - self.x0) * span

    def y(self, v: float) -> float:
        span = self.height - _TOP - _BOTTOM
        frac = (v - self.y0) / (self.y1 - self.y0)
        return self.height - _BOTTOM - (1 - frac if self.inverted else frac) * span

    def grid(self, years: Sequence[int]) -> list[str]:
        out = []
        for t in self.ticks:
            y = self.y(t)
            out.append(
                f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                'stroke="#d0d7de" stroke-width="1"/>'
            )
            out.append(_text(_LEFT - 4, y + 4, _format_number(t), "end"))
        for yr in years:
            out.append(_text(self.x(yr + 0.5), self.height - _BOTTOM + 14, str(yr), "middle"))
        return out


def scorecard_svg(
    counts: dict[str, dict[Status, int]], *, title: str, labels: dict[str, str]
) -> str:
    """One horizontal bar per pillar, split by status (``labels``: a status's or a
    pillar's value → the text shown)."""
    row_h = 26
    height = _TOP + row_h * max(len(counts), 1) + 44
    out = _open(title, height)
    most = max((sum(c.values()) for c in counts.values()), default=1) or 1
    span = _W - 140 - _RIGHT
    for i, (pillar, c) in enumerate(counts.items()):
        y = _TOP + 6 + i * row_h
        out.append(_text(132, y + 13, labels.get(pillar, pillar), "end"))
        x = 140.0
        for status, n in c.items():
            if not n:
                continue
            w = n / most * span
            label = f"{labels.get(status.value, status.value)}: {n}"
            out.append(
                f'<rect class="bar-{status.value}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                f'height="{row_h - 8}" fill="{COLOURS[status]}"><title>{esc(label)}</title></rect>'
            )
            if w >= 14:
                out.append(_text(x + w / 2, y + 13, str(n), "middle", "#ffffff"))
            x += w
    ly = height - 14
    lx = 140.0
    for status in Status:
        out.append(
            f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" fill="{COLOURS[status]}"/>'
        )
        name = labels.get(status.value, status.value)
        out.append(_text(lx + 14, ly, name))
        lx += 24 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out)


def series_svg(chart: SeriesChart, *, title: str, threshold_label: str, deadline_label: str) -> str:
    """A value goal's values as a line, its threshold dashed, its deadline a vertical
    line; for a rank (lower is better) the axis runs down, so that up is better."""
    out = _open(title)
    xs = [year_of(p) for p, _ in chart.points]
    ys = [v for _, v in chart.points]
    dl = chart.deadline.last_year + 0.5
    first = min([*(int(x) for x in xs), chart.deadline.first_year])
    last = max([*(int(x) for x in xs), chart.deadline.last_year])
    values = [*ys, *([chart.threshold] if chart.threshold is not None else [])]
    if not chart.lower_is_better:
        values.append(0.0)  # a share or an amount is read from 0; a rank from its best
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    ax = _Axes(first, last + 1, ticks, inverted=chart.lower_is_better)
    out += ax.grid(range(first, last + 1))
    if chart.threshold is not None:
        y = ax.y(chart.threshold)
        out.append(
            f'<line class="threshold" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#bf8700" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        out.append(_text(_W - _RIGHT - 2, y - 4, threshold_label, "end", "#9a6700"))
    x = ax.x(dl)
    out.append(
        f'<line class="deadline" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{_H - _BOTTOM}" '
        'stroke="#8250df" stroke-width="1.5"/>'
    )
    out.append(_text(x - 3, _H - _BOTTOM - 4, deadline_label, "end", "#8250df"))
    if chart.points:
        pts = " ".join(f"{ax.x(a):.1f},{ax.y(b):.1f}" for a, b in zip(xs, ys, strict=True))
        out.append(
            f'<polyline class="series" points="{pts}" fill="none" stroke="#0969da" '
            'stroke-width="2"/>'
        )
        for (p, v), a in zip(chart.points, xs, strict=True):
            out.append(
                f'<circle cx="{ax.x(a):.1f}" cy="{ax.y(v):.1f}" r="3.5" fill="#0969da">'
                f"<title>{esc(p)}: {esc(_format_number(v))}</title></circle>"
            )
    out.append("</svg>")
    return "\n".join(out)


def plan_svg(chart: PlanChart, *, title: str, quota_label: str, completed_label: str) -> str:
    """A unit goal by year: the plan's cumulative quota (light bars) and the units known
    to have completed (dark bars); the goal's own threshold dashed when it is a count."""
    out = _open(title)
    years = [p.year for p in chart.plan] or [chart.deadline.last_year]
    values = [p.quota for p in chart.plan] + [p.completed or 0.0 for p in chart.plan]
    count_threshold = chart.threshold if chart.unit_of_measure == "administrative_unit" else None
    if count_threshold is not None:
        values.append(count_threshold)
    if chart.latest is not None:
        values.append(chart.latest[1])
    ax = _Axes(years[0], years[-1] + 1, nice_ticks(0.0, max(values, default=1.0)))
    out += ax.grid(years)
    bar = (ax.x(1) - ax.x(0)) * 0.35
    base = ax.y(0.0)
    for p in chart.plan:
        xq = ax.x(p.year + 0.5) - bar
        yq = ax.y(p.quota)
        out.append(
            f'<rect class="quota" x="{xq:.1f}" y="{yq:.1f}" width="{bar:.1f}" '
            f'height="{base - yq:.1f}" fill="#9ec5fe"><title>{p.year}: {esc(quota_label)} '
            f"{_format_number(p.quota)}</title></rect>"
        )
        if p.completed is not None:
            yc = ax.y(p.completed)
            out.append(
                f'<rect class="completed" x="{xq + bar:.1f}" y="{yc:.1f}" width="{bar:.1f}" '
                f'height="{base - yc:.1f}" fill="#0a3069"><title>{p.year}: '
                f"{esc(completed_label)} {_format_number(p.completed)}</title></rect>"
            )
    if count_threshold is not None:
        y = ax.y(count_threshold)
        out.append(
            f'<line class="threshold" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#bf8700" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        out.append(_text(_W - _RIGHT - 2, y - 4, _format_number(count_threshold), "end"))
    lx = _LEFT
    for colour, name in (("#9ec5fe", quota_label), ("#0a3069", completed_label)):
        out.append(f'<rect x="{lx}" y="{_H - 13}" width="10" height="10" fill="{colour}"/>')
        out.append(_text(lx + 14, _H - 4, name))
        lx += 30 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out)
