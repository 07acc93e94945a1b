"""Tests of thdx.io: reading measurement and reported-count CSV files (every bad row at
once, each with file:line:column), writing measurements, and the bundled example data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from pathlib import Path
from typing import Any

import pytest

import thdx
from thdx import Level, Measurement, MeasurementSet, Recognition
from thdx.io import (
    MEASUREMENT_HEADER,
    RECOGNITION_INDICATOR,
    REPORTED_COUNT_HEADER,
    example_data,
    parse_measurements,
    read_measurements,
    read_reported_counts,
    write_measurements,
)
from thdx.model import ArgumentTypeError, DataFileError, ThdxWarning

HEADER = "unit,indicator,period,value,source\n"
GOOD = HEADER + "38,satisfaction_share,2025,92.5 %,SIPAS 2025\n38,dx_index_rank,2024,5/34,DTI\n"
NOT_QUANTITY = "is not a quantity (expected a number with an optional unit, e.g. '92.5 %')"
NOT_DAY = "is not a day (a recognition's period is the date of its decision, 'YYYY-MM-DD')"
NUL = "contains a NUL byte (binary or UTF-16 data; expected UTF-8 text)"
EMPTY = "empty file (expected the header unit,indicator,period,value,source)"
NOT_CODE = "is not an official unit code (1 to 10 ASCII digits, such as '38')"
PERIOD_HELP = (
    "is not a period (expected a year '2025', half '2025-H1', quarter '2025-Q3', "
    "month '2025-06', day '2025-06-30' or range '2021/2025')"
)


def problems(text: str | bytes, name: str = "d.csv") -> str:
    """The message of the DataFileError raised by parsing ``text``."""
    with pytest.raises(DataFileError) as info:
        parse_measurements(text, name=name)
    return str(info.value)


def write(tmp_path: Path, content: str | bytes, name: str = "data.csv") -> Path:
    """A file in tmp_path with this content (text is written as UTF-8)."""
    p = tmp_path / name
    if isinstance(content, str):
        p.write_bytes(content.encode("utf-8"))
    else:
        p.write_bytes(content)
    return p


def test_headers_and_recognition_indicator() -> None:
    """The file formats are fixed."""
    assert (
        ("unit", "indicator", "period", "value", "source"),
        ("unit", "level", "period", "count", "total", "source"),
        "dx_completed",
    ) == (MEASUREMENT_HEADER, REPORTED_COUNT_HEADER, RECOGNITION_INDICATOR)


# -- reading good files -----------------------------------------------------------------


def test_read_without_bom(tmp_path: Path) -> None:
    """A UTF-8 file without BOM is read."""
    data = read_measurements(write(tmp_path, GOOD))
    m = data.get("38", "satisfaction_share", "2025")
    assert (2, 92.5, "SIPAS 2025") == (len(data), m.magnitude if m else None, m.source if m else "")


def test_read_with_bom(tmp_path: Path) -> None:
    """A UTF-8 file with BOM (as Excel writes it) is read the same."""
    data = read_measurements(write(tmp_path, "\ufeff" + GOOD))
    assert 2 == len(data)


def test_parse_text_with_bom() -> None:
    """parse_measurements drops a BOM from text too."""
    assert 2 == len(parse_measurements("\ufeff" + GOOD))


def test_read_takes_a_str_path(tmp_path: Path) -> None:
    """The path may be a str."""
    assert 2 == len(read_measurements(str(write(tmp_path, GOOD))))


def test_rank_with_cohort_is_read() -> None:
    """'5/34' in a file is rank 5 of 34."""
    m = parse_measurements(GOOD).get("38", "dx_index_rank", "2024")
    assert (5.0, 34) == ((m.magnitude, m.cohort) if m else None)


def test_crlf_and_whitespace_and_blank_lines() -> None:
    """CRLF line ends, spaces around cells and blank lines are fine."""
    text = (
        "unit , indicator,period,value,source\r\n\r\n"
        " 38 , satisfaction_share , 2025 , 92.5 % ,  SIPAS  \r\n   \r\n"
    )
    m = parse_measurements(text).get("38", "satisfaction_share", "2025")
    assert (92.5, "SIPAS") == ((m.magnitude, m.source) if m else None)


def test_source_may_be_empty_and_quoted_with_commas() -> None:
    """An empty source is fine; a quoted source may hold commas."""
    text = HEADER + '38,grdp,2024,1 VND,\n38,grdp,2025,2 VND,"a, b"\n'
    data = parse_measurements(text)
    assert ["", "a, b"] == [m.source for m in data.measurements(indicator="grdp")]


def test_header_only_is_an_empty_set() -> None:
    """A file with only the header holds no data."""
    data = parse_measurements(HEADER)
    assert (0, ()) == (len(data), data.recognitions)


def test_identical_repeat_is_kept_once() -> None:
    """The same value on two lines (even written differently) is kept once."""
    text = HEADER + "38,satisfaction_share,2025,92.5,\n38,satisfaction_share,2025,92.5 %,\n"
    assert len(parse_measurements(text)) == 1


def test_recognition_rows() -> None:
    """A dx_completed row is a recognition: period is its date, value its decision."""
    text = HEADER + '16000,dx_completed,2023-12-20,"QĐ 12/QĐ-UBND, 2023",Công báo\n'
    data = parse_measurements(text)
    assert (
        0,
        (Recognition("16000", dt.date(2023, 12, 20), "QĐ 12/QĐ-UBND, 2023", "Công báo"),),
    ) == (
        len(data),
        data.recognitions,
    )


def test_derived_share_from_a_file() -> None:
    """The digital-economy share is derived from value and GRDP read from a file."""
    text = (
        HEADER
        + "38,digital_economy_value,2025,15 nghìn tỷ đồng,\n38,grdp,2025,300 nghìn tỷ đồng,\n"
    )
    m = parse_measurements(text).get("38", "digital_economy_share", "2025")
    assert 5.0 == (m.magnitude if m else None)


def test_custom_catalogue() -> None:
    """A catalogue can be given; an empty one knows no indicator."""
    assert (
        "d.csv: 1 problem\n  d.csv:2:indicator: unknown indicator 'grdp'"
        == _with_empty_catalogue(HEADER + "38,grdp,2025,1 VND,\n")
    )


def _with_empty_catalogue(text: str) -> str:
    with pytest.raises(DataFileError) as info:
        parse_measurements(text, name="d.csv", catalogue=thdx.Catalogue())
    return str(info.value)


# -- file-level problems ----------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    """An empty file says which header it expected."""
    with pytest.raises(DataFileError) as info:
        read_measurements(write(tmp_path, b""))
    p = tmp_path / "data.csv"
    assert f"{p}: 1 problem\n  {p}:1: {EMPTY}" == str(info.value)


def test_bom_only_is_empty() -> None:
    """A BOM and nothing else is an empty file."""
    assert (
        "d.csv: 1 problem\n  d.csv:1: empty file (expected the header "
        "unit,indicator,period,value,source)" == problems(b"\xef\xbb\xbf")
    )


def test_wrong_header() -> None:
    """A wrong header shows what was found and what was expected."""
    assert (
        "d.csv: 1 problem\n  d.csv:1: header is 'unit,indicator,period,value', "
        "expected 'unit,indicator,period,value,source'" == problems("unit,indicator,period,value\n")
    )


def test_header_is_case_sensitive() -> None:
    """'Unit' is not 'unit'."""
    assert (
        "d.csv: 1 problem\n  d.csv:1: header is 'Unit,indicator,period,value,source', "
        "expected 'unit,indicator,period,value,source'"
        == problems("Unit,indicator,period,value,source\n")
    )


def test_blank_first_line_is_a_wrong_header() -> None:
    """The header must be on line 1."""
    assert (
        "d.csv: 1 problem\n  d.csv:1: header is '', expected 'unit,indicator,period,value,source'"
        == problems("\n" + GOOD)
    )


def test_non_utf8_bytes() -> None:
    """Latin-1 bytes are refused with the line and byte offset of the first bad byte."""
    raw = (HEADER + "38,satisfaction_share,2025,92.5,Thé\n").encode("latin-1")
    assert (
        "d.csv: 1 problem\n  d.csv:2: not UTF-8 (invalid continuation byte at byte 69)"
        == problems(raw)
    )


def test_windows_1258_bytes(tmp_path: Path) -> None:
    """A Vietnamese legacy code page is not UTF-8 either."""
    raw = (HEADER + "38,satisfaction_share,2025,92.5,Thanh Hóa\n").encode("cp1258")
    with pytest.raises(DataFileError) as info:
        read_measurements(write(tmp_path, raw))
    p = tmp_path / "data.csv"
    assert f"{p}: 1 problem\n  {p}:2: not UTF-8 (invalid continuation byte at byte 74)" == str(
        info.value
    )


def test_utf16_with_bom() -> None:
    """UTF-16 text (with its BOM) is named as such."""
    assert (
        "d.csv: 1 problem\n  d.csv:1: UTF-16 text (expected UTF-8: save the file as UTF-8)"
        == problems(GOOD.encode("utf-16"))
    )


def test_utf16_without_bom_has_nul_bytes() -> None:
    """UTF-16 without BOM decodes as UTF-8 full of NUL bytes: refused at the first."""
    assert f"d.csv: 1 problem\n  d.csv:1: {NUL}" == problems(GOOD.encode("utf-16-le"))


def test_nul_byte_line() -> None:
    """A NUL byte is reported on its line."""
    assert f"d.csv: 1 problem\n  d.csv:4: {NUL}" == problems(GOOD + "38,grdp,2024,1\x00,\n")


def test_unterminated_quote() -> None:
    """A quote that never closes is invalid CSV."""
    assert "d.csv: 1 problem\n  d.csv:2: not valid CSV: unexpected end of data" == problems(
        HEADER + '38,satisfaction_share,2025,"92.5 %\n'
    )


def test_missing_file(tmp_path: Path) -> None:
    """A file that cannot be read is a DataFileError naming it."""
    p = tmp_path / "missing.csv"
    with pytest.raises(DataFileError) as info:
        read_measurements(p)
    assert f"{p}: 1 problem\n  {p}: cannot read: No such file or directory" == str(info.value)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    """A directory is not a data file."""
    with pytest.raises(DataFileError) as info:
        read_measurements(tmp_path)
    assert f"{tmp_path}: 1 problem\n  {tmp_path}: cannot read: Is a directory" == str(info.value)


# -- row- and value-level problems: every bad row at once ----------------------------------

BAD_ROWS = [
    (
        "38,satisfaction_share,2025,101 %,x",
        "d.csv:2:value: '101 %' is outside 0–100 % for share indicator 'satisfaction_share'",
    ),
    (
        "3x,satisfaction_share,2025,1 %,x",
        f"d.csv:3:unit: '3x' {NOT_CODE}",
    ),
    ("38,nope,2025,1,x", "d.csv:4:indicator: unknown indicator 'nope'"),
    ("38,satisfaction_share,20x5,1,x", f"d.csv:5:period: '20x5' {PERIOD_HELP}"),
    (
        "38,satisfaction_share,2024,abc,x",
        f"d.csv:6:value: 'abc' {NOT_QUANTITY}",
    ),
    (",satisfaction_share,,1,x", "d.csv:7:unit: empty\n  d.csv:7:period: empty"),
    (
        "38,satisfaction_share,2023",
        "d.csv:8: expected 5 fields, got 3: ['38', 'satisfaction_share', '2023']",
    ),
    (
        "38,dx_index_rank,2024,40/34,x",
        "d.csv:9:value: '40/34' is not a rank within its cohort (1 ≤ rank ≤ cohort)",
    ),
    (
        "38,satisfaction_share,2022,5 VND,x",
        "d.csv:10:value: '5 VND' has unit 'VND', which cannot be converted to 'percent'",
    ),
    (
        "38,dx_completed,2023,QĐ 1,x",
        f"d.csv:11:period: '2023' {NOT_DAY}",
    ),
    (
        "x,dx_completed,2023-01-01,QĐ 1,x",
        f"d.csv:12:unit: 'x' {NOT_CODE}",
    ),
    (
        "1,dx_completed,2023-02-30,QĐ 1,x",
        f"d.csv:13:period: '2023-02-30' {NOT_DAY}",
    ),
    ("38,grdp,2024,-1 VND,", "d.csv:14:value: '-1 VND' is negative for level indicator 'grdp'"),
    ("38,satisfaction_share,2021,nan,", "d.csv:15:value: 'nan' is not a finite number"),
    ("38,satisfaction_share,2020,1e400,", "d.csv:16:value: '1e400' is not a finite number"),
    ("38,satisfaction_share,2019,,", "d.csv:17:value: empty"),
    ("38,dx_completed,2023-01-01,,", "d.csv:18:value: empty"),
    ("٣٨,satisfaction_share,2018,1,", f"d.csv:19:unit: '٣٨' {NOT_CODE}"),
    ("٣٨380,satisfaction_share,2017,1,", f"d.csv:20:unit: '٣٨380' {NOT_CODE}"),
]


def test_every_bad_row_is_reported_at_once() -> None:
    """One DataFileError lists every bad row, each with file:line:column, in file order."""
    text = HEADER + "".join(row + "\n" for row, _ in BAD_ROWS)
    n = sum(msg.count("\n  ") + 1 for _, msg in BAD_ROWS)
    expected = f"d.csv: {n} problems\n  " + "\n  ".join(msg for _, msg in BAD_ROWS)
    assert expected == problems(text)


@pytest.mark.parametrize(("row", "expected"), BAD_ROWS)
def test_each_bad_row_alone(row: str, expected: str) -> None:
    """Each bad row alone gives its own message (line numbers shifted to line 2)."""
    line = expected.split(":")[1]
    alone = expected.replace(f"d.csv:{line}:", "d.csv:2:").replace(f"d.csv:{line}: ", "d.csv:2: ")
    n = alone.count("\n  ") + 1
    head = f"d.csv: {n} problem{'s' if n > 1 else ''}\n  "
    assert head + alone == problems(HEADER + row + "\n")


@pytest.mark.parametrize("code", ["٣٨380", "３８", "12345678901", "38 380"])
def test_a_unit_code_is_one_to_ten_ascii_digits(tmp_path: Path, code: str) -> None:
    """A unit code of non-ASCII digits (Arabic-Indic, full-width), too long or with a
    space is refused in a measurements file and a reported counts file alike, with the
    one wording of thdx.model._coerce."""
    text = HEADER + f"{code},satisfaction_share,2024,1,\n"
    assert f"d.csv: 1 problem\n  d.csv:2:unit: {code!r} {NOT_CODE}" == problems(text)
    p = write(tmp_path, f"unit,level,period,count,total,source\n{code},commune,2024,1,2,\n")
    with pytest.raises(DataFileError) as info:
        read_reported_counts(p)
    assert [f"{p}:2:unit: {code!r} {NOT_CODE}"] == [str(q) for q in info.value.problems]


def test_problems_are_kept_as_a_list() -> None:
    """The error's problems hold each place and message separately."""
    with pytest.raises(DataFileError) as info:
        parse_measurements(HEADER + "3x,grdp,2024,1,\n38,grdp,x,1,\n", name="d.csv")
    assert [
        ("d.csv:2:unit", f"'3x' {NOT_CODE}"),
        ("d.csv:3:period", f"'x' {PERIOD_HELP}"),
    ] == [(p.where, p.message) for p in info.value.problems]


