"""Tests of the measurement value objects (thdx.model._measurement*: validation of
Measurement, Recognition, ReportedCount) and of the MeasurementSet that indexes them
(thdx.store: queries, from_columns, derived indicators)."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from typing import Any

import attrs
import numpy as np
import pytest

import thdx
from thdx import (
    Catalogue,
    Indicator,
    Level,
    Measurement,
    MeasurementSet,
    Period,
    Recognition,
    ReportedCount,
    default_catalogue,
)
from thdx.model import (
    DuplicateMeasurementError,
    MeasurementError,
    PeriodError,
    ThdxWarning,
    UnknownIndicatorError,
)

SAT = "measurement '38'/'satisfaction_share'/2025"
RANK = "measurement '38'/'dx_index_rank'/2024"

NUMBER_HINT = " (a number, not a string: read the column as text, e.g. dtype=str)"
#: The wording of thdx.model._coerce.code_problem after the value shown.
NOT_A_CODE = " is not an official unit code (1 to 10 ASCII digits, such as '38')"


def sat(value: object, **kw: Any) -> Measurement:
    """A satisfaction_share measurement of the province for 2025."""
    return Measurement(unit="38", indicator="satisfaction_share", value=value, period="2025", **kw)


def rank(value: object) -> Measurement:
    """A dx_index_rank measurement of the province for 2024."""
    return Measurement(unit="38", indicator="dx_index_rank", value=value, period="2024")


def refused(make: Any, error: type[Exception] = MeasurementError) -> str:
    """The message of the error that ``make()`` raises."""
    with pytest.raises(error) as info:
        make()
    return str(info.value)


def with_counts() -> Catalogue:
    """The default catalogue plus a count indicator (the shipped ones have none)."""
    return default_catalogue().merged(
        [
            Indicator(
                id="dx_enterprises",
                name_vi="Số doanh nghiệp chuyển đổi số",
                name_en="Digitally transformed enterprises",
                pillar="economy",
                unit="enterprise",
                kind="count",
            )
        ]
    )


# -- Measurement: accepted values ------------------------------------------------------


def test_percent_text_is_read_in_percent() -> None:
    """'92.5 %' is 92.5 in the canonical unit percent."""
    m = sat("92.5 %", source="SIPAS 2025")
    assert (92.5, "percent", "SIPAS 2025", None) == (
        m.magnitude,
        m.unit_of_measure,
        m.source,
        m.cohort,
    )


def test_plain_number_for_a_percent_is_percent() -> None:
    """A plain number is read in the canonical unit: 92.5 means 92.5 %, not 9250 %."""
    assert (92.5, 92.5) == (sat(92.5).magnitude, sat("92.5").magnitude)


def test_pint_dimensionless_becomes_percent() -> None:
    """A pint dimensionless 0.925 is converted to 92.5 %."""
    assert 92.5 == sat(thdx.Q_(0.925, "dimensionless")).magnitude


def test_pint_percent_quantity_is_kept() -> None:
    """A pint Quantity in percent is taken as is."""
    assert 92.5 == sat(thdx.Q_(92.5, "percent")).magnitude


def test_bounds_of_a_share_are_accepted() -> None:
    """0 % and 100 % are valid shares."""
    assert (0.0, 100.0) == (sat("0 %").magnitude, sat("100 %").magnitude)


def test_money_is_converted_to_the_canonical_unit() -> None:
    """'1.5 trillion VND' for grdp (canonical VND) is 1.5e12."""
    m = Measurement(unit="38", indicator="grdp", value="1.5 trillion VND", period="2025")
    assert (1.5e12, "VND", "1500000000000 VND") == (m.magnitude, m.unit_of_measure, m.shown())


def test_vietnamese_unit_words_are_understood() -> None:
    """'120 triệu đồng/lao động' is 120 million VND per worker."""
    m = Measurement(
        unit="38", indicator="labour_productivity", value="120 triệu đồng/lao động", period="2025"
    )
    assert (120.0, "120 million VND/worker") == (m.magnitude, m.shown())


def test_growth_rate_may_be_negative() -> None:
    """A growth rate is not a share: -5 % is valid."""
    m = Measurement(unit="38", indicator="labour_productivity_growth", value="-5 %", period="2024")
    assert -5.0 == m.magnitude


def test_count_is_read_in_its_unit() -> None:
    """A count indicator reads '1200 doanh nghiệp' as 1200 enterprises."""
    m = Measurement(
        unit="38",
        indicator="dx_enterprises",
        value="1200 doanh nghiệp",
        period="2025",
        catalogue=with_counts(),
    )
    assert 1200.0 == m.magnitude


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025", "2025"),
        (2025, "2025"),
        ("2025-Q3", "2025-Q3"),
        ("2021/2025", "2021/2025"),
        (dt.date(2025, 1, 1), "2025-01-01"),
        (Period.parse("2025-H1"), "2025-H1"),
    ],
)
def test_period_forms(period: Any, expected: str) -> None:
    """A period may be text, an int year, a date or a Period."""
    m = Measurement(unit="38", indicator="satisfaction_share", value=90, period=period)
    assert expected == str(m.period)


def test_value_is_a_pint_quantity_in_the_canonical_unit() -> None:
    """.value rebuilds the pint Quantity from the stored float."""
    assert thdx.Q_(92.5, "percent") == sat("92.5 %").value


def test_to_dict_of_a_share() -> None:
    """to_dict gives the stored magnitude, unit, period, source and note."""
    assert {
        "unit": "38",
        "indicator": "satisfaction_share",
        "value": 92.5,
        "unit_of_measure": "percent",
        "period": "2025",
        "source": "SIPAS",
        "note": "n",
    } == sat("92.5 %", source="SIPAS", note="n").to_dict()


def test_measurement_is_frozen() -> None:
    """A measurement cannot be changed after creation."""
    m = sat(90)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        m.magnitude = 10.0  # type: ignore[misc]


# -- Measurement: refused values --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("101 %", f"{SAT}: '101 %' is outside 0–100 % for share indicator 'satisfaction_share'"),
        (100.5, f"{SAT}: 100.5 is outside 0–100 % for share indicator 'satisfaction_share'"),
        (-0.1, f"{SAT}: -0.1 is outside 0–100 % for share indicator 'satisfaction_share'"),
        ("-1 %", f"{SAT}: '-1 %' is outside 0–100 % for share indicator 'satisfaction_share'"),
        (
            thdx.Q_(1.5, "dimensionless"),
            f"{SAT}: <Quantity(1.5, 'dimensionless')> is outside 0–100 % "
            "for share indicator 'satisfaction_share'",
        ),
    ],
)
def test_share_outside_0_100_is_refused(value: object, expected: str) -> None:
    """A share above 100 % or below 0 % is refused, naming the value and the indicator."""
    assert expected == refused(lambda: sat(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-3, "-3 is negative for count indicator 'dx_enterprises'"),
        ("-3 enterprises", "'-3 enterprises' is negative for count indicator 'dx_enterprises'"),
    ],
)
def test_negative_count_is_refused(value: object, expected: str) -> None:
    """A negative count is refused."""
    msg = refused(
        lambda: Measurement(
            unit="38",
            indicator="dx_enterprises",
            value=value,
            period="2025",
            catalogue=with_counts(),
        )
    )
    assert f"measurement '38'/'dx_enterprises'/2025: {expected}" == msg


def test_negative_level_is_refused() -> None:
    """A negative amount of money for a level indicator is refused."""
    msg = refused(lambda: Measurement(unit="38", indicator="grdp", value="-5 VND", period="2024"))
    assert "measurement '38'/'grdp'/2024: '-5 VND' is negative for level indicator 'grdp'" == msg


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (math.nan, "nan"),
        ("nan", "'nan'"),
        ("NaN %", "'NaN %'"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        ("inf %", "'inf %'"),
        ("1e400", "'1e400'"),
        (np.float64("nan"), "np.float64(nan)"),
    ],
)
def test_nan_and_infinity_are_refused(value: object, shown: str) -> None:
    """NaN and infinities, as numbers or text, are not finite numbers."""
    assert f"{SAT}: {shown} is not a finite number" == refused(lambda: sat(value))


def test_huge_integer_is_refused() -> None:
    """An integer too large for a float is not a finite number (no OverflowError)."""
    assert f"{SAT}: {10**400!r} is not a finite number" == refused(lambda: sat(10**400))


def test_money_out_of_float_range_after_conversion_is_refused() -> None:
    """A finite number that overflows once converted is refused as out of range."""
    msg = refused(
        lambda: Measurement(unit="38", indicator="grdp", value="1e300 trillion VND", period="2024")
    )
    assert (
        "measurement '38'/'grdp'/2024: '1e300 trillion VND' is out of range once converted to 'VND'"
        == msg
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5 VND", "'5 VND' has unit 'VND', which cannot be converted to 'percent'"),
        ("92.5 %/year", "'92.5 %/year' has unit '%/year', which cannot be converted to 'percent'"),
        (
            thdx.Q_(5, "VND"),
            "<Quantity(5, 'VND')> has unit 'VND', which cannot be converted to 'percent'",
        ),
        ("92.5 furlong", "'92.5 furlong': unknown unit 'furlong'"),
    ],
)
def test_wrong_dimension_is_refused(value: object, expected: str) -> None:
    """A value in a unit that is not a percentage is refused, naming both units."""
    assert f"{SAT}: {expected}" == refused(lambda: sat(value))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("abc", "'abc'"),
        ("", "''"),
        ("9,6 %", "'9,6 %'"),
        ("=cmd|' /C calc'!A0", "\"=cmd|' /C calc'!A0\""),
        ("@SUM(1+1)", "'@SUM(1+1)'"),
        (None, "None"),
        (True, "True"),
        ([1], "[1]"),
    ],
)
def test_non_number_is_refused(value: object, shown: str) -> None:
    """Text that is not a number, a comma decimal, None, a bool or a list is refused."""
    expected = (
        f"{SAT}: {shown} is not a quantity (expected a number with an optional unit, e.g. '92.5 %')"
    )
    assert expected == refused(lambda: sat(value))


def test_leading_plus_is_a_number() -> None:
    """'+1' (which a spreadsheet reads as a formula) is the number 1, nothing else."""
    assert sat("+1").magnitude == 1.0


def test_unknown_indicator_is_refused_naming_the_measurement() -> None:
    """An indicator not in the catalogue raises UnknownIndicatorError naming the measurement."""
    msg = refused(
        lambda: Measurement(unit="38", indicator="no_such", value=1, period="2025"),
        UnknownIndicatorError,
    )
    assert "measurement '38'/'no_such'/2025: unknown indicator 'no_such'" == msg


def test_unknown_indicator_uses_the_given_place() -> None:
    """With where=, the message starts with that place."""
    msg = refused(
        lambda: Measurement(
            unit="38", indicator="no_such", value=1, period="2025", where="d.csv:3"
        ),
        UnknownIndicatorError,
    )
    assert "d.csv:3: unknown indicator 'no_such'" == msg


def test_indicator_of_another_catalogue_is_unknown() -> None:
    """A catalogue without the indicator refuses it."""
    msg = refused(
        lambda: Measurement(
            unit="38", indicator="grdp", value=1, period="2025", catalogue=Catalogue()
        ),
        UnknownIndicatorError,
    )
    assert "measurement '38'/'grdp'/2025: unknown indicator 'grdp'" == msg


PERIOD_HELP = (
    "is not a period (expected a year '2025', half '2025-H1', quarter '2025-Q3', "
    "month '2025-06', day '2025-06-30' or range '2021/2025')"
)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025-13", f"measurement '38'/'satisfaction_share'/2025-13: '2025-13' {PERIOD_HELP}"),
        ("20x5", f"measurement '38'/'satisfaction_share'/20x5: '20x5' {PERIOD_HELP}"),
        ("", f"measurement '38'/'satisfaction_share'/: '' {PERIOD_HELP}"),
        (
            "2025/2021",
            "measurement '38'/'satisfaction_share'/2025/2021: "
            "'2025/2021': period ends before it starts",
        ),
        (
            True,
            "measurement '38'/'satisfaction_share'/True: expected a period "
            "(a Period, str, int year or datetime.date), not True of type bool",
        ),
    ],
)
def test_malformed_period_is_refused(period: Any, expected: str) -> None:
    """A period that cannot be parsed raises PeriodError naming it."""
    msg = refused(
        lambda: Measurement(unit="38", indicator="satisfaction_share", value=90, period=period),
        PeriodError,
    )
    assert expected == msg


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("abc", "'abc'"),
        ("", "''"),
        (38, "38"),
        ("٣٨", "'٣٨'"),
        ("3 8", "'3 8'"),
        ("12345678901", "'12345678901'"),
    ],
)
def test_unit_must_be_an_ascii_digit_code(unit: Any, shown: str) -> None:
    """The unit is an official code: 1 to 10 ASCII digits (not an int, not other digits)."""
    msg = refused(
        lambda: Measurement(unit=unit, indicator="satisfaction_share", value=90, period="2025")
    )
    expected = (f"measurement {shown}/'satisfaction_share'/2025: unit: {shown}{NOT_A_CODE}") + (
        NUMBER_HINT if isinstance(unit, int) else ""
    )
    assert expected == msg


def test_where_replaces_the_default_place() -> None:
    """A value error carries the caller's place (data.csv:4:value)."""
    msg = refused(lambda: sat(192.5, where="data.csv:4:value"))
    assert (
        "data.csv:4:value: 192.5 is outside 0–100 % for share indicator 'satisfaction_share'" == msg
    )


