"""Verdicts and reports as JSON-ready data: the one home of the report's JSON form.

A report (:func:`report_dict`) holds its ``schema_version``, the rulebook, the date and
one :func:`verdict_dict` per verdict: the flat :func:`record` of the verdict, then its
evidence, notes, clause and the steps of its trace. A note has one shape at every
level, ``{"code", "args", "text"}``; a growth method is written as its ``method_code``
beside the English ``method`` text of flat tables.

The functions here read verdicts through the shapes of :mod:`thdx.verdicts._views`;
:meth:`thdx.Verdict.to_dict`, :meth:`thdx.Report.to_dict` and
:meth:`thdx.Report.to_json` call them.
"""

from __future__ import annotations

import json
from typing import Any

from thdx.model._errors import ArgumentTypeError, EvaluationError
from thdx.rules._vocabulary import Compare, Completed
from thdx.verdicts._views import ReportView, StepView, TraceView, VerdictView

__all__ = ["SCHEMA_VERSION", "record", "report_dict", "report_json", "verdict_dict"]

#: Version of the JSON form of reports and verdicts (``Report.to_json``); the rulebook
#: files have their own (``thdx.rulebooks.SCHEMA_VERSION``).
SCHEMA_VERSION = 1


def record(v: VerdictView) -> dict[str, Any]:
    """One flat row for the verdict (no trace): for tables and DataFrames. A verdict still
    open has its progress's status and ratio (``progress_status``, ``progress_ratio``)."""
    progress = v.progress
    return {
        "target": v.target.id,
        "unit": v.unit,
        "status": v.status.value,
        "final": v.final,
        "value": v.value,
        "threshold": v.threshold,
        "comparator": v.target.comparator.value if v.target.comparator else None,
        "unit_of_measure": v.unit_of_measure,
        "period": str(v.period) if v.period is not None else None,
        "deadline": str(v.target.deadline),
        "as_of": v.as_of.isoformat(),
        "route": v.route.value if v.route is not None else None,
        "method": str(v.method) if v.method is not None else None,
        "method_code": v.method.code if v.method is not None else None,
        "progress_status": progress.status.value if progress is not None else None,
        "progress_ratio": progress.ratio if progress is not None else None,
    }


def _evidence(t: TraceView, *, always: bool) -> dict[str, Any]:
    """The measurements, recognitions and notes of a verdict or a step; a step leaves
    out the empty ones (``always=False``)."""
    lists = {
        "measurements": [m.to_dict() for m in t.measurements],
        "recognitions": [r.to_dict() for r in t.recognitions],
        "notes": [n.to_dict() for n in t.notes],
    }
    return {k: items for k, items in lists.items() if items or always}


def _step_dict(s: StepView, depth: int) -> dict[str, Any]:
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
    d.update(_evidence(s, always=False))
    # A comparison has no steps; a completion only when criteria decided it.
    leaf = isinstance(s.rule, Compare) or (isinstance(s.rule, Completed) and not s.children)
    if depth > 0 and not leaf:
        d["children"] = [_step_dict(c, depth - 1) for c in s.children]
    return d


def verdict_dict(v: VerdictView, *, depth: int = 3) -> dict[str, Any]:
    """The verdict with its trace (``depth`` levels of steps), JSON-ready."""
    d = record(v)
    d.update(_evidence(v, always=True))
    d["clause"] = v.target.clause
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
    if depth > 0:
        d["children"] = [_step_dict(c, depth - 1) for c in v.children]
    return d


def report_dict(r: ReportView) -> dict[str, Any]:
    """The whole report, traces included, JSON-ready."""
    return {
        "schema_version": SCHEMA_VERSION,
        "rulebook": r.rulebook.id,
        "as_of": r.as_of.isoformat(),
        "verdicts": [verdict_dict(v) for v in r.verdicts()],
    }


def report_json(r: ReportView, *, indent: int | None = 2) -> str:
    """The report as JSON text (Vietnamese kept as is, not escaped).

    Raises:
        ArgumentTypeError: (a TypeError) ``indent`` is not None or a whole number.
        EvaluationError: (a ValueError) ``indent`` is a whole number outside 0..16.
    """
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 16
    ):
        msg = f"indent must be None or a whole number from 0 to 16, got {indent!r}"
        raise ArgumentTypeError(msg) if not isinstance(indent, int) else EvaluationError(msg)
    return json.dumps(report_dict(r), ensure_ascii=False, indent=indent)
