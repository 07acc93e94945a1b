"""A list of administrative units as a CSV table: its header and a row read as a unit.

The shipped history of Thanh Hóa's units and a user's units file
(:func:`thdx.io.read_units`) have this one form.

>>> unit_from_row({"code": "380", "name": "Thành phố Thanh Hóa", "kind": "thành phố",
...     "parent_code": "38", "valid_from": "", "valid_until": "", "successors": ""}).level
<Level.DISTRICT: 'district'>
"""

from __future__ import annotations

from collections.abc import Mapping

from thdx.model._administrative_unit import AdministrativeUnit

__all__ = ["UNITS_HEADER", "unit_from_row"]

UNITS_HEADER = ("code", "name", "kind", "parent_code", "valid_from", "valid_until", "successors")


def unit_from_row(row: Mapping[str, str]) -> AdministrativeUnit:
    """The unit of a row of a units file (its cells by column; the last three may be
    empty, ``successors`` holds codes separated by spaces).

    Raises:
        HierarchyError: a cell that does not fit (a bad code, kind or day).
    """
    return AdministrativeUnit(
        code=row["code"],
        name=row["name"],
        kind=row["kind"],
        parent=row["parent_code"] or None,
        valid_from=row["valid_from"] or None,
        valid_until=row["valid_until"] or None,
        successors=tuple(row["successors"].split()),
    )
