"""The rows of a MeasurementSet as columns of plain numbers, sorted for evaluation, and
:class:`Columns`, their public read-only view.

Rows are sorted by indicator, then unit, then period number (periods numbered by end
day, then longest first), so each indicator owns one contiguous slice of rows and the
last row of a unit's group is its latest (and, among equal ends, longest) period.

>>> import thdx
>>> data = thdx.MeasurementSet.from_columns(
...     unit=["38", "380", "38"], indicator=["satisfaction_share"] * 3,
...     period=["2025", "2024", "2024"], value=[92.5, 80.0, 90.0])
>>> cols = data.columns()
>>> cols.unit_codes, cols.unit.tolist(), cols.value.tolist()
(('38', '380'), [0, 0, 1], [90.0, 92.5, 80.0])
>>> rows = cols.rows_of("satisfaction_share")
>>> [str(cols.periods[p]) for p in cols.period[rows]]
['2024', '2025', '2024']
>>> cols.value.flags.writeable
False
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._indicators import Catalogue
from thdx.model._measurement import Measurement, cohort_of
from thdx.model._periods import Period
from thdx.store._codes import CodeTable

__all__ = [
    "Columns",
    "Lazy",
    "OneValue",
    "Parts",
    "Sorted",
    "Tail",
    "row_measurement",
    "sort_rows",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_NO_ROWS = slice(0, 0)

#: A row's Measurement: given, built when asked for (a derived value), or None (built
#: from the row when asked for).
Lazy = Measurement | Callable[[], Measurement] | None


def _frozen(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.flags.writeable = False
    return a


@attrs.frozen(eq=False, repr=False)
class Columns:
    """A read-only columnar view of a MeasurementSet's measurements: the numbers the
    engine evaluates on, without building a Measurement per row.

    Every array has one entry per row and cannot be written to (``flags.writeable``
    is False); they are the set's own arrays, not copies. Rows are sorted by indicator,
    then unit, then period: :meth:`rows_of` gives an indicator's rows as one slice, in
    which the rows of a unit are next to each other, its latest period last. Derived
    values (a ratio of two measured indicators) are rows too; identical repeats are
    kept once.

    Attributes:
        unit: per row, the position of its unit code in :attr:`unit_codes` (int64).
        indicator: per row, the position of its indicator id in :attr:`indicators`
            (int64).
        period: per row, the position of its period in :attr:`periods` (int32, or
            int64 past 2**31 periods).
        start: per row, the ordinal (:meth:`datetime.date.toordinal`) of the first day
            of its period (int64).
        end: per row, the ordinal of the last day of its period (int64).
        value: per row, the magnitude in its indicator's canonical unit (float64).
        cohort: per row, the cohort of a rank given with one ("5/34": 34.0), NaN for
            every other row (float64).
        unit_codes: the distinct unit codes, in the order they first came in.
        indicators: the distinct indicator ids (one of them may have no rows).
        periods: the distinct periods, by last day, then the longest first: of two
            positions, the larger is the later period.
    """

    unit: IntArray
    indicator: IntArray
    period: npt.NDArray[np.int32] | IntArray
    start: IntArray
    end: IntArray
    value: FloatArray
    cohort: FloatArray
    unit_codes: tuple[str, ...]
    indicators: tuple[str, ...]
    periods: tuple[Period, ...]
    #: unit_index as a dict (quicker to ask than a read-only proxy, and picklable).
    _positions: dict[str, int] = attrs.field(alias="positions")
    #: Each indicator's rows, as (start, stop).
    _slices: dict[str, tuple[int, int]] = attrs.field(alias="slices")
    #: The CodeTable of unit_codes, once asked for (see :meth:`positions_of`).
    _table: list[CodeTable] = attrs.field(factory=list, init=False)

    @property
    def unit_index(self) -> Mapping[str, int]:
        """Each unit code's position in :attr:`unit_codes` (read-only)."""
        return MappingProxyType(self._positions)

    def __len__(self) -> int:
        return len(self.unit)

    def _freeze(self) -> None:
        """Make the arrays read-only again (an unpickled array can be written to)."""
        for a in (self.unit, self.indicator, self.period, self.start, self.end):
            _frozen(a)
        _frozen(self.value)
        _frozen(self.cohort)

    def __repr__(self) -> str:
        return (
            f"<Columns: {len(self)} rows, {len(self.unit_codes)} units, "
            f"{len(self._slices)} indicators, {len(self.periods)} periods>"
        )

    def rows_of(self, indicator: str) -> slice:
        """The rows of one indicator (an empty slice for an indicator without rows).

        >>> import thdx
        >>> cols = thdx.MeasurementSet().columns()
        >>> cols.rows_of("satisfaction_share")
        slice(0, 0, None)
        """
        lo_hi = self._slices.get(indicator)
        return _NO_ROWS if lo_hi is None else slice(*lo_hi)

    def position(self, code: str) -> int:
        """The position of a unit code in :attr:`unit_codes`, or -1 for a unit without
        measurements."""
        return self.unit_index.get(code, -1)

    def positions_of(self, codes: Sequence[str]) -> IntArray:
        """Per code, its position in :attr:`unit_codes`, or -1 (:meth:`position` for
        many codes at once, in time linear in their number).

        >>> import thdx
        >>> cols = thdx.MeasurementSet.from_columns(
        ...     unit=["38", "01"], indicator=["grdp"] * 2, period=["2024"] * 2,
        ...     value=[1e14, 2e14]).columns()
        >>> cols.positions_of(["01", "38", "038"]).tolist()
        [1, 0, -1]
        """
        if not self._table:
            self._table.append(CodeTable(self.unit_codes, self._positions))
        return self._table[0].positions(codes)

    @classmethod
    def _of(cls, rows: Sorted, parts: Parts) -> Columns:
        """The view of sorted rows (whose arrays it makes read-only)."""
        unit_names, ind_names = parts.unit_names, parts.ind_names
        positions = dict(zip(unit_names, range(len(unit_names)), strict=True))
        k = rows.k
        # Rows are sorted by indicator: each indicator owns one contiguous slice.
        ends = np.cumsum(np.bincount(k, minlength=len(ind_names))).tolist()
        slices = {
            name: (lo, hi)
            for name, lo, hi in zip(ind_names, [0, *ends][:-1], ends, strict=True)
            if hi > lo
        }
        n, npe = len(k), len(rows.periods)
        p: npt.NDArray[np.int32] | IntArray
        if npe == 1:  # one period (a year's data): no gathers
            p = np.zeros(n, dtype=np.int32)
            start = np.full(n, rows.period_start[0], dtype=np.int64)
            end = np.full(n, rows.period_end[0], dtype=np.int64)
        else:
            p = rows.p.astype(np.int32) if npe < 2**31 else rows.p
            # mode="clip": the positions are the set's own (no check of each one).
            start = np.take(rows.period_start, rows.p, mode="clip")
            end = np.take(rows.period_end, rows.p, mode="clip")
        cols = cls(
            unit=_frozen(rows.u),
            indicator=_frozen(k),
            period=_frozen(p),
            start=_frozen(start),
            end=_frozen(end),
            value=_frozen(rows.values),
            cohort=_frozen(rows.cohorts),
            unit_codes=tuple(unit_names),
            indicators=tuple(ind_names),
            periods=tuple(rows.periods),
            positions=positions,
            slices=slices,
        )
        if parts.unit_numbers is not None:  # the codes' numbers are at hand: the table now
            cols._table.append(CodeTable(cols.unit_codes, positions, parts.unit_numbers))
        return cols


