"""Tests of thdx.model._periods: parsing, canonical text, ordering and relations of Period."""

from __future__ import annotations

import datetime
import doctest
import pickle
import re
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx.model._periods
from thdx.model import Granularity, Period, PeriodError, ThdxError, as_period

EXPECTED = (
    "(expected a year '2025', half '2025-H1', quarter '2025-Q3', month '2025-06', "
    "day '2025-06-30' or range '2021/2025')"
)


NOT_PERIOD = "expected a period (a Period, str, int year or datetime.date), not "


def not_a_period(text: object) -> str:
    """Return the exact error message for text that is not a period."""
    return f"{text!r} is not a period {EXPECTED}"


def quarter(year: int, q: int) -> Period:
    """Return quarter ``q`` of ``year``."""
    return Period.parse(f"{year}-Q{q}")


# -- strategies ---------------------------------------------------------------------

MIN_DAY = date(1000, 1, 1)
MAX_DAY = date(9999, 12, 31)

years = st.integers(min_value=1000, max_value=9999)
days = st.dates(min_value=MIN_DAY, max_value=MAX_DAY)


@st.composite
def arbitrary_periods(draw: st.DrawFn) -> Period:
    """Draw a period between two arbitrary days."""
    a, b = draw(days), draw(days)
    return Period(min(a, b), max(a, b))


@st.composite
def multi_year_periods(draw: st.DrawFn) -> Period:
    """Draw a range of one or more whole years."""
    first = draw(st.integers(min_value=1000, max_value=9990))
    last = draw(st.integers(min_value=first, max_value=min(first + 8, 9999)))
    return Period(date(first, 1, 1), date(last, 12, 31))


calendar_periods = st.one_of(
    years.map(Period.year),
    st.builds(lambda y, h: Period.parse(f"{y}-H{h}"), years, st.integers(1, 2)),
    st.builds(quarter, years, st.integers(1, 4)),
    st.builds(lambda y, m: Period.parse(f"{y}-{m:02d}"), years, st.integers(1, 12)),
    days.map(Period.day),
)

periods = st.one_of(calendar_periods, multi_year_periods(), arbitrary_periods())


# -- parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-H1", date(2025, 1, 1), date(2025, 6, 30)),
        ("2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-Q2", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2025-06", date(2025, 6, 1), date(2025, 6, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2025-06-30", date(2025, 6, 30), date(2025, 6, 30)),
        ("2024-02-29", date(2024, 2, 29), date(2024, 2, 29)),
        ("1000", date(1000, 1, 1), date(1000, 12, 31)),
        ("9999", date(9999, 1, 1), date(9999, 12, 31)),
        ("2021/2025", date(2021, 1, 1), date(2025, 12, 31)),
        ("2025-01-15/2025-03-02", date(2025, 1, 15), date(2025, 3, 2)),
        ("2025-Q2/2025-Q3", date(2025, 4, 1), date(2025, 9, 30)),
        ("2024-H2/2025-06", date(2024, 7, 1), date(2025, 6, 30)),
        ("2025/2025-06", date(2025, 1, 1), date(2025, 6, 30)),
        ("2025-06-15/2025-06", date(2025, 6, 15), date(2025, 6, 30)),
        ("2025-06-30/2025-06-30", date(2025, 6, 30), date(2025, 6, 30)),
        ("  2025-Q3\n", date(2025, 7, 1), date(2025, 9, 30)),
        ("\t2021/2025 ", date(2021, 1, 1), date(2025, 12, 31)),
    ],
)
def test_parse_accepts_each_form(text: str, start: date, end: date) -> None:
    """Each accepted form parses to the expected first and last day."""
    assert Period(start, end) == Period.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "/",
        "2025/",
        "/2025",
        "2021//2025",
        "2021/2023/2025",
        "2021 / 2025",
        "2025-13",
        "2025-00",
        "2025-6",
        "2025-Q5",
        "2025-Q0",
        "2025-q3",
        "2025Q3",
        "2025-H3",
        "2025-H0",
        "2025-h1",
        "25",
        "025",
        "0999",
        "999",
        "10000",
        "+2025",
        "-2025",
        "2025.0",
        "2025-06-31",
        "2025-02-29",
        "2025-06-00",
        "2025-06-3",
        "2025-13-01",
        "20250630",
        "2025-06-30T00:00",
        "2025-06-30 00:00:00",
        "2025-W26",
        "2025-181",
        "9,6",
        "June 2025",
        "2025 Q3",
        "٢٠٢٥",  # Arabic-Indic digits are not accepted
        "２０２５",  # full-width digits neither
        "2025-06-30/2025-13",
        "2025-Q3/nope",
    ],
)
def test_parse_rejects_malformed_text(text: str) -> None:
    """Text in none of the accepted forms raises PeriodError with the exact message."""
    with pytest.raises(PeriodError, match=re.escape(not_a_period(text))) as info:
        Period.parse(text)
    assert not_a_period(text) == str(info.value)


