"""A long column of unit codes in no order, numbered without a dictionary look-up per
row: each code is read as the number it spells (see :func:`unit_column`).

>>> distinct, rows, _ = unit_column(["38", "038", "38"])
>>> distinct, rows.tolist()
(['38', '038'], [0, 1, 0])
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from thdx.model._coerce import MAX_CODE_LENGTH
from thdx.store._checks import _rows, _text_runs, factorise

__all__ = ["CodeTable", "code_numbers", "unit_column"]

IntArray = npt.NDArray[np.int64]


def unit_column(values: Sequence[str]) -> tuple[list[str], IntArray, IntArray | None]:
    """:func:`factorise` for a column of unit codes: a column of official codes
    (ASCII digits, 1 to :data:`MAX_CODE_LENGTH` of them) in no order is numbered
    through the number each code spells, without a dictionary look-up per row.

    Returns:
        The distinct codes, each row's position among them, and the codes' numbers
        (:func:`code_numbers`) when they were read so (else None).

    Raises:
        TypeError: a value is unhashable.
    """
    rows = _rows(values)
    if len(rows) >= _DIGITS_FROM and _text_runs(rows) is None:
        got = _digit_codes(rows)
        if got is not None:
            return got
    return (*factorise(rows), None)


#: A unit column of at least this many rows is tried as numbers (see :func:`unit_column`).
_DIGITS_FROM = 2**16


def code_numbers(rows: Sequence[str]) -> IntArray | None:
    """Per text, the number ``10**len + int(code)`` of an official unit code (one number
    per code: "038" and "38" apart); None when a row is not one (or there are none)."""
    n = len(rows)
    try:
        joined = ",".join(rows)  # the texts, read in C; a code has no comma
    except TypeError:
        return None
    if not n or not joined.isascii():
        return None
    text = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    del joined
    same = _one_width(text, n, len(rows[0]))
    if same is not None:
        return same
    return _mixed_widths(text, n)


#: Zero bytes before the text read by :func:`_mixed_widths` (a code's longest).
_PAD = MAX_CODE_LENGTH


def _mixed_widths(text: npt.NDArray[np.uint8], n: int) -> IntArray | None:
    """:func:`code_numbers` of ``n`` codes of any widths, their text joined by commas;
    few arrays over every row (each one is memory the process may not have yet)."""
    size = len(text)
    # The digits' values after _PAD zero bytes, and a comma (252: past 9) at the end:
    # every comma then ends a row.
    buf = np.empty(_PAD + size + 1, dtype=np.uint8)
    buf[:_PAD] = 0
    np.subtract(text, np.uint8(48), out=buf[_PAD : _PAD + size])  # "0" → 0; a comma wraps
    buf[-1] = 252
    at = np.flatnonzero(buf > 9)  # per row, the position of the comma after it
    if len(at) != n:  # a byte that is neither a digit nor a comma
        return None
    gaps = np.empty(n, dtype=np.int32)  # each row's length, plus one
    gaps[0] = at[0] - _PAD + 1
    np.subtract(at[1:], at[:-1], out=gaps[1:], casting="unsafe")  # below 2**31: size
    shortest, longest = int(gaps.min()) - 1, int(gaps.max()) - 1
    if shortest < 1 or longest > MAX_CODE_LENGTH:
        return None
    lengths = gaps.astype(np.uint8)
    del gaps
    lengths -= 1
    # Digit by digit from the last: a row's digits right-aligned, a row shorter than
    # the place gets 0 there (its bytes are the row before's, a comma or padding).
    # Each place is read from the text shifted by it (one array of positions).
    powers = np.array([10**w for w in range(longest + 1)], dtype=np.int64)
    number = powers[lengths]
    small = np.int32 if longest < 10 else np.int64  # 9 * 10**8 < 2**31
    place: npt.NDArray[np.signedinteger[Any]] = np.empty(n, dtype=small)
    at -= longest  # the place ``longest`` before each row's comma: at least 0
    for j in range(longest):
        digit = np.take(buf[longest - 1 - j :], at, mode="clip")  # j-th digit from last
        if j >= shortest:
            digit *= lengths > j
        np.multiply(digit, 10**j, out=place, dtype=small)
        number += place
    return number


def _one_width(text: npt.NDArray[np.uint8], n: int, width: int) -> IntArray | None:
    """:func:`code_numbers` of ``n`` codes of ``width`` digits each, their text (joined
    by commas) read as a grid of ``n`` rows; None when the rows are not so (then the
    general reading decides)."""
    if not 1 <= width <= MAX_CODE_LENGTH or len(text) != n * (width + 1) - 1:
        return None
    grid = np.empty(n * (width + 1), dtype=np.uint8)
    grid[:-1] = text
    grid[-1] = ord(",")
    rows = grid.reshape(n, width + 1)
    if not bool(np.all(rows[:, width] == ord(","))):
        return None
    digits = rows[:, :width] - np.uint8(48)  # below "0" wraps past 9
    if not bool(np.all(digits <= 9)):
        return None
    number = digits[:, 0].astype(np.int64)
    for j in range(1, width):
        number *= 10
        number += digits[:, j]
    number += 10**width
    return number


def _digit_codes(rows: Sequence[str]) -> tuple[list[str], IntArray, IntArray] | None:
    """:func:`unit_column` by numbers (:func:`code_numbers`), numbered in order of first
    appearance through a table over the numbers' span; None when a row is not a code
    or the numbers are too spread for a table."""
    n = len(rows)
    number = code_numbers(rows)
    if number is None:
        return None
    low = int(number.min())
    span = int(number.max()) - low + 1
    if span > 4 * n:
        return None
    slot = number  # reused: each row's place in a table over the span
    slot -= low
    small = np.int32 if n < 2**31 else np.int64
    first: npt.NDArray[np.signedinteger[Any]] = np.full(span, n, dtype=small)
    np.minimum.at(first, slot, np.arange(n, dtype=small))
    used = np.flatnonzero(first < n)
    firsts = first[used]
    by_first = np.argsort(firsts)
    position = first  # reused: each used slot's position in order of first appearance
    position[used[by_first]] = np.arange(len(used), dtype=np.int64)
    in_order = firsts[by_first]
    numbers = slot[in_order] + low
    return [rows[i] for i in in_order.tolist()], position[slot].astype(np.int64), numbers


class CodeTable:
    """Unit codes → their positions, for many codes at once (:meth:`positions`): the
    codes' numbers (:func:`code_numbers`) index a table over their span, or are found
    by binary search when they are too spread for one."""

    def __init__(
        self, codes: Sequence[str], index: Mapping[str, int], numbers: IntArray | None = None
    ) -> None:
        self._index = index  # code → position, for a few codes
        number = code_numbers(codes) if numbers is None else numbers
        self._low = 0
        self._table: IntArray | None = None
        self._sorted: IntArray | None = None
        self._order: IntArray | None = None
        if number is None:
            return
        self._low = low = int(number.min())
        span = int(number.max()) - low + 1
        if span <= 4 * len(codes) + 1024:
            self._table = np.full(span, -1, dtype=np.int64)
            self._table[number - low] = np.arange(len(codes), dtype=np.int64)
        else:
            self._order = np.argsort(number, kind="stable")
            self._sorted = number[self._order]

    def positions(self, codes: Sequence[str]) -> IntArray:
        """Per code, its position, or -1 for a code not in the table."""
        n = len(codes)
        number = code_numbers(codes) if n >= _NUMBERS_FROM else None
        if number is None or (self._table is None and self._sorted is None):
            return np.fromiter(map(self._index.get, codes, itertools.repeat(-1)), np.int64, n)
        out = np.full(n, -1, dtype=np.int64)
        if self._table is not None:
            rel = number - self._low
            inside = np.flatnonzero((rel >= 0) & (rel < len(self._table)))
            out[inside] = self._table[rel[inside]]
            return out
        assert self._sorted is not None
        assert self._order is not None
        at = np.minimum(np.searchsorted(self._sorted, number), len(self._sorted) - 1)
        hit = self._sorted[at] == number
        out[hit] = self._order[at[hit]]
        return out


#: Fewer codes than this are looked up one by one (see :meth:`CodeTable.positions`).
_NUMBERS_FROM = 1024
