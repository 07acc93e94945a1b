"""Reporting periods: a closed range of calendar days with a canonical text form.

A :class:`Period` runs from ``start`` to ``end``, both days included. It is written
and parsed in one of the forms a statistical report uses: a year ``2025``, a half
``2025-H1``, a quarter ``2025-Q3``, a month ``2025-06``, a day ``2025-06-30`` or an
explicit range ``2021/2025`` (each side of a range is itself any of the other forms).
``str(period)`` is always the shortest of these forms, and parsing it gives back an
equal period.

>>> from thdx.model._periods import Period, as_period
>>> q3 = Period.parse("2025-Q3")
>>> q3.start, q3.end
(datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
>>> str(Period.parse("2025-07-01/2025-09-30"))
'2025-Q3'
>>> q3 in as_period(2025)
True
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
from typing import Any

import attrs
from dateutil.parser import isoparse

from thdx.model._errors import PeriodError

__all__ = ["Granularity", "Period", "as_period"]

_MIN_YEAR = 1000
_MAX_YEAR = 9999

_EXPECTED = (
    "(expected a year '2025', half '2025-H1', quarter '2025-Q3', month '2025-06', "
    "day '2025-06-30' or range '2021/2025')"
)

# One non-range form: year, half, quarter, month or day. Only ASCII digits; the day
# number is checked against its month by ``isoparse``.
_SINGLE_RE = re.compile(
    r"(?P<year>[1-9][0-9]{3})"
    r"(?:-H(?P<half>[12])"
    r"|-Q(?P<quarter>[1-4])"
    r"|-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>[0-9]{2}))?"
    r")?"
)

_PARSE_CACHE_SIZE = 4096


class Granularity(enum.Enum):
    """The kind of calendar span a period covers, as its canonical text shows it.

    >>> Period.parse("2025-H2").granularity
    <Granularity.HALF: 'half'>
    >>> Period.parse("2021/2025").granularity.value
    'range'
    """

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"
    RANGE = "range"


def _month_end(year: int, month: int) -> datetime.date:
    """Return the last day of ``month`` in ``year``."""
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def _check_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``value`` is a plain date (not a datetime) within 1000..9999."""
    if type(value) is not datetime.date:
        raise PeriodError(
            f"period {attribute.name} must be a datetime.date, "
            f"not {value!r} of type {type(value).__name__}"
        )
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        raise PeriodError(
            f"period {attribute.name} {value.isoformat()} lies outside the years "
            f"{_MIN_YEAR}..{_MAX_YEAR}"
        )


def _span(other: object) -> tuple[datetime.date, datetime.date]:
    """Return the (start, end) of a Period or a date, or raise PeriodError."""
    if isinstance(other, Period):
        return other.start, other.end
    if type(other) is datetime.date:
        return other, other
    raise PeriodError(
        f"expected a Period or a datetime.date, not {other!r} of type {type(other).__name__}"
    )