def test_duplicate_names_both_lines() -> None:
    """Two different values for one unit x indicator x period name both lines."""
    text = (
        HEADER
        + "38,satisfaction_share,2025,92.5,\n38,grdp,2025,1,\n38,satisfaction_share,2025,93 %,\n"
    )
    assert (
        "d.csv: 1 problem\n  d.csv:4:value: '93 %' differs from '92.5 %' on line 2 for the same "
        "unit '38', indicator 'satisfaction_share' and period '2025'" == problems(text)
    )


def test_duplicate_rank_with_other_cohort() -> None:
    """The same rank in another cohort is a different value."""
    text = HEADER + "38,dx_index_rank,2023/2024,5/34,\n38,dx_index_rank,2023/2024,5/63,\n"
    assert (
        "d.csv: 1 problem\n  d.csv:3:value: '5/63' differs from '5/34' on line 2 for the same "
        "unit '38', indicator 'dx_index_rank' and period '2023/2024'" == problems(text)
    )


def test_field_too_long() -> None:
    """A field over 10,000 characters is refused without being parsed."""
    text = HEADER + "38,satisfaction_share,2025," + "9" * 10_001 + ",\n"
    assert "d.csv: 1 problem\n  d.csv:2:value: field longer than 10000 characters" == problems(text)


