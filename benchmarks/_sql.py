"""A proof that thdx's declarative rules compile to SQL (see docs/scale.md).

Only the vocabulary the peer workload uses is compiled here — ``Compare``, ``AllOf``,
``AnyOf``, ``AtLeast`` — with the engine's semantics: the latest period up to
``as_of`` per unit (the deadline period preferred when given, never a period that
ended before the unit existed), statuses NOT_MET 0 < UNKNOWN 1 < MET 2 and
NOT_APPLICABLE 3, and Kleene's logic as MIN / MAX / counts over that encoding.

Tables (any SQL engine with window functions; the proof runs on stdlib sqlite3)::

    measurement(unit TEXT, indicator TEXT, period_start INT, period_end INT, value REAL)
    batch(code TEXT PRIMARY KEY, valid_from INT NULL)     -- the units judged

Dates are proleptic Gregorian ordinals, as in the engine. Nothing in a rule is code:
every operator maps to a fixed SQL fragment and every number or id is a bound
parameter, so the compiled text is safe to run where the data lives.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from thdx import AllOf, AnyOf, AtLeast, Comparator, Compare, Period, UnknownUnitError
from thdx.rules import Rule

_SQL_OP = {
    Comparator.GE: ">=",
    Comparator.GT: ">",
    Comparator.LE: "<=",
    Comparator.LT: "<",
    Comparator.EQ: "=",
}

SCHEMA = """
CREATE TABLE measurement (
    unit TEXT NOT NULL, indicator TEXT NOT NULL,
    period_start INTEGER NOT NULL, period_end INTEGER NOT NULL, value REAL NOT NULL
);
CREATE INDEX measurement_by_indicator ON measurement (indicator, unit, period_end);
CREATE TABLE batch (code TEXT PRIMARY KEY, valid_from INTEGER);
"""


class NotCompilable(NotImplementedError):
    """A rule this proof does not compile (see docs/scale.md for the recipe)."""


def _latest(deadline: Period | None) -> tuple[str, list[object]]:
    """The row to judge on per unit and indicator: the engine's ``latest()``."""
    prefer = ""
    params: list[object] = []
    if deadline is not None:
        prefer = "(m.period_start = ? AND m.period_end = ?) DESC, "
        params += [deadline.start_ordinal, deadline.end_ordinal]
    sql = f"""
    SELECT unit, indicator, value FROM (
        SELECT m.unit, m.indicator, m.value,
               ROW_NUMBER() OVER (
                   PARTITION BY m.indicator, m.unit
                   ORDER BY {prefer}m.period_end DESC, m.period_start ASC
               ) AS rn
        FROM measurement AS m JOIN batch AS b ON b.code = m.unit
        WHERE m.period_end <= ? AND (b.valid_from IS NULL OR m.period_end >= b.valid_from)
    ) WHERE rn = 1"""
    return sql, [*params, None]  # None: the as_of slot, filled by compile_rule


def _status(rule: Rule, params: list[object]) -> str:
    """A query of (unit, status) over ``batch`` for ``rule``; appends its parameters."""
    if isinstance(rule, Compare):
        params += [rule.threshold, rule.indicator]
        return (
            "SELECT b.code AS unit, CASE WHEN l.value IS NULL THEN 1 "
            f"WHEN l.value {_SQL_OP[rule.comparator]} ? THEN 2 ELSE 0 END AS status "
            "FROM batch AS b LEFT JOIN latest AS l ON l.unit = b.code AND l.indicator = ?"
        )
    if isinstance(rule, AllOf | AnyOf | AtLeast):
        # Parameters in text order: the combination's own, then the children's.
        child_params: list[object] = []
        children = " UNION ALL ".join(_status(r, child_params) for r in rule.rules)
        if isinstance(rule, AllOf):  # NOT_APPLICABLE children count as MET
            combined = "MIN(CASE WHEN status = 3 THEN 2 ELSE status END)"
        elif isinstance(rule, AnyOf):  # ... and as nothing in an "any"
            combined = "MAX(CASE WHEN status = 3 THEN -1 ELSE status END)"
        else:
            params += [rule.k, rule.k]
            combined = (
                "CASE WHEN SUM(status = 2) >= ? THEN 2 "
                "WHEN SUM(status = 2) + SUM(status = 1) < ? THEN 0 ELSE 1 END"
            )
        params += child_params
        return (
            f"SELECT unit, CASE WHEN MIN(status) = 3 THEN 3 ELSE {combined} END AS status "
            f"FROM ({children}) GROUP BY unit"
        )
    msg = f"this proof compiles Compare/AllOf/AnyOf/AtLeast only, not {type(rule).__name__}"
    raise NotCompilable(msg)


def compile_rule(
    rule: Rule, *, as_of: _dt.date, deadline: Period | None = None
) -> tuple[str, list[object]]:
    """The SQL text and its parameters computing ``(unit, status)`` for every batch unit.

    >>> sql, params = compile_rule(Compare("a_share", ">=", 50), as_of=_dt.date(2025, 12, 31))
    >>> params
    [739616, 50.0, 'a_share']
    """
    latest_sql, latest_params = _latest(deadline)
    latest_params[-1] = min(as_of, deadline.end).toordinal() if deadline else as_of.toordinal()
    body_params: list[object] = []
    body = _status(rule, body_params)
    sql = f"WITH latest AS MATERIALIZED ({latest_sql}\n)\nSELECT unit, status FROM ({body})"
    return sql, [*latest_params, *body_params]


