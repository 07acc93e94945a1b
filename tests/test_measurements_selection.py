"""Tests of MeasurementSet's row selection and bulk loading: ``latest`` answers a small
batch by binary search and a large one by a scan, with the same rows (checked against
each other and against a plain-Python definition on random data), ``from_columns``
bulk-loads ranks with a ``cohort`` column and reads columns of any shape as a dictionary
would, and ``columns()`` is a read-only view of the rows."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import warnings
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from thdx import Measurement, MeasurementSet, Period, Recognition
from thdx.model import DuplicateMeasurementError, MeasurementError, PeriodError, ThdxWarning
from thdx.store._select import Ask

IntArray = npt.NDArray[np.int64]

NO_BOUND = int(np.iinfo(np.int64).min)
INDICATORS = ("satisfaction_share", "labour_productivity_growth")
CODES = ("1", "2", "38")


def ordinal(text: str) -> int:
    """The ordinal of a day 'YYYY-MM-DD'."""
    return dt.date.fromisoformat(text).toordinal()


# -- random data ----------------------------------------------------------------------------


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """A year, half, quarter, month, day or range of years, 2020–2026."""
    year = draw(st.integers(2020, 2026))
    form = draw(st.sampled_from(("year", "half", "quarter", "month", "day", "range")))
    if form == "year":
        return Period.year(year)
    if form == "half":
        return Period.parse(f"{year}-H{draw(st.integers(1, 2))}")
    if form == "quarter":
        return Period.parse(f"{year}-Q{draw(st.integers(1, 4))}")
    if form == "month":
        return Period.parse(f"{year}-{draw(st.integers(1, 12)):02d}")
    if form == "day":
        return Period.day(draw(st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))))
    return Period.parse(f"{year}/{draw(st.integers(year, 2026))}")


@st.composite
def data_sets(draw: st.DrawFn) -> tuple[MeasurementSet, list[Period]]:
    """A set of rows for some of the combinations of three units, two indicators and a
    few periods, and those periods (so that queries can hit them and their ends)."""
    pool = draw(st.lists(periods(), min_size=1, max_size=6, unique=True))
    every = list(itertools.product(CODES, INDICATORS, pool))
    kept = draw(st.lists(st.booleans(), min_size=len(every), max_size=len(every)))
    keys = [key for key, keep in zip(every, kept, strict=True) if keep]
    values = draw(st.lists(st.floats(0, 100), min_size=len(keys), max_size=len(keys)))
    with warnings.catch_warnings():  # shares all ≤ 1 are fine here (no fractions meant)
        warnings.simplefilter("ignore", ThdxWarning)
        data = MeasurementSet.from_columns(
            unit=[k[0] for k in keys],
            indicator=[k[1] for k in keys],
            period=[k[2] for k in keys],
            value=values,
        )
    return data, pool


# Days from 2019 to 2027: before, among and after the data's periods.
days = st.dates(dt.date(2019, 6, 1), dt.date(2027, 6, 30)).map(dt.date.toordinal)
asked = st.lists(st.sampled_from((*CODES, "7")), max_size=6)


def near(pool: list[Period]) -> st.SearchStrategy[int]:
    """A day, often the first or last day of a period of the data, or next to one."""
    ends = st.sampled_from([p.end_ordinal for p in pool])
    starts = st.sampled_from([p.start_ordinal for p in pool])
    return st.one_of(days, ends, ends.map(lambda d: d - 1), starts, starts.map(lambda d: d - 1))


@st.composite
def queries(draw: st.DrawFn) -> tuple[MeasurementSet, list[str], IntArray, int, Period | None]:
    """A data set and a batch asked about it: every code, one without data, and some
    again; a lower bound per code asked; as_of; a preferred period."""
    data, pool = draw(data_sets())
    codes = [*draw(st.permutations((*CODES, "7"))), *draw(asked)]
    bound = st.one_of(st.just(NO_BOUND), near(pool))
    valid_from = np.array([draw(bound) for _ in codes], dtype=np.int64)
    as_of = draw(near(pool))
    prefer = draw(st.one_of(st.none(), st.sampled_from(pool), periods()))
    if prefer is None and draw(st.booleans()):
        prefer = draw(st.sampled_from(pool))
    return data, codes, valid_from, as_of, prefer


def both_paths(
    data: MeasurementSet,
    indicator: str,
    codes: Sequence[str],
    valid_from: IntArray,
    as_of: int,
    prefer: Period | None,
) -> tuple[list[int], list[int]]:
    """The rows chosen by the binary-search path and by the scan path."""
    rows = data.columns().rows_of(indicator)
    lo, hi = rows.start, rows.stop
    if hi == lo:
        none = [-1] * len(codes)
        return none, none
    select, ask = data._select, Ask(indicator, codes, valid_from, as_of, prefer)
    req = select.requested(codes)
    search = select.search(ask, lo, hi, req)
    scan = select.scan(ask, lo, hi, req)
    return search.tolist(), scan.tolist()


def by_definition(
    data: MeasurementSet,
    indicator: str,
    codes: Sequence[str],
    valid_from: Sequence[int],
    as_of: int,
    prefer: Period | None,
) -> list[tuple[float, str] | None]:
    """Per code, the (value, period) to judge on, straight from the rules: rows ending
    on or before as_of and not before the unit existed; the preferred period if there is
    one, else the latest end, then the longest period."""
    out: list[tuple[float, str] | None] = []
    for code, lower in zip(codes, valid_from, strict=True):
        usable = [
            m
            for m in data.measurements(unit=code, indicator=indicator)
            if lower <= m.period.end_ordinal <= as_of
        ]
        chosen = [m for m in usable if m.period == prefer] or sorted(
            usable, key=lambda m: (m.period.end, -m.period.start_ordinal)
        )[-1:]
        out.append((chosen[0].magnitude, str(chosen[0].period)) if chosen else None)
    return out


def shown(data: MeasurementSet, rows: Sequence[int]) -> list[tuple[float, str] | None]:
    """The (value, period) of each chosen row, None for -1."""
    return [
        (float(data.values_at(np.array([r]))[0]), str(data.period_of(r))) if r >= 0 else None
        for r in rows
    ]


# -- latest: search against scan ------------------------------------------------------------


@given(queries(), st.sampled_from(INDICATORS))
def test_search_and_scan_choose_the_same_rows(
    query: tuple[MeasurementSet, list[str], IntArray, int, Period | None], indicator: str
) -> None:
    """On random data and batches the binary-search path returns exactly the scan's rows,
    including codes asked twice with different bounds and codes without data."""
    data, codes, valid_from, as_of, prefer = query
    search, scan = both_paths(data, indicator, codes, valid_from, as_of, prefer)
    assert scan == search


@given(queries(), st.sampled_from(INDICATORS))
def test_both_paths_follow_the_definition(
    query: tuple[MeasurementSet, list[str], IntArray, int, Period | None], indicator: str
) -> None:
    """Each path picks the row the rules define (one bound per unit, as the engine asks)."""
    data, codes, _, as_of, prefer = query
    bound = {code: i * 300 + ordinal("2020-06-01") for i, code in enumerate(CODES)}
    lower = [bound.get(c, NO_BOUND) for c in codes]
    valid_from = np.array(lower, dtype=np.int64)
    search, scan = both_paths(data, indicator, codes, valid_from, as_of, prefer)
    expected = by_definition(data, indicator, codes, lower, as_of, prefer)
    assert (expected, expected) == (shown(data, search), shown(data, scan))


def big_set() -> MeasurementSet:
    """3,000 units × 2 years of one indicator: 6,000 rows, enough to search."""
    units = [str(10_000 + i) for i in range(3000)]
    return MeasurementSet.from_columns(
        unit=units * 2,
        indicator=["satisfaction_share"] * 6000,
        period=["2024"] * 3000 + ["2025"] * 3000,
        value=[float(i % 100) for i in range(6000)],
    )


@pytest.mark.parametrize(
    ("as_of", "prefer", "bound"),
    [
        ("2025-12-31", None, NO_BOUND),
        ("2025-06-30", None, NO_BOUND),
        ("2025-12-31", "2024", NO_BOUND),
        ("2025-12-31", "2024", ordinal("2025-01-01")),
        ("2023-12-31", None, NO_BOUND),
    ],
)
def test_latest_searches_a_small_batch_with_the_scans_answer(
    as_of: str, prefer: str | None, bound: int
) -> None:
    """A batch of 3 among 6,000 rows is searched (not scanned), with the scan's answer."""
    data = big_set()
    codes = ["10001", "12999", "7"]
    valid_from = np.full(3, bound, dtype=np.int64)
    day, wanted = ordinal(as_of), Period.parse(prefer) if prefer else None
    rows = data.latest("satisfaction_share", codes, valid_from, day, wanted)
    search, scan = both_paths(data, "satisfaction_share", codes, valid_from, day, wanted)
    assert ("satisfaction_share" in data._select.keys, scan, scan) == (True, search, rows.tolist())


