"""Verdicts: statuses, typed notes, the verdict and report types, and their renderings
(text in English or Vietnamese, JSON-ready data)."""

from thdx.verdicts._json import SCHEMA_VERSION, record, verdict_dict
from thdx.verdicts._notes import GrowthMethod, MethodStep, Note, NoteCode
from thdx.verdicts._status import Counts, Route, Status
from thdx.verdicts._text import explain, method_text
from thdx.verdicts._verdict import Report, SubVerdict, Verdict

__all__ = [
    "SCHEMA_VERSION",
    "Counts",
    "GrowthMethod",
    "MethodStep",
    "Note",
    "NoteCode",
    "Report",
    "Route",
    "Status",
    "SubVerdict",
    "Verdict",
    "explain",
    "method_text",
    "record",
    "verdict_dict",
]
