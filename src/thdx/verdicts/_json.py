"""Verdicts and reports as JSON-ready data: the one home of the report's JSON form.

A report (:func:`report_dict`) holds its ``$schema`` and ``schema_version``, the
rulebook, the date, the language of its texts and one :func:`verdict_dict` per verdict
(every record of :meth:`thdx.Report.to_records`): the flat :func:`record` of the
verdict and its notes, then, with traces, its evidence, clause and the steps of its
trace. A note has one shape at every level, ``{"code", "args", "text"}`` (the text in
the report's ``lang``); a growth method is written as its ``method_code`` beside the
English ``method`` text of flat tables, and with traces as ``growth_method`` (its code
and steps). The JSON Schema of this form ships as ``thdx/data/report.schema.json``.

The functions here read verdicts through the shapes of :mod:`thdx.verdicts._views`;
:meth:`thdx.Verdict.to_dict`, :meth:`thdx.Report.to_dict` and
:meth:`thdx.Report.to_json` call them.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from thdx.model._errors import ArgumentTypeError, EvaluationError
from thdx.model._languages import check_lang
from thdx.rules._vocabulary import Compare, Completed
from thdx.verdicts._records import record
from thdx.verdicts._schema import SCHEMA_VERSION
from thdx.verdicts._views import ReportView, StepView, TraceView, VerdictView

__all__ = [
    "SCHEMA_VERSION",
    "dump_json",
    "record",
    "report_dict",
    "report_json",
    "verdict_dict",
]


class _Textual(Protocol):
    """A note of a verdict or of a progress: a JSON shape and a text in each language."""

    def to_dict(self) -> dict[str, Any]: ...
    def text(self, lang: str = ...) -> str: ...


def _note(n: _Textual, lang: str) -> dict[str, Any]:
    """A note's JSON shape, ``{"code", "args", "text"}``, its text in ``lang``."""
    d = n.to_dict()
    d["text"] = n.text(lang)
    return d


def _evidence(t: TraceView, *, always: bool, lang: str) -> dict[str, Any]:
    """The measurements, recognitions and notes of a verdict or a step; a step leaves
    out the empty ones (``always=False``)."""
    lists = {
        "measurements": [m.to_dict() for m in t.measurements],
        "recognitions": [r.to_dict() for r in t.recognitions],
        "notes": [_note(n, lang) for n in t.notes],
    }
    return {k: items for k, items in lists.items() if items or always}


def _step_dict(s: StepView, depth: int, lang: str) -> dict[str, Any]:
    """A step of a trace, with ``depth`` levels of its own steps."""
    d: dict[str, Any] = {
        "rule": type(s.rule).__name__,
        "unit": s.unit,
        "status": s.status.value,
        "value": s.value,
    }
    if isinstance(s.rule, Compare):
        d["indicator"] = s.rule.indicator
        d["comparator"] = s.rule.comparator.value
        d["threshold"] = s.rule.threshold
    if s.route is not None:
        d["route"] = s.route.value
    d.update(_evidence(s, always=False, lang=lang))
    # A comparison has no steps; a completion only when criteria decided it.
    leaf = isinstance(s.rule, Compare) or (isinstance(s.rule, Completed) and not s.children)
    if depth > 0 and not leaf:
        d["children"] = [_step_dict(c, depth - 1, lang) for c in s.children]
    return d


def verdict_dict(
    v: VerdictView,
    *,
    depth: int = 3,
    traces: bool = True,
    lang: str = "en",
    counted_steps: bool = True,
) -> dict[str, Any]:
    """The verdict's :func:`record`, its notes (texts in ``lang``) and, with ``traces``,
    its evidence, clause, counts, progress and the steps of its trace (``depth``
    levels). A report's JSON leaves out the steps of a count or share of units
    (``counted_steps=False``): the units it counted are verdicts of their own there
    (``role="counted"``)."""
    lang = check_lang(lang)
    d: dict[str, Any] = dict(record(v))
    if not traces:
        d["notes"] = [_note(n, lang) for n in v.notes]
        return d
    d.update(_evidence(v, always=True, lang=lang))
    d["clause"] = v.target.clause
    if v.method is not None:
        d["growth_method"] = v.method.to_dict()
    if v.counts is not None:
        d["counts"] = v.counts.to_dict()
    if v.reported_count is not None:
        rc = v.reported_count
        d["reported_count"] = {
            "count": rc.count,
            "total": rc.total,
            "period": str(rc.period),
            "source": rc.source,
        }
    progress = v.progress
    if progress is not None:
        d["progress"] = progress.to_dict()
        d["progress"]["notes"] = [_note(n, lang) for n in progress.notes]
    if depth > 0 and (counted_steps or v.counts is None):
        d["children"] = [_step_dict(c, depth - 1, lang) for c in v.children]
    return d


def report_dict(r: ReportView, *, traces: bool = True, lang: str = "en") -> dict[str, Any]:
    """The whole report, JSON-ready: every verdict it holds (see :func:`verdict_dict`)."""
    lang = check_lang(lang)
    given: object = traces
    if not isinstance(given, bool):
        msg = f"traces must be True or False, got {given!r}"
        raise ArgumentTypeError(msg)
    return {
        "schema_version": SCHEMA_VERSION,
        "rulebook": r.rulebook.id,
        "as_of": r.as_of.isoformat(),
        "lang": lang,
        "traces": traces,
        "verdicts": [
            verdict_dict(v, traces=traces, lang=lang, counted_steps=False) for v in r.all_verdicts()
        ],
    }


def dump_json(doc: Any, *, indent: int | None = 2) -> str:
    """JSON text of a report's mapping (Vietnamese kept as is, not escaped).

    Raises:
        ArgumentTypeError: (a TypeError) ``indent`` is not None or a whole number.
        EvaluationError: (a ValueError) ``indent`` is a whole number outside 0..16.
    """
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 16
    ):
        msg = f"indent must be None or a whole number from 0 to 16, got {indent!r}"
        raise ArgumentTypeError(msg) if not isinstance(indent, int) else EvaluationError(msg)
    return json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)


def report_json(
    r: ReportView, *, indent: int | None = 2, traces: bool = True, lang: str = "en"
) -> str:
    """The report as JSON text (see :func:`report_dict` and :func:`dump_json`).

    Raises:
        ArgumentTypeError: (a TypeError) ``indent`` is not None or a whole number, or
            ``traces`` not a bool.
        EvaluationError: (a ValueError) ``indent`` is a whole number outside 0..16.
        LanguageError: (a ValueError) ``lang`` is not ``"en"`` or ``"vi"``.
    """
    dump_json(None, indent=indent)  # checks indent before the work
    return dump_json(report_dict(r, traces=traces, lang=lang), indent=indent)
