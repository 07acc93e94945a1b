"""A long column of unit codes in no order, numbered without a dictionary look-up per
row: each code is read as the number it spells (see :func:`unit_column`).

>>> distinct, rows = unit_column(["38", "038", "38"])
>>> distinct, rows.tolist()
(['38', '038'], [0, 1, 0])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from thdx.model._coerce import MAX_CODE_LENGTH
from thdx.store._checks import _rows, _text_runs, factorise

__all__ = ["unit_column"]

IntArray = npt.NDArray[np.int64]


def unit_column(values: Sequence[str]) -> tuple[list[str], IntArray]:
    """:func:`factorise` for a column of unit codes: a column of official codes
    (ASCII digits, 1 to :data:`MAX_CODE_LENGTH` of them) in no order is numbered
    through the number each code spells, without a dictionary look-up per row.

    Raises:
        TypeError: a value is unhashable.
    """
    rows = _rows(values)
    if len(rows) >= _DIGITS_FROM and _text_runs(rows) is None:
        got = _digit_codes(rows)
        if got is not None:
            return got
    return factorise(rows)


#: A unit column of at least this many rows is tried as numbers (see :func:`unit_column`).
_DIGITS_FROM = 2**16


def _digit_codes(rows: Sequence[str]) -> tuple[list[str], IntArray] | None:
    """:func:`unit_column` by numbers: each code read as ``10**len + int(code)`` (one
    number per text, "038" and "38" apart), numbered in order of first appearance
    through a table over the numbers' span; None when a row is not a code or the
    numbers are too spread for a table."""
    n = len(rows)
    try:
        joined = ",".join(rows)  # the texts, read in C; a code has no comma
    except TypeError:
        return None
    if not joined.isascii():
        return None
    text = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    ends = np.flatnonzero(text == ord(","))
    if len(ends) != n - 1:
        return None
    ends = np.append(ends, len(text))
    starts = np.empty(n, dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    lengths = ends - starts
    shortest, longest = int(lengths.min()), int(lengths.max())
    digits = text - np.uint8(48)  # the comma wraps to 252
    if shortest < 1 or longest > MAX_CODE_LENGTH or np.count_nonzero(digits > 9) != n - 1:
        return None
    number = np.zeros(n, dtype=np.int64)
    for j in range(longest):
        at = starts + j
        if shortest == longest:
            number = number * 10 + digits[at]
        else:
            number = np.where(
                lengths > j, number * 10 + digits[np.minimum(at, len(text) - 1)], number
            )
    number += 10**lengths
    low = int(number.min())
    span = int(number.max()) - low + 1
    if span > 4 * n:
        return None
    slot = number - low
    first = np.full(span, n, dtype=np.int64)
    np.minimum.at(first, slot, np.arange(n, dtype=np.int64))
    used = np.flatnonzero(first < n)
    firsts = first[used]
    by_first = np.argsort(firsts)
    position = first  # reused: each used slot's position in order of first appearance
    position[used[by_first]] = np.arange(len(used), dtype=np.int64)
    return [rows[i] for i in firsts[by_first].tolist()], position[slot]
