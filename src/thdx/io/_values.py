"""The kinds of a value cell of a measurements file, decided without its indicator: a
plain number, a percentage (``"92.5 %"``), a rank (``"5/34"``), other text (read for
its indicator) or bad. Both readers of a file decide a value's kind here.

>>> [value_kind(v)[0] for v in ("92.5", "92.5 %", "5/34", "5 triệu đồng", "nan")]
[0, 1, 2, 3, 4]
"""

from __future__ import annotations

import math
import re

from thdx.io._format import MAX_FIELD, cell
from thdx.model._indicators import Indicator, IndicatorKind
from thdx.model._measurement_values import parse_rank as _parse_rank
from thdx.model._quantities import MAX_VALUE_LENGTH, to_magnitude

__all__: list[str] = []

# The kinds of value text, decided once per distinct text.
PLAIN, PERCENT, RANK_TEXT, OTHER, BAD = 0, 1, 2, 3, 4
_RANK_TEXT_RE = re.compile(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*")


def is_number(text: str, number: float) -> bool:
    """Whether ``float(text)`` read a number of thdx's form (float() also reads
    "1_000", non-ASCII digits, "nan" and "inf")."""
    return text.isascii() and "_" not in text and math.isfinite(number)


def value_kind(raw: str) -> tuple[int, float, float]:
    """The kind of a value cell and its magnitude (and cohort, for a rank) as far as
    it is known without the indicator: a plain number, a percentage ("92.5 %"), a
    rank ("5/34"), other text (read for its indicator), or bad."""
    text = cell(raw)
    if len(raw) > MAX_FIELD or len(text) > MAX_VALUE_LENGTH:
        return BAD, math.nan, math.nan
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return (PLAIN, number, math.nan) if is_number(text, number) else (BAD, math.nan, math.nan)
    text = text.strip()
    if text.endswith("%"):
        head = text[:-1].rstrip()
        try:
            number = float(head)
        except ValueError:
            pass
        else:
            if is_number(head, number):
                return PERCENT, number, math.nan
            return BAD, math.nan, math.nan
    m = _RANK_TEXT_RE.fullmatch(text)
    if m:
        rank, cohort = int(m.group(1)), int(m.group(2))
        if 1 <= rank <= cohort:
            return RANK_TEXT, float(rank), float(cohort)
        return BAD, math.nan, math.nan
    return (OTHER, math.nan, math.nan) if text else (BAD, math.nan, math.nan)


def percent_share(ind: Indicator) -> bool:
    """A share in percent: a plain number ≤ 1 for it may be a fraction by mistake."""
    return ind.kind is IndicatorKind.SHARE and ind.unit == "percent"


def value_for(text: str, ind: Indicator) -> tuple[float, int | None]:
    """A value text read for ``ind`` as Measurement reads it (range not checked)."""
    if ind.kind is IndicatorKind.RANK:
        return _parse_rank(text, ind, "")
    return to_magnitude(text, ind.unit), None