def test_latest_scans_a_large_batch() -> None:
    """Every unit of the indicator asked at once: the scan answers, nothing is searched."""
    data = big_set()
    codes = [str(10_000 + i) for i in range(3000)]
    rows = data.latest(
        "satisfaction_share",
        codes,
        np.full(3000, NO_BOUND, dtype=np.int64),
        ordinal("2025-12-31"),
        None,
    )
    assert (False, [1, 1999]) == (
        "satisfaction_share" in data._select.keys,
        [int(rows[0]), int(rows[999])],
    )


def test_latest_with_no_codes() -> None:
    """An empty batch gets an empty answer from either path."""
    data = big_set()
    empty = np.zeros(0, dtype=np.int64)
    assert ([], ([], [])) == (
        data.latest("satisfaction_share", [], empty, ordinal("2025-12-31"), None).tolist(),
        both_paths(data, "satisfaction_share", [], empty, ordinal("2025-12-31"), None),
    )


# -- from_columns: ranks with a cohort column -------------------------------------------------


def ranks(**changes: Any) -> MeasurementSet:
    """from_columns of a rank of the province and a share, with some columns changed."""
    cols: dict[str, Any] = {
        "unit": ["38", "38"],
        "indicator": ["dx_index_rank", "satisfaction_share"],
        "period": ["2024", "2024"],
        "value": [5, 92.5],
        "cohort": [34, None],
    }
    cols.update(changes)
    return MeasurementSet.from_columns(**cols)


