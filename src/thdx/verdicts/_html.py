"""Verdicts and reports as HTML fragments and short reprs (a notebook's rich display).

:meth:`thdx.Report._repr_html_` shows the scorecard: one row per goal, grouped by
pillar, each status a coloured badge (grey for UNKNOWN and NOT_APPLICABLE), with the
value, the threshold, the period of the data and whether the verdict is final.
:meth:`thdx.Verdict._repr_html_` shows the explanation and the steps of its trace. The
whole HTML report is :mod:`thdx.verdicts._report_html`. Every text is escaped.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Protocol

from thdx.model._hierarchy import Hierarchy
from thdx.model._html import Markup, esc, shorten, styled, table
from thdx.model._languages import check_lang
from thdx.model._quantities import format_quantity
from thdx.rules._html import requirement
from thdx.rules._rulebook import Rulebook
from thdx.verdicts._charts import PILLARS, pillar_of
from thdx.verdicts._status import Status
from thdx.verdicts._text import status_text
from thdx.verdicts._views import StepView, TraceView, VerdictView

__all__ = [
    "HtmlReport",
    "badge",
    "report_repr",
    "scorecard_html",
    "step_repr",
    "trace_table",
    "unit_name",
    "verdict_html",
    "verdict_repr",
]

#: A trace shows at most this many steps (a count over 549 communes shows 50 and says so).
MAX_STEPS = 50

WORDS = {
    "en": {
        "target": "target",
        "goal": "goal",
        "status": "status",
        "value": "value",
        "threshold": "threshold",
        "period": "period",
        "final": "final",
        "yes": "yes",
        "no": "no",
        "unit": "unit",
        "units": "units",
        "name": "name",
        "route": "decided by",
        "decision": "recognition",
        "steps": "steps of the trace",
        "more": "… and {0} more",
        "scorecard": "scorecard",
        "as_of": "as of",
        "overall": "overall",
        "government": "digital government",
        "economy": "digital economy",
        "society": "digital society",
        "other": "other",
    },
    "vi": {
        "target": "chỉ tiêu",
        "goal": "mục tiêu",
        "status": "kết quả",
        "value": "giá trị",
        "threshold": "ngưỡng",
        "period": "kỳ số liệu",
        "final": "cuối cùng",
        "yes": "có",
        "no": "không",
        "unit": "đơn vị",
        "units": "đơn vị",
        "name": "tên",
        "route": "căn cứ",
        "decision": "công nhận",
        "steps": "các bước đánh giá",
        "more": "… và {0} mục khác",
        "scorecard": "bảng đánh giá",
        "as_of": "tính đến",
        "overall": "tổng thể",
        "government": "chính quyền số",
        "economy": "kinh tế số",
        "society": "xã hội số",
        "other": "khác",
    },
}


class HtmlReport(Protocol):
    """What the HTML renderings read of a report (see :class:`~thdx.Report`)."""

    @property
    def rulebook(self) -> Rulebook: ...
    @property
    def as_of(self) -> _dt.date: ...
    @property
    def units(self) -> Hierarchy | None: ...
    def verdicts(self) -> Sequence[VerdictView]: ...


def badge(status: Status, lang: str = "en") -> Markup:
    """A status as a coloured badge (``<span class="thdx-badge thdx-met">MET</span>``)."""
    return Markup(
        f'<span class="thdx-badge thdx-{status.value}">{esc(status_text(status, lang))}</span>'
    )


def shown_value(v: VerdictView) -> str | None:
    """A verdict's value with its unit, None when it has none."""
    if v.value is None:
        return None
    unit = v.unit_of_measure
    return format_quantity(v.value, "" if unit in ("administrative_unit", "rank") else unit)


def verdict_repr(v: VerdictView) -> str:
    """``<Verdict 2025.gov.satisfaction, unit 38: MET (final), value 92 % [2025]>``."""
    final = "final" if v.final else "not final"
    value = shown_value(v)
    tail = f", value {value}" if value is not None else ""
    if v.period is not None:
        tail += f" [{v.period}]"
    return f"<Verdict {v.target.id}, unit {v.unit}: {v.status.name} ({final}){tail}>"


def step_repr(s: StepView) -> str:
    """``<SubVerdict unit 14755: UNKNOWN, 0 steps>``."""
    value = "" if s.value is None else f", value {s.value:g}"
    return f"<SubVerdict unit {s.unit}: {s.status.name}{value}, {len(s.children)} steps>"