# -- ranks ------------------------------------------------------------------------------


def test_rank_with_cohort() -> None:
    """'5/34' is rank 5 in a cohort of 34 provinces."""
    m = rank("5/34")
    assert (5.0, 34, "rank", "5/34") == (m.magnitude, m.cohort, m.unit_of_measure, m.shown())


def test_rank_with_spaces() -> None:
    """Spaces around the slash are allowed."""
    m = rank(" 5 / 34 ")
    assert (5.0, 34) == (m.magnitude, m.cohort)


def test_rank_first_and_last_of_cohort() -> None:
    """1/34 and 34/34 are valid."""
    assert ((1.0, 34), (34.0, 34)) == (
        (rank("1/34").magnitude, rank("1/34").cohort),
        (rank("34/34").magnitude, rank("34/34").cohort),
    )


def test_rank_to_dict_carries_the_cohort() -> None:
    """to_dict includes the cohort of a rank."""
    assert {
        "unit": "38",
        "indicator": "dx_index_rank",
        "value": 5.0,
        "unit_of_measure": "rank",
        "period": "2024",
        "source": "",
        "cohort": 34,
    } == rank("5/34").to_dict()


@pytest.mark.parametrize("value", [5, "5", "5 rank", thdx.Q_(5, "rank")])
def test_rank_without_cohort(value: object) -> None:
    """A plain rank (number, text or rank Quantity) is accepted without a cohort."""
    m = rank(value)
    assert (5.0, None, "rank 5") == (m.magnitude, m.cohort, m.shown())


