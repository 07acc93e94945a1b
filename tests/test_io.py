"""Tests of thdx.io: reading measurement and reported-count CSV files (every bad row at
once, each with file:line:column), writing measurements, and the bundled example data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import thdx
from thdx import Level, Measurement, MeasurementSet, Recognition
from thdx.errors import DataFileError
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

HEADER = "unit,indicator,period,value,source\n"
GOOD = HEADER + "38,satisfaction_share,2025,92.5 %,SIPAS 2025\n38,dx_index_rank,2024,5/34,DTI\n"
NOT_QUANTITY = "is not a quantity (expected a number with an optional unit, e.g. '92.5 %')"
NOT_DAY = "is not a day (a recognition's period is the date of its decision, 'YYYY-MM-DD')"
NUL = "contains a NUL byte (binary or UTF-16 data; expected UTF-8 text)"
EMPTY = "empty file (expected the header unit,indicator,period,value,source)"
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
        "d.csv:3:unit: '3x' is not an official unit code (digits)",
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
        "d.csv:12:unit: 'x' is not an official unit code (digits)",
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
    ("٣٨,satisfaction_share,2018,1,", "d.csv:19:unit: '٣٨' is not an official unit code (digits)"),
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


def test_problems_are_kept_as_a_list() -> None:
    """The error's problems hold each place and message separately."""
    with pytest.raises(DataFileError) as info:
        parse_measurements(HEADER + "3x,grdp,2024,1,\n38,grdp,x,1,\n", name="d.csv")
    assert [
        ("d.csv:2:unit", "'3x' is not an official unit code (digits)"),
        ("", f"d.csv:3:period: 'x' {PERIOD_HELP}"),
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
    text = HEADER + "38,dx_index_rank,2024,5/34,\n38,dx_index_rank,2024,5/63,\n"
    assert (
        "d.csv: 1 problem\n  d.csv:3:value: '5/63' differs from '5/34' on line 2 for the same "
        "unit '38', indicator 'dx_index_rank' and period '2024'" == problems(text)
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
    """The written CSV: header, measurements (ranks as rank/cohort), then recognitions."""
    data = MeasurementSet(
        [
            Measurement("38", "satisfaction_share", "92.5 %", "2025", "SIPAS, 2025"),
            Measurement("38", "dx_index_rank", "5/34", "2024"),
            Recognition("16000", "2023-12-20", "QĐ 1", ""),
        ]
    )
    assert (
        "unit,indicator,period,value,source\n"
        '38,satisfaction_share,2025,92.5,"SIPAS, 2025"\n'
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
        f"  {p}:6:unit: '3x' is not an official unit code (digits)\n"
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
