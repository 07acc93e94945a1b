"""The JSON Schema (draft 2020-12) of a report's JSON form, shipped as package data.

>>> schema = report_schema()
>>> schema["$id"] == SCHEMA_ID, schema["properties"]["schema_version"]["const"]
(True, 2)
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_ID", "SCHEMA_VERSION", "report_schema"]

#: Version of the JSON form of reports and verdicts (``Report.to_json``), and of its
#: JSON Schema (:func:`report_schema`, whose ``$id`` names it); the rulebook files have
#: their own (``thdx.rulebooks.SCHEMA_VERSION``). Version 2: every verdict of the
#: report (breakdowns and the units behind counts too) with its unit's name, level and
#: role; the report's ``lang`` and ``traces``; traces optional.
SCHEMA_VERSION = 2

#: The ``$id`` of the schema: a URN that names its version (no document lives at a URL).
SCHEMA_ID = f"urn:thdx:schema:report:{SCHEMA_VERSION}"

_FILE = "report.schema.json"


@functools.cache
def _schema_text() -> str:
    return resources.files("thdx").joinpath("data", _FILE).read_text(encoding="utf-8")


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`thdx.Report.to_json`'s output, as a
    mapping (a fresh copy: change it freely). Its ``$id`` names the
    :data:`SCHEMA_VERSION` that every report carries as ``schema_version``.

    Validate a report with any JSON Schema validator, e.g. ``jsonschema``::

        jsonschema.validate(json.loads(report.to_json()), thdx.report_schema())
    """
    return copy.deepcopy(_parsed())


@functools.cache
def _parsed() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(_schema_text())
    return doc
