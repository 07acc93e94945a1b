"""Vectorised selection of rows for a batch of units: the row to judge each unit on
(``prefer``red period, else the latest usable), the row of exactly one period, and
values by row. The engine asks these of a MeasurementSet once per rule.

>>> import numpy as np, thdx
>>> data = thdx.MeasurementSet.from_columns(
...     unit=["38", "38"], indicator=["satisfaction_share"] * 2,
...     period=["2024", "2025"], value=[80.0, 92.5])
>>> as_of = thdx.Period.parse("2024").end_ordinal
>>> rows = data.latest("satisfaction_share", ["38", "7"], np.full(2, -2**63), as_of, None)
>>> data.values_at(rows).tolist()
[80.0, nan]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._periods import Period
from thdx.store._columns import Columns

__all__ = ["NO_BOUND", "Ask", "Selector"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: The lower bound of a unit that existed before any data (no ``valid_from``).
NO_BOUND = int(np.iinfo(np.int64).min)

#: Selector.latest searches an indicator's rows when there are at least _SEARCH_ROWS
#: of them and _SEARCH_COST × units asked × log2(rows) < rows; it scans them otherwise
#: (measured: a scan costs about 2-5 ns a row, a search about 20 µs plus 0.1 µs a unit).
_SEARCH_ROWS = 4096
_SEARCH_COST = 3


def _last_of_runs(u: IntArray) -> npt.NDArray[np.bool_]:
    """Per row of ``u`` (grouped), whether it is the last of its group."""
    last = np.empty(len(u), dtype=bool)
    np.not_equal(u[1:], u[:-1], out=last[:-1])
    last[-1] = True
    return last


@attrs.frozen(eq=False)
class Ask:
    """What :meth:`Selector.latest` is asked (see :meth:`thdx.MeasurementSet.latest`)."""

    indicator: str
    codes: Sequence[str]
    valid_from: IntArray
    as_of: int
    prefer: Period | None


class Selector:
    """Selection over one set's columns, with what it remembers between calls."""

    def __init__(self, columns: Columns) -> None:
        self.cols = columns
        #: The number of each distinct period (its position in ``columns.periods``).
        self.period_rank = {x: i for i, x in enumerate(columns.periods)}
        self.period_ends = np.fromiter(
            (x.end_ordinal for x in columns.periods), np.int64, len(columns.periods)
        )
        self.last_batch: tuple[Sequence[str], IntArray] | None = None
        self.value_or_nan: FloatArray | None = None
        self.max_end: dict[str, int] = {}
        self.last_rows: dict[str, tuple[IntArray, IntArray]] = {}
        self.keys: dict[str, IntArray] = {}

    def requested(self, codes: Sequence[str]) -> IntArray:
        """The position of each unit code asked about (-1: a unit without data)."""
        # The engine asks about the same batch of units once per rule: remember the
        # positions of the last batch (by identity; batches are not mutated).
        last = self.last_batch
        if last is not None and last[0] is codes:
            return last[1]
        n = len(codes)
        index = self.cols._positions
        req = np.fromiter(map(index.get, codes, itertools.repeat(-1, n)), np.int64, n)
        self.last_batch = (codes, req)
        return req

    def latest(self, ask: Ask) -> IntArray:
        """See :meth:`thdx.MeasurementSet.latest`."""
        rows = self.cols.rows_of(ask.indicator)
        lo, hi = rows.start, rows.stop
        req = self.requested(ask.codes)
        if hi == lo:
            return np.full(len(ask.codes), -1, dtype=np.int64)
        n = hi - lo
        if n >= _SEARCH_ROWS and _SEARCH_COST * len(ask.codes) * n.bit_length() < n:
            return self.search(ask, lo, hi, req)
        return self.scan(ask, lo, hi, req)

    def search(self, ask: Ask, lo: int, hi: int, req: IntArray) -> IntArray:
        """:meth:`latest` for a small batch: binary search per requested unit, in the
        indicator's rows ``lo:hi``; ``req`` holds the positions of the units asked."""
        indicator, valid_from, as_of, prefer = ask.indicator, ask.valid_from, ask.as_of, ask.prefer
        # Within the slice, rows are sorted by unit, then period number (by end, then
        # longest first): key = unit * periods + number increases along the slice.
        cols, npe = self.cols, len(self.cols.periods)
        keys = self.keys.get(indicator)
        if keys is None:
            keys = self.keys[indicator] = cols.unit[lo:hi] * npe + cols.period[lo:hi]
        base = req * npe
        asked = req >= 0
        lower = valid_from
        if len(req) > 1 and int(valid_from.max()) != NO_BOUND:
            # A unit asked for twice is bounded as the scan bounds it: by the last.
            distinct, inverse = np.unique(req, return_inverse=True)
            if len(distinct) < len(req):
                bound = np.full(len(distinct), NO_BOUND, dtype=np.int64)
                bound[inverse[asked]] = valid_from[asked]
                lower = bound[inverse]
        # The numbers of the periods ending on or before as_of are 0..top; those
        # ending on or after a unit's lower bound start at first.
        ends = self.period_ends
        top = int(np.searchsorted(ends, as_of, side="right")) - 1
        first = np.searchsorted(ends, lower, side="left")
        at = np.searchsorted(keys, base + top, side="right") - 1
        ok = asked & (at >= 0)
        at = np.maximum(at, 0)
        ok &= keys[at] >= base + first
        best = np.where(ok, at + lo, -1)
        if prefer is not None:
            number = self.period_rank.get(prefer)
            if number is not None and prefer.end_ordinal <= as_of:
                want = base + number
                hit = np.minimum(np.searchsorted(keys, want, side="left"), len(keys) - 1)
                found = asked & (keys[hit] == want) & (lower <= prefer.end_ordinal)
                best = np.where(found, hit + lo, best)
        return best.astype(np.int64, copy=False)

    def scan(self, ask: Ask, lo: int, hi: int, req: IntArray) -> IntArray:
        """:meth:`latest` for a large batch: one pass over the indicator's rows."""
        indicator, valid_from, as_of, prefer = ask.indicator, ask.valid_from, ask.as_of, ask.prefer
        cols = self.cols
        nu = len(cols.unit_codes)
        u, s, e = cols.unit[lo:hi], cols.start[lo:hi], cols.end[lo:hi]
        # One extra slot holding -1: a unit without data (req == -1) reads it.
        best = np.full(nu + 1, -1, dtype=np.int64)
        bounded = bool(len(valid_from)) and int(valid_from.max()) != NO_BOUND
        if not bounded and as_of >= self._slice_end(indicator, e):
            # Every row is usable: the last row of each unit's group, precomputed.
            mask = None
            units_last, rows_last = self._group_last(indicator, u, lo)
            best[units_last] = rows_last
        else:
            mask = e <= as_of
            if bounded:
                lower = np.full(nu + 1, NO_BOUND, dtype=np.int64)
                has = req >= 0
                lower[req[has]] = valid_from[has]
                mask &= e >= lower[u]
            idx = np.flatnonzero(mask)
            if len(idx):
                uu = u[idx]
                last = _last_of_runs(uu)
                best[uu[last]] = idx[last] + lo
        if prefer is not None:
            hit = (s == prefer.start_ordinal) & (e == prefer.end_ordinal)
            if mask is not None:
                hit &= mask
            hit_idx = np.flatnonzero(hit)
            best[u[hit_idx]] = hit_idx + lo
        return best[req]

    def _slice_end(self, indicator: str, ends: IntArray) -> int:
        got = self.max_end.get(indicator)
        if got is None:
            got = self.max_end[indicator] = int(ends.max())
        return got

    def _group_last(self, indicator: str, u: IntArray, lo: int) -> tuple[IntArray, IntArray]:
        got = self.last_rows.get(indicator)
        if got is None:
            last = _last_of_runs(u)
            got = self.last_rows[indicator] = (u[last], np.flatnonzero(last) + lo)
        return got

    def exact(self, indicator: str, codes: Sequence[str], period: Period) -> IntArray:
        """See :meth:`thdx.MeasurementSet.exact`."""
        cols = self.cols
        rows = cols.rows_of(indicator)
        req = self.requested(codes)
        if rows.stop == rows.start:
            return np.full(len(codes), -1, dtype=np.int64)
        u = cols.unit[rows]
        hit = np.flatnonzero(
            (cols.start[rows] == period.start_ordinal) & (cols.end[rows] == period.end_ordinal)
        )
        best = np.full(len(cols.unit_codes), -1, dtype=np.int64)
        best[u[hit]] = hit + rows.start
        return np.where(req >= 0, best[np.maximum(req, 0)], -1)

    def values_at(self, rows: IntArray) -> FloatArray:
        """Magnitudes of the given rows; NaN where the row is -1."""
        padded = self.value_or_nan
        if padded is None:
            # One NaN after the last value: row -1 reads it, in a single gather.
            padded = self.value_or_nan = np.append(self.cols.value, np.nan)
        return padded[rows]
