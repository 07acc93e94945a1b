"""The official administrative units of Thanh Hóa from 2021, before and after 1 Jul 2025.

Source: the national statistics office's list of administrative units (danh mục đơn
vị hành chính), as carried by the data of the ``vietnam-provinces`` package (data
versions 2021-02-03, 2023-05-07, 2025-01-04 and 2026-02-21), and the resolutions of the
National Assembly Standing Committee that changed the units from 2021 (each change
with its sources). The files ship in ``thdx/data/admin-units/``; their README says
what could not be established.

>>> units = thanh_hoa_units()
>>> def per_level(day):
...     return [sum(u.level.value == lv for u in units.at(day))
...             for lv in ("province", "district", "commune")]
>>> per_level("2021-01-01"), per_level("2024-06-30"), per_level("2025-06-30")
([1, 27, 559], [1, 27, 558], [1, 26, 549])
>>> [str(u) for u in units.find("hoang hoa")]
['Huyện Hoằng Hóa (399)', 'Xã Hoằng Hóa (15865)']
>>> units.lookup("hoang hoa", on="2025-06-30").name
'Huyện Hoằng Hóa'
>>> [str(u) for u in units.successors("405")]
['Thành phố Thanh Hóa (380)']
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
from collections import defaultdict
from collections.abc import Mapping

import attrs

from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._coerce import as_day
from thdx.model._errors import DataFileError, HierarchyError
from thdx.model._hierarchy import Hierarchy
from thdx.model._problems import Problems
from thdx.rulebooks._files import shipped
from thdx.rulebooks._unit_lists import unit_from_row

__all__ = ["HISTORY_FROM", "REFORM_DATE", "UNIT_LISTS", "shipped_units", "thanh_hoa_units"]

#: The day the district level was abolished and communes were merged (1 Jul 2025).
REFORM_DATE = _dt.date(2025, 7, 1)

#: The first day the shipped history describes (Resolution 06-NQ/TU runs from 2021).
#: Earlier days show the units of this day: changes before it are not in the data.
HISTORY_FROM = _dt.date(2021, 1, 1)

_DIR = "admin-units"


def _rows(name: str) -> list[dict[str, str]]:
    text = shipped(f"{_DIR}/{name}").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _unit(
    r: Mapping[str, str],
    *,
    level: str | None = None,
    valid_from: _dt.date | None = None,
    valid_until: _dt.date | None = None,
    successors: tuple[str, ...] = (),
) -> AdministrativeUnit:
    """A unit of one of the two official lists (code, name, kind and parent), with the
    level, validity and successors the other files give it."""
    unit = AdministrativeUnit(
        code=r["code"],
        name=r["name"],
        kind=r["kind"],
        parent=r["parent_code"] or None,
        valid_from=valid_from,
        valid_until=valid_until,
        successors=successors,
    )
    return unit if level is None else attrs.evolve(unit, level=level)


def _history(
    before_codes: set[str], problems: Problems
) -> tuple[list[AdministrativeUnit], dict[str, _dt.date]]:
    """The earlier versions of units (2021 to 2025) and the day each unit of the
    list before 1 Jul 2025 began, checked against each other."""
    name = "thanh-hoa-units-history-2021-2025.csv"
    versions: list[AdministrativeUnit] = []
    ends: dict[str, _dt.date] = {}
    for i, r in enumerate(_rows(name), start=2):
        unit = problems.guard(f"{name}:{i}", functools.partial(unit_from_row, r))
        if unit is None:
            continue
        if unit.valid_until is None or unit.valid_until > REFORM_DATE:
            problems.add(f"{name}:{i}", "an earlier version must end by 2025-07-01")
            continue
        versions.append(unit)
        ends[unit.code] = max(unit.valid_until, ends.get(unit.code, unit.valid_until))
    starts_name = "thanh-hoa-units-starts-2021-2025.csv"
    starts: dict[str, _dt.date] = {}
    listed: set[str] = set()
    for i, r in enumerate(_rows(starts_name), start=2):
        where = f"{starts_name}:{i}"
        listed.add(r["code"])
        read = functools.partial(as_day, r["valid_from"], error=HierarchyError)
        day = problems.guard(where, read)
        if day is None:
            continue
        if r["code"] not in before_codes:
            problems.add(where, f"{r['code']!r} is not in the list before 2025-07-01")
        elif r["code"] in ends and ends[r["code"]] != day:
            problems.add(
                where, f"{r['code']!r} begins {day}, its earlier version ends {ends[r['code']]}"
            )
        else:
            starts[r["code"]] = day
    for code in sorted(set(ends) & before_codes - listed, key=int):
        problems.add(starts_name, f"{code!r} has an earlier version but no start day")
    return versions, starts


@functools.cache
def thanh_hoa_units() -> Hierarchy:
    """Thanh Hóa's units from 2021, with the lineage of every change.

    On 1 Jan 2021: province 38, 27 district-level and 559 commune-level units. The
    changes of 1 Feb 2021, 1 Feb 2024 and 1 Jan 2025 (Đông Sơn district merged into
    TP Thanh Hóa) lead to the 26 district-level and 549 commune-level units of the
    official list before 1 Jul 2025; from then: 166 commune-level units directly
    under the province. A unit that ended has as ``successors`` the units it became
    (its own code when only its name, kind or parent changed; several when it was
    split). What the sources did not establish is listed in the data README.
    """
    before = _rows("thanh-hoa-units-before-2025-07-01.csv")
    after = _rows("thanh-hoa-units-from-2025-07-01.csv")
    successors: dict[str, list[str]] = defaultdict(list)
    problems = Problems("thdx/data/admin-units", DataFileError)
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
            problems.add(f"{conversion}:{i}", "unknown " + " and ".join(unknown))
            continue
        if r["new_code"] not in successors[r["old_code"]]:
            successors[r["old_code"]].append(r["new_code"])
    earlier, starts = _history(old_codes, problems)
    problems.finalize()
    province = next(r for r in before if not r["parent_code"])
    units = [_unit(province), *earlier]
    units += [
        _unit(
            r,
            valid_from=starts.get(r["code"]),
            valid_until=REFORM_DATE,
            successors=tuple(successors.get(r["code"], ())),
        )
        for r in before
        if r["parent_code"]
    ]
    units += [_unit(r, level="commune", valid_from=REFORM_DATE) for r in after if r["parent_code"]]
    return Hierarchy(units)


#: The unit lists thdx ships, by the name a rulebook file gives as its default
#: (``[rulebook] units = "thanh_hoa"``).
UNIT_LISTS = {"thanh_hoa": thanh_hoa_units}


def shipped_units(name: str) -> Hierarchy:
    """The shipped unit list named ``name`` (a key of :data:`UNIT_LISTS`).

    >>> len(shipped_units("thanh_hoa")) == len(thanh_hoa_units())
    True

    Raises:
        HierarchyError: (a ValueError) no unit list has this name.
    """
    get = UNIT_LISTS.get(name)
    if get is None:
        known = ", ".join(repr(k) for k in sorted(UNIT_LISTS))
        msg = f"no shipped unit list is named {name!r} (expected one of {known})"
        raise HierarchyError(msg)
    return get()
