"""The gathers over files or a relation: one pass over the rows as they are.

A gather takes, for each unit, the row it prefers among the rows of one indicator up
to a day (:mod:`thdx.sql._query` says the order: the preferred period, then the latest
end, then the longest period). Over a set held in memory, the query joins every row to
the units and gathers. Over a country's files that join is the cost: every one of
millions of rows matched on text codes to the units of each batch. Here the rows are
read once, as they are, and the work moves to small tables:

1. The check of the files (:func:`thdx.sql._source.load`) found every distinct period
   and unit of measure. From them and the plan's gathers, Python writes
   ``thdx_keys(sid, indicator, period, uom, factor, k, start_day, end_day)``: for each
   list of ranked periods, each (indicator, period, unit of measure) it may use, with
   the rank ``k`` of that period in the order; ``thdx_lists(gid, variant, sid)`` says
   which list each gather reads (gathers that rank the same periods alike share one,
   so a row is joined once). A few thousand rows.
2. One pass over the rows, joined to ``thdx_keys`` on their own three columns, keeps
   per list and unit code the highest rank and the value at it (``arg_max``); the
   rank gives back the period's first and last day.
3. The few hundred thousand results are joined to the units of each batch.
4. A second, narrow pass reads the rows of the (indicator, period) pairs some unit's
   verdict chose, a few of each indicator's, and refuses two different values for one
   key, as in process.

A unit's first day (``gather_from``: rows that end before it belong to the unit it
replaced) is applied after the pass: when the highest row ends before it, the highest
row *without* the preferred period's bonus (``variant`` 1, written only for the gathers
that need it) is the answer if it ends on or after that day, and there is none
otherwise. That is the order of the query over a set, row for row: the preferred row
is the highest of all when it is in the window, and the latest row is the highest of
those in the window when it is not.

The same pass gives every unit code the rows name, checked as the in-process reader
checks them (ASCII digits, and held by ``units=`` when given).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from thdx.model._coerce import code_problem
from thdx.model._errors import DuplicateMeasurementError, UnknownUnitError
from thdx.model._hierarchy import Hierarchy
from thdx.sql._facts import Facts
from thdx.sql._query import END, PREFER
from thdx.sql._source import Loaded

__all__ = ["gather_files"]

Con = Any


_SHOWN = 10

#: A period a gather may read: its text, first and last day, and rank.
Ranked = tuple[str, int, int, int]


def _keys(facts: Facts, loaded: Loaded) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The rows of ``thdx_keys`` (what each list of ranked periods may read) and of
    ``thdx_lists`` (the list each gather, and variant, reads).

    Gathers that rank the same periods the same way (one indicator read by the targets
    of several batches, for several deadlines) share one list, so that a row is joined
    once whatever the number of gathers that read it."""
    by_indicator: dict[str, list[tuple[str | None, float]]] = {}
    for ind, uom, factor in loaded.factors:
        by_indicator.setdefault(ind, []).append((uom, factor))
    late_units = {bid for bid, _, _, _, gather_from in facts.rows["thdx_units"] if gather_from}
    lists: dict[tuple[object, ...], int] = {}
    keys: dict[str, list[Any]] = {
        c: [] for c in ("sid", "indicator", "period", "uom", "factor", "k", "start_day", "end_day")
    }
    reads: dict[str, list[int]] = {"gid": [], "variant": [], "sid": []}

    def add(gid: int, variant: int, indicator: str, ranked: list[Ranked]) -> None:
        sig = (indicator, *ranked)
        sid = lists.get(sig)
        if sid is None:
            sid = lists[sig] = len(lists)
            for uom, factor in by_indicator.get(indicator, ()):
                for text, s, e, k in ranked:
                    row = (sid, indicator, text, uom, factor, k, s, e)
                    for c, v in zip(keys.values(), row, strict=True):
                        c.append(v)
        for c, v in zip(reads.values(), (gid, variant, sid), strict=True):
            c.append(v)

    for gid, bid, indicator, upto, ps, pe, is_exact in facts.rows["thdx_gathers"]:
        assert isinstance(gid, int)
        assert isinstance(indicator, str)
        ranked: list[Ranked] = []
        plain: list[Ranked] = []
        for text, s, e in loaded.periods:
            rank = e * END + min(e - s, END - 1)
            if is_exact:
                if s == ps and e == pe:
                    ranked.append((text, s, e, rank))
                continue
            assert isinstance(upto, int)
            if e > upto:
                continue
            preferred = ps is not None and s == ps and e == pe
            ranked.append((text, s, e, rank + (PREFER if preferred else 0)))
            plain.append((text, s, e, rank))
        add(gid, 0, indicator, ranked)
        if not is_exact and ps is not None and bid in late_units:
            add(gid, 1, indicator, plain)
    types = {"sid": np.int32, "factor": np.float64, "k": np.int64}
    types |= {"start_day": np.int64, "end_day": np.int64, "gid": np.int32, "variant": np.int32}
    return (
        {c: np.asarray(v, dtype=types.get(c, object)) for c, v in keys.items()},
        {c: np.asarray(v, dtype=np.int32) for c, v in reads.items()},
    )