@pytest.mark.parametrize("value", ["0/34", "40/34", "5/0", "35/34"])
def test_rank_outside_its_cohort_is_refused(value: str) -> None:
    """A rank must lie within 1..cohort."""
    expected = f"{RANK}: {value!r} is not a rank within its cohort (1 ≤ rank ≤ cohort)"
    assert expected == refused(lambda: rank(value))


@pytest.mark.parametrize(
    "value",
    ["x/34", "-5/34", "5/34 %", "5 %", "5/3.4", "٥/٣٤", "1/" + "9" * 5000, "9" * 5000 + "/1"],
)
def test_malformed_rank_is_refused(value: str) -> None:
    """Text that is not 'rank/cohort' (ASCII digits, at most 9 each) is refused."""
    expected = f"{RANK}: {value!r} is not a rank (expected 'rank/cohort' such as '5/34')"
    assert expected == refused(lambda: rank(value))


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (5.5, "5.5"), (-1, "-1")])
def test_plain_rank_must_be_whole_and_positive(value: float, shown: str) -> None:
    """A plain rank must be a whole number ≥ 1."""
    expected = f"{RANK}: {shown} is not a rank (a whole number ≥ 1) for indicator 'dx_index_rank'"
    assert expected == refused(lambda: rank(value))


# -- Recognition ------------------------------------------------------------------------


def test_recognition_fields() -> None:
    """A recognition holds a unit code, a day and a decision number."""
    r = Recognition(unit="14758", on="2023-12-20", decision="QĐ 123/QĐ-UBND", source="s")
    assert {"unit": "14758", "on": "2023-12-20", "decision": "QĐ 123/QĐ-UBND", "source": "s"} == (
        r.to_dict()
    )


@pytest.mark.parametrize(
    "on", [dt.date(2023, 12, 20), dt.datetime(2023, 12, 20, 9, 30), "2023-12-20"]
)
def test_recognition_day_forms(on: Any) -> None:
    """The day may be a date, a datetime (its date) or ISO text."""
    assert dt.date(2023, 12, 20) == Recognition(unit="1", on=on, decision="d").on


@pytest.mark.parametrize(
    ("on", "shown"),
    [
        ("2023", "'2023'"),
        ("2023-02-30", "'2023-02-30'"),
        ("soon", "'soon'"),
        (5, "5"),
        ("2023-12-20/2023-12-20", "'2023-12-20/2023-12-20'"),
    ],
)
def test_recognition_needs_a_day(on: Any, shown: str) -> None:
    """A year, an impossible date, other text, a number or a range is not a day."""
    msg = refused(lambda: Recognition(unit="1", on=on, decision="d"))
    assert f"on: {shown} is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')" == msg


@pytest.mark.parametrize(
    ("unit", "shown", "hint"), [("x", "'x'", ""), ("", "''", ""), (14758, "14758", NUMBER_HINT)]
)
def test_recognition_needs_a_unit_code(unit: Any, shown: str, hint: str) -> None:
    """The unit of a recognition is an official code."""
    msg = refused(lambda: Recognition(unit=unit, on="2023-12-20", decision="d"))
    assert f"unit: {shown}{NOT_A_CODE}{hint}" == msg


@pytest.mark.parametrize(("decision", "shown"), [("", "''"), ("  ", "'  '"), (None, "None")])
def test_recognition_needs_a_decision(decision: Any, shown: str) -> None:
    """The decision number must be non-empty text."""
    msg = refused(lambda: Recognition(unit="1", on="2023-12-20", decision=decision))
    assert f"decision must be a non-empty string, got {shown}" == msg


# -- ReportedCount ----------------------------------------------------------------------


def test_reported_count_fields() -> None:
    """A reported count converts its level and period."""
    rc = ReportedCount(unit="38", level="commune", period="2023", count=114, total=558)
    assert (Level.COMMUNE, Period.parse("2023"), 114, 558, "") == (
        rc.level,
        rc.period,
        rc.count,
        rc.total,
        rc.source,
    )


def test_reported_count_total_is_optional() -> None:
    """The total may be unknown (None)."""
    assert ReportedCount(unit="38", level=Level.DISTRICT, period="2024", count=3).total is None


