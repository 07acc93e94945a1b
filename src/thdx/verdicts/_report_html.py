"""A report as one self-contained HTML page (:meth:`thdx.Report.to_html`).

The page holds the scorecard (a chart and one table per pillar), the charts of the
goals (inline SVG from :mod:`thdx.verdicts._svg`), one table per unit goal listing every
unit behind it (the steps of the verdict's trace, and the breakdowns evaluated), and
every verdict's explanation, in English or Vietnamese. Its stylesheet is inline; it has
no script and loads nothing: it reads the same from a file, offline, or in a mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from thdx._version import __version__
from thdx.model._html import CSS, esc, shorten, table
from thdx.model._languages import check_lang
from thdx.model._levels import Level
from thdx.verdicts._charts import ChartReport, PlanChart, chart_of, scorecard_counts
from thdx.verdicts._html import (
    WORDS,
    HtmlReport,
    badge,
    scorecard_html,
    shown_value,
    trace_table,
    unit_name,
)
from thdx.verdicts._status import Status
from thdx.verdicts._svg import plan_svg, scorecard_svg, series_svg
from thdx.verdicts._text import explain, status_text
from thdx.verdicts._views import VerdictView

__all__ = ["Breakdowns", "PageReport", "report_page"]

#: The breakdowns of a report: for each, its level and its verdicts (one per unit).
Breakdowns = Sequence[tuple[Level, Sequence[VerdictView]]]

_PAGE_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;
color:#24292f}
h1{font-size:1.5em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}
details{margin:.4em 0}summary{cursor:pointer}
.thdx-chart{display:block;margin:.6em 0;max-width:100%;height:auto}
""".strip()

_PAGE = {
    "en": {
        "title": "Evaluation of {0}",
        "charts": "Charts",
        "units": "Units behind the goals",
        "explanations": "Explanations",
        "breakdown": "{0} by {1}",
        "quota": "plan quota (cumulative)",
        "completed": "units completed",
        "threshold": "threshold {0}",
        "deadline": "deadline {0}",
        "summary": "{0} verdicts",
        "made": "Made by thdx {0}, as of {1}.",
    },
    "vi": {
        "title": "Đánh giá {0}",
        "charts": "Biểu đồ",
        "units": "Các đơn vị của từng chỉ tiêu",
        "explanations": "Giải trình",
        "breakdown": "{0} theo {1}",
        "quota": "chỉ tiêu kế hoạch (lũy kế)",
        "completed": "đơn vị đã hoàn thành",
        "threshold": "ngưỡng {0}",
        "deadline": "hạn {0}",
        "summary": "{0} kết quả",
        "made": "Tạo bởi thdx {0}, tính đến {1}.",
    },
}


class PageReport(HtmlReport, ChartReport, Protocol):
    """What the page reads of a report: the HTML renderings' and the charts' needs."""


def _labels(lang: str) -> dict[str, str]:
    w = WORDS[lang]
    out = {s.value: status_text(s, lang) for s in Status}
    out.update({p: w[p] for p in ("overall", "government", "economy", "society", "other")})
    return out


def _charts(r: PageReport, lang: str) -> list[str]:
    """One chart per goal that has something to draw: a series of values, or a plan."""
    words = _PAGE[lang]
    out = []
    for t in r.rulebook.targets:
        if t.measure == "combination":
            continue
        chart = chart_of(r, t.id)
        title = f"{t.id} — {t.label_en if lang == 'en' and t.label_en else t.clause}"
        if isinstance(chart, PlanChart):
            if chart.plan:
                out.append(
                    plan_svg(
                        chart,
                        title=title,
                        quota_label=words["quota"],
                        completed_label=words["completed"],
                    )
                )
        elif chart.points:
            thr = "" if chart.threshold is None else f"{chart.comparator} {chart.threshold:g}"
            out.append(
                series_svg(
                    chart,
                    title=title,
                    threshold_label=words["threshold"].format(thr),
                    deadline_label=words["deadline"].format(chart.deadline),
                )
            )
    return out


def _unit_tables(r: PageReport, breakdowns: Breakdowns, lang: str) -> list[str]:
    """For each goal over units, every unit behind its verdict; then each breakdown."""
    w, words = WORDS[lang], _PAGE[lang]
    out = []
    for v in r.verdicts():
        if v.target.measure not in ("count", "share") or not v.children:
            continue
        on = v.counts.on if v.counts is not None else v.as_of
        counts = dict.fromkeys(Status, 0)
        for s in v.children:
            counts[s.status] += 1
        shown = ", ".join(f"{status_text(s, lang)} {n}" for s, n in counts.items() if n)
        out.append(
            f'<details class="units" id="units-{esc(v.target.id)}"><summary>'
            f"{badge(v.status, lang)} <b>{esc(v.target.id)}</b> — {len(v.children)} "
            f"{esc(w['units'])} ({esc(shown)})</summary>"
            f"{trace_table(v, lang, units=r.units, on=on, limit=None)}</details>"
        )
    for level, rows in breakdowns:
        if not rows:
            continue
        cols = [w[k] for k in ("unit", "name", "status", "value", "period", "final")]
        body = [
            [
                v.unit,
                unit_name(r.units, v.unit, v.as_of),
                badge(v.status, lang),
                shown_value(v),
                v.period,
                w["yes"] if v.final else w["no"],
            ]
            for v in rows
        ]
        shown_level = level.value if lang == "en" else level.label_vi
        title = words["breakdown"].format(rows[0].target.id, shown_level)
        out.append(
            f"<details><summary><b>{esc(title)}</b></summary>"
            f"{table(cols, body, numeric=(3,))}</details>"
        )
    return out


def report_page(r: PageReport, *, lang: str = "vi", breakdowns: Breakdowns = ()) -> str:
    """The whole report as one HTML page (``breakdowns``: each breakdown evaluated, its
    level and its verdicts, shown as tables).

    Raises:
        LanguageError: ``lang`` is not ``"en"`` or ``"vi"``.
    """
    lang = check_lang(lang)
    words, rb = _PAGE[lang], r.rulebook
    title = words["title"].format(rb.number)
    heading = rb.title if lang == "vi" or not rb.title_en else rb.title_en
    verdicts = r.verdicts()
    counts = scorecard_counts(verdicts)
    w = WORDS[lang]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(shorten(title))}</title>",
        f"<style>{CSS}\n{_PAGE_CSS}</style></head><body>",
        f"<h1>{esc(shorten(title))}</h1>",
        f"<p>{esc(shorten(heading, 500))}</p>",
        f"<p>{esc(w['as_of'])} <b>{r.as_of}</b> · {esc(words['summary'].format(len(verdicts)))}"
        "</p>",
        f"<h2>{esc(w['scorecard'].capitalize())}</h2>",
        scorecard_svg(counts, title=f"{rb.number} — {w['scorecard']}", labels=_labels(lang)),
        scorecard_html(r, lang),
    ]
    charts = _charts(r, lang)
    if charts:
        parts += [f"<h2>{esc(words['charts'])}</h2>", *charts]
    units = _unit_tables(r, breakdowns, lang)
    if units:
        parts += [f"<h2>{esc(words['units'])}</h2>", *units]
    parts.append(f"<h2>{esc(words['explanations'])}</h2>")
    for v in verdicts:
        parts.append(
            f'<section class="verdict" id="v-{esc(v.target.id)}-{esc(v.unit)}">'
            f'<pre class="thdx-trace">{esc(explain(v, lang))}</pre></section>'
        )
    parts.append(f"<footer><p>{esc(words['made'].format(__version__, r.as_of))}</p></footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
