"""Verdicts: statuses, notes, the verdict and report types, and their renderings."""

from thdx.verdicts._explain import (
    Note,
    explain,
    method_text,
    record,
    verdict_dict,
)
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
    "Note",
    "Report",
    "Route",
    "Status",
    "Verdict",
    "explain",
    "method_text",
    "record",
    "verdict_dict",
]