def test_reported_count_count_may_equal_total() -> None:
    """Every unit completed is valid."""
    assert 5 == ReportedCount(unit="38", level="commune", period="2023", count=5, total=5).count


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("count", -1, "count must be a whole number from 0 to 999,999,999, got -1"),
        ("count", True, "count must be a whole number from 0 to 999,999,999, got True"),
        ("count", 5.0, "count must be a whole number from 0 to 999,999,999, got 5.0"),
        ("count", None, "count must be a whole number from 0 to 999,999,999, got None"),
        ("total", -4, "total must be a whole number from 0 to 999,999,999, got -4"),
        ("total", 4, "reported count 5 exceeds its total 4"),
        ("unit", "3x", f"unit: '3x'{NOT_A_CODE}"),
        ("level", "village", "level must be 'district' or 'commune', got 'village'"),
        ("level", "province", "level must be 'district' or 'commune', got 'province'"),
        (
            "level",
            Level.PROVINCE,
            "level must be 'district' or 'commune', got <Level.PROVINCE: 'province'>",
        ),
    ],
)
def test_reported_count_validation(field: str, value: object, expected: str) -> None:
    """Counts are whole and ≥ 0, not above the total; the level is district or commune."""
    fields: dict[str, Any] = {"unit": "38", "level": "commune", "period": "2023", "count": 5}
    fields[field] = value
    assert expected == refused(lambda: ReportedCount(**fields))


def test_reported_count_bad_period() -> None:
    """A bad period raises PeriodError naming the field."""
    msg = refused(
        lambda: ReportedCount(unit="38", level="commune", period="20x3", count=1), PeriodError
    )
    assert f"period: '20x3' {PERIOD_HELP}" == msg


# -- MeasurementSet ---------------------------------------------------------------------


def test_identical_repeat_is_kept_once() -> None:
    """The same value twice for one unit x indicator x period is one measurement."""
    assert len(MeasurementSet([sat(90), sat("90 %")])) == 1


def test_two_different_values_are_refused() -> None:
    """Two different values for one unit x indicator x period raise DuplicateMeasurementError."""
    msg = refused(lambda: MeasurementSet([sat(90), sat(91)]), DuplicateMeasurementError)
    assert (
        "two different values for unit '38', indicator 'satisfaction_share', period '2025': "
        "'90 %' and '91 %'" == msg
    )


def test_two_different_values_name_their_sources() -> None:
    """When the measurements have sources, the message names them."""
    msg = refused(
        lambda: MeasurementSet([sat(90, source="SIPAS"), sat(91, source="report")]),
        DuplicateMeasurementError,
    )
    assert (
        "two different values for unit '38', indicator 'satisfaction_share', period '2025': "
        "'90 %' (source 'SIPAS') and '91 %' (source 'report')" == msg
    )


def test_same_rank_in_different_cohorts_is_a_duplicate() -> None:
    """Rank 5 of 34 and rank 5 of 63 are different values, shown with their cohorts (for
    a period spanning both eras of the ranking, where both cohorts fit)."""

    def both() -> MeasurementSet:
        return MeasurementSet(
            [
                Measurement(unit="38", indicator="dx_index_rank", value=v, period="2023/2024")
                for v in ("5/34", "5/63")
            ]
        )

    msg = refused(both, DuplicateMeasurementError)
    assert (
        "two different values for unit '38', indicator 'dx_index_rank', period '2023/2024': "
        "'5/34' and '5/63'" == msg
    )


def test_same_period_written_differently_is_a_duplicate() -> None:
    """'2025' and '2025-01-01/2025-12-31' are one period."""
    other = Measurement(
        unit="38", indicator="satisfaction_share", value=91, period="2025-01-01/2025-12-31"
    )
    msg = refused(lambda: MeasurementSet([sat(90), other]), DuplicateMeasurementError)
    assert (
        "two different values for unit '38', indicator 'satisfaction_share', period '2025': "
        "'90 %' and '91 %'" == msg
    )


def test_a_set_refuses_other_objects() -> None:
    """Only Measurements, Recognitions and ReportedCounts go in a set."""
    msg = refused(lambda: MeasurementSet(["x"]))  # type: ignore[list-item]
    assert (
        "a MeasurementSet holds Measurement, Recognition and ReportedCount objects, got 'x'" == msg
    )


def test_a_set_checks_measurements_against_its_catalogue() -> None:
    """A measurement whose indicator is not in the set's catalogue is refused."""
    msg = refused(lambda: MeasurementSet([sat(90)], catalogue=Catalogue()), UnknownIndicatorError)
    assert "measurement of '38': unknown indicator 'satisfaction_share'" == msg


def test_a_set_refuses_a_measurement_in_another_unit() -> None:
    """A measurement made with another catalogue whose unit differs is refused."""
    other = Catalogue(
        [
            Indicator(
                id="satisfaction_share",
                name_vi="v",
                name_en="e",
                pillar="government",
                unit="dimensionless",
                kind="level",
            )
        ]
    )
    m = Measurement(
        unit="38", indicator="satisfaction_share", value=0.9, period="2025", catalogue=other
    )
    msg = refused(lambda: MeasurementSet([m]))
    assert (
        "measurement '38'/'satisfaction_share'/2025: unit 'dimensionless' differs from the "
        "catalogue's 'percent'" == msg
    )


def sample_set() -> MeasurementSet:
    """Three measurements, two recognitions and one reported count."""
    return MeasurementSet(
        [
            sat(92.5, source="SIPAS 2025"),
            Measurement(unit="380", indicator="satisfaction_share", value=80, period="2025"),
            Measurement(unit="38", indicator="satisfaction_share", value=88, period="2024"),
            rank("5/34"),
            Recognition(unit="16000", on="2023-12-20", decision="QĐ 2"),
            Recognition(unit="16000", on="2022-01-05", decision="QĐ 1"),
            Recognition(unit="15865", on="2023-01-01", decision="QĐ 3"),
            ReportedCount(unit="38", level="commune", period="2023", count=114, total=558),
        ]
    )


def test_set_sizes_and_repr() -> None:
    """len counts measurements; repr counts all three kinds of item."""
    s = sample_set()
    assert (4, "<MeasurementSet: 4 measurements, 3 recognitions, 1 reported counts>") == (
        len(s),
        repr(s),
    )


def test_get_exact_unit_indicator_period() -> None:
    """get returns the measurement for exactly that unit, indicator and period."""
    m = sample_set().get("38", "satisfaction_share", "2025")
    assert m is not None
    assert (92.5, "SIPAS 2025", "2025") == (m.magnitude, m.source, str(m.period))


@pytest.mark.parametrize(
    ("unit", "indicator", "period"),
    [
        ("38", "satisfaction_share", "2023"),
        ("39", "satisfaction_share", "2025"),
        ("38", "grdp", "2025"),
    ],
)
def test_get_missing_is_none(unit: str, indicator: str, period: str) -> None:
    """get returns None for a period, unit or indicator without data."""
    assert sample_set().get(unit, indicator, period) is None