def test_from_columns_loads_ranks_with_their_cohort() -> None:
    """A rank row keeps its cohort, as Measurement('5/34') does; other rows have none."""
    s = ranks(cohort=np.array([34.0, np.nan]))
    rank, share = s.get("38", "dx_index_rank", "2024"), s.get("38", "satisfaction_share", "2024")
    expected = Measurement(unit="38", indicator="dx_index_rank", value="5/34", period="2024")
    assert (expected, "5/34", 34, None) == (
        rank,
        rank.shown() if rank else None,
        rank.to_dict()["cohort"] if rank else None,
        share.cohort if share else "missing",
    )


def test_from_columns_rank_without_a_cohort() -> None:
    """NaN or None for a rank row: a rank without its cohort, as Measurement(5)."""
    s = ranks(cohort=[math.nan, math.nan])
    m = s.get("38", "dx_index_rank", "2024")
    assert (5.0, None, "rank 5") == ((m.magnitude, m.cohort, m.shown()) if m else None)


def test_from_columns_ranks_agree_with_measurements() -> None:
    """The same ranks loaded from columns and from Measurement objects: the same set."""
    texts = ["1/34", "34/34", "7/63"]
    periods = ["2024", "2024", "2023"]
    objects = MeasurementSet(
        [
            Measurement(unit=u, indicator="dx_index_rank", value=t, period=p)
            for u, t, p in zip(["38", "39", "40"], texts, periods, strict=True)
        ]
    )
    columns = MeasurementSet.from_columns(
        unit=["38", "39", "40"],
        indicator=["dx_index_rank"] * 3,
        period=periods,
        value=[1.0, 34.0, 7.0],
        cohort=[34, 34, 63],
    )
    assert objects.to_records() == columns.to_records()


def test_from_columns_same_rank_in_another_cohort_is_a_duplicate() -> None:
    """Rank 5 of 34 and rank 5 of 63 for the same unit and period (one spanning both
    eras of the ranking, so that both cohorts fit) are two values."""
    with pytest.raises(DuplicateMeasurementError) as info:
        ranks(
            indicator=["dx_index_rank", "dx_index_rank"],
            period=["2023/2024", "2023/2024"],
            value=[5, 5],
            cohort=[34, 63],
        )
    assert (
        "two different values for unit '38', indicator 'dx_index_rank', period '2023/2024': "
        "'5/34' and '5/63'" == str(info.value)
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"value": [40, 92.5]},
            "row 0: '40/34' is not a rank within its cohort (1 ≤ rank ≤ cohort)",
        ),
        (
            {"value": [0, 92.5]},
            "row 0: 0.0 is not a rank (a whole number ≥ 1) for indicator 'dx_index_rank'",
        ),
        (
            {"value": [2.5, 92.5]},
            "row 0: 2.5 is not a rank (a whole number ≥ 1) for indicator 'dx_index_rank'",
        ),
        ({"cohort": [0, None]}, "row 0: cohort 0.0 is not a whole number ≥ 1"),
        ({"cohort": [34.5, None]}, "row 0: cohort 34.5 is not a whole number ≥ 1"),
        ({"cohort": [math.inf, None]}, "row 0: cohort inf is not a whole number ≥ 1"),
        (
            {"cohort": [34, 63]},
            "row 1: a cohort (63.0) is given for 'satisfaction_share', which is not a rank",
        ),
        (
            {"cohort": [34]},
            "from_columns: unit, indicator, period, value (and source, cohort) differ in length",
        ),
        (
            {"cohort": [34, "x"]},
            "from_columns: cohort must be a column of numbers or None "
            "(could not convert string to float: 'x')",
        ),
        (
            {"value": [5, 101.0]},
            "row 1: 101.0 is outside 0–100 % for share indicator 'satisfaction_share'",
        ),
    ],
)
def test_from_columns_checks_ranks_and_cohorts(changes: dict[str, Any], expected: str) -> None:
    """Every rank is a whole number within its cohort; a cohort only for ranks."""
    with pytest.raises(MeasurementError) as info:
        ranks(**changes)
    assert expected == str(info.value)