@pytest.mark.parametrize(
    "text",
    ["2025/2021", "2025-Q3/2025-Q1", "2025-06-30/2025-06-29", "2025-H2/2025-06", "2025/2024-12"],
)
def test_parse_rejects_reversed_range(text: str) -> None:
    """A range whose end comes before its start raises PeriodError saying so."""
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    assert f"{text!r}: period ends before it starts" == str(info.value)


def test_parse_message_shows_original_text() -> None:
    """The error message quotes the text as given, surrounding whitespace included."""
    with pytest.raises(PeriodError) as info:
        Period.parse(" 2025-13 ")
    assert not_a_period(" 2025-13 ") == str(info.value)


def test_parse_rejects_non_string() -> None:
    """A non-str value given to parse raises PeriodError, not AttributeError."""
    bad: object = 2025
    with pytest.raises(PeriodError) as info:
        Period.parse(bad)  # type: ignore[arg-type]
    assert not_a_period(2025) == str(info.value)


def test_period_error_is_value_error() -> None:
    """PeriodError from parse is both a ThdxError and a ValueError."""
    with pytest.raises(PeriodError) as info:
        Period.parse("nope")
    assert isinstance(info.value, ThdxError)
    assert isinstance(info.value, ValueError)


def test_parse_is_cached() -> None:
    """Parsing the same text twice returns the same (immutable) object."""
    assert Period.parse("2031-Q2") is Period.parse("2031-Q2")


# -- construction ---------------------------------------------------------------------


def test_period_has_exactly_start_and_end_fields() -> None:
    """Period is an attrs class with exactly the fields start and end."""
    expected = ("start", "end")
    assert expected == tuple(a.name for a in attrs.fields(Period))


def test_period_is_frozen() -> None:
    """Assigning to a field of a Period raises FrozenInstanceError."""
    p = Period.year(2025)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.start = date(2020, 1, 1)  # type: ignore[misc]


def test_constructor_rejects_end_before_start() -> None:
    """Period(start, end) with end before start names both days."""
    with pytest.raises(PeriodError) as info:
        Period(date(2025, 6, 30), date(2025, 6, 1))
    expected = "period ends (2025-06-01) before it starts (2025-06-30)"
    assert expected == str(info.value)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2025-01-01",
            date(2025, 1, 1),
            "period start must be a datetime.date, not '2025-01-01' of type str",
        ),
        (
            date(2025, 1, 1),
            datetime.datetime(2025, 1, 2, 0, 0),
            "period end must be a datetime.date, "
            "not datetime.datetime(2025, 1, 2, 0, 0) of type datetime",
        ),
        (
            date(999, 1, 1),
            date(2025, 1, 1),
            "period start 0999-01-01 lies outside the years 1000..9999",
        ),
    ],
)
def test_constructor_rejects_bad_days(start: object, end: object, message: str) -> None:
    """Period(start, end) refuses non-dates, datetimes and years outside 1000..9999."""
    with pytest.raises(PeriodError) as info:
        Period(start, end)  # type: ignore[arg-type]
    assert message == str(info.value)


def test_year_constructor() -> None:
    """Period.year(y) is 1 January to 31 December of y."""
    assert Period(date(2025, 1, 1), date(2025, 12, 31)) == Period.year(2025)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (999, "year 999 lies outside 1000..9999"),
        (10000, "year 10000 lies outside 1000..9999"),
        (True, "year must be an int, not True of type bool"),
        ("2025", "year must be an int, not '2025' of type str"),
    ],
)
def test_year_constructor_rejects_bad_year(value: object, message: str) -> None:
    """Period.year refuses bools, non-ints and years outside 1000..9999."""
    with pytest.raises(PeriodError) as info:
        Period.year(value)  # type: ignore[arg-type]
    assert message == str(info.value)


def test_day_constructor() -> None:
    """Period.day(d) starts and ends on d."""
    assert Period(date(2025, 6, 30), date(2025, 6, 30)) == Period.day(date(2025, 6, 30))