def test_derived_value_out_of_range() -> None:
    """A derived share above 100 % is reported for the file, naming unit and period."""
    text = (
        HEADER + "38,digital_economy_value,2025,15 trillion VND,\n38,grdp,2025,10 trillion VND,\n"
    )
    assert (
        "d.csv: 1 problem\n  d.csv: derived 'digital_economy_share' for unit '38', period '2025': "
        "150.0 is outside 0–100 % for share indicator 'digital_economy_share'" == problems(text)
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=cmd|' /C calc'!A0", "\"=cmd|' /C calc'!A0\""),
        ("@SUM(1+1)", "'@SUM(1+1)'"),
        ("=1+1", "'=1+1'"),
    ],
)
def test_formula_injection_is_just_bad_text(value: str, shown: str) -> None:
    """Spreadsheet formulas are not evaluated: they are values that are not quantities."""
    text = HEADER + f'38,satisfaction_share,2025,"{value}",\n'
    assert (
        f"d.csv: 1 problem\n  d.csv:2:value: {shown} is not a quantity "
        "(expected a number with an optional unit, e.g. '92.5 %')" == problems(text)
    )


def test_formula_in_source_is_kept_as_text() -> None:
    """A formula in the source column is kept verbatim, never evaluated."""
    text = HEADER + "38,satisfaction_share,2025,+1,=cmd|' /C calc'!A0\n"
    with pytest.warns(ThdxWarning):  # a share of 1 %, alone: it looks like a fraction
        m = parse_measurements(text).get("38", "satisfaction_share", "2025")
    assert (1.0, "=cmd|' /C calc'!A0") == ((m.magnitude, m.source) if m else None)


