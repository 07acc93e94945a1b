"""The official administrative units of Thanh Hóa, before and after 1 Jul 2025.

Source: the national statistics office's list of administrative units (danh mục đơn
vị hành chính), as carried by the data of the ``vietnam-provinces`` package
(data version 2026-02-21). The files ship in ``thdx/data/admin-units/``.

>>> units = thanh_hoa_units()
>>> [sum(u.level.value == lv for u in units.at("2025-06-30"))
...  for lv in ("province", "district", "commune")]
[1, 26, 549]
>>> [str(u) for u in units.find("hoang hoa")]
['Huyện Hoằng Hóa (399)', 'Xã Hoằng Hóa (15865)']
>>> units.lookup("hoang hoa", on="2025-06-30").name
'Huyện Hoằng Hóa'
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
from collections import defaultdict
from importlib import resources

from .admin import AdministrativeUnit, Hierarchy
from .errors import DataFileError, Problem

__all__ = ["REFORM_DATE", "thanh_hoa_units"]

#: The day the district level was abolished and communes were merged (1 Jul 2025).
REFORM_DATE = _dt.date(2025, 7, 1)

_DIR = "admin-units"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("thdx").joinpath("data", _DIR, name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def thanh_hoa_units() -> Hierarchy:
    """Thanh Hóa's units in both eras, with the lineage of the 2025 reform.

    Before 1 Jul 2025: province 38, 26 district-level and 549 commune-level units;
    from then: 166 commune-level units directly under the province. An old commune's
    ``successors`` are the new units it became (several when it was split).
    """
    before = _rows("thanh-hoa-units-before-2025-07-01.csv")
    after = _rows("thanh-hoa-units-from-2025-07-01.csv")
    successors: dict[str, list[str]] = defaultdict(list)
    problems: list[Problem] = []
    old_codes = {r["code"] for r in before}
    new_codes = {r["code"] for r in after}
    conversion = "thanh-hoa-conversion-2025-07-01.csv"
    for i, r in enumerate(_rows(conversion), start=2):
        unknown = [
            f"{col} {r[col]!r}"
            for col, known in (("old_code", old_codes), ("new_code", new_codes))
            if r[col] not in known
        ]
        if unknown:
            problems.append(Problem(f"{conversion}:{i}", "unknown " + " and ".join(unknown)))
            continue
        if r["new_code"] not in successors[r["old_code"]]:
            successors[r["old_code"]].append(r["new_code"])
    if problems:
        raise DataFileError("thdx/data/admin-units", problems)
    units: list[AdministrativeUnit] = []
    province = next(r for r in before if not r["parent_code"])
    units.append(
        AdministrativeUnit(code=province["code"], name=province["name"], kind=province["kind"])
    )
    for r in before:
        if not r["parent_code"]:
            continue
        units.append(
            AdministrativeUnit(
                code=r["code"],
                name=r["name"],
                kind=r["kind"],
                parent=r["parent_code"],
                valid_until=REFORM_DATE,
                successors=tuple(successors.get(r["code"], ())),
            )
        )
    for r in after:
        if not r["parent_code"]:
            continue
        units.append(
            AdministrativeUnit(
                code=r["code"],
                name=r["name"],
                kind=r["kind"],
                parent=r["parent_code"],
                level="commune",
                valid_from=REFORM_DATE,
            )
        )
    return Hierarchy(units)
