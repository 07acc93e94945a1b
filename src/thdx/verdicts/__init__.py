"""Verdicts: statuses, typed notes, the verdict and report types, and their renderings."""

from thdx.verdicts._explain import (
    explain,
    method_text,
    record,
    verdict_dict,
)
from thdx.verdicts._notes import GrowthMethod, MethodStep, Note, NoteCode
from thdx.verdicts._verdict import (
    SCHEMA_VERSION,
    Counts,
    Report,
    Route,
    Status,
    Verdict,
)

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
    "Verdict",
    "explain",
    "method_text",
    "record",
    "verdict_dict",
]