@attrs.frozen(order=True, init=False)
class Period:
    """A closed range of calendar days, ``start`` to ``end``, both included.

    Periods are immutable, hashable and totally ordered by ``(start, end)``.
    ``Period("2025-Q3")``, a text alone, is ``Period.parse("2025-Q3")``: what the repr
    shows builds the period again.

    Args:
        start: The first day of the period (or, alone, the period's text).
        end: The last day of the period; not before ``start``.

    Raises:
        PeriodError: If ``end`` is before ``start``, either is not a
            :class:`datetime.date` (a :class:`datetime.datetime` is refused too), or
            either lies outside the years 1000..9999.

    >>> from datetime import date
    >>> p = Period(date(2025, 4, 1), date(2025, 6, 30))
    >>> p
    Period('2025-Q2')
    >>> p < Period.parse("2025-Q3")
    True
    """

    start: datetime.date = attrs.field(validator=_check_day)
    end: datetime.date = attrs.field(validator=_check_day)

    def __init__(self, start: datetime.date | str, end: datetime.date | None = None) -> None:
        if isinstance(start, str) and end is None:
            parsed = Period.parse(start)
            self.__attrs_init__(parsed.start, parsed.end)
        else:  # the validators refuse what is not a date
            self.__attrs_init__(start, end)  # type: ignore[arg-type]

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"period ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})"
            )

    # -- constructors -------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse a period from its text form; surrounding whitespace is ignored.

        Results are cached, so parsing the same text again is cheap.

        Args:
            text: A year ``2025``, half ``2025-H1``, quarter ``2025-Q3``, month
                ``2025-06``, day ``2025-06-30`` or range ``A/B`` of two of those.

        Returns:
            The period; a range runs from the start of ``A`` to the end of ``B``.

        Raises:
            PeriodError: If ``text`` is not one of those forms, or a range ends
                before it starts.

        >>> Period.parse("2025-H1")
        Period('2025-H1')
        >>> Period.parse(" 2021/2025 ").end
        datetime.date(2025, 12, 31)
        """
        return _parse(text)

    @classmethod
    def year(cls, y: int) -> Period:
        """Return the whole calendar year ``y``.

        Args:
            y: The year, 1000..9999.

        Returns:
            The period 1 January to 31 December of ``y``.

        Raises:
            PeriodError: If ``y`` is not an int (a bool is refused) or lies outside
                1000..9999.

        >>> Period.year(2025)
        Period('2025')
        """
        if type(y) is not int:
            raise PeriodError(f"year must be an int, not {y!r} of type {type(y).__name__}")
        if not _MIN_YEAR <= y <= _MAX_YEAR:
            raise PeriodError(f"year {y!r} lies outside {_MIN_YEAR}..{_MAX_YEAR}")
        return cls(datetime.date(y, 1, 1), datetime.date(y, 12, 31))

    @classmethod
    def day(cls, d: datetime.date) -> Period:
        """Return the single day ``d``.

        Args:
            d: The day (a :class:`datetime.date`, not a :class:`datetime.datetime`).

        Returns:
            The period starting and ending on ``d``.

        Raises:
            PeriodError: If ``d`` is not a date or lies outside the years 1000..9999.

        >>> from datetime import date
        >>> Period.day(date(2025, 6, 30))
        Period('2025-06-30')
        """
        return cls(d, d)

    # -- text forms -----------------------------------------------------------------

    def __str__(self) -> str:
        """Return the canonical text form, which :meth:`parse` reads back.

        >>> str(Period.parse("2021-01-01/2025-12-31"))
        '2021/2025'
        """
        start, end = self.start, self.end
        granularity = self.granularity
        if granularity is Granularity.YEAR:
            return f"{start.year}"
        if granularity is Granularity.HALF:
            return f"{start.year}-H{1 if start.month == 1 else 2}"
        if granularity is Granularity.QUARTER:
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        if granularity is Granularity.MONTH:
            return f"{start.year}-{start.month:02d}"
        if granularity is Granularity.DAY:
            return start.isoformat()
        if self.is_whole_years:
            return f"{start.year}/{end.year}"
        return f"{start.isoformat()}/{end.isoformat()}"

    def __repr__(self) -> str:
        """Return ``Period('<canonical text>')``.

        >>> repr(Period.year(2025))
        "Period('2025')"
        """
        return f"Period({str(self)!r})"

    # -- properties -------------------------------------------------------------------

    @property
    def granularity(self) -> Granularity:
        """The kind of span — a year, half, quarter, month, day, or any other range.

        >>> Period.parse("2025-04-01/2025-06-30").granularity
        <Granularity.QUARTER: 'quarter'>
        """
        start, end = self.start, self.end
        if start == end:
            return Granularity.DAY
        if start.day != 1 or start.year != end.year:
            return Granularity.RANGE
        month = start.month
        if end != _month_end(end.year, end.month):
            return Granularity.RANGE
        months = end.month - month + 1
        if months == 12:
            return Granularity.YEAR
        if months == 6 and month in (1, 7):
            return Granularity.HALF
        if months == 3 and month in (1, 4, 7, 10):
            return Granularity.QUARTER
        if months == 1:
            return Granularity.MONTH
        return Granularity.RANGE

    @property
    def is_whole_years(self) -> bool:
        """Whether the period runs from a 1 January to a 31 December.

        >>> Period.parse("2021/2025").is_whole_years, Period.parse("2025-Q1").is_whole_years
        (True, False)
        """
        start, end = self.start, self.end
        return start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years the period touches, in order.

        >>> Period.parse("2024-12-01/2026-01-31").years
        (2024, 2025, 2026)
        """
        return tuple(range(self.start.year, self.end.year + 1))

    @property
    def first_year(self) -> int:
        """The calendar year of the first day.

        >>> Period.parse("2021/2025").first_year
        2021
        """
        return self.start.year

    @property
    def last_year(self) -> int:
        """The calendar year of the last day.

        >>> Period.parse("2021/2025").last_year
        2025
        """
        return self.end.year

    @property
    def start_ordinal(self) -> int:
        """The proleptic Gregorian ordinal of the first day (``start.toordinal()``).

        >>> Period.year(2025).start_ordinal
        739252
        """
        return self.start.toordinal()

    @property
    def end_ordinal(self) -> int:
        """The proleptic Gregorian ordinal of the last day (``end.toordinal()``).

        >>> p = Period.year(2025)
        >>> p.end_ordinal - p.start_ordinal + 1
        365
        """
        return self.end.toordinal()

    # -- relations --------------------------------------------------------------------

    def contains(self, other: Period | datetime.date) -> bool:
        """Whether ``other`` lies wholly inside this period.

        Args:
            other: A period or a single day.

        Returns:
            True if every day of ``other`` is a day of this period.

        Raises:
            PeriodError: If ``other`` is neither a Period nor a datetime.date.

        >>> from datetime import date
        >>> y = Period.year(2025)
        >>> y.contains(Period.parse("2025-Q4")), y.contains(date(2026, 1, 1))
        (True, False)
        """
        start, end = _span(other)
        return self.start <= start and end <= self.end

    def __contains__(self, other: object) -> bool:
        """Support ``other in period``; see :meth:`contains`.

        >>> Period.parse("2025-06") in Period.parse("2025-H1")
        True
        """
        start, end = _span(other)
        return self.start <= start and end <= self.end

    def overlaps(self, other: Period | datetime.date) -> bool:
        """Whether this period and ``other`` share at least one day.

        Args:
            other: A period or a single day.

        Returns:
            True if some day lies in both.

        Raises:
            PeriodError: If ``other`` is neither a Period nor a datetime.date.

        >>> Period.parse("2025-H1").overlaps(Period.parse("2025-06/2025-09"))
        True
        >>> Period.parse("2025-H1").overlaps(Period.parse("2025-H2"))
        False
        """
        start, end = _span(other)
        return self.start <= end and start <= self.end


