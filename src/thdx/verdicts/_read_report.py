"""Reading a report's JSON text back (:meth:`thdx.Report.from_json`): strictly, every
problem at once with its path (see :mod:`thdx.verdicts._loaded`).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn

from thdx.model._coerce import safe_repr
from thdx.model._errors import ArgumentTypeError, Problem
from thdx.model._levels import Level
from thdx.model._problems import Problems
from thdx.progress import ProgressStatus
from thdx.verdicts._loaded import (
    MAX_REPORT_SIZE,
    TRACE_KEYS,
    LoadedNote,
    LoadedReport,
    LoadedVerdict,
    ReportJSONError,
)
from thdx.verdicts._records import ROLES, VerdictRecord
from thdx.verdicts._schema import SCHEMA_VERSION
from thdx.verdicts._status import Route, Status

__all__ = ["load_report"]

_TOP_KEYS = ("schema_version", "rulebook", "as_of", "lang", "traces", "verdicts")


def _refuse(name: str) -> NoReturn:
    msg = f"{name} is not a JSON value"
    raise ValueError(msg)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            msg = f"the key {k!r} appears twice in one object"
            raise ValueError(msg)
        out[k] = v
    return out


def _parse(text: object) -> Any:
    source = "<report JSON>"
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_REPORT_SIZE:
            raise ReportJSONError(source, [Problem("", f"{len(text)} bytes: too long")])
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problem = Problem("", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            raise ReportJSONError(source, [problem]) from None
    if not isinstance(text, str):
        msg = f"Report.from_json takes the JSON text (str or bytes), got {type(text).__name__}"
        raise ArgumentTypeError(msg)
    if len(text) > MAX_REPORT_SIZE:
        raise ReportJSONError(source, [Problem("", f"{len(text)} characters: too long")])
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_refuse)
    except json.JSONDecodeError as exc:
        raise ReportJSONError(source, [Problem("", f"not valid JSON: {exc}")]) from None
    except (ValueError, RecursionError) as exc:
        raise ReportJSONError(source, [Problem("", f"not readable JSON: {exc}")]) from None


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


class _Reader:
    """Reads one verdict's fields, adding a problem for each that does not fit."""

    def __init__(self, c: Problems, d: Mapping[str, Any], where: str) -> None:
        self.c, self.d, self.where = c, d, where

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, ok: Callable[[Any], bool], expected: str) -> Any:
        if key not in self.d:
            self.c.add(self._at(key), "missing")
            return None
        value = self.d[key]
        if not ok(value):
            self.c.add(self._at(key), f"expected {expected}, got {safe_repr(value)[:60]}")
            return None
        return value

    def text(self, key: str, *, null: bool = False) -> Any:
        return self.get(key, lambda x: isinstance(x, str) or (null and x is None), "a text")

    def number(self, key: str) -> Any:
        return self.get(key, lambda x: x is None or _is_number(x), "a number or null")

    def enum(self, key: str, values: Iterable[str], *, null: bool = False) -> Any:
        allowed = tuple(values)
        shown = ", ".join(repr(v) for v in allowed) + (" or null" if null else "")
        return self.get(key, lambda x: x in allowed or (null and x is None), f"one of {shown}")


def _day(c: Problems, value: Any, where: str) -> _dt.date | None:
    try:
        if isinstance(value, str) and len(value) == 10:
            return _dt.date.fromisoformat(value)
    except ValueError:
        pass
    c.add(where, f"expected a day (YYYY-MM-DD), got {safe_repr(value)[:60]}")
    return None


def _notes(c: Problems, value: Any, where: str) -> tuple[LoadedNote, ...]:
    if not isinstance(value, list):
        c.add(where, "expected a list of notes")
        return ()
    out: list[LoadedNote] = []
    for k, n in enumerate(value):
        w = f"{where}[{k}]"
        if not (isinstance(n, dict) and set(n) == {"code", "args", "text"}):
            c.add(w, 'expected a note {"code", "args", "text"}')
            continue
        if not (
            isinstance(n["code"], str)
            and isinstance(n["args"], list)
            and isinstance(n["text"], str)
        ):
            c.add(w, "expected a text code, a list of args and a text")
            continue
        out.append(LoadedNote(n["code"], tuple(n["args"]), n["text"]))
    return tuple(out)


