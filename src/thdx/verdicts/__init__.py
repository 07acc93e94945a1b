"""Verdicts: statuses, typed notes, the verdict and report types, and their renderings
(text in English or Vietnamese, flat records, JSON with its schema, a report read back
from JSON)."""

from thdx.verdicts._json import SCHEMA_VERSION, verdict_dict
from thdx.verdicts._loaded import LoadedNote, LoadedReport, LoadedVerdict, ReportJSONError
from thdx.verdicts._notes import GrowthMethod, MethodStep, Note, NoteCode
from thdx.verdicts._records import VerdictRecord, record
from thdx.verdicts._schema import SCHEMA_ID, report_schema
from thdx.verdicts._status import Counts, Route, Status
from thdx.verdicts._text import explain, method_text
from thdx.verdicts._verdict import Report, SubVerdict, Verdict

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "Counts",
    "GrowthMethod",
    "LoadedNote",
    "LoadedReport",
    "LoadedVerdict",
    "MethodStep",
    "Note",
    "NoteCode",
    "Report",
    "ReportJSONError",
    "Route",
    "Status",
    "SubVerdict",
    "Verdict",
    "VerdictRecord",
    "explain",
    "method_text",
    "record",
    "report_schema",
    "verdict_dict",
]