# -- text forms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "text", "granularity"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), "2025", Granularity.YEAR),
        (date(2025, 1, 1), date(2025, 6, 30), "2025-H1", Granularity.HALF),
        (date(2025, 7, 1), date(2025, 12, 31), "2025-H2", Granularity.HALF),
        (date(2025, 1, 1), date(2025, 3, 31), "2025-Q1", Granularity.QUARTER),
        (date(2025, 10, 1), date(2025, 12, 31), "2025-Q4", Granularity.QUARTER),
        (date(2025, 6, 1), date(2025, 6, 30), "2025-06", Granularity.MONTH),
        (date(2024, 2, 1), date(2024, 2, 29), "2024-02", Granularity.MONTH),
        (date(2025, 6, 30), date(2025, 6, 30), "2025-06-30", Granularity.DAY),
        (date(2021, 1, 1), date(2025, 12, 31), "2021/2025", Granularity.RANGE),
        (date(2024, 1, 1), date(2025, 12, 31), "2024/2025", Granularity.RANGE),
        (date(2025, 1, 15), date(2025, 3, 2), "2025-01-15/2025-03-02", Granularity.RANGE),
        (date(2025, 2, 1), date(2025, 4, 30), "2025-02-01/2025-04-30", Granularity.RANGE),
        (date(2025, 4, 1), date(2025, 9, 30), "2025-04-01/2025-09-30", Granularity.RANGE),
        (date(2025, 1, 1), date(2025, 2, 28), "2025-01-01/2025-02-28", Granularity.RANGE),
        (date(2025, 1, 1), date(2025, 12, 30), "2025-01-01/2025-12-30", Granularity.RANGE),
        (date(2025, 6, 1), date(2025, 6, 29), "2025-06-01/2025-06-29", Granularity.RANGE),
        (date(2025, 6, 30), date(2025, 7, 1), "2025-06-30/2025-07-01", Granularity.RANGE),
        (date(2024, 7, 1), date(2025, 6, 30), "2024-07-01/2025-06-30", Granularity.RANGE),
        (date(2024, 12, 1), date(2025, 1, 31), "2024-12-01/2025-01-31", Granularity.RANGE),
    ],
)
def test_str_and_granularity(start: date, end: date, text: str, granularity: Granularity) -> None:
    """str(period) is the shortest canonical form and granularity matches it."""
    p = Period(start, end)
    assert text == str(p)
    assert granularity == p.granularity


def test_repr() -> None:
    """repr(period) is Period('<canonical text>')."""
    expected = "Period('2025-Q3')"
    assert expected == repr(Period.parse("2025-07-01/2025-09-30"))


def test_pickle_round_trip() -> None:
    """A pickled period unpickles to an equal period."""
    p = Period.parse("2021/2025")
    assert p == pickle.loads(pickle.dumps(p))


# -- properties -----------------------------------------------------------------------


def test_years_of_a_range() -> None:
    """Years lists every calendar year the period touches."""
    p = Period.parse("2024-12-31/2026-01-01")
    expected_years = (2024, 2025, 2026)
    assert expected_years == p.years
    assert expected_years[0] == p.first_year
    assert expected_years[-1] == p.last_year


def test_years_of_a_quarter() -> None:
    """A period within one year touches only that year."""
    expected = (2025,)
    assert expected == Period.parse("2025-Q3").years


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025", True), ("2021/2025", True), ("2025-H2", False), ("2025-01-01/2025-12-30", False)],
)
def test_is_whole_years(text: str, expected: bool) -> None:
    """is_whole_years holds for ranges from a 1 January to a 31 December."""
    assert expected == Period.parse(text).is_whole_years


def test_ordinals() -> None:
    """start_ordinal and end_ordinal are date.toordinal() of start and end."""
    p = Period.parse("2025-Q3")
    assert date(2025, 7, 1).toordinal() == p.start_ordinal
    assert date(2025, 9, 30).toordinal() == p.end_ordinal


# -- relations ------------------------------------------------------------------------


def test_contains_periods_and_days() -> None:
    """contains and `in` accept periods and days lying wholly inside."""
    h1 = Period.parse("2025-H1")
    assert h1.contains(Period.parse("2025-Q2"))
    assert Period.parse("2025-06") in h1
    assert date(2025, 6, 30) in h1
    assert date(2025, 1, 1) in h1
    assert date(2025, 7, 1) not in h1
    assert not h1.contains(Period.parse("2025-06/2025-07"))
    assert not h1.contains(Period.year(2025))


def test_contains_rejects_other_types() -> None:
    """contains refuses values that are neither a Period nor a date."""
    with pytest.raises(PeriodError) as info:
        _ = "2025-Q1" in Period.year(2025)
    expected = "expected a Period or a datetime.date, not '2025-Q1' of type str"
    assert expected == str(info.value)