def test_from_columns_without_a_cohort_column_still_refuses_ranks() -> None:
    """Without cohort=, rank indicators are refused as before."""
    with pytest.raises(MeasurementError) as info:
        MeasurementSet.from_columns(
            unit=["38"], indicator=["dx_index_rank"], period=["2024"], value=[5]
        )
    assert "from_columns: rank indicators need a cohort; pass Measurement objects" == str(
        info.value
    )


# -- from_columns: each distinct value checked once, errors name the first bad row ----------


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (["2025", "2024", 2025.0], "row 2: expected a period"),
        ([2025, "2024", True], "row 2: expected a period"),
        (["2025", "2024", np.int64(2025)], "row 2: expected a period"),
        (["2025", "x", "x"], "row 1: 'x' is not a period"),
        (["2025", [2025], "x"], "row 1: expected a period"),
    ],
)
def test_from_columns_periods_of_equal_keys_and_types(period: list[Any], expected: str) -> None:
    """Values equal as keys but not as periods (2025 and 2025.0) are parsed apart; an
    unhashable value is reported at its row."""
    with pytest.raises(Exception, match="row") as info:
        MeasurementSet.from_columns(
            unit=["38", "38", "39"],
            indicator=["satisfaction_share"] * 3,
            period=period,
            value=[1.0, 2.0, 3.0],
        )
    assert str(info.value).startswith(expected)


def test_from_columns_one_period_written_two_ways() -> None:
    """'2025', ' 2025' and Period('2025') are one period: a repeat, not three."""
    s = MeasurementSet.from_columns(
        unit=["38", "38", "38"],
        indicator=["satisfaction_share"] * 3,
        period=["2025", " 2025", Period.year(2025)],
        value=[50.0, 50.0, 50.0],
    )
    assert (1, "2025") == (len(s), str(s.period_of(0)))


def test_from_columns_unhashable_unit_is_named() -> None:
    """A unit that is not even hashable is refused at its row."""
    with pytest.raises(MeasurementError) as info:
        MeasurementSet.from_columns(
            unit=["38", ["39"]],  # type: ignore[list-item]
            indicator=["satisfaction_share"] * 2,
            period=["2025"] * 2,
            value=[1.0, 2.0],
        )
    expected = (
        "row 1: unit: ['39'] is not an official unit code (1 to 10 ASCII digits, such as '38')"
    )
    assert expected == str(info.value)


def test_a_code_read_as_a_number_gets_a_hint() -> None:
    """A unit code that pandas read as a number is refused with a hint to read text."""
    with pytest.raises(MeasurementError) as info:
        Measurement(38, "satisfaction_share", 90, "2025")  # type: ignore[arg-type]
    expected = (
        "measurement 38/'satisfaction_share'/2025: unit: 38 is not an official unit code "
        "(1 to 10 ASCII digits, such as '38') (a number, not a string: read the column as "
        "text, e.g. dtype=str)"
    )
    assert expected == str(info.value)


# -- reading columns: factorise's fast paths give a dictionary's answer ------------------------


def by_dictionary(rows: Sequence[object]) -> tuple[list[object], list[int]]:
    """The distinct values in order of first appearance and each row's position: the
    plain definition."""
    distinct = list(dict.fromkeys(rows))
    position = {x: i for i, x in enumerate(distinct)}
    return distinct, [position[x] for x in rows]