def test_get_takes_a_period_object_or_int() -> None:
    """get accepts a Period or an int year too."""
    s = sample_set()
    a, b = (
        s.get("38", "satisfaction_share", 2024),
        s.get("38", "satisfaction_share", Period.parse("2024")),
    )
    assert (88.0, 88.0) == (a.magnitude if a else None, b.magnitude if b else None)


def test_measurements_filters() -> None:
    """measurements() filters by unit and/or indicator, ordered by indicator, unit, period."""
    s = sample_set()

    def keys(ms: list[Measurement]) -> list[tuple[str, str, str]]:
        return [(m.unit, m.indicator, str(m.period)) for m in ms]

    assert (
        [
            ("38", "satisfaction_share", "2024"),
            ("38", "satisfaction_share", "2025"),
            ("38", "dx_index_rank", "2024"),
        ],
        [
            ("38", "satisfaction_share", "2024"),
            ("38", "satisfaction_share", "2025"),
            ("380", "satisfaction_share", "2025"),
        ],
        [("38", "dx_index_rank", "2024")],
        [],
        [],
    ) == (
        keys(s.measurements(unit="38")),
        keys(s.measurements(indicator="satisfaction_share")),
        keys(s.measurements(unit="38", indicator="dx_index_rank")),
        keys(s.measurements(unit="nope")),
        keys(s.measurements(indicator="grdp")),
    )


def test_iteration_yields_every_measurement() -> None:
    """Iterating a set yields its measurements (not recognitions or counts)."""
    assert 4 == sum(isinstance(m, Measurement) for m in sample_set())


def test_recognitions_by_unit_then_date() -> None:
    """recognitions are ordered by unit then date; recognitions_of gives one unit's."""
    s = sample_set()
    assert (
        [("15865", "QĐ 3"), ("16000", "QĐ 1"), ("16000", "QĐ 2")],
        ["QĐ 1", "QĐ 2"],
        (),
    ) == (
        [(r.unit, r.decision) for r in s.recognitions],
        [r.decision for r in s.recognitions_of("16000")],
        s.recognitions_of("38"),
    )


def test_reported_counts_are_kept() -> None:
    """Reported counts are kept as given."""
    assert [114] == [rc.count for rc in sample_set().reported_counts]


def test_with_items_returns_a_new_set() -> None:
    """with_items adds items to a copy and leaves the original unchanged."""
    s = sample_set()
    bigger = s.with_items([Measurement(unit="38", indicator="grdp", value=1e12, period="2025")])
    assert (4, 5, 3, 1) == (
        len(s),
        len(bigger),
        len(bigger.recognitions),
        len(bigger.reported_counts),
    )


def test_with_items_still_refuses_duplicates() -> None:
    """Adding a conflicting value through with_items is refused."""
    msg = refused(lambda: sample_set().with_items([sat(10)]), DuplicateMeasurementError)
    assert (
        "two different values for unit '38', indicator 'satisfaction_share', period '2025': "
        "'92.5 %' (source 'SIPAS 2025') and '10 %'" == msg
    )


def test_to_records() -> None:
    """to_records gives one dict per measurement."""
    records = sample_set().to_records()
    assert (
        4,
        {
            "unit": "380",
            "indicator": "satisfaction_share",
            "value": 80.0,
            "unit_of_measure": "percent",
            "period": "2025",
            "source": "",
        },
    ) == (
        len(records),
        records[2],
    )


def test_empty_set() -> None:
    """An empty set has no measurements and answers every query with nothing."""
    s = MeasurementSet()
    assert (0, None, [], ()) == (
        len(s),
        s.get("38", "satisfaction_share", "2025"),
        s.measurements(),
        s.recognitions,
    )


def test_latest_and_exact_rows() -> None:
    """latest picks the latest usable row per unit; exact the row for exactly a period."""
    s = sample_set()
    codes = ["38", "380", "39"]
    as_of = Period.parse("2025").end_ordinal
    lower = np.full(3, np.iinfo(np.int64).min, dtype=np.int64)
    latest = s.latest("satisfaction_share", codes, lower, as_of, None)
    exact = s.exact("satisfaction_share", codes, Period.parse("2024"))
    assert ([92.5, 80.0, None], [88.0, None, None], "2025") == (
        [None if math.isnan(v) else v for v in s.values_at(latest).tolist()],
        [None if math.isnan(v) else v for v in s.values_at(exact).tolist()],
        str(s.period_of(int(latest[0]))),
    )


def test_latest_ignores_data_after_as_of_and_prefers_the_deadline() -> None:
    """Rows after as_of are never used; a preferred period wins over a later one."""
    s = sample_set()
    lower = np.full(1, np.iinfo(np.int64).min, dtype=np.int64)
    before = s.latest("satisfaction_share", ["38"], lower, Period.parse("2024").end_ordinal, None)
    prefer = s.latest(
        "satisfaction_share", ["38"], lower, Period.parse("2025").end_ordinal, Period.parse("2024")
    )
    none = s.latest("grdp", ["38"], lower, Period.parse("2025").end_ordinal, None)
    assert ([88.0], [88.0], [-1]) == (
        s.values_at(before).tolist(),
        s.values_at(prefer).tolist(),
        none.tolist(),
    )


# -- from_columns -----------------------------------------------------------------------


def test_from_columns_builds_an_equal_set() -> None:
    """from_columns stores plain numbers in canonical units, with sources and recognitions."""
    rec = Recognition(unit="16000", on="2023-01-01", decision="d")
    s = MeasurementSet.from_columns(
        unit=["38", "380", "38"],
        indicator=["satisfaction_share", "satisfaction_share", "grdp"],
        period=["2025", Period.parse("2025"), "2024"],
        value=np.array([92.5, 80.0, 1e12]),
        source=["a", "b", "c"],
        recognitions=[rec],
    )
    m = s.get("38", "grdp", "2024")
    assert (3, (1e12, "c", "VND"), (rec,), ()) == (
        len(s),
        (m.magnitude, m.source, m.unit_of_measure) if m else None,
        s.recognitions,
        s.reported_counts,
    )


def test_from_columns_without_sources() -> None:
    """Sources default to empty."""
    s = MeasurementSet.from_columns(
        unit=["38"], indicator=["satisfaction_share"], period=["2025"], value=[92.5]
    )
    assert [""] == [m.source for m in s]


def fc(**changes: Any) -> MeasurementSet:
    """from_columns of two satisfaction rows, with some columns changed."""
    cols: dict[str, Any] = {
        "unit": ["38", "38"],
        "indicator": ["satisfaction_share", "satisfaction_share"],
        "period": ["2025", "2024"],
        "value": [92.5, 90.0],
    }
    cols.update(changes)
    return MeasurementSet.from_columns(**cols)