def test_contains_rejects_datetime() -> None:
    """contains refuses a datetime rather than compare it with dates."""
    moment = datetime.datetime(2025, 3, 1, 12, 0)
    with pytest.raises(PeriodError) as info:
        Period.year(2025).contains(moment)
    expected = (
        "expected a Period or a datetime.date, "
        "not datetime.datetime(2025, 3, 1, 12, 0) of type datetime"
    )
    assert expected == str(info.value)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2025-H1", "2025-H2", False),
        ("2025-H1", "2025-06-30/2025-07-01", True),
        ("2025-H1", "2025-06-30", True),
        ("2025-Q3", "2025", True),
        ("2021/2023", "2024/2025", False),
        ("2021/2024", "2024-12", True),
    ],
)
def test_overlaps(a: str, b: str, expected: bool) -> None:
    """overlaps holds when two periods share at least one day, in either order."""
    pa, pb = Period.parse(a), Period.parse(b)
    assert expected == pa.overlaps(pb)
    assert expected == pb.overlaps(pa)


def test_overlaps_with_day() -> None:
    """overlaps accepts a single day."""
    assert Period.parse("2025-Q3").overlaps(date(2025, 8, 15))
    assert not Period.parse("2025-Q3").overlaps(date(2025, 10, 1))


def test_ordering_examples() -> None:
    """Periods sort by start, then by end."""
    texts = ["2025", "2025-Q1", "2024-H2", "2025-01", "2025-01-01", "2024/2025"]
    expected = ["2024/2025", "2024-H2", "2025-01-01", "2025-01", "2025-Q1", "2025"]
    assert expected == [str(p) for p in sorted(map(Period.parse, texts))]


def test_equality_and_hash() -> None:
    """Periods equal by (start, end) hash equal, whatever text they were parsed from."""
    a = Period.parse("2025-07-01/2025-09-30")
    b = Period.parse("2025-Q3")
    assert a == b
    assert hash(a) == hash(b)
    assert {a} == {a, b}


# -- as_period ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Period.parse("2025-Q3"), "2025-Q3"),
        ("2025-06", "2025-06"),
        (" 2021/2025 ", "2021/2025"),
        (2025, "2025"),
        (date(2025, 6, 30), "2025-06-30"),
    ],
)
def test_as_period_accepts(value: Period | str | int | date, expected: str) -> None:
    """as_period accepts a Period, a text form, an int year or a date."""
    assert Period.parse(expected) == as_period(value)


def test_as_period_returns_period_unchanged() -> None:
    """as_period returns a Period as is."""
    p = Period.parse("2025-H2")
    assert p is as_period(p)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, NOT_PERIOD + "True of type bool"),
        (2025.0, NOT_PERIOD + "2025.0 of type float"),
        (None, NOT_PERIOD + "None of type NoneType"),
        (
            datetime.datetime(2025, 6, 30, 8, 0),
            NOT_PERIOD + "datetime.datetime(2025, 6, 30, 8, 0) of type datetime",
        ),
        (25, "year 25 lies outside 1000..9999"),
        ("2025-13", not_a_period("2025-13")),
        ("2025/2021", "'2025/2021': period ends before it starts"),
    ],
)
def test_as_period_rejects(value: object, message: str) -> None:
    """as_period raises PeriodError naming the bad value (and its type)."""
    with pytest.raises(PeriodError) as info:
        as_period(value)  # type: ignore[arg-type]
    assert message == str(info.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (False, NOT_PERIOD + "False of type bool"),
        ("9,6", not_a_period("9,6")),
        (10000, "year 10000 lies outside 1000..9999"),
    ],
)
def test_as_period_prefixes_where(value: object, message: str) -> None:
    """as_period prefixes every error message with `where: `."""
    with pytest.raises(PeriodError, match=re.escape(f"data.csv:4:period: {message}")) as info:
        as_period(value, where="data.csv:4:period")  # type: ignore[arg-type]
    assert f"data.csv:4:period: {message}" == str(info.value)


# -- properties (Hypothesis) ----------------------------------------------------------


@given(periods)
def test_str_round_trips(p: Period) -> None:
    """Parsing str(p) gives back a period equal to p."""
    assert p == Period.parse(str(p))


@given(periods)
def test_repr_names_str(p: Period) -> None:
    """repr(p) wraps str(p)."""
    assert f"Period({str(p)!r})" == repr(p)