_UNSET = object()


class OneValue:
    """A column whose every row holds one value, but for the rows set or appended later
    (what a list of the value would answer, by integer index, without a list of
    ``n`` entries): the sources and Measurements of rows given as columns."""

    def __init__(self, n: int, value: object) -> None:
        self._n = n
        self._value = value
        self._other: dict[int, object] = {}
        #: Rows made when asked for (see :meth:`extend_made`): first, end, maker.
        self._made: tuple[int, int, Callable[[int], object]] | None = None

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> object:
        if not 0 <= i < self._n:
            raise IndexError(i)
        got = self._other.get(i, _UNSET)
        if got is not _UNSET:
            return got
        made = self._made
        if made is not None and made[0] <= i < made[1]:
            return made[2](i - made[0])
        return self._value

    def extend_made(self, m: int, make: Callable[[int], object]) -> None:
        """Append ``m`` rows, the ``j``-th of them ``make(j)`` each time it is read
        (until set): no object is held per row (once per column)."""
        if self._made is not None:
            raise ValueError("extend_made: rows are made already")
        self._made = (self._n, self._n + m, make)
        self._n += m

    def __setitem__(self, i: int, value: object) -> None:
        if not 0 <= i < self._n:
            raise IndexError(i)
        self._other[i] = value

    def append(self, value: object) -> None:
        self._other[self._n] = value
        self._n += 1