# -- writing ----------------------------------------------------------------------------


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    """write_measurements writes what read_measurements reads back, value for value."""
    data = MeasurementSet(
        [
            Measurement("38", "satisfaction_share", "92.5 %", "2025", "SIPAS, 2025"),
            Measurement("38", "dx_index_rank", "5/34", "2024", "DTI"),
            Measurement("38", "dx_index_rank", 7, "2023"),
            Measurement("38", "grdp", "1.2345678901234 trillion VND", "2025-Q3"),
            Measurement("38", "labour_productivity", "120 triệu đồng/lao động", "2021/2025"),
            Recognition("16000", "2023-12-20", "QĐ 1/QĐ-UBND", "Công báo"),
        ]
    )
    path = tmp_path / "out.csv"
    text = write_measurements(data, path)
    back = read_measurements(path)
    assert (text, data.to_records(), data.recognitions) == (
        path.read_text("utf-8"),
        back.to_records(),
        back.recognitions,
    )


def test_write_text(tmp_path: Path) -> None:
    """The written CSV: header, measurements (shares with their unit, ranks as
    rank/cohort), then recognitions."""
    data = MeasurementSet(
        [
            Measurement("38", "satisfaction_share", "92.5 %", "2025", "SIPAS, 2025"),
            Measurement("38", "dx_index_rank", "5/34", "2024"),
            Recognition("16000", "2023-12-20", "QĐ 1", ""),
        ]
    )
    assert (
        "unit,indicator,period,value,source\n"
        '38,satisfaction_share,2025,92.5 %,"SIPAS, 2025"\n'
        "38,dx_index_rank,2024,5/34,\n"
        "16000,dx_completed,2023-12-20,QĐ 1,\n" == write_measurements(data)
    )


