"""Reading a user's list of administrative units (for a province other than Thanh Hóa).

Header: ``code,name,kind,parent_code,valid_from,valid_until,successors``, the form of
the shipped history (:mod:`thdx.rulebooks._unit_lists`).
"""

from __future__ import annotations

import functools
import os
from typing import IO

from thdx.io._csv_files import decode, read_text, rows, stream_content
from thdx.io._format import blank
from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._errors import DataFileError
from thdx.model._hierarchy import Hierarchy
from thdx.model._problems import Problems
from thdx.rulebooks._files import as_path
from thdx.rulebooks._unit_lists import UNITS_HEADER, unit_from_row

__all__ = ["read_units"]


def read_units(path: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Hierarchy:
    """Read administrative units into a Hierarchy (for a province other than Thanh Hóa).

    Header: ``code,name,kind,parent_code,valid_from,valid_until,successors``; the last
    three may be empty (``successors`` holds codes separated by spaces). A unit whose
    code was reused appears once per era, with its validity. ``path`` may also be an
    open stream of the file's text or bytes (``io.StringIO``), read whole.

    Raises:
        ArgumentTypeError: ``path`` is not a path.
        DataFileError: listing every bad row with its line, or the hierarchy's problems.
    """
    streamed = stream_content(path, "read_units")
    if streamed is not None:
        content, name = streamed
        text = decode(content, name) if isinstance(content, bytes) else content
    else:
        p = as_path(path, "read_units")
        name, text = str(p), read_text(p)
    units: list[AdministrativeUnit] = []
    c = Problems(name, DataFileError)
    for line, row in rows(text, name, UNITS_HEADER):
        if blank(row):
            continue
        if len(row) != len(UNITS_HEADER):
            c.add(f"{name}:{line}", f"expected {len(UNITS_HEADER)} fields, got {len(row)}")
            continue
        cells = dict(zip(UNITS_HEADER, (text.strip() for text in row), strict=True))
        unit = c.guard(f"{name}:{line}", functools.partial(unit_from_row, cells))
        if unit is not None:
            units.append(unit)
    return c.finish(name, lambda: Hierarchy(units))