@pytest.mark.parametrize(
    ("changes", "error", "expected"),
    [
        (
            {"value": [92.5]},
            MeasurementError,
            "from_columns: unit, indicator, period, value (and source) differ in length",
        ),
        (
            {"source": ["a"]},
            MeasurementError,
            "from_columns: unit, indicator, period, value (and source) differ in length",
        ),
        (
            {"indicator": ["satisfaction_share", "nope"]},
            UnknownIndicatorError,
            "from_columns: unknown indicator 'nope'",
        ),
        (
            {"indicator": ["dx_index_rank", "dx_index_rank"]},
            MeasurementError,
            "from_columns: rank indicators need a cohort; pass Measurement objects",
        ),
        ({"value": [92.5, math.nan]}, MeasurementError, "row 1: nan is not a finite number"),
        ({"value": [math.inf, 1.0]}, MeasurementError, "row 0: inf is not a finite number"),
        (
            {"value": [92.5, 101.0]},
            MeasurementError,
            "row 1: 101.0 is outside 0–100 % for share indicator 'satisfaction_share'",
        ),
        (
            {"unit": ["38", "x"]},
            MeasurementError,
            f"row 1: unit: 'x'{NOT_A_CODE}",
        ),
        (
            {"unit": ["38", 38]},
            MeasurementError,
            f"row 1: unit: 38{NOT_A_CODE}{NUMBER_HINT}",
        ),
        ({"period": ["2025", "20x4"]}, PeriodError, f"row 1: '20x4' {PERIOD_HELP}"),
        (
            {"value": [92.5, "abc"]},
            MeasurementError,
            "from_columns: value must be a column of numbers "
            "(could not convert string to float: 'abc')",
        ),
        (
            {"period": ["2025", "2025"]},
            DuplicateMeasurementError,
            "two different values for unit '38', indicator 'satisfaction_share', "
            "period '2025': '92.5 %' and '90 %'",
        ),
    ],
)
def test_from_columns_validation(
    changes: dict[str, Any], error: type[Exception], expected: str
) -> None:
    """from_columns still checks every column and value, with the row's index."""
    assert expected == refused(lambda: fc(**changes), error)


# -- derived indicators -----------------------------------------------------------------


def money(unit: str, indicator: str, value: str, period: str, source: str = "") -> Measurement:
    """A measurement in VND."""
    return Measurement(unit=unit, indicator=indicator, value=value, period=period, source=source)


def test_digital_economy_share_is_derived_from_value_and_grdp() -> None:
    """digital_economy_share = digital_economy_value / grdp, as a percentage, with its parts."""
    s = MeasurementSet(
        [
            money("38", "digital_economy_value", "15 trillion VND", "2025", "A"),
            money("38", "grdp", "300 trillion VND", "2025", "B"),
        ]
    )
    m = s.get("38", "digital_economy_share", "2025")
    assert m is not None
    assert (
        5.0,
        "percent",
        "derived: digital_economy_value / grdp",
        [("digital_economy_value", 15e12, "A"), ("grdp", 300e12, "B")],
    ) == (
        m.magnitude,
        m.unit_of_measure,
        m.source,
        [(p.indicator, p.magnitude, p.source) for p in m.derived_from],
    )


def test_derived_measurement_to_dict_includes_its_parts() -> None:
    """A derived measurement's dict lists the measurements it came from."""
    s = MeasurementSet(
        [
            money("38", "digital_economy_value", "1 billion VND", "2025"),
            money("38", "grdp", "4 billion VND", "2025"),
        ]
    )
    d = s.get("38", "digital_economy_share", "2025")
    assert d is not None
    assert (25.0, ["digital_economy_value", "grdp"]) == (
        d.to_dict()["value"],
        [p["indicator"] for p in d.to_dict()["derived_from"]],
    )


def test_measured_share_is_not_replaced_by_a_derived_one() -> None:
    """Where the share was measured directly, it is kept and nothing is derived."""
    s = MeasurementSet(
        [
            money("38", "digital_economy_value", "10 trillion VND", "2024"),
            money("38", "grdp", "300 trillion VND", "2024"),
            Measurement(
                unit="38",
                indicator="digital_economy_share",
                value="9 %",
                period="2024",
                source="direct",
            ),
        ]
    )
    shares = s.measurements(indicator="digital_economy_share")
    assert [(9.0, "direct", ())] == [(m.magnitude, m.source, m.derived_from) for m in shares]


def test_nothing_is_derived_without_both_parts_in_the_same_period_and_unit() -> None:
    """A ratio needs numerator and denominator of the same unit and period."""
    s = MeasurementSet(
        [
            money("38", "digital_economy_value", "10 trillion VND", "2024"),
            money("38", "grdp", "300 trillion VND", "2023"),
            money("380", "grdp", "300 trillion VND", "2024"),
        ]
    )
    assert [] == s.measurements(indicator="digital_economy_share")


def test_a_zero_denominator_is_refused_not_dropped() -> None:
    """A GRDP of zero beside a digital economy value: the share does not exist, and the
    set says so (it was dropped in silence)."""
    with pytest.raises(MeasurementError) as info:
        MeasurementSet(
            [
                money("38", "digital_economy_value", "1 VND", "2024"),
                money("38", "grdp", "0 VND", "2024"),
            ]
        )
    assert (
        "derived 'digital_economy_share' for unit '38', period '2024': its denominator "
        "'grdp' is 0, so the ratio does not exist" == str(info.value)
    )


def test_derived_share_above_100_is_refused() -> None:
    """A derived share outside 0–100 % is refused naming the unit and period."""
    msg = refused(
        lambda: MeasurementSet(
            [
                money("38", "digital_economy_value", "15 trillion VND", "2025"),
                money("38", "grdp", "10 trillion VND", "2025"),
            ]
        )
    )
    assert (
        "derived 'digital_economy_share' for unit '38', period '2025': 150.0 is outside 0–100 % "
        "for share indicator 'digital_economy_share'" == msg
    )


def test_derived_from_columns() -> None:
    """from_columns derives the share too, from plain numbers."""
    s = MeasurementSet.from_columns(
        unit=["38", "38"],
        indicator=["digital_economy_value", "grdp"],
        period=["2025", "2025"],
        value=[2e12, 8e12],
    )
    m = s.get("38", "digital_economy_share", "2025")
    assert (25.0, 3) == (m.magnitude if m else None, len(s))