def test_write_quotes_carriage_returns(tmp_path: Path) -> None:
    """A source holding a bare CR or LF is quoted, so the row reads back whole."""
    data = parse_measurements(
        HEADER + '38,grdp,2025,1 VND,"line\rbreak"\n38,grdp,2024,1 VND,"two\nlines"\n'
    )
    path = tmp_path / "out.csv"
    text = write_measurements(data, path)
    back = read_measurements(path)
    assert (
        'unit,indicator,period,value,source\n38,grdp,2024,1.0,"two\nlines"\n'
        '38,grdp,2025,1.0,"line\rbreak"\n',
        path.read_bytes().decode("utf-8"),
        ["two\nlines", "line\rbreak"],
    ) == (text, text, [m.source for m in back])


def test_write_skips_derived_values() -> None:
    """Derived values are not written: reading recomputes them."""
    data = MeasurementSet(
        [
            Measurement("38", "digital_economy_value", "1 billion VND", "2025"),
            Measurement("38", "grdp", "4 billion VND", "2025"),
        ]
    )
    text = write_measurements(data)
    back = parse_measurements(text)
    assert (3, 2, 3, "digital_economy_share" in text) == (
        len(data),
        text.count("\n") - 1,
        len(back),
        False,
    )


def test_example_data_round_trip() -> None:
    """The bundled example data survives write then read (reported counts aside)."""
    data = example_data()
    back = parse_measurements(write_measurements(data))
    assert data.to_records() == back.to_records()


# -- example data -----------------------------------------------------------------------


def test_example_data_contents() -> None:
    """The bundled figures: 8 ranks, the 2023 digital-economy share, one reported count."""
    data = example_data()
    ranks = [m.shown() for m in data.measurements(indicator="dx_index_rank")]
    share = data.get("38", "digital_economy_share", "2023")
    (rc,) = data.reported_counts
    assert (
        9,
        ["15/63", "12/63", "15/63", "11/63", "5/34"],
        8.28,
        (Level.COMMUNE, "2023", 114, 558),
        (),
    ) == (
        len(data),
        ranks,
        share.magnitude if share else None,
        (rc.level, str(rc.period), rc.count, rc.total),
        data.recognitions,
    )


# -- reported counts --------------------------------------------------------------------

RC_HEADER = "unit,level,period,count,total,source\n"


def test_read_reported_counts(tmp_path: Path) -> None:
    """Reported counts are read with optional totals; blank lines are skipped."""
    p = write(
        tmp_path, "\ufeff" + RC_HEADER + "38,commune,2023,114,558,src\n\n38,district,2024,3,,\n"
    )
    counts = read_reported_counts(p)
    assert [(Level.COMMUNE, "2023", 114, 558, "src"), (Level.DISTRICT, "2024", 3, None, "")] == [
        (c.level, str(c.period), c.count, c.total, c.source) for c in counts
    ]


def test_reported_counts_every_bad_row(tmp_path: Path) -> None:
    """Every bad reported-count row is listed with its line and column."""
    p = write(
        tmp_path,
        RC_HEADER
        + "38,village,2023,114,558,src\n"
        + "38,commune,20x3,1,,\n"
        + "38,commune,2023,-1,,\n"
        + "38,commune,2023,5,4,\n"
        + "3x,commune,2023,1,,\n"
        + "38,commune,2023\n"
        + "38,commune,2023,1.5,x,\n"
        + ",,,,,\n"
        + "38,commune,2023,"
        + "9" * 12
        + ",,\n",
        "rc.csv",
    )
    with pytest.raises(DataFileError) as info:
        read_reported_counts(p)
    assert (
        f"{p}: 13 problems\n"
        f"  {p}:2:level: 'village' is not a level (expected 'district' or 'commune')\n"
        f"  {p}:3:period: '20x3' {PERIOD_HELP}\n"
        f"  {p}:4:count: '-1' is not a whole number ≥ 0 (at most 9 digits)\n"
        f"  {p}:5:count: the count 5 exceeds the total 4\n"
        f"  {p}:6:unit: '3x' {NOT_CODE}\n"
        f"  {p}:7: expected 6 fields, got 3: ['38', 'commune', '2023']\n"
        f"  {p}:8:count: '1.5' is not a whole number ≥ 0 (at most 9 digits)\n"
        f"  {p}:8:total: 'x' is not a whole number ≥ 0 (at most 9 digits)\n"
        f"  {p}:9:unit: empty\n"
        f"  {p}:9:level: empty\n"
        f"  {p}:9:period: empty\n"
        f"  {p}:9:count: empty\n"
        f"  {p}:10:count: '999999999999' is not a whole number ≥ 0 (at most 9 digits)"
        == str(info.value)
    )


