"""The engine's one reader of a MeasurementSet's columns, and its gathers.

Every access the engine makes to the columns of a :class:`~thdx.MeasurementSet`
goes through :func:`columns`, which reads the set's public read-only view
(:meth:`thdx.MeasurementSet.columns` and ``recognitions_by_unit``) and keeps what the
engine derives from it.

The set keeps its rows sorted by indicator, then unit, then period (by end, then the
longest first): each indicator owns one contiguous slice, and within a unit's group
the rows ending on or before a day form a prefix. "The latest row of every unit up
to day D" is therefore one pass over the indicator's slice, done once per
(indicator, D) and kept, as a dense array over the data's units, while the set lives;
a batch of units then reads it with one gather.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence

import numpy as np

from thdx.model._measurement_records import Recognition
from thdx.model._periods import Period
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, F8, I8, I64

__all__ = ["MAX_ORD", "MIN_ORD", "Columns", "columns", "is_bounded"]

#: No bound: the smallest and largest day ordinals an int64 holds.
MIN_ORD = int(np.iinfo(np.int64).min)
MAX_ORD = int(np.iinfo(np.int64).max)

#: How many batches' unit positions a set remembers (keyed by their codes).
_POSITIONS_KEPT = 32
#: How many bytes of gathered arrays (per batch, indicator and day) a set keeps.
_GATHERED_BYTES = 64 * 2**20
#: How many bytes of dense arrays over the data's units (per indicator and day) a set
#: keeps before it forgets them all (many evaluation days on one long-lived set).
_DENSE_BYTES = 256 * 2**20


class Columns:
    """The columns of one MeasurementSet as the engine reads them, and what the engine
    derived from them (kept while the set lives: the set never changes).

    Attributes:
        unit_codes: the distinct unit codes of the rows.
        unit_index: code → position in ``unit_codes``.
        u: per row, its unit's position.
        start, end: per row, the ordinals of its period's first and last day.
        value: per row, the magnitude in the indicator's unit.
        slices: indicator → its rows ``(lo, hi)``.
        recognitions: unit code → its recognitions, oldest first.
    """

    def __init__(self, data: MeasurementSet) -> None:
        cols = self._store = data.columns()
        self.unit_codes: Sequence[str] = cols.unit_codes
        self.unit_index: Mapping[str, int] = cols.unit_index
        self.u: I64 = cols.unit
        self.start: I64 = cols.start
        self.end: I64 = cols.end
        self.value: F8 = cols.value
        self.slices: dict[str, tuple[int, int]] = {}
        for indicator in cols.indicators:
            rows = cols.rows_of(indicator)
            self.slices[indicator] = (rows.start, rows.stop)
        self.recognitions: Mapping[str, tuple[Recognition, ...]] = data.recognitions_by_unit
        self._latest: dict[tuple[str, int], I64] = {}
        self._latest_values: dict[tuple[str, int], F8] = {}
        self._exact: dict[tuple[str, int, int], I64] = {}
        self._positions: dict[tuple[str, ...], tuple[I64, bool, int]] = {}
        #: Arrays gathered for a batch (by its token), an indicator and a day.
        self._gathered: dict[tuple[object, ...], tuple[I64, F8, B1, I8]] = {}
        self._gathered_bytes = 0
        self._dense_bytes = 0
        self._next_token = 0
        #: Anything else derived from the set alone (see :meth:`memo`).
        self.memo: dict[object, object] = {}

    @property
    def n_units(self) -> int:
        return len(self.unit_codes)

    def positions(self, codes: Sequence[str]) -> tuple[I64, bool, int]:
        """Per code, its position among the data's units (``n_units``, an empty slot of
        every dense array, for a code without data); whether the codes are the data's
        units in their order (a dense array is then read as it is); and a token that
        names these codes while the set remembers them (what a batch gathered is kept
        under it)."""
        key = tuple(codes)
        got = self._positions.get(key)
        if got is None:
            n, pad = len(key), self.n_units
            req = self._store.positions_of(key)
            req[req < 0] = pad
            whole = n == pad and bool((req == np.arange(n)).all())
            if len(self._positions) >= _POSITIONS_KEPT:
                token = self._positions.pop(next(iter(self._positions)))[2]
                for k in [k for k in self._gathered if k[0] == token]:
                    self._gathered_bytes -= sum(a.nbytes for a in self._gathered.pop(k))
            self._next_token += 1
            got = self._positions[key] = (req, whole, self._next_token)
        return got

    @staticmethod
    def _take(dense: np.ndarray, req: I64, whole: bool) -> np.ndarray:
        """``dense[req]``; for the data's units in order, a read-only view."""
        if not whole:
            return dense[req]
        view = dense[: len(req)]
        view.flags.writeable = False
        return view

    def values(self, rows: I64) -> F8:
        """Magnitudes of the given rows; NaN where the row is -1."""
        if not len(self.value):
            return np.full(len(rows), np.nan)
        out = self.value[rows]
        out[rows < 0] = np.nan
        return out

    def latest_dense(self, indicator: str, upto: int) -> I64:
        """Per data unit (and -1 in the extra last slot), the latest row of
        ``indicator`` ending on or before the ordinal ``upto``, or -1."""
        key = (indicator, upto)
        got = self._latest.get(key)
        if got is None:
            got = np.full(self.n_units + 1, -1, dtype=np.int64)
            lo, hi = self.slices.get(indicator, (0, 0))
            if hi > lo:
                u, e = self.u[lo:hi], self.end[lo:hi]
                last = np.empty(hi - lo, dtype=bool)
                np.not_equal(u[1:], u[:-1], out=last[:-1])
                last[-1] = True
                if int(e.max()) <= upto:
                    idx = np.flatnonzero(last)
                else:
                    # Within a unit's group, rows ending by ``upto`` are a prefix: its
                    # last row is the last usable one of the group.
                    usable = e <= upto
                    after = np.empty(hi - lo, dtype=bool)
                    after[:-1] = ~usable[1:] | last[:-1]
                    after[-1] = True
                    idx = np.flatnonzero(usable & after)
                got[u[idx]] = idx + lo
            self._dense_kept(got)
            self._latest[key] = got
        return got

    def _dense_kept(self, array: np.ndarray) -> None:
        """Count a dense array about to be kept; forget every one beyond the budget."""
        self._dense_bytes += array.nbytes
        if self._dense_bytes > _DENSE_BYTES:
            self._latest.clear()
            self._latest_values.clear()
            self._exact.clear()
            self._dense_bytes = array.nbytes

    def latest_values_dense(self, indicator: str, upto: int) -> F8:
        """The values of :meth:`latest_dense`'s rows (NaN for none)."""
        key = (indicator, upto)
        got = self._latest_values.get(key)
        if got is None:
            got = self.values(self.latest_dense(indicator, upto))
            self._dense_kept(got)
            self._latest_values[key] = got
        return got

    def exact_dense(self, indicator: str, period: Period) -> I64:
        """Per data unit (and -1 in the extra last slot), the row of ``indicator`` for
        exactly ``period``, or -1."""
        key = (indicator, period.start_ordinal, period.end_ordinal)
        got = self._exact.get(key)
        if got is None:
            got = np.full(self.n_units + 1, -1, dtype=np.int64)
            lo, hi = self.slices.get(indicator, (0, 0))
            if hi > lo:
                hit = np.flatnonzero((self.start[lo:hi] == key[1]) & (self.end[lo:hi] == key[2]))
                got[self.u[lo:hi][hit]] = hit + lo
            self._dense_kept(got)
            self._exact[key] = got
        return got

    def latest(
        self,
        indicator: str,
        req: I64,
        valid_from: I64,
        upto: int,
        prefer: Period | None,
        *,
        bounded: bool | None = None,
        whole: bool = False,
        token: int = 0,
    ) -> tuple[I64, F8, B1, I8]:
        """Per requested unit, the row to judge on: ``prefer`` if present, else the latest.

        Rows ending after ``upto`` (an ordinal) or before the unit existed
        (``valid_from``, ordinals per requested unit) are never used; a unit asked for
        twice is bounded by its last bound.

        Args:
            indicator: the indicator id.
            req: per requested unit, its position (:meth:`positions`).
            valid_from: per requested unit, the ordinal of its first day
                (:data:`MIN_ORD`: no bound).
            upto: the ordinal of the last day whose data may be used.
            prefer: the period to use when a unit has it (the deadline), or None.
            bounded: whether some ``valid_from`` is a bound (default: look).
            whole: the units requested are the data's, in order (:meth:`positions`).
            token: the token of the units requested (:meth:`positions`): what is
                gathered for them is kept (0: not kept).

        Returns:
            Per requested unit, a row (-1 for none), its value (NaN for none),
            whether it has one, and 1 where it has none (read-only arrays).
        """
        if bounded is None:
            bounded = is_bounded(valid_from)
        key = None
        if token and not bounded:  # kept for the units of this token
            when = None if prefer is None else (prefer.start_ordinal, prefer.end_ordinal)
            key = (token, indicator, upto, when)
            kept = self._gathered.get(key)
            if kept is not None:
                return kept
        if not bounded and (prefer is None or prefer.end_ordinal > upto):
            rows = self._take(self.latest_dense(indicator, upto), req, whole)
            values = self._take(self.latest_values_dense(indicator, upto), req, whole)
        else:
            rows = self.latest_dense(indicator, upto)[req]
            lower = self._first_days(req, valid_from) if bounded and len(self.end) else valid_from
            if lower is not valid_from:
                rows = np.where((rows >= 0) & (self.end[np.maximum(rows, 0)] >= lower), rows, -1)
            if prefer is not None and prefer.end_ordinal <= upto:
                hit = self.exact_dense(indicator, prefer)[req]
                ok = hit >= 0
                if bounded:
                    ok &= lower <= prefer.end_ordinal
                rows = np.where(ok, hit, rows)
            values = self.values(rows)
        known = rows >= 0
        # The statuses of the units without a value (UNKNOWN, 1) and with one (0).
        unknown = (~known).view(np.int8)
        for a in (rows, values, known, unknown):
            a.flags.writeable = False  # shared by every node and plan that reads them
        got = rows, values, known, unknown
        if key is not None:
            if self._gathered_bytes > _GATHERED_BYTES:
                self._gathered.clear()
                self._gathered_bytes = 0
            self._gathered[key] = got
            self._gathered_bytes += sum(a.nbytes for a in got)
        return got

    def _first_days(self, req: I64, valid_from: I64) -> I64:
        """Per requested unit, the first day its data may lie in (a code asked for twice
        takes the last of its first days given)."""
        by_unit = np.full(self.n_units + 1, MIN_ORD, dtype=np.int64)
        by_unit[req] = valid_from
        return by_unit[req]

    def exact(self, indicator: str, req: I64, period: Period, *, whole: bool = False) -> I64:
        """Per requested unit, the row for exactly ``period``, or -1."""
        return self._take(self.exact_dense(indicator, period), req, whole)


def is_bounded(valid_from: I64) -> bool:
    """Whether some unit's data is bounded by the first day it existed."""
    return len(valid_from) > 0 and int(valid_from.max()) != MIN_ORD


#: The columns of every set the engine has read, kept while the set lives.
_COLUMNS: weakref.WeakKeyDictionary[MeasurementSet, Columns] = weakref.WeakKeyDictionary()


def columns(data: MeasurementSet) -> Columns:
    """The engine's reader of ``data`` (one per set, kept while it lives)."""
    got = _COLUMNS.get(data)
    if got is None:
        got = _COLUMNS[data] = Columns(data)
    return got