def test_latest_never_uses_data_from_before_a_unit_existed() -> None:
    """With valid_from bounds, rows ending before the unit existed are not used."""
    s = sample_set()
    from_2025 = np.array([Period.parse("2025").start_ordinal, np.iinfo(np.int64).min])
    end_2025 = Period.parse("2025").end_ordinal
    end_2024 = Period.parse("2024").end_ordinal
    both = s.latest("satisfaction_share", ["38", "380"], from_2025, end_2025, None)
    early = s.latest("satisfaction_share", ["38", "380"], from_2025, end_2024, None)
    prefer_old = s.latest(
        "satisfaction_share", ["38", "380"], from_2025, end_2025, Period.parse("2024")
    )
    assert ([92.5, 80.0], [-1, -1], [92.5, 80.0]) == (
        s.values_at(both).tolist(),
        early.tolist(),
        s.values_at(prefer_old).tolist(),
    )


def test_catalogue_without_derived_indicators() -> None:
    """With no derived indicator in the catalogue, nothing is derived."""
    cat = Catalogue([default_catalogue()["grdp"], default_catalogue()["digital_economy_value"]])
    s = MeasurementSet(
        [
            Measurement("38", "grdp", "4 VND", "2025", catalogue=cat),
            Measurement("38", "digital_economy_value", "1 VND", "2025", catalogue=cat),
        ],
        catalogue=cat,
    )
    assert (2, ["digital_economy_value", "grdp"]) == (len(s), sorted(m.indicator for m in s))


def test_identical_recognitions_are_kept_once() -> None:
    """The same recognition twice is one; another decision for the same unit is kept."""
    r = Recognition(unit="16000", on="2023-12-20", decision="QĐ 1")
    s = MeasurementSet(
        [r, Recognition("16000", "2023-12-20", "QĐ 1"), Recognition("16000", "2023-12-20", "QĐ 2")]
    )
    assert ["QĐ 1", "QĐ 2"] == [x.decision for x in s.recognitions_of("16000")]


# -- sources: None is no source -----------------------------------------------------------


def test_a_source_of_none_is_no_source() -> None:
    """source=None (and note=None) is stored as "" for every kind of item, never as the
    text 'None', and sorts with the others."""
    m = sat(90, source=None, note=None)
    r = Recognition(unit="14758", on="2023-12-20", decision="QĐ 1", source=None)
    c = ReportedCount(unit="38", level="commune", period="2023", count=1, source=None)
    data = MeasurementSet(
        [m, r, Recognition(unit="14758", on="2023-12-20", decision="QĐ 1", source="s"), c]
    )
    assert (("", ""), "", "", ["", "s"]) == (
        (m.source, m.note),
        r.source,
        c.source,
        [x.source for x in data.recognitions],
    )


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: sat(90, source=5), f"{SAT}: source must be a text or None, got 5"),
        (lambda: sat(90, note=b"x"), f"{SAT}: note must be a text or None, got b'x'"),
        (
            lambda: Recognition(unit="1", on="2023-12-20", decision="QĐ 1", source=1.5),
            "source must be a text or None, got 1.5",
        ),
        (
            lambda: ReportedCount(unit="38", level="commune", period="2023", count=1, source=[]),
            "source must be a text or None, got []",
        ),
    ],
)
def test_a_source_that_is_not_text_is_refused(make: Any, expected: str) -> None:
    """A source (or note) is a text or None; a number is refused, not turned into text."""
    assert expected == refused(make)


# -- ranks: the cohort of the data year ---------------------------------------------------

ERAS = "63 provinces up to data year 2023, 34 provinces from data year 2024"


@pytest.mark.parametrize(
    ("value", "period", "expected"),
    [
        (
            "5/34",
            "2022",
            "'5/34' does not fit data year 2022: 'dx_index_rank' ranks {eras} "
            "(expected a cohort of 63, e.g. '5/63')",
        ),
        (
            "5/40",
            "2024",
            "'5/40' does not fit data year 2024: 'dx_index_rank' ranks {eras} "
            "(expected a cohort of 34, e.g. '5/34')",
        ),
        (
            "5/63",
            "2025-Q1",
            "'5/63' does not fit data year 2025: 'dx_index_rank' ranks {eras} "
            "(expected a cohort of 34, e.g. '5/34')",
        ),
        (
            "5/50",
            "2023/2024",
            "'5/50' does not fit data years 2023–2024: 'dx_index_rank' ranks "
            "{eras} (expected a cohort of 63, e.g. '5/63' or 34, e.g. '5/34')",
        ),
    ],
)
def test_a_rank_whose_cohort_does_not_fit_its_year_is_refused(
    value: str, period: str, expected: str
) -> None:
    """5/34 for data year 2022 or 5/40 for 2024 is refused, naming the cohorts of each era."""
    msg = refused(
        lambda: Measurement(unit="38", indicator="dx_index_rank", value=value, period=period)
    )
    assert f"measurement '38'/'dx_index_rank'/{period}: " + expected.format(eras=ERAS) == msg


@pytest.mark.parametrize(
    ("indicator", "value", "period"),
    [
        ("dx_index_rank", "11/63", "2023"),
        ("dx_index_rank", "5/34", "2024"),
        ("digital_gov_rank", "9/63", "2020"),
        ("dx_index_rank", "5/63", "2023/2024"),
        ("dx_index_rank", "5/34", "2023/2024"),
        ("dx_index_rank", 5, "2022"),
    ],
)
def test_a_rank_of_its_era_is_accepted(indicator: str, value: object, period: str) -> None:
    """The cohort of the data year (either one across the change), or no cohort."""
    m = Measurement(unit="38", indicator=indicator, value=value, period=period)
    assert (5.0 if value in (5, "5/34", "5/63") else m.magnitude) == m.magnitude


def test_the_cohort_rule_is_a_table() -> None:
    """The cohorts by data year are data (RANK_COHORTS), read by fitting_cohorts."""
    from thdx.store import RANK_COHORTS, fitting_cohorts

    assert (
        {"dx_index_rank", "digital_gov_rank"},
        ERAS,
        frozenset({63}),
        frozenset({34}),
        None,
    ) == (
        set(RANK_COHORTS),
        ", ".join(map(str, RANK_COHORTS["dx_index_rank"])),
        fitting_cohorts("digital_gov_rank", Period.parse("2021")),
        fitting_cohorts("digital_gov_rank", Period.parse("2030")),
        fitting_cohorts("satisfaction_share", Period.parse("2021")),
    )