def connect(
    units: Sequence[str],
    indicators: Sequence[str],
    values: npt.NDArray[np.float64],
    period: Period,
    batch: Sequence[str],
) -> sqlite3.Connection:
    """An in-memory database holding the measurements (one period) and the batch."""
    con = sqlite3.connect(":memory:")
    con.executescript(SCHEMA)
    s, e = period.start_ordinal, period.end_ordinal
    con.executemany(
        "INSERT INTO measurement VALUES (?, ?, ?, ?, ?)",
        zip(units, indicators, [s] * len(units), [e] * len(units), values.tolist(), strict=True),
    )
    con.executemany("INSERT INTO batch VALUES (?, NULL)", ((c,) for c in batch))
    con.commit()
    return con


def run(
    con: sqlite3.Connection, sql: str, params: Sequence[object], batch: Sequence[str]
) -> npt.NDArray[np.int8]:
    """The statuses of the batch units, in batch order."""
    got = dict(con.execute(sql, params).fetchall())
    return np.fromiter((got[c] for c in batch), np.int8, len(batch))


def set_batch(con: sqlite3.Connection, hierarchy: Any, codes: Sequence[str], day: _dt.date) -> None:
    """Fill ``batch`` as the engine reads validity: the version of each unit that
    exists on ``day`` gives its ``valid_from``; a unit unknown that day has none."""
    rows = []
    for code in codes:
        try:
            start = hierarchy.get(code, day).valid_from
        except UnknownUnitError:
            start = None
        rows.append((code, start.toordinal() if start else None))
    con.execute("DELETE FROM batch")
    con.executemany("INSERT INTO batch VALUES (?, ?)", rows)


def self_check() -> int:
    """Compile a few rules over a tiny hand-made data set and check that SQL agrees
    with ``thdx.engine.evaluate_rule`` — deadline preference, a unit that began
    mid-year, later data, a long period and nested combinations. Returns the number
    of (rule, date) cases checked.

    >>> self_check()
    40
    """
    import thdx
    from thdx.engine import evaluate_rule

    cat = thdx.Catalogue(
        thdx.Indicator(id=i, name_vi=i, name_en=i, pillar="overall", unit="percent", kind="share")
        for i in ("a_share", "b_share")
    )
    rows = [
        ("11", "a_share", "2024", 50.0),
        ("11", "a_share", "2025-Q1", 10.0),
        ("11", "a_share", "2025", 70.0),
        ("12", "a_share", "2023", 80.0),
        ("12", "b_share", "2025", 5.0),
        ("13", "b_share", "2024", 60.0),
        ("13", "a_share", "2026", 99.0),
        ("15", "a_share", "2019/2024", 61.0),
        ("15", "a_share", "2024", 59.0),
        ("16", "a_share", "2024", 90.0),
        ("16", "a_share", "2025-Q3", 40.0),
    ]
    units, inds, periods, values = (list(col) for col in zip(*rows, strict=True))
    data = thdx.MeasurementSet.from_columns(
        unit=units, indicator=inds, period=periods, value=values, catalogue=cat
    )
    begins = _dt.date(2025, 7, 1)  # unit 16 exists from this day: older rows are not its own
    au = thdx.AdministrativeUnit
    hierarchy = thdx.Hierarchy(
        [
            au(code="1", name="Tỉnh A", kind="tỉnh"),
            *(
                au(code=c, name=f"Xã {c}", kind="xã", parent="1", level="commune")
                for c in ("11", "12", "13", "14", "15")
            ),
            au(code="16", name="Xã 16", kind="xã", parent="1", level="commune", valid_from=begins),
        ]
    )
    codes = ["11", "12", "13", "14", "15", "16"]
    con = sqlite3.connect(":memory:")
    con.executescript(SCHEMA)
    for u, i, p, v in rows:
        per = Period.parse(p)
        con.execute(
            "INSERT INTO measurement VALUES (?, ?, ?, ?, ?)",
            (u, i, per.start_ordinal, per.end_ordinal, v),
        )
    a, b = Compare("a_share", ">=", 60.0), Compare("b_share", "<=", 10.0)
    rules: list[Rule] = [
        a,
        b,
        AllOf([a, b]),
        AnyOf([a, b]),
        AtLeast(1, [a, b]),
        AtLeast(2, [a, b]),
        AnyOf([AllOf([a, b]), AtLeast(1, [b])]),
        AllOf([AnyOf([a]), AtLeast(0, [b])]),
    ]
    dates = [
        ("2025-12-31", None),
        ("2025-06-30", None),
        ("2025-12-31", "2024"),
        ("2025-06-30", "2025"),
        ("2024-12-31", None),
    ]
    n = 0
    for rule in rules:
        for as_of, deadline in dates:
            dl = Period.parse(deadline) if deadline else None
            day = _dt.date.fromisoformat(as_of)
            set_batch(con, hierarchy, codes, min(day, dl.end) if dl else day)
            want = evaluate_rule(rule, data, codes, units=hierarchy, as_of=day, deadline=dl)
            sql, params = compile_rule(rule, as_of=day, deadline=dl)
            got = run(con, sql, params, codes)
            if not np.array_equal(np.asarray(want.status, dtype=np.int8), got):
                msg = f"SQL and engine disagree on {rule!r} as of {as_of}, deadline {deadline}"
                raise AssertionError(msg)
            n += 1
    return n