def column(kind: str) -> list[str]:
    """A column of 20,000 texts shaped as files shape them."""
    rng = np.random.default_rng(5)
    n = 20_000
    if kind == "one text":
        return ["2025"] * n
    if kind == "few, mixed":
        return [f"ind_{i}" for i in rng.integers(0, 20, n).tolist()]
    if kind == "few, in runs":
        return [f"ind_{i // 1000}" for i in range(n)]
    if kind == "few, one late":  # a value the sampled rows miss, in the last row only
        return ["a"] * (n - 1) + ["z"]
    if kind == "few, one early":  # only in the first row
        return ["z"] + [f"ind_{i}" for i in rng.integers(0, 3, n - 1).tolist()]
    if kind == "few, fresh objects":  # equal texts, not the same objects
        return ["".join(["ind_", str(i % 7)]) for i in rng.integers(0, 50, n).tolist()]
    if kind == "few, by value":  # a file sorted by this column
        return [f"{2016 + i * 10 // n}" for i in range(n)]
    if kind == "many, in runs":  # a file by unit, then indicator
        return [str(10_000 + i // 19) for i in range(n)]
    if kind == "many, mixed":
        return [str(i) for i in rng.integers(0, 5_000, n).tolist()]
    if kind == "all distinct":
        return [str(i) for i in rng.permutation(n).tolist()]
    if kind == "256 values, sampled few":  # 255 common values and a rare one
        return [str(i % 255) for i in range(n - 1)] + ["rare"]
    assert kind == "fresh objects in runs"  # equal texts, not the same objects
    return ["".join(["3", "8", str(i // 50)]) for i in range(n)]


KINDS = [
    "one text",
    "few, mixed",
    "few, in runs",
    "few, one late",
    "few, one early",
    "few, fresh objects",
    "few, by value",
    "many, in runs",
    "many, mixed",
    "all distinct",
    "256 values, sampled few",
    "fresh objects in runs",
]


@pytest.mark.parametrize("kind", KINDS)
def test_factorise_gives_the_plain_answer(kind: str) -> None:
    """Every path of factorise (one text, few values, runs, many) numbers the values
    as a dictionary does, in order of first appearance."""
    from thdx.store._checks import factorise

    rows = column(kind)
    distinct, codes = factorise(rows)
    assert by_dictionary(rows) == (distinct, codes.tolist())


@pytest.mark.parametrize("kind", KINDS)
def test_factorise_keeps_the_first_object_of_a_value(kind: str) -> None:
    """The distinct value kept is the first row's object (as a dictionary keeps it)."""
    from thdx.store._checks import factorise

    rows = column(kind)
    distinct, _ = factorise(rows)
    firsts = {x: i for i, x in reversed(list(enumerate(rows)))}
    assert all(d is rows[firsts[d]] for d in distinct)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("at", [0, 7_777, 19_999])
def test_factorise_refuses_an_unhashable_row_in_any_path(kind: str, at: int) -> None:
    """An array among texts (it compares equal to its text) is never taken for it."""
    from thdx.store._checks import factorise

    rows: list[object] = list(column(kind))
    rows[at] = np.array([rows[at]])
    with pytest.raises(TypeError):
        factorise(rows)


@pytest.mark.parametrize("kind", ["one text", "few, in runs", "many, in runs"])
def test_from_columns_names_an_array_among_unit_codes(kind: str) -> None:
    """A unit given as a one-element array is refused at its row, whatever the column."""
    units: list[Any] = [str(10 + len(c)) for c in column(kind)]
    units = [u if kind != "many, in runs" else c for u, c in zip(units, column(kind), strict=True)]
    units[12_345] = np.array([units[12_345]])
    n = len(units)
    with pytest.raises(MeasurementError) as info:
        MeasurementSet.from_columns(
            unit=units,
            indicator=["satisfaction_share"] * n,
            period=[f"{2000 + i % 20}" for i in range(n)],
            value=np.full(n, 50.0),
        )
    assert str(info.value).startswith("row 12345: unit: array([")


def test_from_columns_names_an_array_among_periods() -> None:
    """A period given as a one-element array in a column of one text is refused at its row."""
    n = 10_000
    period: list[Any] = ["2025"] * n
    period[4321] = np.array(["2025"])
    with pytest.raises(PeriodError) as info:
        MeasurementSet.from_columns(
            unit=[str(i) for i in range(n)],
            indicator=["satisfaction_share"] * n,
            period=period,
            value=np.full(n, 50.0),
        )
    assert str(info.value).startswith("row 4321: expected a period")


def test_from_columns_reads_numpy_text_columns() -> None:
    """Columns given as numpy arrays of text give the set that lists give, with plain
    strings as codes."""
    units, inds = ["38", "380", "38"], ["satisfaction_share", "satisfaction_share", "grdp"]
    periods, values = ["2025", "2025", "2024"], [90.0, 80.0, 1e14]
    plain = MeasurementSet.from_columns(unit=units, indicator=inds, period=periods, value=values)
    text: Any = np.array  # a numpy column of text is a column, if not a Sequence
    arrays = MeasurementSet.from_columns(
        unit=text(units), indicator=text(inds), period=text(periods), value=values
    )
    assert (plain.to_records(), {str}) == (
        arrays.to_records(),
        set(map(type, arrays.columns().unit_codes)),
    )


def long_format(order: str) -> dict[str, Any]:
    """300 units × 7 indicators × 3 years, some missing, in a given row order."""
    rng = np.random.default_rng(11)
    inds = ["satisfaction_share", "eid_users_share", "grdp", "digital_economy_value"]
    inds += ["labour_productivity_growth", "level4_services_share", "dx_index_rank"]
    rows = [
        (str(1000 + u), ind, str(2022 + y))
        for u in range(300)
        for ind in inds
        for y in range(3)
        if rng.random() > 0.05
    ]
    if order == "indicator first":
        rows.sort(key=lambda r: (inds.index(r[1]), r[0], r[2]))
    elif order == "random":
        rows = [rows[i] for i in rng.permutation(len(rows)).tolist()]
    elif order == "years first":
        rows.sort(key=lambda r: (r[2], r[0], r[1]))
    value = [5.0 if r[1] == "dx_index_rank" else float(int(r[0]) % 90 + 1) for r in rows]
    return {
        "unit": [r[0] for r in rows],
        "indicator": [r[1] for r in rows],
        "period": [r[2] for r in rows],
        "value": value,
        "cohort": [34.0 if r[1] == "dx_index_rank" and r[2] == "2024" else None for r in rows],
    }


def groups(data: MeasurementSet) -> dict[tuple[str, str], list[str]]:
    """Per indicator and unit, its periods in row order (each indicator's rows one slice)."""
    cols = data.columns()
    out: dict[tuple[str, str], list[str]] = {}
    for ind in cols.indicators:
        rows = cols.rows_of(ind)
        for u, p in zip(cols.unit[rows].tolist(), cols.period[rows].tolist(), strict=True):
            out.setdefault((ind, cols.unit_codes[u]), []).append(str(cols.periods[p]))
    return out


@pytest.mark.parametrize("order", ["indicator first", "random", "years first"])
def test_from_columns_gives_one_set_for_any_row_order(order: str) -> None:
    """Rows by unit, by indicator, by year or shuffled: one set, each indicator's rows
    one slice, a unit's rows of it next to each other, by period."""
    first = MeasurementSet.from_columns(**long_format("unit first"))
    other = MeasurementSet.from_columns(**long_format(order))
    by_group = groups(first)
    assert (sorted(map(repr, first)), by_group) == (sorted(map(repr, other)), groups(other))
    assert all(periods == sorted(periods) for periods in by_group.values())


# -- the read-only columnar view --------------------------------------------------------------


SAT = "satisfaction_share"


def small_set() -> MeasurementSet:
    """Two units, two indicators, a derived value and a recognition."""
    return MeasurementSet.from_columns(
        unit=["380", "38", "38", "38", "380"],
        indicator=[SAT, SAT, "grdp", "digital_economy_value", SAT],
        period=["2025", "2024", "2024", "2024", "2024"],
        value=[92.5, 90.0, 100e12, 20e12, 80.0],
        recognitions=[Recognition(unit="380", on="2024-06-01", decision="QĐ 1")],
    )


def test_columns_hold_every_row_by_indicator_unit_period() -> None:
    """The columns: per row, positions of unit, indicator, period; its days, value and
    cohort, sorted by indicator, then unit, then period; a derived value is a row."""
    cols = small_set().columns()
    rows = [
        (
            cols.indicators[int(cols.indicator[i])],
            cols.unit_codes[int(cols.unit[i])],
            str(cols.periods[int(cols.period[i])]),
            float(cols.value[i]),
            dt.date.fromordinal(int(cols.start[i])).isoformat(),
            dt.date.fromordinal(int(cols.end[i])).isoformat(),
        )
        for i in range(len(cols))
    ]
    assert [
        ("satisfaction_share", "380", "2024", 80.0, "2024-01-01", "2024-12-31"),
        ("satisfaction_share", "380", "2025", 92.5, "2025-01-01", "2025-12-31"),
        ("satisfaction_share", "38", "2024", 90.0, "2024-01-01", "2024-12-31"),
        ("grdp", "38", "2024", 100e12, "2024-01-01", "2024-12-31"),
        ("digital_economy_value", "38", "2024", 20e12, "2024-01-01", "2024-12-31"),
        ("digital_economy_share", "38", "2024", 20.0, "2024-01-01", "2024-12-31"),
    ] == rows


def test_columns_give_an_indicators_rows_and_a_units_position() -> None:
    """rows_of is a slice (empty for an indicator without rows); unit_index and
    position give a unit code's place in unit_codes."""
    cols = small_set().columns()
    assert (
        slice(0, 3),
        slice(5, 6),
        slice(0, 0),
        {"380": 0, "38": 1},
        (0, 1, -1),
        (6, ("380", "38")),
    ) == (
        cols.rows_of("satisfaction_share"),
        cols.rows_of("digital_economy_share"),
        cols.rows_of("dx_index_rank"),
        dict(cols.unit_index),
        (cols.position("380"), cols.position("38"), cols.position("7")),
        (len(cols), cols.unit_codes),
    )


@pytest.mark.parametrize("name", ["unit", "indicator", "period", "start", "end", "value", "cohort"])
def test_columns_cannot_be_written(name: str) -> None:
    """Every array of the view is read-only, and so are the set's own."""
    data = small_set()
    array = getattr(data.columns(), name)
    with pytest.raises(ValueError, match="read-only"):
        array[0] = 1
    with pytest.raises(ValueError, match="read-only"):
        data._value[0] = 1


def test_columns_and_recognitions_cannot_be_changed() -> None:
    """The view, its unit index and the recognitions by unit are read-only."""
    data = small_set()
    cols = data.columns()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        cols.value = cols.value  # type: ignore[misc]
    with pytest.raises(TypeError):
        cols.unit_index["7"] = 7  # type: ignore[index]
    with pytest.raises(TypeError):
        data.recognitions_by_unit["7"] = ()  # type: ignore[index]
    assert (("380",), "2024-06-01") == (
        tuple(data.recognitions_by_unit),
        data.recognitions_by_unit["380"][0].on.isoformat(),
    )


def test_columns_are_the_sets_own_arrays() -> None:
    """The private names the engine reads are the view's arrays, not copies."""
    data = small_set()
    cols = data.columns()
    assert all(
        [
            data._u is cols.unit,
            data._start is cols.start,
            data._end is cols.end,
            data._value is cols.value,
            data._unit_codes is cols.unit_codes,
            dict(data._unit_index) == dict(cols.unit_index),
            data._slices["grdp"] == (cols.rows_of("grdp").start, cols.rows_of("grdp").stop),
            dict(data._recognitions) == dict(data.recognitions_by_unit),
        ]
    )


def test_columns_of_an_empty_set() -> None:
    """An empty set has empty columns."""
    cols = MeasurementSet().columns()
    assert (0, (), (), "<Columns: 0 rows, 0 units, 0 indicators, 0 periods>") == (
        len(cols),
        cols.unit_codes,
        cols.periods,
        repr(cols),
    )


def test_a_set_survives_pickling_read_only() -> None:
    """A pickled set unpickles to the same measurements, its columns read-only still."""
    import pickle

    data = small_set()
    again = pickle.loads(pickle.dumps(data))
    cols = again.columns()
    assert (data.to_records(), data.recognitions, False, True) == (
        again.to_records(),
        again.recognitions,
        cols.value.flags.writeable,
        again._value is cols.value,
    )


def test_the_callers_columns_stay_writeable() -> None:
    """Rows given in the set's own order are copied: the caller's arrays stay writeable."""
    value, cohort = np.array([90.0, 80.0]), np.array([np.nan, np.nan])
    data = MeasurementSet.from_columns(
        unit=["38", "380"], indicator=[SAT, SAT], period=["2025"] * 2, value=value, cohort=cohort
    )
    value[0] = 1.0
    assert (True, True, [90.0, 80.0]) == (
        value.flags.writeable,
        cohort.flags.writeable,
        data.columns().value.tolist(),
    )


# -- unit codes read as numbers (a long column in no order) -----------------------------------


def unit_codes_column(kind: str) -> list[str]:
    """A column of 70,000 unit codes (past the length read as numbers) in no order."""
    rng = np.random.default_rng(11)
    n = 70_000
    if kind == "fixed width":
        return [str(1_000_000 + i) for i in rng.integers(0, 20_000, n).tolist()]
    if kind == "leading zeros":  # "038" and "38" are two codes
        pool = ["0", "00", "1", "01", "001", "38", "038", "0038", "9999", "09999"]
        return [pool[i] for i in rng.integers(0, len(pool), n).tolist()]
    if kind == "country":  # provinces, districts, communes
        pool = [f"{i:02d}" for i in range(1, 97)] + [f"{i:03d}" for i in range(1, 974)]
        pool += [f"{i:05d}" for i in range(1, 32_250, 3)]
        return [pool[i] for i in rng.integers(0, len(pool), n).tolist()]
    if kind == "ten digits":
        return [str(9_999_990_000 + i) for i in rng.integers(0, 10_000, n).tolist()]
    if kind == "spread":  # too far apart for a table: a dictionary numbers them
        return [str(i) for i in rng.integers(0, 10**9, n).tolist()]
    assert kind == "fresh objects"
    return ["".join(["4", str(i)]) for i in rng.integers(0, 3_000, n).tolist()]


UNIT_KINDS = ["fixed width", "leading zeros", "country", "ten digits", "spread", "fresh objects"]


@pytest.mark.parametrize("kind", UNIT_KINDS)
def test_unit_column_gives_the_plain_answer(kind: str) -> None:
    """Unit codes read as numbers are numbered as a dictionary numbers them, each
    distinct code the first row's object."""
    from thdx.store._codes import _digit_codes, unit_column

    rows = unit_codes_column(kind)
    assert (_digit_codes(rows) is None) == (kind == "spread")  # the path taken
    distinct, codes, _ = unit_column(rows)
    assert by_dictionary(rows) == (distinct, codes.tolist())
    firsts = {x: i for i, x in reversed(list(enumerate(rows)))}
    assert all(d is rows[firsts[d]] for d in distinct)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        ("3x", "'3x'"),
        ("", "''"),
        ("12345678901", "'12345678901'"),
        ("3,8", "'3,8'"),
        ("٣٨", "'٣٨'"),  # digits, not ASCII ones
        (" 38", "' 38'"),
    ],
)
@pytest.mark.parametrize("at", [0, 33_333, 69_999])
def test_from_columns_names_a_bad_code_in_a_long_unit_column(bad: str, shown: str, at: int) -> None:
    """A code that is not one, anywhere in a long column in no order, is refused at its row."""
    units = unit_codes_column("fixed width")
    units[at] = bad
    n = len(units)
    with pytest.raises(MeasurementError) as info:
        MeasurementSet.from_columns(
            unit=units,
            indicator=["satisfaction_share"] * n,
            period=["2025"] * n,
            value=np.full(n, 50.0),
        )
    assert str(info.value).startswith(f"row {at}: unit: {shown} is not an official unit code")


def test_unit_column_refuses_an_unhashable_row() -> None:
    from thdx.store._codes import unit_column

    rows: list[object] = list(unit_codes_column("country"))
    rows[5] = np.array([rows[5]])
    with pytest.raises(TypeError):
        unit_column(rows)  # type: ignore[arg-type]


def test_a_long_unit_column_of_numpy_texts_stores_plain_codes() -> None:
    units = np.array(unit_codes_column("leading zeros"))
    n = len(units)
    data = MeasurementSet.from_columns(
        unit=units,  # type: ignore[arg-type]
        indicator=["satisfaction_share"] * n,
        period=["2025"] * n,
        value=np.full(n, 50.0),
    )
    assert {type(c) for c in data.columns().unit_codes} == {str}
    assert set(data.columns().unit_codes) == set(units.tolist())


@pytest.mark.parametrize("span", [1, 2, 200, 256, 257, 2**16, 2**16 + 1, 2**21, 2**40])
def test_rows_are_sorted_stably_by_radix(span: int) -> None:
    from thdx.store._sort import _radix_argsort

    rng = np.random.default_rng(span)
    for n in (0, 1, 7, 50_000):
        key = rng.integers(0, span, n)
        assert _radix_argsort(key, span).tolist() == np.argsort(key, kind="stable").tolist()


@pytest.mark.parametrize("kind", ["fixed width", "leading zeros", "country", "spread"])
@pytest.mark.parametrize("asked", [3, 5_000])
def test_positions_of_gives_each_code_its_position(kind: str, asked: int) -> None:
    """Columns.positions_of answers as position() does, code by code: for codes of
    the data, codes without data, texts that are no code and repeats, in any number."""
    units = unit_codes_column(kind)[:20_000]
    n = len(units)
    cols = MeasurementSet.from_columns(
        unit=units,
        indicator=["satisfaction_share"] * n,
        period=["2025"] * n,
        value=np.full(n, 50.0),
    ).columns()
    rng = np.random.default_rng(asked)
    pool = [*cols.unit_codes, "7", "0000", "99999999", "123456789", "3x", "", "038"]
    codes = [pool[i] for i in rng.integers(0, len(pool), asked).tolist()]
    assert cols.positions_of(codes).tolist() == [cols.position(c) for c in codes]
    assert cols.positions_of(list(cols.unit_codes)).tolist() == list(range(len(cols.unit_codes)))


def test_positions_of_on_a_set_without_rows() -> None:
    cols = MeasurementSet().columns()
    assert cols.positions_of([str(i) for i in range(2_000)]).tolist() == [-1] * 2_000
    assert cols.positions_of([]).tolist() == []


@pytest.mark.parametrize("swap", [None, 7, 150_001, 299_998])
def test_a_long_file_almost_in_order_is_sorted(swap: int | None) -> None:
    """Rows in order but for two neighbours (which a look at some rows may miss) are
    sorted as rows in no order are."""
    n_units, years = 30_000, 10
    unit = [str(100_000 + i) for i in range(n_units) for _ in range(years)]
    period = [str(2016 + y) for _ in range(n_units) for y in range(years)]
    value = np.arange(len(unit), dtype=float) % 100
    if swap is not None:
        for col in (unit, period):
            col[swap], col[swap + 1] = col[swap + 1], col[swap]
    n = len(unit)
    cols = MeasurementSet.from_columns(
        unit=unit, indicator=["satisfaction_share"] * n, period=period, value=value
    ).columns()
    key = [
        (u, str(cols.periods[p]))
        for u, p in zip(cols.unit.tolist(), cols.period.tolist(), strict=True)
    ]
    assert key == sorted(key)
    assert sorted(cols.value.tolist()) == sorted(value.tolist())
    assert sum(cols.value.tolist()) == sum(value.tolist())


def test_a_column_of_one_value_answers_as_a_list() -> None:
    from thdx.store._columns import OneValue

    col, plain = OneValue(3, ""), ["", "", ""]
    for c in (col, plain):
        c[1] = "x"
        c.append("y")
    assert len(col) == len(plain) == 4
    assert [col[i] for i in range(4)] == plain
    for bad in (-1, 4):
        with pytest.raises(IndexError):
            col[bad]
        with pytest.raises(IndexError):
            col[bad] = "z"
