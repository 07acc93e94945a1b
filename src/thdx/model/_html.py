"""HTML building blocks for the rich displays (Jupyter's ``_repr_html_``) and the HTML
report: escaping, tables, a small stylesheet, and the display of a :class:`Hierarchy`.

Every text that comes from a user (a unit's name, a source, a decision, an id) goes
through :func:`esc`; the functions here never build markup from unescaped text.

>>> esc('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
>>> table(["a"], [["<b>"]])  # doctest: +ELLIPSIS
'<table class="thdx"><thead><tr><th>a</th>...<td>&lt;b&gt;</td></tr></tbody></table>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from thdx.model._levels import Level

if TYPE_CHECKING:
    from thdx.model._administrative_unit import AdministrativeUnit
    from thdx.model._measurement import Measurement
    from thdx.model._measurement_records import Recognition

__all__ = [
    "CSS",
    "Markup",
    "cell",
    "esc",
    "hierarchy_html",
    "measurements_html",
    "shorten",
    "styled",
    "table",
]

#: The stylesheet of every display (inline: no file, no network).
CSS = """
.thdx{border-collapse:collapse;font:13px/1.4 system-ui,sans-serif;margin:.4em 0}
.thdx th,.thdx td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
.thdx th{background:#f3f3f3}
.thdx td.num{text-align:right;font-variant-numeric:tabular-nums}
.thdx-badge{display:inline-block;padding:0 6px;border-radius:8px;color:#fff;
font:bold 11px/1.6 system-ui,sans-serif;white-space:nowrap}
.thdx-met{background:#1a7f37}.thdx-not_met{background:#cf222e}
.thdx-unknown{background:#6e7781}.thdx-not_applicable{background:#8c959f}
.thdx-trace{font:12px/1.35 ui-monospace,monospace;white-space:pre-wrap;margin:.3em 0}
""".strip()

#: A text shown whole at most this many characters (longer ones are cut, marked "…").
MAX_TEXT = 300


class Markup(str):
    """A text that is already HTML (escaped where it had to be): :func:`cell` keeps it."""

    __slots__ = ()


def esc(text: object) -> str:
    """``text`` as HTML text: ``&``, ``<``, ``>`` and both quotes escaped."""
    return html.escape(str(text), quote=True)


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters (a huge user text does not flood a display).

    >>> shorten("x" * 5, 3)
    'xxx…'
    """
    return text if len(text) <= limit else text[:limit] + "…"


def cell(value: object) -> str:
    """One table cell's content: a :class:`Markup` as it is, anything else escaped and
    shortened; None is an em dash."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return "—"
    return esc(shorten(str(value)))


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Sequence[int] = (),
    caption: str | None = None,
) -> str:
    """A ``<table class="thdx">``: ``head`` and every cell escaped (see :func:`cell`);
    the columns at ``numeric`` are aligned right."""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    ths = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = []
    for row in rows:
        tds = "".join(
            f'<td class="num">{cell(v)}</td>' if i in numeric else f"<td>{cell(v)}</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr>{tds}</tr>")
    return (
        f'<table class="thdx">{cap}<thead><tr>{ths}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def styled(body: str) -> str:
    """``body`` after the inline stylesheet (for a notebook cell)."""
    return f"<style>{CSS}</style>{body}"


def hierarchy_html(units: Sequence[AdministrativeUnit], *, limit: int = 20) -> str:
    """A hierarchy's units as HTML: how many unit versions of each level, and the
    first ``limit`` units (code, name, kind, parent, validity)."""
    counts = dict.fromkeys(Level, 0)
    for u in units:
        counts[u.level] += 1
    summary = ", ".join(f"{n} {lv.value}" for lv, n in counts.items() if n)
    rows = [
        (u.code, u.name, u.kind.value, u.parent, u.valid_from, u.valid_until) for u in units[:limit]
    ]
    more = f"<p>… and {len(units) - limit} more</p>" if len(units) > limit else ""
    head = f"<p><b>Hierarchy</b>: {len(units)} unit versions ({esc(summary or 'none')})</p>"
    cols = ["code", "name", "kind", "parent", "valid from", "valid until"]
    return styled(head + table(cols, rows) + more)


def measurements_html(
    rows: Sequence[Measurement],
    *,
    total: int,
    recognitions: Sequence[Recognition],
    reported: int,
    limit: int = 20,
) -> str:
    """A set of measurements as HTML: how many of each kind, and the first ``limit``
    measurements and recognitions (``rows`` holds at most those to show)."""
    head = (
        f"<p><b>MeasurementSet</b>: {total} measurements, {len(recognitions)} "
        f"recognitions, {reported} reported counts</p>"
    )
    shown = table(
        ["unit", "indicator", "period", "value", "source"],
        ((m.unit, m.indicator, m.period, m.shown(), m.source) for m in rows[:limit]),
        numeric=(3,),
    )
    more = f"<p>… and {total - limit} more measurements</p>" if total > limit else ""
    recs = ""
    if recognitions:
        recs = table(
            ["unit", "recognised on", "decision"],
            ((r.unit, r.on, r.decision) for r in recognitions[:limit]),
        )
        if len(recognitions) > limit:
            recs += f"<p>… and {len(recognitions) - limit} more recognitions</p>"
    return styled(head + (shown if rows else "") + more + recs)