def test_reported_counts_wrong_header(tmp_path: Path) -> None:
    """A measurements file is not a reported-counts file."""
    p = write(tmp_path, HEADER)
    with pytest.raises(DataFileError) as info:
        read_reported_counts(p)
    assert (
        f"{p}: 1 problem\n  {p}:1: header is 'unit,indicator,period,value,source', "
        "expected 'unit,level,period,count,total,source'" == str(info.value)
    )


def test_reported_counts_not_utf8(tmp_path: Path) -> None:
    """Reported counts must be UTF-8 too."""
    p = write(tmp_path, (RC_HEADER + "38,commune,2023,1,,Thé\n").encode("latin-1"))
    with pytest.raises(DataFileError) as info:
        read_reported_counts(p)
    assert f"{p}: 1 problem\n  {p}:2: not UTF-8 (invalid continuation byte at byte 58)" == str(
        info.value
    )


def test_reported_counts_missing_file(tmp_path: Path) -> None:
    """A missing file is a DataFileError naming it."""
    p = tmp_path / "nope.csv"
    with pytest.raises(DataFileError) as info:
        read_reported_counts(p)
    assert f"{p}: 1 problem\n  {p}: cannot read: No such file or directory" == str(info.value)


def test_identical_recognition_rows_are_kept_once() -> None:
    """A recognition row repeated in a file is one recognition."""
    text = HEADER + "16000,dx_completed,2023-12-20,QĐ 1,\n16000,dx_completed,2023-12-20,QĐ 1,\n"
    assert len(parse_measurements(text).recognitions) == 1


# -- hostile arguments -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda: read_measurements(None),  # type: ignore[arg-type]
            "read_measurements: path must be a file path (a str or os.PathLike), got None",
        ),
        (
            lambda: read_measurements(b"data.csv"),  # type: ignore[arg-type]
            "read_measurements: path must be a file path (a str or os.PathLike), got b'data.csv'",
        ),
        (
            lambda: read_reported_counts(5),  # type: ignore[arg-type]
            "read_reported_counts: path must be a file path (a str or os.PathLike), got 5",
        ),
        (
            lambda: thdx.read_units(None),  # type: ignore[arg-type]
            "read_units: path must be a file path (a str or os.PathLike), got None",
        ),
        (
            lambda: parse_measurements(None),  # type: ignore[arg-type]
            "parse_measurements: text must be a str or bytes, got None",
        ),
        (
            lambda: write_measurements([Measurement("38", "grdp", 1, "2024")]),  # type: ignore[arg-type]
            "write_measurements: data must be a MeasurementSet, got "
            "[Measurement(unit='38', indicator='grdp', value=1.0, period='2024')]",
        ),
        (
            lambda: write_measurements(MeasurementSet(), 3.5),  # type: ignore[arg-type]
            "write_measurements: path must be a file path (a str or os.PathLike), got 3.5",
        ),
    ],
)
def test_an_argument_of_the_wrong_type_is_refused(call: Any, expected: str) -> None:
    """read_measurements(None) raised a bare TypeError: an ArgumentTypeError names it."""
    with pytest.raises(ArgumentTypeError) as info:
        call()
    assert expected == str(info.value)


@pytest.mark.parametrize("read", [read_measurements, read_reported_counts, thdx.read_units])
def test_a_path_with_a_nul_byte_is_refused(read: Any) -> None:
    """A NUL byte in a path (no file can have it) is a DataFileError naming the path."""
    with pytest.raises(DataFileError) as info:
        read("data\x00.csv")
    assert (
        "'data\\x00.csv': 1 problem\n  'data\\x00.csv': cannot read: the path contains a NUL "
        "byte" == str(info.value)
    )


# -- writing everything: counts, notes, formulas, spaces --------------------------------


def contents(data: MeasurementSet) -> tuple[object, ...]:
    """What a set holds, to compare two sets."""
    return (sorted(data, key=repr), data.recognitions, data.reported_counts)


def test_example_data_round_trips_whole() -> None:
    """write_measurements writes the reported counts of example_data() too: reading the
    text back gives an equal set (it dropped them)."""
    data = example_data()
    text = write_measurements(data)
    assert (contents(data), True) == (
        contents(parse_measurements(text)),
        "38,dx_completed_communes,2023,114/558,Provincial recognitions as reported" in text,
    )


