"""Goals stated for a wider level than they are judged for: the ``stated_for`` keys of a
rulebook document, and the jurisdiction a national document is measured for.

A national programme (Decision 749/QĐ-TTg) states its goals for the whole country:
"Kinh tế số chiếm 20% GDP". A province reads them for itself — its digital economy as a
share of *its* GRDP against the nation's 20 % — as a benchmark. The document says so
with ``stated_for = "nation"`` in ``[rulebook]`` (the default of its targets) or on a
target, and names no jurisdiction: the loader is told which unit it is measured for
(``load_rulebook(path, jurisdiction="38")``).

>>> from thdx.model._errors import RulebookError
>>> c = Problems("<doc>", RulebookError)
>>> stated_for(c, {"stated_for": "nation"}, "rulebook")
'nation'
>>> stated_for(c, {"stated_for": "nations"}, "rulebook")
''
>>> c.finalize()
Traceback (most recent call last):
...
thdx.model._errors.RulebookError: <doc>: 1 problem
  rulebook.stated_for: 'nations' is not a level a goal is stated for (expected one of 'nation', 'province', 'district', 'commune'; did you mean 'nation'?)
"""  # noqa: E501

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from thdx.model._coerce import code_problem
from thdx.model._problems import Problems
from thdx.rulebooks._documents import short
from thdx.rules._targets import STATED_FOR

__all__: list[str] = []


def stated_for(c: Problems, table: Mapping[str, Any], where: str, default: str = "") -> str:
    """The ``stated_for`` of a table (``default`` when it has none; ``""`` on a problem)."""
    if "stated_for" not in table:
        return default
    value = table["stated_for"]
    if isinstance(value, str) and value in STATED_FOR:
        return value
    expected = ", ".join(map(repr, STATED_FOR))
    hint = ""
    if isinstance(value, str):
        close = difflib.get_close_matches(value.strip().lower(), STATED_FOR, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
    c.add(
        f"{where}.stated_for",
        f"{short(value)} is not a level a goal is stated for (expected one of {expected}{hint})",
    )
    return ""


def check_target(c: Problems, level: str, scope: str | None, measure: str, where: str) -> bool:
    """Whether a target stated for ``level`` can be judged for the units of its scope —
    for a count or a share of units, the province counting them (adds the problem)."""
    judged = "province" if measure in ("count", "share") else scope
    if not level or judged not in STATED_FOR:
        return True
    if STATED_FOR.index(level) <= STATED_FOR.index(judged):
        return True
    c.add(
        f"{where}.stated_for",
        f"a goal stated for each {level} cannot be judged for a {judged}: "
        f"stated_for must be that level or a wider one "
        f"({', '.join(map(repr, STATED_FOR[: STATED_FOR.index(judged) + 1]))})",
    )
    return False


def jurisdiction(
    c: Problems, meta: Mapping[str, Any], level: str, given: object, from_file: str
) -> str:
    """The jurisdiction of a rulebook: the file's, or ``given`` (the loader's argument)
    for a document stated for the nation; both must agree when both are there."""
    if given is None:
        if not from_file and "jurisdiction" not in meta:
            if level == "nation":
                c.add(
                    "rulebook.jurisdiction",
                    "missing: a rulebook stated for the nation is measured for the unit "
                    "the loader names (jurisdiction='38')",
                )
            else:
                c.add("rulebook.jurisdiction", "missing")
        return from_file
    if not isinstance(given, str):
        c.add("jurisdiction=", f"expected a unit code (a str), got {short(given)}")
        return from_file
    problem = code_problem(given)
    if problem:
        c.add("jurisdiction=", problem)
        return from_file
    if from_file and from_file != given:
        c.add(
            "rulebook.jurisdiction",
            f"the file names {from_file!r}, the loader was given jurisdiction={given!r}",
        )
        return from_file
    if not from_file and "jurisdiction" not in meta and level != "nation":
        c.add(
            "rulebook.jurisdiction",
            "missing: only a rulebook stated for the nation takes its jurisdiction from the "
            f"loader (jurisdiction={given!r} was given)",
        )
    return given