@attrs.frozen(eq=False)
class Parts:
    """Rows as given: each row's unit, indicator and period as its position among the
    distinct ones (``unit_names``, ``ind_names``, ``periods``), its value, source,
    cohort (NaN: none) and Measurement (None: built when asked for)."""

    unit_names: list[str]
    u: IntArray
    ind_names: list[str]
    k: IntArray
    periods: list[Period]
    p: IntArray
    values: FloatArray
    sources: list[str]
    cohorts: FloatArray
    objects: list[Lazy]
    #: Per distinct unit code, its number (thdx.store._codes.code_numbers), if read so.
    unit_numbers: IntArray | None = None
    #: Rows after those of the arrays above (derived values), kept apart so that the
    #: long columns are not copied to add them; see :class:`Tail`.
    tail: Tail | None = None


@attrs.frozen(eq=False)
class Tail:
    """A few rows after the rows given (row ``len(parts.u) + i`` is row ``i`` here),
    without a cohort, each of an indicator whose position is above every given row's
    (so that they sort after all of them)."""

    u: IntArray
    k: IntArray
    p: IntArray
    values: FloatArray


@attrs.frozen(eq=False)
class Sorted:
    """Rows sorted by indicator, unit, period number (see :func:`sort_rows`).

    ``order`` maps each sorted row to the row given; ``periods`` are the distinct
    periods renumbered (``p`` indexes them), ``period_start``/``period_end`` their
    ordinals."""

    order: IntArray
    u: IntArray
    k: IntArray
    p: IntArray
    values: FloatArray
    cohorts: FloatArray
    periods: list[Period]
    period_start: IntArray
    period_end: IntArray

    def keep(self, keep: npt.NDArray[np.bool_]) -> Sorted:
        """Only the rows where ``keep`` is true."""
        return attrs.evolve(
            self,
            order=self.order[keep],
            u=self.u[keep],
            k=self.k[keep],
            p=self.p[keep],
            values=self.values[keep],
            cohorts=self.cohorts[keep],
        )