def report_repr(r: HtmlReport) -> str:
    """``<Report 06-NQ/TU as of 2025-12-31: 22 verdicts (MET 2, NOT_MET 3, ...)>``."""
    counts = dict.fromkeys(Status, 0)
    vs = r.verdicts()
    for v in vs:
        counts[v.status] += 1
    shown = ", ".join(f"{s.name} {n}" for s, n in counts.items())
    return (
        f"<Report {shorten(r.rulebook.number, 60)} as of {r.as_of}: {len(vs)} verdicts ({shown})>"
    )


def unit_name(units: Hierarchy | None, code: str, on: _dt.date | None) -> str:
    """The name of unit ``code`` on ``on`` ("" when the hierarchy does not know it)."""
    if units is None or code not in units:
        return ""
    try:
        return units.get(code, on).name
    except KeyError:  # a code reused in time, and no version on that day
        return units.versions(code)[-1].name


def scorecard_rows(r: HtmlReport, lang: str) -> list[tuple[str, list[list[object]]]]:
    """The scorecard's rows by pillar, in :data:`~thdx.verdicts._charts.PILLARS` order."""
    w = WORDS[lang]
    groups: dict[str, list[list[object]]] = {p: [] for p in PILLARS}
    for v in r.verdicts():
        t = v.target
        goal = t.label_en if lang == "en" and t.label_en else t.clause
        groups[pillar_of(t)].append(
            [
                t.id,
                shorten(goal, 160),
                badge(v.status, lang),
                shown_value(v),
                requirement(t) or None,
                v.period,
                w["yes"] if v.final else w["no"],
            ]
        )
    return [(p, rows) for p, rows in groups.items() if rows]


def scorecard_html(r: HtmlReport, lang: str = "en") -> str:
    """The scorecard as one table per pillar (no stylesheet: see :func:`report_html`)."""
    lang = check_lang(lang)
    w = WORDS[lang]
    cols = [w[k] for k in ("target", "goal", "status", "value", "threshold", "period", "final")]
    parts = []
    for pillar, rows in scorecard_rows(r, lang):
        parts.append(f"<h3>{esc(w[pillar])}</h3>")
        parts.append(table(cols, rows, numeric=(3, 4)))
    return "".join(parts)


def report_html(r: HtmlReport, lang: str = "en") -> str:
    """A report for a notebook: its heading, the scorecard, the inline stylesheet."""
    lang = check_lang(lang)
    w = WORDS[lang]
    head = (
        f"<p><b>{esc(shorten(r.rulebook.number))}</b> — {esc(w['scorecard'])} "
        f"{esc(w['as_of'])} {r.as_of}</p>"
    )
    return styled(head + scorecard_html(r, lang))


def trace_table(
    v: TraceView,
    lang: str,
    *,
    units: Hierarchy | None = None,
    on: _dt.date | None = None,
    limit: int | None = MAX_STEPS,
) -> str:
    """The steps of a trace, one row each: the unit (and its name, from ``units`` on
    ``on``), the status, the value, how it was decided and the recognition's decision."""
    w = WORDS[lang]
    steps = v.children
    shown = steps if limit is None else steps[:limit]
    rows = []
    for s in shown:
        route = s.route.value if s.route is not None and s.route.value != "none" else None
        decision = "; ".join(f"{rec.decision} ({rec.on})" for rec in s.recognitions) or None
        value = None if s.value is None else format_quantity(s.value, "")
        rows.append(
            [s.unit, unit_name(units, s.unit, on), badge(s.status, lang), value, route, decision]
        )
    cols = [w[k] for k in ("unit", "name", "status", "value", "route", "decision")]
    more = ""
    if len(steps) > len(shown):
        more = f"<p>{esc(w['more'].format(len(steps) - len(shown)))}</p>"
    return table(cols, rows, numeric=(3,)) + more


def verdict_html(v: VerdictView, lang: str = "en", *, units: Hierarchy | None = None) -> str:
    """A verdict for a notebook: its badge, its explanation, and the steps of its trace."""
    from thdx.verdicts._text import explain

    lang = check_lang(lang)
    w = WORDS[lang]
    head = (
        f"<p>{badge(v.status, lang)} <b>{esc(v.target.id)}</b> — {esc(w['unit'])} {esc(v.unit)}</p>"
    )
    text = f'<pre class="thdx-trace">{esc(explain(v, lang))}</pre>'
    steps = ""
    if v.children:
        on = v.counts.on if v.counts is not None else v.as_of
        steps = (
            f"<details><summary>{esc(w['steps'])} ({len(v.children)})</summary>"
            f"{trace_table(v, lang, units=units, on=on)}</details>"
        )
    return styled(head + text + steps)