def test_notes_and_counts_are_written_and_read_back(tmp_path: Path) -> None:
    """A note makes a sixth column; a count without total is written alone."""
    data = MeasurementSet(
        [
            Measurement("38", "satisfaction_share", 92.5, "2025", "SIPAS", note="provisional"),
            Measurement("38", "grdp", 1, "2024"),
            Recognition("16000", "2023-12-20", "QĐ 1", "Công báo"),
            thdx.ReportedCount("38", "district", "2024", 6, None, "report"),
        ]
    )
    path = tmp_path / "all.csv"
    text = write_measurements(data, path)
    assert (
        "unit,indicator,period,value,source,note\n"
        "38,satisfaction_share,2025,92.5 %,SIPAS,provisional\n"
        "38,grdp,2024,1.0,,\n"
        "16000,dx_completed,2023-12-20,QĐ 1,Công báo,\n"
        "38,dx_completed_districts,2024,6,report,\n",
        contents(data),
    ) == (text, contents(read_measurements(path)))


FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1+1)", "+1", "-1", "\tx", "\rx", "=1+1"]


@pytest.mark.parametrize("text", [*FORMULAS, " lead", "trail ", "'=x", "''-x", "'quoted'", "x'"])
def test_texts_round_trip_and_never_start_a_formula(text: str) -> None:
    """Sources, notes and decisions that a spreadsheet would run (=, +, -, @, tab, CR) are
    written after a single quote (OWASP), as are texts with leading or trailing spaces;
    reading removes the quote: the round trip gives the text back."""
    data = MeasurementSet(
        [
            Measurement("38", "grdp", 1, "2024", source=text, note=text),
            Recognition("16000", "2023-12-20", "QĐ " + text, source=text),
            Recognition("16001", "2023-12-20", text + "1", source=""),
        ]
    )
    written = write_measurements(data)
    cells = [c for row in csv.reader(io.StringIO(written, newline="")) for c in row]
    assert (contents(data), []) == (
        contents(parse_measurements(written)),
        [c for c in cells if c and c[0] in "=+-@\t\r"],
    )


def test_formula_cells_are_written_with_a_quote() -> None:
    """The written text: a quote before a formula; numbers as they are ("-1.5")."""
    data = MeasurementSet(
        [
            Measurement("38", "labour_productivity_growth", -1.5, "2024", "=HYPERLINK(1)"),
            Recognition("16000", "2023-12-20", "@SUM(1+1)", " Công báo "),
        ]
    )
    assert (
        "unit,indicator,period,value,source\n"
        "38,labour_productivity_growth,2024,-1.5,'=HYPERLINK(1)\n"
        "16000,dx_completed,2023-12-20,'@SUM(1+1),' Công báo \n" == write_measurements(data)
    )


def test_a_quoted_cell_is_read_as_its_text() -> None:
    """ "'=x" is read as "=x", "'-1" as the number -1; a quote before anything else stays."""
    text = HEADER + "38,labour_productivity_growth,2024,'-1,'=x\n38,grdp,2024,1,'SIPAS'\n"
    data = parse_measurements(text)
    g, m = data.get("38", "labour_productivity_growth", "2024"), data.get("38", "grdp", "2024")
    assert ((-1.0, "=x"), "'SIPAS'") == (
        (g.magnitude, g.source) if g else None,
        m.source if m else None,
    )


def test_spaces_of_a_source_survive_the_round_trip(tmp_path: Path) -> None:
    """Leading and trailing spaces of a source were lost on the round trip."""
    data = MeasurementSet([Measurement("38", "grdp", 1, "2024", source="  SIPAS 2025 ")])
    path = tmp_path / "s.csv"
    write_measurements(data, path)
    m = read_measurements(path).get("38", "grdp", "2024")
    assert "  SIPAS 2025 " == (m.source if m else None)


def test_a_hand_written_source_is_still_stripped() -> None:
    """Without the quote, a cell is stripped as before ("38, grdp, 2024, 1, SIPAS")."""
    m = parse_measurements(HEADER + "38, grdp, 2024, 1,  SIPAS \n").get("38", "grdp", "2024")
    assert "SIPAS" == (m.source if m else None)


# -- reported counts and notes in a measurements file ---------------------------------------


def test_reported_count_rows() -> None:
    """A row whose indicator is dx_completed_communes (or _districts) is a reported count."""
    text = (
        HEADER
        + "38,dx_completed_communes,2023,114/558,report\n38,dx_completed_districts,2024, 6 ,\n"
    )
    assert (
        thdx.ReportedCount("38", "commune", "2023", 114, 558, "report"),
        thdx.ReportedCount("38", "district", "2024", 6, None, ""),
    ) == parse_measurements(text).reported_counts


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "38,dx_completed_communes,2023,many,",
            "d.csv:2:value: 'many' is not a reported count (expected 'count/total' such as "
            "'114/558', or 'count'; whole numbers ≥ 0, at most 9 digits)",
        ),
        (
            "38,dx_completed_communes,2023,5/4,",
            "d.csv:2:value: reported count 5 exceeds its total 4",
        ),
        ("38,dx_completed_communes,20x3,5,", f"d.csv:2:period: '20x3' {PERIOD_HELP}"),
    ],
)
def test_bad_reported_count_rows(row: str, expected: str) -> None:
    """A reported count row is checked like read_reported_counts' rows."""
    assert f"d.csv: 1 problem\n  {expected}" == problems(HEADER + row + "\n")


