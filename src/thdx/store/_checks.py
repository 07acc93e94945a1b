"""The columns given to ``MeasurementSet.from_columns``: read and checked whole.

Each column is factorised once (its distinct values, and each row's position among
them), each distinct unit code, indicator and period checked or parsed once, and the
values checked as arrays; the first bad row is named in the message.

>>> distinct, rows = factorise(["38", "380", "38"])
>>> distinct, rows.tolist()
(['38', '380'], [0, 1, 0])
>>> check_unit_codes(["38", "3x"], np.array([0, 1, 1]))
Traceback (most recent call last):
...
thdx.model._errors.MeasurementError: row 1: unit: '3x' is not an official unit code (1 to 10 ...
"""

from __future__ import annotations

import operator
import sys
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from thdx.model._coerce import MAX_CODE_LENGTH, code_problem
from thdx.model._errors import MeasurementError, PeriodError, ThdxWarning
from thdx.model._indicators import Indicator, IndicatorKind
from thdx.model._measurement_cohorts import MAX_COHORT, RANK_COHORTS, cohort_problem
from thdx.model._measurement_values import (
    fraction_warning,
    highest,
    lowest,
    range_problem,
    text_field,
)
from thdx.model._periods import Period, as_period

__all__ = [
    "check_cohort_eras",
    "check_cohorts",
    "check_column",
    "check_ranges",
    "check_unit_codes",
    "factorise",
    "first_row",
    "fractions_note",
    "number_column",
    "out_of_range",
    "period_column",
    "source_column",
    "warn_fractions",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

T = TypeVar("T")

#: A column with at most this many distinct values is coded in bytes, one a row.
_FEW = 255


def _rows(values: Sequence[T]) -> Sequence[T]:
    """A column as a list or tuple (a numpy column of text as Python strings)."""
    if isinstance(values, list | tuple):
        return values
    column: object = values
    if isinstance(column, np.ndarray) and column.dtype.kind == "U":
        return cast(list[T], column.tolist())
    return list(values)


def factorise(values: Sequence[T]) -> tuple[list[T], IntArray]:
    """The distinct values in order of first appearance, and each row's position among them.

    A column of one text, of few distinct values or of runs of equal texts (a file
    sorted by unit) is read without a dictionary look-up per row.

    Raises:
        TypeError: a value is unhashable.
    """
    rows = _rows(values)
    n = len(rows)
    if not n:
        return [], np.zeros(0, dtype=np.int64)
    if _one_text(rows):
        return [rows[0]], np.zeros(n, dtype=np.int64)
    runs = _text_runs(rows)
    if runs is not None:
        heads, lengths = runs
        distinct, codes = factorise(cast(list[T], heads))
        return distinct, np.repeat(codes, lengths)
    sample = set(rows[:: max(1, n // 2048)])
    if len(sample) <= _FEW:
        got = _few(rows, sample)
        if got is not None:
            return got
    # Many distinct values (unit codes): each row gets the first row with its value.
    first: dict[T, int] = {}
    at = np.fromiter(map(first.setdefault, rows, range(n)), np.int64, n)
    if len(first) == n:  # every value once (the first rows of runs, say)
        return list(first), at
    starts = np.fromiter(first.values(), np.int64, len(first))
    position = np.empty(n, dtype=np.int64)
    position[starts] = np.arange(len(starts), dtype=np.int64)
    return list(first), position[at]


def _few(rows: Sequence[T], sample: set[T]) -> tuple[list[T], IntArray] | None:
    """:func:`factorise` for a column of at most :data:`_FEW` distinct values (indicators,
    periods): each row coded in a byte; None when it has more."""
    position = dict(zip(sample, range(len(sample)), strict=True))
    try:
        codes = bytes(map(position.__getitem__, rows))
    except KeyError:  # a value the sampled rows miss
        kinds = set(rows)
        if len(kinds) > _FEW:
            return None
        position = dict(zip(kinds, range(len(kinds)), strict=True))
        codes = bytes(map(position.__getitem__, rows))
    coded = np.frombuffer(codes, dtype=np.uint8)
    # Number the values in order of first appearance, each as its first row holds it.
    firsts = sorted(int(np.argmax(coded == j)) for j in range(len(position)))
    number = np.empty(len(position), dtype=np.int64)
    number[coded[firsts]] = np.arange(len(firsts), dtype=np.int64)
    return [rows[i] for i in firsts], number[coded]


def _text_runs(rows: Sequence[object]) -> tuple[list[str], IntArray] | None:
    """The first text of each run of equal texts, and the length of each run; None
    when the runs are short (a look at the first rows) or a row is not a text."""
    prefix = rows[:4096]
    if set(map(type, prefix)) != {str}:
        return None
    if 2 * sum(map(operator.ne, prefix[1:], prefix[:-1])) >= len(prefix):
        return None
    if not _all_texts(cast(Sequence[str], rows)):
        return None
    found = _gallop_runs(cast(Sequence[str], rows), 2048 + len(rows) // 256)
    if found is not None:
        return found
    texts = np.fromiter(rows, dtype=object, count=len(rows))
    new = np.empty(len(rows), dtype=bool)
    new[0] = True
    np.not_equal(texts[1:], texts[:-1], out=new[1:])
    heads = np.flatnonzero(new)
    return texts[heads].tolist(), np.diff(np.append(heads, len(rows)))


#: Rows joined at a time to tell that every row is a text (see :func:`_all_texts`).
_CHUNK = 2**14


def _all_texts(rows: Sequence[str]) -> bool:
    """Whether every row is a text (``str`` or a subclass), told by joining them in C,
    a chunk of rows at a time (no text of the whole column is built: a lower peak)."""
    seq = rows if isinstance(rows, list) else list(rows)
    try:
        for lo in range(0, len(seq), _CHUNK):
            "".join(seq[lo : lo + _CHUNK])
    except TypeError:
        return False
    return True


#: The longest step of :func:`_gallop_runs` (a run's end is then found in fewer rows).
_STEP = 1024


def _gallop_runs(rows: Sequence[str], most: int) -> tuple[list[str], IntArray] | None:
    """:func:`_text_runs` for rows of at most ``most`` runs, each run's end found by
    comparing slices of the rows with its first text (in C, no array of objects);
    None when there are more runs."""
    seq = rows if isinstance(rows, list) else list(rows)
    n = len(seq)
    heads: list[str] = []
    starts: list[int] = []
    i = 0
    while i < n:
        if len(heads) >= most:
            return None
        head = seq[i]
        heads.append(head)
        starts.append(i)
        # seq[i:lo] all equal ``head``; gallop (steps of at most _STEP rows) until a
        # slice holds another text, each slice compared with one list of ``head``.
        ref = [head] * min(_STEP, n - i)
        lo, step = i + 1, 1
        hi = lo
        while lo < n:
            hi = min(n, lo + step)
            if seq[lo:hi] != (ref if hi - lo == len(ref) else ref[: hi - lo]):
                break
            lo, step = hi, min(2 * step, _STEP)
        else:
            break
        # The first other text is in seq[lo:hi]: halve that slice.
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if seq[lo:mid] == ref[: mid - lo]:
                lo = mid
            else:
                hi = mid
        i = lo if seq[lo] != head else hi
    ends = np.array([*starts[1:], n], dtype=np.int64)
    return heads, ends - np.array(starts, dtype=np.int64)


def _one_text(rows: Sequence[object]) -> bool:
    """Whether every row holds the text of the first (a period column "2025", …)."""
    first = rows[0]
    if type(first) is not str:
        return False
    try:
        if rows[-1] != first or rows[len(rows) // 2] != first or rows.count(first) != len(rows):
            return False
        # Every row a text, with the first's characters: compared in C, not per row.
        return "".join(cast(Sequence[str], rows)) == first * len(rows)
    except (TypeError, ValueError):  # a row that is not a text (an array compares so)
        return False


def first_row(codes: IntArray, j: int) -> int:
    """The first row whose code is ``j`` (for messages)."""
    return int(np.argmax(codes == j))


def period_column(column: Sequence[Period | str]) -> tuple[list[Period], IntArray]:
    """The distinct periods of a column and each row's position among them.

    Each distinct value is parsed once.

    Raises:
        PeriodError: naming the first row whose period is malformed.
    """
    rows: Sequence[object] = _rows(column)
    try:
        raw, codes = factorise(rows)
        if not all(type(x) is str or type(x) is Period for x in raw):
            # 2025, 2025.0 and numpy's 2025 are equal keys, but as_period accepts
            # only some of them: keep the types apart.
            keyed, codes = factorise(list(zip(map(type, rows), rows, strict=True)))
            raw = [x for _, x in keyed]
    except TypeError:  # an unhashable value, and so no period: look at every row
        raw, codes = list(rows), np.arange(len(rows), dtype=np.int64)
    parsed: list[Period] = []
    for j, x in enumerate(raw):
        if isinstance(x, Period):
            parsed.append(x)
            continue
        try:
            parsed.append(as_period(cast(Any, x)))
        except PeriodError as exc:
            raise PeriodError(f"row {first_row(codes, j)}: {exc}") from None
    distinct, position = factorise(parsed)
    if len(distinct) == len(parsed):  # no two texts of one period ("2025", "2025/2025")
        return distinct, codes
    return distinct, position[codes]


def check_unit_codes(unit_names: Sequence[object], u: IntArray) -> None:
    """Refuse the first row whose unit is not an official unit code."""
    try:  # every code is a text of ASCII digits, 1 to MAX_CODE_LENGTH of them: at once
        joined = "".join(cast(Sequence[str], unit_names))
        lengths = list(map(len, cast(Sequence[str], unit_names)))
    except TypeError:
        pass
    else:
        if not unit_names or (
            joined.isascii()
            and joined.isdigit()
            and min(lengths) > 0
            and max(lengths) <= MAX_CODE_LENGTH
        ):
            return
    for j, code in enumerate(unit_names):
        problem = code_problem(code)
        if problem is not None:
            msg = f"row {first_row(u, j)}: unit: {problem}"
            raise MeasurementError(msg)


def check_column(column: object, name: str) -> None:
    """Refuse a column that is not a sequence (a string is one value, not a column)."""
    if (
        isinstance(column, str | bytes | set | frozenset | Mapping)
        or not hasattr(column, "__len__")
        or not hasattr(column, "__getitem__")
    ):
        # A set or a mapping has no row order: rows would follow hashing.
        shown = repr(column) if len(repr(column)) <= 80 else f"a {type(column).__name__}"
        msg = f"from_columns: {name} must be a column (a sequence of values), got {shown}"
        raise MeasurementError(msg)
    _refuse_masked(column, name, "give None or NaN instead")


def _refuse_masked(column: object, name: str, instead: str) -> None:
    # A masked array needs numpy.ma imported: never import it here (65 ms) to look.
    ma: Any = sys.modules.get("numpy.ma")
    if ma is None or not isinstance(column, ma.MaskedArray):
        return
    if ma.getmaskarray(column).any():
        row = int(np.flatnonzero(ma.getmaskarray(column))[0])
        msg = f"from_columns: {name} has a masked entry in row {row} ({instead})"
        raise MeasurementError(msg)


def number_column(column: object, name: str) -> FloatArray:
    """A column of numbers as a 1-D float array; bools and nested columns refused.

    Raises:
        MeasurementError: naming the column, and the row of a bool.
    """
    what = "of numbers" if name == "value" else "of numbers or None"
    _refuse_masked(column, name, "give NaN for a gap")
    if isinstance(column, list | tuple):
        types = set(map(type, column))
        odd = bool in types or np.bool_ in types
    else:
        try:
            arr: npt.NDArray[Any] = np.asarray(column)
        except (TypeError, ValueError) as exc:
            msg = f"from_columns: {name} must be a column {what} ({exc})"
            raise MeasurementError(msg) from None
        column = arr
        if arr.dtype.kind not in "biufO":  # complex, dates, text: not numbers (bools below)
            msg = f"from_columns: {name} must be a column {what}, got dtype {arr.dtype}"
            raise MeasurementError(msg)
        if arr.ndim == 0:
            msg = f"from_columns: {name} must be a column {what}, got {arr.item()!r}"
            raise MeasurementError(msg)
        odd = arr.dtype == np.bool_ or (
            arr.dtype == object and any(isinstance(x, bool | np.bool_) for x in arr.flat)
        )
    if odd:
        rows = cast(Sequence[object], column)
        i = next(i for i, x in enumerate(rows) if isinstance(x, bool | np.bool_))
        msg = (
            f"from_columns: {name} must be a column {what}, got the bool {bool(rows[i])!r} in row "
            f"{i} (write 1 or 0 if a number is meant)"
        )
        raise MeasurementError(msg)
    try:
        values = np.asarray(column, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        msg = f"from_columns: {name} must be a column {what} ({exc})"
        raise MeasurementError(msg) from None
    if values.ndim != 1:
        msg = (
            f"from_columns: {name} must be a column {what} (one dimension), got "
            f"{values.ndim} dimensions, shape {values.shape}"
        )
        raise MeasurementError(msg)
    return values


def source_column(column: Sequence[object]) -> list[str]:
    """A column of sources as strings (None: none); anything else is refused."""
    rows = list(column)
    types = set(map(type, rows))
    if types <= {str}:
        return cast(list[str], rows)
    return [text_field(x, where=f"row {i}") for i, x in enumerate(rows)]


def check_cohorts(
    cohorts: FloatArray, rank_rows: BoolArray, k: IntArray, inds: list[Indicator]
) -> None:
    """Refuse the first row with a cohort that is not a whole number ≥ 1, or with a
    cohort for an indicator that is not a rank."""
    given = np.flatnonzero(~np.isnan(cohorts))  # few rows: ranks
    of_given = cohorts[given]
    bad = (
        ~rank_rows[given]
        | ~np.isfinite(of_given)
        | (of_given < 1)
        | (of_given != np.floor(of_given))
        | (of_given > MAX_COHORT)
    )
    if bad.any():
        i = int(given[np.flatnonzero(bad)[0]])
        c = float(cohorts[i])
        if rank_rows[i] and c > MAX_COHORT and np.isfinite(c):
            msg = f"row {i}: cohort {c!r} is too large (at most {MAX_COHORT})"
        elif rank_rows[i]:
            msg = f"row {i}: cohort {c!r} is not a whole number ≥ 1"
        else:
            ind_id = inds[int(k[i])].id
            msg = f"row {i}: a cohort ({c!r}) is given for {ind_id!r}, which is not a rank"
        raise MeasurementError(msg)


def check_cohort_eras(
    cohorts: FloatArray,
    k: IntArray,
    inds: list[Indicator],
    values: FloatArray,
    p: IntArray,
    periods: list[Period],
) -> None:
    """Refuse the first row whose cohort does not fit its data year (RANK_COHORTS)."""
    ruled = np.array([ind.id in RANK_COHORTS for ind in inds], dtype=bool)
    if not ruled.any():
        return
    rows = np.flatnonzero(~np.isnan(cohorts))  # few rows: ranks
    rows = rows[ruled[k[rows]]]
    if not len(rows):
        return
    # Each distinct (indicator, period, cohort) once, in row order of first appearance.
    triples = np.stack([k[rows], p[rows], cohorts[rows].astype(np.int64)], axis=1)
    distinct, first = np.unique(triples, axis=0, return_index=True)
    for j in np.argsort(first).tolist():
        kk, pp, cc = (int(x) for x in distinct[j])
        i = int(rows[first[j]])
        problem = cohort_problem(inds[kk].id, periods[pp], int(values[i]), cc)
        if problem:
            raise MeasurementError(f"row {i}: {problem}")


def out_of_range(
    values: FloatArray,
    cohorts: FloatArray,
    k: npt.NDArray[np.integer[Any]],
    inds: list[Indicator],
    rank_rows: BoolArray,
) -> BoolArray:
    """Per row, whether its value may be outside its indicator's range or its rank
    outside its cohort (a superset: ``range_problem`` decides).

    ``k`` is each row's position in ``inds``; ``rank_rows`` tells the rows of ranks."""
    low = np.array([lowest(ind) for ind in inds], dtype=float)
    high = np.array([highest(ind) for ind in inds], dtype=float)
    if len(values) and low.max() <= values.min() and values.max() <= high.min():
        bad = np.zeros(len(values), dtype=bool)  # every value within every range
    else:
        bad = _outside(values, k, low, high)
    ranks = np.flatnonzero(rank_rows)  # few rows: only they are looked at
    if len(ranks):
        v = values[ranks]
        bad[ranks[(v != np.floor(v)) | (v > cohorts[ranks])]] = True
    return bad


def _outside(
    values: FloatArray, k: npt.NDArray[np.integer[Any]], low: FloatArray, high: FloatArray
) -> BoolArray:
    """Per row, whether its value is below ``low`` or above ``high`` of its indicator;
    rows in runs of one indicator (a file by indicator) are judged a run at a time, by
    its least and greatest value, and only a run with a value outside row by row."""
    n = len(values)
    starts = np.flatnonzero(k[1:] != k[:-1])
    if not n or len(starts) > n // 64:  # short runs: row by row
        return np.asarray((values < low[k]) | (values > high[k]))
    starts += 1
    starts = np.r_[0, starts]
    ends = np.r_[starts[1:], n]
    of = k[starts]
    least, greatest = np.minimum.reduceat(values, starts), np.maximum.reduceat(values, starts)
    bad = np.zeros(n, dtype=bool)
    for r in np.flatnonzero((least < low[of]) | (greatest > high[of])).tolist():
        a, b, j = int(starts[r]), int(ends[r]), int(of[r])
        bad[a:b] = (values[a:b] < low[j]) | (values[a:b] > high[j])
    return bad


def check_ranges(
    values: FloatArray,
    cohorts: FloatArray,
    k: IntArray,
    inds: list[Indicator],
    rank_rows: BoolArray,
) -> None:
    """Refuse the first row whose (finite) value is outside its indicator's range, or
    whose rank is outside its cohort."""
    bad = out_of_range(values, cohorts, k, inds, rank_rows)
    for i in np.flatnonzero(bad).tolist():
        v = float(values[i])
        problem = range_problem(inds[int(k[i])], v, v)
        if problem:
            raise MeasurementError(f"row {i}: {problem}")
        c = float(cohorts[i])
        if v > c:
            shown = f"{int(v)}/{int(c)}"
            msg = f"row {i}: {shown!r} is not a rank within its cohort (1 ≤ rank ≤ cohort)"
            raise MeasurementError(msg)


def warn_fractions(
    where: str, values: FloatArray, k: IntArray, inds: list[Indicator], stacklevel: int
) -> None:
    """Warn (ThdxWarning) when there are shares in percent and every one is ≤ 1 (some
    above 0)."""
    note = fractions_note(where, values, k, inds)
    if note is not None:
        warnings.warn(note, ThdxWarning, stacklevel=stacklevel + 1)


def fractions_note(
    where: str, values: FloatArray, k: IntArray, inds: list[Indicator]
) -> str | None:
    """The warning :func:`warn_fractions` gives, or None."""
    is_share = np.array(
        [ind.kind is IndicatorKind.SHARE and ind.unit == "percent" for ind in inds], dtype=bool
    )
    if not is_share.any() or not len(values):
        return None
    shares = values if is_share.all() else np.where(is_share[k], values, -np.inf)
    top = int(np.argmax(shares))
    largest = float(shares[top])
    if 0 < largest <= 1:
        return fraction_warning(where, largest, inds[int(k[top])].id)
    return None