def _verdict(c: Problems, d: Any, where: str, traces: bool) -> LoadedVerdict | None:
    if not isinstance(d, dict):
        c.add(where, "expected an object (a verdict)")
        return None
    allowed = {*VerdictRecord.__annotations__, *TRACE_KEYS}
    for key in sorted(set(d) - allowed):
        c.add(f"{where}.{key}", "unknown key")
    for key in sorted(set(d) - {*VerdictRecord.__annotations__, "notes"}):
        if not traces and key in TRACE_KEYS:
            c.add(f"{where}.{key}", "a trace in a report written without traces")
    r = _Reader(c, d, where)
    before = len(c.problems)
    fields = {
        "target": r.text("target"),
        "unit": r.text("unit"),
        "unit_name": r.text("unit_name", null=True),
        "level": r.enum("level", [lv.value for lv in Level], null=True),
        "role": r.enum("role", ROLES),
        "counted_in": r.text("counted_in", null=True),
        "status": r.enum("status", [s.value for s in Status]),
        "final": r.get("final", lambda x: isinstance(x, bool), "true or false"),
        "value": r.number("value"),
        "threshold": r.number("threshold"),
        "comparator": r.text("comparator", null=True),
        "unit_of_measure": r.text("unit_of_measure", null=True),
        "period": r.text("period", null=True),
        "deadline": r.text("deadline"),
        "as_of": r.text("as_of"),
        "route": r.enum("route", [x.value for x in Route], null=True),
        "method": r.text("method", null=True),
        "method_code": r.text("method_code", null=True),
        "progress_status": r.enum("progress_status", [s.value for s in ProgressStatus], null=True),
        "progress_ratio": r.number("progress_ratio"),
    }
    day = _day(c, fields["as_of"], f"{where}.as_of") if fields["as_of"] is not None else None
    notes = _notes(c, d.get("notes"), f"{where}.notes")
    if len(c.problems) > before or day is None:
        return None
    trace = {k: d[k] for k in TRACE_KEYS if k in d and k != "notes"} if traces else None
    return LoadedVerdict(
        **{
            **fields,
            "level": Level(fields["level"]) if fields["level"] is not None else None,
            "status": Status(fields["status"]),
            "route": Route(fields["route"]) if fields["route"] is not None else None,
            "progress_status": (
                ProgressStatus(fields["progress_status"])
                if fields["progress_status"] is not None
                else None
            ),
            "as_of": day,
            "value": _float(fields["value"]),
            "threshold": _float(fields["threshold"]),
            "progress_ratio": _float(fields["progress_ratio"]),
        },
        notes=notes,
        trace=trace,
    )


def _float(x: Any) -> float | None:
    return None if x is None else float(x)


def load_report(text: object) -> LoadedReport:
    """A :class:`LoadedReport` from the JSON text of :meth:`thdx.Report.to_json`.

    Raises:
        ArgumentTypeError: (a TypeError) ``text`` is not a str or bytes.
        ReportJSONError: (a ValueError) not the JSON of a report of this schema
            version, listing every problem with its path.
    """
    doc = _parse(text)
    c = Problems("<report JSON>", ReportJSONError)
    if not isinstance(doc, dict):
        c.add("", "expected a JSON object (a report)")
        c.finalize()
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        c.add(
            "schema_version",
            f"{safe_repr(version)} is not the version this thdx reads ({SCHEMA_VERSION})",
        )
        c.finalize()
    for key in sorted(set(doc) - set(_TOP_KEYS)):
        c.add(key, "unknown key")
    for key in _TOP_KEYS:
        if key not in doc:
            c.add(key, "missing")
    r = _Reader(c, doc, "")
    rulebook = doc.get("rulebook")
    if not isinstance(rulebook, str):
        c.add("rulebook", "expected a text")
    lang = r.enum("lang", ("en", "vi")) if "lang" in doc else None
    traces = doc.get("traces")
    if "traces" in doc and not isinstance(traces, bool):
        c.add("traces", "expected true or false")
    as_of = _day(c, doc.get("as_of"), "as_of") if "as_of" in doc else None
    raw = doc.get("verdicts")
    if "verdicts" in doc and not isinstance(raw, list):
        c.add("verdicts", "expected a list")
    loaded = [
        _verdict(c, v, f"verdicts[{k}]", traces is True)
        for k, v in enumerate(raw if isinstance(raw, list) else [])
    ]
    c.finalize()
    if not isinstance(rulebook, str) or as_of is None:  # pragma: no cover - finalize() raised
        c.finalize()
        raise ReportJSONError("<report JSON>", [Problem("", "not a report")])
    return LoadedReport(
        rulebook,
        as_of,
        (v for v in loaded if v is not None),
        lang=lang or "en",
        traces=traces is True,
    )