def _parse_single(text: str) -> tuple[datetime.date, datetime.date] | None:
    """Return the (start, end) of one non-range form, or None if ``text`` is not one."""
    m = _SINGLE_RE.fullmatch(text)
    if m is None:
        return None
    year = int(m["year"])
    if (half := m["half"]) is not None:
        if half == "1":
            return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    if (quarter := m["quarter"]) is not None:
        first = 3 * int(quarter) - 2
        return datetime.date(year, first, 1), _month_end(year, first + 2)
    if (month := m["month"]) is not None:
        if m["day"] is not None:
            try:
                day = isoparse(text).date()
            except ValueError:
                return None
            return day, day
        mon = int(month)
        return datetime.date(year, mon, 1), _month_end(year, mon)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@functools.lru_cache(maxsize=_PARSE_CACHE_SIZE)
def _parse(text: str) -> Period:
    """Parse ``text`` (see :meth:`Period.parse`); cached, since Period is immutable."""
    raw: object = text
    if not isinstance(raw, str):
        raise PeriodError(f"{text!r} is not a period {_EXPECTED}")
    stripped = text.strip()
    left, sep, right = stripped.partition("/")
    first = _parse_single(left)
    if not sep:
        if first is None:
            raise PeriodError(f"{text!r} is not a period {_EXPECTED}")
        return Period(first[0], first[1])
    last = _parse_single(right)
    if first is None or last is None:
        raise PeriodError(f"{text!r} is not a period {_EXPECTED}")
    start, end = first[0], last[1]
    if end < start:
        raise PeriodError(f"{text!r}: period ends before it starts")
    return Period(start, end)


def as_period(value: Period | str | int | datetime.date, *, where: str | None = None) -> Period:
    """Coerce a period-like value to a :class:`Period`.

    Args:
        value: A Period (returned as is), a text form (parsed), an int year or a
            :class:`datetime.date` (that single day).
        where: Where the value came from; prefixes any error message.

    Returns:
        The period.

    Raises:
        PeriodError: If ``value`` cannot be read as a period, including a bool,
            a :class:`datetime.datetime` or any other type.

    >>> as_period(2025)
    Period('2025')
    >>> as_period("2025-06", where="data.csv:4:period")
    Period('2025-06')
    >>> try:
    ...     as_period(True, where="row 3")
    ... except PeriodError as exc:
    ...     print(exc)
    row 3: expected a period (a Period, str, int year or datetime.date), not True of type bool
    """
    try:
        if isinstance(value, Period):
            return value
        if isinstance(value, str):
            return _parse(value)
        if type(value) is int:
            return Period.year(value)
        if type(value) is datetime.date:
            return Period.day(value)
        raise PeriodError(
            "expected a period (a Period, str, int year or datetime.date), "
            f"not {value!r} of type {type(value).__name__}"
        )
    except PeriodError as exc:
        if where:
            raise PeriodError(f"{where}: {exc}") from None
        raise