def test_two_reported_counts_in_a_file_are_refused() -> None:
    """114 and 120 for one unit, level and period: both named."""
    text = HEADER + "38,dx_completed_communes,2023,114,A\n38,dx_completed_communes,2023,120,B\n"
    assert (
        "d.csv: 1 problem\n  d.csv: two different reported counts for unit '38', level "
        "'commune', period '2023': 114 (source 'A') and 120 (source 'B')" == problems(text)
    )


def test_two_reported_counts_in_a_counts_file_are_refused(tmp_path: Path) -> None:
    """In a reported-counts file, the later line is named with the first."""
    p = write(tmp_path, RC_HEADER + "38,commune,2023,114,558,A\n38,commune,2023,120,558,B\n")
    with pytest.raises(DataFileError) as info:
        read_reported_counts(p)
    assert (
        f"{p}: 1 problem\n  {p}:3:count: '120/558' differs from '114/558' on line 2 for the "
        "same unit '38', level 'commune' and period '2023'" == str(info.value)
    )


def test_a_note_column_is_read() -> None:
    """The optional sixth column holds a measurement's note."""
    text = (
        "unit,indicator,period,value,source,note\n"
        "38,grdp,2024,1,s,first estimate\n38,grdp,2023,2,,\n"
    )
    data = parse_measurements(text)
    assert ["", "first estimate"] == sorted(m.note for m in data)


def test_a_recognition_with_a_note_is_refused() -> None:
    """A recognition has no note: the row is refused rather than its note dropped."""
    text = "unit,indicator,period,value,source,note\n16000,dx_completed,2023-12-20,QĐ 1,,x\n"
    assert (
        "d.csv: 1 problem\n  d.csv:2:note: a recognition has no note (put it in the source)"
        == problems(text)
    )


# -- values that do not fit their indicator ------------------------------------------------


def test_a_rank_of_another_era_in_a_file() -> None:
    """5/34 for data year 2022 is refused at its line, naming the cohorts of each era."""
    assert (
        "d.csv: 1 problem\n  d.csv:2:value: '5/34' does not fit data year 2022: 'dx_index_rank' "
        "ranks 63 provinces up to data year 2023, 34 provinces from data year 2024 (expected a "
        "cohort of 63, e.g. '5/63')" == problems(HEADER + "38,dx_index_rank,2022,5/34,\n")
    )


def test_a_growth_rate_below_minus_100_percent_in_a_file() -> None:
    """A yearly rate of -200 % is refused at its line."""
    assert (
        "d.csv: 1 problem\n  d.csv:2:value: '-200 %' is below -100 % for growth-rate indicator "
        "'labour_productivity_growth' (a level cannot fall by more than all of it)"
        == problems(HEADER + "38,labour_productivity_growth,2024,-200 %,\n")
    )


# -- shares that look like fractions ---------------------------------------------------------


def test_a_file_of_shares_at_most_1_warns() -> None:
    """Every share ≤ 1 as a plain number: a ThdxWarning naming the file and the fix."""
    text = HEADER + "38,satisfaction_share,2024,0.9,\n38,eid_users_share,2024,0.925,\n"
    with pytest.warns(ThdxWarning) as caught:
        data = parse_measurements(text, name="d.csv")
    assert (
        [
            "d.csv: every share given as a plain number is ≤ 1 (the largest is 0.925, for "
            "'eid_users_share'): they look like fractions, but a plain number is read as that "
            "many percent (0.925 is 0.925 %). If 0.925 means 92.5 %, write 92.5 or '92.5 %'"
        ],
        [0.9, 0.925],
    ) == ([str(w.message) for w in caught], sorted(m.magnitude for m in data))


@pytest.mark.parametrize(
    "rows",
    [
        "38,satisfaction_share,2024,0.9 %,\n38,eid_users_share,2024,0.5 %,\n",
        "38,satisfaction_share,2024,0.9,\n38,eid_users_share,2024,45,\n",
        "38,grdp,2024,0.5,\n",
    ],
)
def test_no_fraction_warning_with_a_unit_or_a_share_above_1(rows: str) -> None:
    """Shares written with "%", one share above 1, or no share: no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(parse_measurements(HEADER + rows)) >= 1


def test_reading_the_shipped_files_gives_no_warning() -> None:
    """The bundled example data is read without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(example_data()) >= 9