@given(periods)
def test_granularity_matches_canonical_text(p: Period) -> None:
    """The granularity agrees with the shape of str(p)."""
    text = str(p)
    shapes = {
        Granularity.YEAR: r"[0-9]{4}",
        Granularity.HALF: r"[0-9]{4}-H[12]",
        Granularity.QUARTER: r"[0-9]{4}-Q[1-4]",
        Granularity.MONTH: r"[0-9]{4}-[0-9]{2}",
        Granularity.DAY: r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
        Granularity.RANGE: r"[0-9]{4}/[0-9]{4}|[0-9-]{10}/[0-9-]{10}",
    }
    assert re.fullmatch(shapes[p.granularity], text) is not None


@given(periods, periods)
def test_ordering_is_consistent_with_start_end(a: Period, b: Period) -> None:
    """Comparisons agree with comparing (start, end) tuples, and exactly one of <, ==, > holds."""
    ka, kb = (a.start, a.end), (b.start, b.end)
    assert (ka < kb) == (a < b)
    assert (ka <= kb) == (a <= b)
    assert (ka > kb) == (a > b)
    assert (ka >= kb) == (a >= b)
    assert (ka == kb) == (a == b)
    exactly_one = 1
    assert exactly_one == [a < b, a == b, a > b].count(True)
    if a == b:
        assert hash(a) == hash(b)


@given(periods, periods, periods)
def test_ordering_is_transitive(a: Period, b: Period, c: Period) -> None:
    """Sorting three periods gives them in non-decreasing order, transitively."""
    x, y, z = sorted([a, b, c])
    assert x <= y <= z
    assert x <= z


@given(periods)
def test_period_contains_itself(p: Period) -> None:
    """Every period contains itself, its first day and its last day, and overlaps itself."""
    assert p in p
    assert p.contains(p)
    assert p.start in p
    assert p.end in p
    assert p.overlaps(p)


@given(st.one_of(years.map(Period.year), multi_year_periods()))
def test_whole_years_contain_all_their_quarters(p: Period) -> None:
    """A run of whole years contains each of its quarters, and not those just outside."""
    inside = [quarter(y, q) for y in p.years for q in range(1, 5)]
    assert all(q in p for q in inside)
    assert 4 * len(p.years) == len(inside)
    if p.first_year > 1000:
        assert quarter(p.first_year - 1, 4) not in p
    if p.last_year < 9999:
        assert quarter(p.last_year + 1, 1) not in p


@given(years, st.integers(1, 2))
def test_half_contains_its_two_quarters(year: int, half: int) -> None:
    """A half-year contains its two quarters and not the other two."""
    h = Period.parse(f"{year}-H{half}")
    mine = {2 * half - 1, 2 * half}
    for q in range(1, 5):
        assert (q in mine) == (quarter(year, q) in h)


@given(periods)
def test_contains_sub_quarters_by_definition(p: Period) -> None:
    """Every quarter p touches is contained exactly when it lies between p's start and end."""
    for year in p.years[:3] + p.years[-3:]:
        for q in range(1, 5):
            sub = quarter(year, q)
            expected = p.start <= sub.start and sub.end <= p.end
            assert expected == (sub in p)
            assert sub.overlaps(p) == (sub.start <= p.end and p.start <= sub.end)


@given(periods)
def test_years_and_ordinals(p: Period) -> None:
    """years runs first_year..last_year; ordinals are those of start and end."""
    assert tuple(range(p.first_year, p.last_year + 1)) == p.years
    assert p.start.toordinal() == p.start_ordinal
    assert p.end.toordinal() == p.end_ordinal


@given(st.integers(min_value=1000, max_value=9999))
def test_as_period_int_is_year(y: int) -> None:
    """as_period(y) equals Period.year(y) and parses back from str(y)."""
    assert Period.year(y) == as_period(y)
    assert Period.parse(str(y)) == as_period(y)


@given(days)
def test_as_period_date_is_day(d: date) -> None:
    """as_period(d) equals Period.day(d) and has granularity DAY."""
    p = as_period(d)
    assert Period.day(d) == p
    expected = Granularity.DAY
    assert expected == p.granularity


@given(st.text(max_size=12))
def test_parse_never_raises_anything_but_period_error(text: str) -> None:
    """Arbitrary text either parses to a round-tripping period or raises PeriodError."""
    try:
        p = Period.parse(text)
    except PeriodError:
        return
    assert p == Period.parse(str(p))


# -- doctests -------------------------------------------------------------------------


def test_module_doctests() -> None:
    """The examples in thdx.model._periods' docstrings run and pass."""
    result = doctest.testmod(thdx.model._periods, raise_on_error=False, verbose=False)
    no_failures = 0
    assert no_failures == result.failed
    assert result.attempted > 0
