"""The columnar reader of a measurements file: its rows read in one pass as columns of
codes, each distinct unit, indicator, period, source and value text decided once.

Rows it does not decide alone (recognitions, reported counts, notes, a percentage for
an indicator not in percent…) are set aside for the reference reader
(:mod:`thdx.io._row_reader`); the rows with a problem are only known here by their
ordinal, and worded afterwards by the reference reader.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from thdx.io._format import (
    MAX_FIELD,
    MEASUREMENT_HEADER,
    RECOGNITION_INDICATOR,
    REPORTED_COUNT_INDICATORS,
    blank,
    cell,
)
from thdx.io._values import BAD, OTHER, PERCENT, PLAIN, RANK_TEXT, value_for, value_kind
from thdx.model._coerce import is_code
from thdx.model._errors import ThdxError
from thdx.model._indicators import Catalogue, Indicator, IndicatorKind
from thdx.model._measurement_cohorts import RANK_COHORTS
from thdx.model._measurement_cohorts import cohort_problem as _cohort_problem
from thdx.model._measurement_values import range_problem as _range_problem
from thdx.model._periods import Period, as_period
from thdx.model._quantities import MAX_VALUE_LENGTH
from thdx.store._checks import out_of_range as _out_of_range

__all__: list[str] = []

#: Distinct value texts remembered at a time (the memory stays bounded).
_VALUE_CACHE = 1 << 16

# The indicator put in a row with a note, to set it aside (not a valid id: no clash).
_NOTED = "\x00noted"
# The indicator code of a row that is not a measurement of a known indicator.
_UNKNOWN, _RESERVED, _BLANK, _FIELDS = -1, -2, -3, -4


class Reader:
    """The columnar reader of a measurements file: one pass over its rows.

    Each row's unit code, indicator, period, source and value text is coded by its
    position among the distinct ones seen, and each distinct one is decided once (a
    valid code, a known indicator, a period, a value's kind and magnitude). The work
    per row is a few dict lookups, so the cost stays near the csv module's own. Rows
    that it does not decide alone (recognitions, reported counts, notes, a percentage
    for an indicator not in percent…) are read by :func:`thdx.io._row_reader.row_item`
    afterwards; the rows with a problem are only known by their ordinal here, and worded
    later.
    """

    def __init__(self, cat: Catalogue, width: int) -> None:
        self.cat = cat
        self.width = width
        self.unit_names: list[str] = []
        self.ind_names: list[str] = []
        self.periods: list[Period] = []
        self.source_names: list[str] = []
        self.texts: list[str] = []
        self._final: dict[str, dict[Any, int]] = {
            "unit": {},
            "ind": {},
            "period": {},
            "source": {},
            "text": {},
        }
        # Per distinct value text seen: its magnitude; for one that is not a plain
        # number, its kind, cohort and text number too.
        self._numbers = array("d")
        self._special: dict[int, tuple[int, float, int]] = {}
        # Per row (its ordinal: its place among the rows after the header).
        self._u = self._k = self._p = self._s = self._v = np.zeros(0, dtype=np.int32)
        #: Rows read one at a time (recognitions, reported counts, notes…), by ordinal.
        self.aside: list[tuple[int, list[str]]] = []
        #: The rows with a note, by ordinal (in :attr:`aside` as rows of five columns).
        self.noted: dict[int, list[str]] = {}
        #: Ordinals of the rows with a problem.
        self.bad: list[int] = []

    # -- distinct values -----------------------------------------------------------

    def code(self, table: str, key: Any, names: list[Any]) -> int:
        """The position of ``key`` among the distinct values of ``table``."""
        final = self._final[table]
        c = final.get(key)
        if c is None:
            c = final[key] = len(names)
            names.append(key)
        return c

    def _unit(self, raw: str) -> int:
        code = raw.strip()
        if len(raw) > MAX_FIELD or not is_code(code):
            return -1
        return self.code("unit", code, self.unit_names)

    def _indicator(self, raw: str) -> int:
        ind = raw.strip()
        if ind == RECOGNITION_INDICATOR or ind in REPORTED_COUNT_INDICATORS or raw == _NOTED:
            return _RESERVED
        if len(raw) > MAX_FIELD or ind not in self.cat:
            return _UNKNOWN
        return self.code("ind", ind, self.ind_names)

    def _period(self, raw: str) -> int:
        if len(raw) > MAX_FIELD:
            return -1
        try:
            per = as_period(raw.strip())
        except ThdxError:
            return -1
        return self.code("period", per, self.periods)

    def _source(self, raw: str) -> int:
        if len(raw) > MAX_FIELD:
            return -1
        return self.code("source", cell(raw), self.source_names)

    def _value(self, raw: str) -> int:
        kind, number, cohort = value_kind(raw)
        at = len(self._numbers)
        self._numbers.append(number)
        if kind != PLAIN:
            text = self.code("text", cell(raw), self.texts) if kind == OTHER else -1
            self._special[at] = (kind, cohort, text)
        return at

    # -- the rows -----------------------------------------------------------------

    def read(self, rows: Iterable[list[str]]) -> None:
        """Read the rows after the header, in file order.

        The loop is written out for speed: a dict lookup per cell (a call only for a
        text not seen before) and list appends (which CPython runs fastest); the
        lists become arrays at the end.
        """
        units: dict[str, int] = {}
        inds: dict[str, int] = {}
        periods: dict[str, int] = {}
        sources: dict[str, int] = {}
        values: dict[str, int] = {}
        ug, vg = units.get, values.get
        aside, bad = self.aside, self.bad
        reserved = _RESERVED
        numbers, add_number = self._numbers, self._numbers.append
        cache, longest, caching = _VALUE_CACHE, MAX_VALUE_LENGTH, True
        if self.width > len(MEASUREMENT_HEADER):
            rows = self._notes_aside(rows)
        rows = iter(rows)
        U: list[int] = []
        K: list[int] = []
        P: list[int] = []
        S: list[int] = []
        V: list[int] = []
        for row in rows:
            try:
                unit, ind, per, val, src = row
                # Few distinct indicators, periods and sources: a miss is rare.
                k = inds[ind]
                p = periods[per]
                s = sources[src]
            except KeyError:
                k = inds[ind] if ind in inds else inds.setdefault(ind, self._indicator(ind))
                p = periods[per] if per in periods else periods.setdefault(per, self._period(per))
                s = sources[src] if src in sources else sources.setdefault(src, self._source(src))
            except ValueError:
                if blank(row):
                    K.append(_BLANK)
                else:
                    bad.append(len(U))
                    K.append(_FIELDS)
                U.append(-1)
                P.append(-1)
                S.append(-1)
                V.append(-1)
                continue
            if k == reserved:
                aside.append((len(U), row))
            u = ug(unit)
            if u is None:
                u = units[unit] = self._unit(unit)
            v = vg(val)
            if v is None:
                # A value not seen before: a plain number is read inline.
                try:
                    x = float(val)
                except ValueError:
                    v = self._value(val)
                else:
                    if x - x == 0.0 and val.isascii() and "_" not in val and len(val) <= longest:
                        v = len(numbers)
                        add_number(x)
                    else:
                        v = self._value(val)
                if caching:
                    if len(values) >= cache:
                        # Mostly distinct values (levels in VND): remember no more.
                        caching = len(U) >= 4 * cache
                        values.clear()
                    values[val] = v
            U.append(u)
            K.append(k)
            P.append(p)
            S.append(s)
            V.append(v)
        n = len(U)
        self._u, self._k, self._p, self._s, self._v = (
            np.fromiter(column, np.int32, n) for column in (U, K, P, S, V)
        )
        if self.noted:
            self.aside = [(o, self.noted.get(o, row)) for o, row in aside]

    def _notes_aside(self, rows: Iterable[list[str]]) -> Iterator[list[str]]:
        """The rows of a file with a note column, as rows of five columns: a row with
        a note is read one at a time (its indicator replaced by one that sets it
        aside, the row itself kept in :attr:`noted`); a row of another length is
        given so that it has another length still."""
        noted = self.noted
        ordinal = itertools.count()
        for row in rows:
            o = next(ordinal)
            if len(row) != 6:
                yield [*row, ""] if len(row) == 5 else row
            elif row[5].strip():
                noted[o] = row
                yield [row[0], _NOTED, *row[2:5]]
            else:
                yield row[:5]

    # -- the columns, checked against their indicators -------------------------------

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """The measurement rows without a problem, one array per column (each row's
        unit, indicator, period and source as its position among the distinct ones);
        the ordinals of the other rows with a problem are added to :attr:`bad`."""
        u, k, p, s, v = self._u, self._k, self._p, self._s, self._v
        n_values = len(self._numbers)
        kinds = np.zeros(n_values, dtype=np.int8)
        cohort_of = np.full(n_values, np.nan)
        text_of = np.full(n_values, -1, dtype=np.int32)
        for at, (kind_at, cohort_at, text_at) in self._special.items():
            kinds[at], cohort_of[at], text_of[at] = kind_at, cohort_at, text_at
        inds = [self.cat[i] for i in self.ind_names]
        percent = np.array([i.unit == "percent" for i in inds] or [False], dtype=bool)
        rank = np.array([i.kind is IndicatorKind.RANK for i in inds] or [False], dtype=bool)
        known = k >= 0
        kk = np.where(known, k, 0)
        kind = np.where(v >= 0, kinds[np.maximum(v, 0)] if len(kinds) else BAD, BAD)
        # A percentage for an indicator not in percent, a rank for another kind of
        # indicator: left to the row-by-row reader (which reads the whole file again,
        # should it accept them).
        odd = known & (((kind == PERCENT) & ~percent[kk]) | ((kind == RANK_TEXT) & ~rank[kk]))
        ok = known & (u >= 0) & (p >= 0) & (s >= 0) & (kind != BAD) & ~odd
        aside = [o for o, _ in self.aside]
        ok[aside] = False
        problem = ~ok & (k != _BLANK) & (k != _RESERVED) & (k != _FIELDS)
        problem[aside] = False
        self.bad.extend(np.flatnonzero(problem).tolist())
        rows = np.flatnonzero(ok)
        vv = v[rows]
        cols: dict[str, npt.NDArray[Any]] = {
            "ordinal": rows.astype(np.int64),
            "u": u[rows].astype(np.int64),
            "k": k[rows].astype(np.int64),
            "p": p[rows].astype(np.int64),
            "s": s[rows],
            "kind": kind[rows],
            "value": np.frombuffer(self._numbers, dtype=float)[vv],
            "cohort": cohort_of[vv],
            "text": text_of[vv],
        }
        del u, k, p, s, v, kinds, kk, kind, vv
        self._u = self._k = self._p = self._s = self._v = np.zeros(0, dtype=np.int32)
        if not len(rows):
            return cols
        k = cols["k"]
        other = np.flatnonzero(cols["kind"] == OTHER)
        if len(other):
            self._read_texts(cols, other, inds)
        rank_rows = rank[k]
        cols["cohort"] = np.where(rank_rows, cols["cohort"], np.nan)
        values, cohorts = cols["value"], cols["cohort"]
        good = np.isfinite(values)
        suspect = _out_of_range(values, cohorts, k, inds, rank_rows) & good
        for i in np.flatnonzero(suspect).tolist():
            x, c = float(values[i]), float(cohorts[i])
            if _range_problem(inds[int(k[i])], x, x) or x > c:
                good[i] = False
        good &= self._cohorts_fit(cols, inds)
        if not good.all():
            self.bad.extend(cols["ordinal"][~good].tolist())
            cols = {name: col[good] for name, col in cols.items()}
        return cols

    def _read_texts(
        self, cols: dict[str, npt.NDArray[Any]], rows: npt.NDArray[np.intp], inds: list[Indicator]
    ) -> None:
        """Read the value texts of ``rows`` as Measurement reads them, once per text
        and indicator (NaN: refused, worded later)."""
        n = max(1, len(inds))
        pairs = cols["text"][rows].astype(np.int64) * n + cols["k"][rows]
        distinct, inverse = np.unique(pairs, return_inverse=True)
        values = np.empty(len(distinct))
        cohorts = np.empty(len(distinct))
        for j, pair in enumerate(distinct.tolist()):
            try:
                values[j], cohort = value_for(self.texts[pair // n], inds[pair % n])
            except ThdxError:
                values[j], cohort = math.nan, None
            cohorts[j] = math.nan if cohort is None else cohort
        cols["value"][rows] = values[inverse.reshape(-1)]
        cols["cohort"][rows] = cohorts[inverse.reshape(-1)]

    def _cohorts_fit(
        self, cols: dict[str, npt.NDArray[Any]], inds: list[Indicator]
    ) -> npt.NDArray[np.bool_]:
        """Per row, whether its cohort, if any, fits its data year (RANK_COHORTS)."""
        k, cohorts = cols["k"], cols["cohort"]
        fits = np.ones(len(k), dtype=bool)
        ruled = np.array([ind.id in RANK_COHORTS for ind in inds], dtype=bool)
        if not ruled.any():
            return fits
        rows = np.flatnonzero(ruled[k] & ~np.isnan(cohorts))
        if not len(rows):
            return fits
        keys = np.stack([k[rows], cols["p"][rows], cohorts[rows].astype(np.int64)], axis=1)
        distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
        good = np.array(
            [
                _cohort_problem(inds[kk].id, self.periods[pp], 1, cc) is None
                for kk, pp, cc in distinct.tolist()
            ],
            dtype=bool,
        )
        fits[rows] = good[inverse.reshape(-1)]
        return fits
