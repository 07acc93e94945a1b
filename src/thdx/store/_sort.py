"""Rows sorted by indicator, unit, then period number (:func:`sort_rows`), in linear
time for the orders files come in: already sorted, by unit then indicator, by
indicator then period (each indicator sorted apart), or in no order (a table or a
radix sort over the rows' keys).

>>> import numpy as np
>>> key = np.array([3, 0, 2])
>>> _table_argsort(key, 4).tolist(), _radix_argsort(key, 4).tolist()
([1, 2, 0], [1, 2, 0])
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import numpy.typing as npt

from thdx.store._columns import Parts, Sorted

__all__ = ["sort_rows"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


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