def _in_order(k: IntArray, u: IntArray, p: IntArray, n_periods: int) -> bool:
    """Whether rows sorted by indicator are sorted by unit, then period, within each."""
    n = len(k)
    if n > 2**17:  # first a look at some pairs of rows next to each other (no full pass)
        at = np.arange(0, n - 1, n // 2**16)
        after = at + 1
        before = u[at] * n_periods + p[at] if n_periods > 1 else u[at]
        later = u[after] * n_periods + p[after] if n_periods > 1 else u[after]
        if not bool(np.all((later >= before) | (k[after] != k[at]))):
            return False
    within = u * n_periods + p if n_periods > 1 else u
    return bool(np.all((within[1:] >= within[:-1]) | (k[1:] != k[:-1])))


def _sort(
    k: IntArray,
    by_k: IntArray,
    u: IntArray,
    p: IntArray,
    n_units: int,
    n_periods: int,
    by_indicator: bool,
    room: int = 0,
) -> tuple[IntArray, IntArray, IntArray]:
    """A stable order of the rows by indicator, unit, period, and ``u``, ``p`` in it
    (``by_k``: the indicator positions sorted; ``by_indicator``: the rows are, and not
    in order within an indicator), each with ``room`` entries after (not set)."""
    if by_indicator and n_units * n_periods < 2**40:
        return _sort_within(by_k, u, p, n_units, n_periods, room)
    order, by_u, by_p = _sort_across(k, by_k, u, p, n_units, n_periods, by_indicator)
    if not room:
        return order, by_u, by_p
    more = np.empty(room, dtype=np.int64)
    return _joined(order, more), _joined(by_u, more), _joined(by_p, more.astype(by_p.dtype))


def _sort_across(
    k: IntArray,
    by_k: IntArray,
    u: IntArray,
    p: IntArray,
    n_units: int,
    n_periods: int,
    by_indicator: bool,
) -> tuple[IntArray, IntArray, IntArray]:
    """:func:`_sort` without room, of rows not sorted by indicator."""
    n_inds = int(by_k[-1]) + 1 if len(by_k) else 0
    if n_inds <= 2**16 and not by_indicator:
        # Rows in order within each indicator (a file by unit, then indicator), as the
        # first rows tell: sorted by indicator alone, with a radix sort (linear time).
        head = np.argsort(k[:4096], kind="stable")
        if _in_order(k[:4096][head], u[:4096][head], p[:4096][head], n_periods):
            order = np.argsort(k.astype(np.uint8 if n_inds <= 2**8 else np.uint16), kind="stable")
            by_u, by_p = u[order], p[order] if n_periods > 1 else p
            if _in_order(by_k, by_u, by_p, n_periods):
                return order, by_u, by_p
    span = n_inds * n_units * n_periods
    if span < 2**48:
        key = k * n_units
        key += u
        if n_periods > 1:
            key *= n_periods
            key += p
        by_table = _table_argsort(key, span) if span <= 4 * len(key) + 2**16 else None
        order = by_table if by_table is not None else _radix_argsort(key, span)
        del key
    else:
        order = np.lexsort((p, u, k))
    return order, u[order], p[order] if n_periods > 1 else p


def _sort_within(
    by_k: IntArray, u: IntArray, p: IntArray, n_units: int, n_periods: int, room: int = 0
) -> tuple[IntArray, IntArray, IntArray]:
    """:func:`_sort` of rows already sorted by indicator (``by_k``): each indicator's
    rows sorted apart, by unit then period (a table over one indicator's span is small
    enough to stay in cache, and no key over every row is built)."""
    n, span = len(by_k), n_units * n_periods
    n_inds = int(by_k[-1]) + 1 if n else 0
    bounds = np.searchsorted(by_k, np.arange(n_inds + 1)).tolist()
    whole = np.empty(n + room, dtype=np.int64)
    order = whole[:n]
    for lo, hi in itertools.pairwise(bounds):
        if hi - lo < 2:
            order[lo:hi] = np.arange(lo, hi)
            continue
        key = u[lo:hi] * n_periods if n_periods > 1 else u[lo:hi]
        if n_periods > 1:
            key += p[lo:hi]
        by_table = _table_argsort(key, span) if span <= 4 * (hi - lo) + 2**16 else None
        part = order[lo:hi]
        part[:] = by_table if by_table is not None else _radix_argsort(key, span)
        part += lo
    by_u = np.empty(n + room, dtype=np.int64)
    np.take(u, order, out=by_u[:n], mode="clip")
    if n_periods > 1:
        by_p = np.empty(n + room, dtype=p.dtype)
        np.take(p, order, out=by_p[:n], mode="clip")
    else:
        by_p = np.zeros(n + room, dtype=p.dtype)
    return whole, by_u, by_p


def _table_argsort(key: IntArray, span: int) -> IntArray | None:
    """The order of ``key`` (non-negative, below ``span``) when no key repeats: each row
    written at its key in a table over the span, the table read in order (two passes
    and no comparison); None when a key repeats (then the order must be stable)."""
    n = len(key)
    table: npt.NDArray[np.signedinteger[Any]] = np.full(
        span, -1, dtype=np.int32 if n < 2**31 else np.int64
    )
    table[key] = np.arange(n, dtype=table.dtype)
    order = table[table >= 0]
    if len(order) != n:
        return None
    return order.astype(np.int64)


def _radix_argsort(key: IntArray, span: int) -> IntArray:
    """A stable order of ``key`` (non-negative, below ``span`` < 2**48) in linear time:
    one stable pass per 16 bits, least significant first (numpy sorts 8- and 16-bit
    integers by radix when asked for a stable sort)."""
    bits = max(1, (span - 1).bit_length())
    digits = []
    for shift in range(0, bits, 16):
        small = np.uint8 if bits - shift <= 8 else np.uint16
        digits.append((key >> shift if shift else key).astype(small))  # the low bits
    order = np.argsort(digits[0], kind="stable")
    for digit in digits[1:]:
        order = order[np.argsort(digit[order], kind="stable")]
    return order


def _joined(head: IntArray, tail: IntArray) -> IntArray:
    """``head`` then ``tail`` (``tail`` short: :func:`np.concatenate`)."""
    return np.concatenate([head, tail])


def _gathered(column: FloatArray, order: IntArray, tail: FloatArray) -> FloatArray:
    """``column`` in ``order`` (whose last ``len(tail)`` positions are past it: those
    rows are ``tail``), gathered into one new array."""
    n, m = len(order) - len(tail), len(tail)
    out = np.empty(n + m, dtype=np.float64)
    if column.dtype == np.float64:
        # mode="clip": the positions are the set's own, and an ``out`` with the
        # default mode is written through a buffer (a second copy of every value).
        np.take(column, order[:n], out=out[:n], mode="clip")
    else:
        out[:n] = column[order[:n]]
    out[n:] = tail
    return out


def sort_rows(parts: Parts) -> Sorted:
    """Sort rows by indicator, unit, then period number (stable: repeats keep the
    order they came in), numbering the periods by end ascending, then start descending.

    Rows already in that order are not moved; rows in that order within each
    indicator (a file sorted by unit, then indicator) are sorted in linear time."""
    n_units, n_inds, periods = len(parts.unit_names), len(parts.ind_names), parts.periods
    u, k, p, values, cohorts = parts.u, parts.k, parts.p, parts.values, parts.cohorts
    p_start = np.fromiter((x.start_ordinal for x in periods), np.int64, len(periods))
    p_end = np.fromiter((x.end_ordinal for x in periods), np.int64, len(periods))
    by_rank = np.lexsort((-p_start, p_end))
    rank_of = np.empty(len(periods), dtype=np.int64)
    rank_of[by_rank] = np.arange(len(periods), dtype=np.int64)
    ranked = [periods[int(i)] for i in by_rank]
    tail = parts.tail
    if tail is not None:  # sorted apart: after every given row
        t_order = np.lexsort((rank_of[tail.p], tail.u, tail.k))
        t_u, t_k, t_p = tail.u[t_order], tail.k[t_order], rank_of[tail.p][t_order]
        t_values = tail.values[t_order]
    else:
        t_order = t_u = t_k = t_p = np.zeros(0, dtype=np.int64)
        t_values = np.zeros(0)
    if not bool(np.all(by_rank[1:] > by_rank[:-1])):  # the periods came in out of order
        p = rank_of[p]
    npe, n, m = len(periods), len(u), len(t_u)
    head = slice(0, 4096)  # a look at the first rows before a pass over all of them
    by_indicator = bool(np.all(k[head][1:] >= k[head][:-1])) and bool(np.all(k[1:] >= k[:-1]))
    if by_indicator and _in_order(k[head], u[head], p[head], npe) and _in_order(k, u, p, npe):
        order = np.arange(n, dtype=np.int64)
        if m:
            order = np.concatenate([order, t_order + n])
        # The set's arrays become read-only: never the caller's.
        if m:
            u = np.concatenate([u, t_u]).astype(np.int64, copy=False)
            k = np.concatenate([k, t_k]).astype(np.int64, copy=False)
            p = np.concatenate([p, t_p])
            values = np.concatenate([values, t_values]).astype(np.float64, copy=False)
            cohorts = np.concatenate([cohorts, np.full(m, np.nan)]).astype(np.float64)
        else:
            u, k = u.astype(np.int64), k.astype(np.int64)
            values, cohorts = values.astype(np.float64), cohorts.astype(np.float64)
    else:
        # Sorted by indicator first: its positions become runs of 0, 1, …
        counts = np.bincount(k, minlength=n_inds)
        if m:
            counts += np.bincount(t_k, minlength=n_inds)
        by_k = np.repeat(np.arange(n_inds, dtype=np.int64), counts)
        order, u, p = _sort(k, by_k[:n], u, p, n_units, npe, by_indicator, room=m)
        k = by_k
        if m:  # the tail's rows after the rows given
            order[n:] = t_order + n
            u[n:] = t_u
            p[n:] = 0 if npe == 1 else t_p
        values = _gathered(values, order, t_values)
        # Without a cohort column every row has none: no need to move them.
        if np.isnan(cohorts).all():
            cohorts = np.full(n + m, np.nan)
        else:
            cohorts = _gathered(cohorts, order, np.full(m, np.nan))
    return Sorted(order, u, k, p, values, cohorts, ranked, p_start[by_rank], p_end[by_rank])


def row_measurement(
    catalogue: Catalogue,
    unit: str,
    indicator: str,
    period: Period,
    magnitude: float,
    source: str,
    cohort: float,
) -> Measurement:
    """The Measurement of a stored row (a cohort of NaN is none)."""
    ind = catalogue[indicator]
    return Measurement._trusted(
        unit, ind.id, magnitude, ind.unit, period, source, cohort=cohort_of(cohort)
    )