def test_a_rank_of_another_ranking_is_not_checked() -> None:
    """A rank indicator without an era table (another catalogue's) keeps any cohort."""
    cat = Catalogue(
        [
            Indicator(
                id="district_rank",
                name_vi="v",
                name_en="e",
                pillar="overall",
                unit="rank",
                kind="rank",
            )
        ]
    )
    m = Measurement(
        unit="38", indicator="district_rank", value="5/40", period="2022", catalogue=cat
    )
    assert 40 == m.cohort


def test_from_columns_refuses_a_cohort_of_another_era() -> None:
    """from_columns applies the same rule, naming the first bad row."""
    with pytest.raises(MeasurementError) as info:
        MeasurementSet.from_columns(
            unit=["38", "38"],
            indicator=["dx_index_rank"] * 2,
            period=["2023", "2024"],
            value=[11, 5],
            cohort=[63, 63],
        )
    assert (
        "row 1: '5/63' does not fit data year 2024: 'dx_index_rank' ranks "
        f"{ERAS} (expected a cohort of 34, e.g. '5/34')" == str(info.value)
    )


# -- growth rates: not below -100 % ---------------------------------------------------------

GROWTH = "measurement '38'/'labour_productivity_growth'/2024"


@pytest.mark.parametrize(("value", "shown"), [(-200, "-200"), ("-100.5 %", "'-100.5 %'")])
def test_a_growth_rate_below_minus_100_percent_is_refused(value: object, shown: str) -> None:
    """A level cannot fall by more than all of it: a yearly rate of -200 % is refused."""
    msg = refused(
        lambda: Measurement(
            unit="38", indicator="labour_productivity_growth", value=value, period="2024"
        )
    )
    assert (
        f"{GROWTH}: {shown} is below -100 % for growth-rate indicator "
        "'labour_productivity_growth' (a level cannot fall by more than all of it)" == msg
    )


def test_a_growth_rate_of_minus_100_percent_is_accepted() -> None:
    """-100 % (the level fell to zero) is the lowest rate."""
    m = Measurement(unit="38", indicator="labour_productivity_growth", value=-100, period="2024")
    assert -100.0 == m.magnitude


def test_from_columns_refuses_a_growth_rate_below_minus_100_percent() -> None:
    """from_columns checks the same floor, naming the row."""
    with pytest.raises(MeasurementError) as info:
        MeasurementSet.from_columns(
            unit=["38", "38"],
            indicator=["labour_productivity_growth"] * 2,
            period=["2023", "2024"],
            value=[5.0, -250.0],
        )
    assert (
        "row 1: -250.0 is below -100 % for growth-rate indicator 'labour_productivity_growth' "
        "(a level cannot fall by more than all of it)" == str(info.value)
    )


# -- from_columns: no nested columns, no bools ----------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"value": [[50], [60]]},
            "from_columns: value must be a column of numbers (one dimension), got 2 "
            "dimensions, shape (2, 1)",
        ),
        (
            {"value": [True, 50.0]},
            "from_columns: value must be a column of numbers, got the bool True in row 0 "
            "(write 1 or 0 if a number is meant)",
        ),
        (
            {"value": np.array([50.0, 1.0]) > 2},
            "from_columns: value must be a column of numbers, got the bool True in row 0 "
            "(write 1 or 0 if a number is meant)",
        ),
        (
            {"value": [50.0, np.bool_(False)]},
            "from_columns: value must be a column of numbers, got the bool False in row 1 "
            "(write 1 or 0 if a number is meant)",
        ),
        ({"source": ["a", 5]}, "row 1: source must be a text or None, got 5"),
    ],
)
def test_from_columns_refuses_nested_and_bool_columns(
    changes: dict[str, Any], expected: str
) -> None:
    """A value column of lists is not a column of numbers, and a bool is not a number
    (value=[True] was stored as 1.0); a source is a text or None."""
    assert expected == refused(lambda: fc(**changes))


def test_from_columns_bool_cohort_is_refused() -> None:
    """A cohort column of bools is refused too."""
    with pytest.raises(MeasurementError) as info:
        MeasurementSet.from_columns(
            unit=["38"], indicator=["dx_index_rank"], period=["2024"], value=[5], cohort=[True]
        )
    assert (
        "from_columns: cohort must be a column of numbers or None, got the bool True in row 0 "
        "(write 1 or 0 if a number is meant)" == str(info.value)
    )


def test_from_columns_source_none_is_no_source() -> None:
    """None in the source column is no source."""
    assert ["", "SIPAS"] == sorted(m.source for m in fc(source=[None, "SIPAS"]))


# -- reported counts: one per unit, level and period ---------------------------------------


def test_two_reported_counts_for_one_key_are_refused() -> None:
    """114 and 120 for the same unit, level and period: both named, none chosen."""
    a = ReportedCount(unit="38", level="commune", period="2023", count=114, total=558, source="A")
    b = ReportedCount(unit="38", level="commune", period="2023", count=120, source="B")
    msg = refused(lambda: MeasurementSet([a, b]), DuplicateMeasurementError)
    assert (
        "two different reported counts for unit '38', level 'commune', period '2023': "
        "114 of 558 (source 'A') and 120 (source 'B')" == msg
    )


def test_an_identical_reported_count_is_kept_once() -> None:
    """The same count repeated (another source) is one fact, the first kept."""
    a = ReportedCount(unit="38", level="commune", period="2023", count=114, total=558, source="A")
    b = attrs.evolve(a, source="B")
    other = attrs.evolve(a, level=Level.DISTRICT)
    assert (a, other) == MeasurementSet([a, b, other]).reported_counts


# -- shares that look like fractions ---------------------------------------------------------

FRACTIONS = (
    "from_columns: every share given as a plain number is ≤ 1 (the largest is 0.95, for "
    "'satisfaction_share'): they look like fractions, but a plain number is read as that "
    "many percent (0.95 is 0.95 %). If 0.95 means 95 %, write 95 or '95 %'"
)


def test_from_columns_warns_when_every_share_is_at_most_1() -> None:
    """Shares of 0.9 and 0.95: a ThdxWarning saying how to write them; read as given."""
    with pytest.warns(ThdxWarning) as caught:
        s = fc(value=[0.9, 0.95])
    assert ([FRACTIONS], [0.9, 0.95]) == (
        [str(w.message) for w in caught],
        sorted(m.magnitude for m in s),
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"value": [0.9, 12.0]},
        {"value": [0.0, 0.0]},
        {"indicator": ["grdp", "grdp"], "value": [0.5, 0.25]},
    ],
)
def test_no_warning_when_a_share_is_above_1_or_all_are_0(changes: dict[str, Any]) -> None:
    """One share above 1, every share 0, or no share at all: no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert 2 == len(fc(**changes))