def gather_files(con: Con, facts: Facts, loaded: Loaded, units: Hierarchy | None) -> None:
    """``thdx_gathered`` over the view ``thdx_raw`` that :func:`~thdx.sql._source.load`
    checked, the problems it found raised with those of the unit codes."""
    keys, lists = _keys(facts, loaded)
    for name, table in (("thdx_keys", keys), ("thdx_lists", lists)):
        con.register(name + "_np", table)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_np")  # noqa: S608
    on = "k.indicator = CAST(r.indicator AS VARCHAR) AND k.period = CAST(r.period AS VARCHAR)"
    if loaded.uom:
        on += " AND k.uom IS NOT DISTINCT FROM CAST(r.unit_of_measure AS VARCHAR)"
    value = "CAST(r.value AS DOUBLE) * k.factor"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE thdx_agg AS "  # noqa: S608 - our names only
        "SELECT k.sid, CAST(r.unit AS VARCHAR) AS unit, max(k.k) AS k, "
        f"arg_max({value}, k.k) AS v FROM thdx_raw AS r JOIN thdx_keys AS k ON {on} "
        "GROUP BY ALL"
    )
    keyed = set(zip(keys["indicator"], keys["uom"], keys["period"], strict=True))
    _check_units(con, loaded, units, every_row=loaded.combos <= keyed)
    # A rank's end day and length (see _keys), and the unit's first day applied.
    end = f"((a0.k % {PREFER}) // {END})"
    end1 = f"((a1.k % {PREFER}) // {END})"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE thdx_pick AS "  # noqa: S608 - our names and numbers
        "SELECT p.gid, p.pos, p.sid, c.k, c.v FROM ("
        "SELECT g.gid, u.pos, u.code, CASE "
        f"WHEN a0.k IS NOT NULL AND (g.is_exact = 1 OR {end} >= u.gather_from) THEN l0.sid "
        f"WHEN a1.k IS NOT NULL AND {end1} >= u.gather_from THEN l1.sid END AS sid "
        "FROM thdx_gathers AS g JOIN thdx_units AS u ON u.bid = g.bid "
        "JOIN thdx_lists AS l0 ON l0.gid = g.gid AND l0.variant = 0 "
        "LEFT JOIN thdx_lists AS l1 ON l1.gid = g.gid AND l1.variant = 1 "
        "LEFT JOIN thdx_agg AS a0 ON a0.sid = l0.sid AND a0.unit = u.code "
        "LEFT JOIN thdx_agg AS a1 ON a1.sid = l1.sid AND a1.unit = u.code"
        ") AS p JOIN thdx_agg AS c ON c.sid = p.sid AND c.unit = p.code"
    )
    _check_duplicates(con, loaded)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE thdx_gathered AS SELECT gid, pos, "  # noqa: S608
        f"CAST(NULL AS BIGINT) AS row_id, v AS value, (k % {PREFER}) // {END} - "
        f"k % {END} AS start_day, (k % {PREFER}) // {END} AS end_day FROM thdx_pick"
    )


def _check_duplicates(con: Con, loaded: Loaded) -> None:
    """Refuse two different values for one key among the rows of the (indicator,
    period, unit of measure) that some gather chose: a second, narrow pass."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE thdx_chosen AS SELECT DISTINCT k.indicator, k.period, "
        "k.uom, k.factor, k.start_day, k.end_day FROM (SELECT DISTINCT sid, k FROM thdx_pick) "
        "AS p JOIN thdx_keys AS k USING (sid, k)"
    )
    on = "c.indicator = CAST(r.indicator AS VARCHAR) AND c.period = CAST(r.period AS VARCHAR)"
    if loaded.uom:
        on += " AND c.uom IS NOT DISTINCT FROM CAST(r.unit_of_measure AS VARCHAR)"
    value = "CAST(r.value AS DOUBLE) * c.factor"
    dups = con.execute(
        f"SELECT CAST(r.unit AS VARCHAR), c.indicator, c.start_day, c.end_day, min({value}), "  # noqa: S608
        f"max({value}) FROM thdx_raw AS r JOIN thdx_chosen AS c ON {on} GROUP BY 1, 2, 3, 4 "
        f"HAVING min({value}) <> max({value}) ORDER BY 1, 2, 3 LIMIT 1"
    ).fetchall()
    if dups:
        unit, ind_id, start, end, a, b = dups[0]
        days = _dt.date.fromordinal(int(start)), _dt.date.fromordinal(int(end))
        msg = (
            f"{loaded.name}: two different values for unit {unit!r}, indicator {ind_id!r}, "
            f"period '{days[0]}/{days[1]}': {a} and {b}"
        )
        raise DuplicateMeasurementError(msg)


def _check_units(con: Con, loaded: Loaded, units: Hierarchy | None, *, every_row: bool) -> None:
    """Every unit code of the rows: an official code, and held by ``units`` if given.
    ``every_row``: every row was gathered, so the gathers' results name every code;
    else the rows are read once more for their codes."""
    table = "thdx_agg" if every_row else "thdx_raw"
    codes = [
        c
        for (c,) in con.execute(
            f"SELECT DISTINCT CAST(unit AS VARCHAR) FROM {table}"  # noqa: S608 - ours
        ).fetchall()
    ]
    problems = loaded.problems
    bad = sorted((c for c in codes if code_problem(c) is not None), key=str)
    for code in bad[:_SHOWN]:
        problems.add(loaded.where("unit", code), str(code_problem(code)))
    if len(bad) > _SHOWN:
        problems.add(loaded.name, f"and {len(bad) - _SHOWN} more unit codes like these")
    problems.finalize()
    if units is None:
        return
    unknown = sorted(c for c in codes if c not in units)
    if unknown:
        shown = ", ".join(repr(u) for u in unknown[:_SHOWN])
        more = f" and {len(unknown) - _SHOWN} more" if len(unknown) > _SHOWN else ""
        msg = f"the data names units that units= does not hold: {shown}{more}"
        raise UnknownUnitError(unknown[0], message=msg)
