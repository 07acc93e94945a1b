"""Tests of MeasurementSet.from_frame and to_frame: a DataFrame read with the columns and
rules of the CSV file (ranks with cohort, recognitions, reported counts, codes as text,
missing cells as empty cells, every problem at once with its row's label), and back."""

from __future__ import annotations

import io
import sys
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx import strategies as ts
from thdx.io import example_data, parse_measurements
from thdx.model import ArgumentTypeError, DataFileError, MeasurementError, ThdxWarning
from thdx.store import Measurement, MeasurementSet

pd = pytest.importorskip("pandas")

#: A file using every kind of row: a share in percent, a rank with its cohort, a level
#: with a note, a recognition, a reported count (with and without total).
TEXT = (
    "unit,indicator,period,value,source,note\n"
    "38,satisfaction_share,2025,92.5 %,SIPAS 2025,\n"
    "38,dx_index_rank,2023,11/63,DTI 2023,\n"
    "38,grdp,2024,150000000000000,GSO,provisional\n"
    "16000,dx_completed,2023-12-01,QĐ 12/QĐ-UBND,Gazette,\n"
    "38,dx_completed_communes,2023,114/558,Report 5,\n"
    "38,dx_completed_districts,2024,9,,\n"
)


NOT_CODE = "is not an official unit code (1 to 10 ASCII digits, such as '38')"


def key(m: Measurement) -> tuple[str, str, str]:
    """What identifies a measurement in a set: unit, indicator, period."""
    return (m.unit, m.indicator, str(m.period))


def no_derived_clash(ms: list[Measurement]) -> bool:
    """Whether no unit and period has both parts of a derived indicator (the set would
    derive a value the parts' reading computes again)."""
    cat = thdx.default_catalogue()
    parts = {str(p) for i in cat.values() if i.derived for p in (i.numerator, i.denominator)}
    seen = [(m.unit, m.period) for m in ms if m.indicator in parts]
    return len(seen) == len(set(seen))


def one(data: MeasurementSet, unit: str, indicator: str, period: str) -> Measurement:
    """The measurement of a set for a unit, indicator and period (which it must hold)."""
    m = data.get(unit, indicator, period)
    assert m is not None
    return m


def same(a: MeasurementSet, b: MeasurementSet) -> bool:
    """Whether two sets hold the same measurements, recognitions and reported counts."""
    return (
        sorted(a, key=key) == sorted(b, key=key)
        and a.recognitions == b.recognitions
        and a.reported_counts == b.reported_counts
    )


def problems(exc: pytest.ExceptionInfo[DataFileError]) -> list[str]:
    """The problems of an error, as text."""
    return [str(p) for p in exc.value.problems]


# -- the same rows as the CSV file --------------------------------------------------------


def test_text_frame_reads_as_the_file() -> None:
    """The file read by pandas as text gives the set the CSV reader gives."""
    df = pd.read_csv(io.StringIO(TEXT), dtype=str, keep_default_na=False)
    got = MeasurementSet.from_frame(df)
    assert same(parse_measurements(TEXT), got)
    assert (3, 1, 2) == (len(got), len(got.recognitions), len(got.reported_counts))
    assert "11/63" == one(got, "38", "dx_index_rank", "2023").shown()
    assert "provisional" == one(got, "38", "grdp", "2024").note


def test_frame_of_python_values() -> None:
    """Numbers in the value column, a year as an int, None and NaN as empty cells."""
    df = pd.DataFrame(
        {
            "unit": ["38", "38", "380"],
            "indicator": ["grdp", "digital_economy_value", "dx_index_rank"],
            "period": [2024, 2024.0, "2024"],
            "value": [1.5e14, 3_000_000, "5/34"],
            "source": ["GSO", None, float("nan")],
        }
    )
    got = MeasurementSet.from_frame(df)
    assert 1.5e14 == one(got, "38", "grdp", "2024").magnitude
    assert 3_000_000 == one(got, "38", "digital_economy_value", "2024").magnitude
    assert ("", 34) == (
        one(got, "380", "dx_index_rank", "2024").source,
        one(got, "380", "dx_index_rank", "2024").cohort,
    )


def test_missing_cells_are_empty_cells() -> None:
    """None, NaN and pd.NA are reported as the CSV reader reports an empty cell."""
    csv_text = "unit,indicator,period,value,source\n,grdp,2024,,\n"
    with pytest.raises(DataFileError) as from_csv:
        parse_measurements(csv_text)
    df = pd.DataFrame(
        {"unit": [None], "indicator": ["grdp"], "period": ["2024"], "value": [pd.NA]},
        dtype=object,
    )
    with pytest.raises(DataFileError) as from_df:
        MeasurementSet.from_frame(df)
    # the same problems: only the place differs (line 2 of the file, row 0 of the frame)
    assert [p.replace("<data>:2", "<frame>:row 0") for p in problems(from_csv)] == problems(from_df)
    assert ["<frame>:row 0:unit: empty", "<frame>:row 0:value: empty"] == problems(from_df)


def test_nullable_columns() -> None:
    """Nullable Int64 and Float64 columns: pd.NA is an empty cell, the rest numbers."""
    df = pd.DataFrame(
        {
            "unit": ["38", "38", "38"],
            "indicator": ["grdp", "digital_economy_value", "grdp"],
            "period": pd.array([2024, 2024, None], dtype="Int64"),
            "value": pd.array([1.5e14, None, 3.0], dtype="Float64"),
        }
    )
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    assert ["<frame>:row 1:value: empty", "<frame>:row 2:period: empty"] == problems(exc)
    got = MeasurementSet.from_frame(df.iloc[:1])
    assert 1.5e14 == one(got, "38", "grdp", "2024").magnitude


def test_every_problem_at_once_with_labels() -> None:
    """Each bad row is named by its label in the frame's index, all in one error."""
    df = pd.DataFrame(
        {
            "unit": ["38", "38", "x1", "38"],
            "indicator": ["grdp", "no_such", "grdp", "grdp"],
            "period": ["2024", "2024", "2024", "2024"],
            "value": ["1", "2", "3", [1, 2]],
        },
        index=["a", "b", "c", "d"],
    )
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df, source="sheet.xlsx")
    assert [
        "sheet.xlsx:row 'b':indicator: unknown indicator 'no_such'",
        f"sheet.xlsx:row 'c':unit: 'x1' {NOT_CODE}",
        "sheet.xlsx:row 'd':value: [1, 2] (list) is not a number or a text",
    ] == problems(exc)


def test_differing_repeat_names_the_first_row() -> None:
    """Two values for one unit, indicator and period: the later row names the first."""
    df = pd.DataFrame(
        {"unit": ["38", "38"], "indicator": ["grdp"] * 2, "period": ["2024"] * 2, "value": [1, 2]},
        index=[10, 11],
    )
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    assert [
        "<frame>:row 11:value: '2' differs from '1 VND' on row 10 for the same unit '38', "
        "indicator 'grdp' and period '2024'"
    ] == problems(exc)


def test_multiindex_labels() -> None:
    """A row of a MultiIndex is named by its tuple of plain values."""
    df = pd.DataFrame(
        {"unit": ["38", "x"], "indicator": ["grdp"] * 2, "period": ["2024"] * 2, "value": [1, 2]},
        index=pd.MultiIndex.from_tuples([("sheet1", 1), ("sheet1", 2)]),
    )
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    assert [f"<frame>:row ('sheet1', 2):unit: 'x' {NOT_CODE}"] == problems(exc)


def test_identical_repeat_kept_once() -> None:
    """An identical repeat is kept once, as in a file."""
    df = pd.DataFrame(
        {"unit": ["38", "38"], "indicator": ["grdp"] * 2, "period": ["2024"] * 2, "value": [1, 1]}
    )
    assert 1 == len(MeasurementSet.from_frame(df))


# -- codes as text ---------------------------------------------------------------------


def test_unit_column_of_numbers_refused() -> None:
    """pandas reads codes as numbers by default: the column is refused, by name."""
    df = pd.read_csv(io.StringIO("unit,indicator,period,value,source\n01,grdp,2024,1,\n"))
    assert 1 == df.loc[0, "unit"]  # the leading zero is gone: why the column is refused
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    assert [
        "<frame>:unit: the column holds numbers (dtype int64), not unit codes: codes are "
        "text, and a number has lost a code's leading zeros ('01' is 1); read the column "
        "as text (pandas.read_csv(..., dtype={'unit': str}))"
    ] == problems(exc)


def test_unit_cell_of_a_number_refused() -> None:
    """A number among the codes of an object column is refused at its row."""
    df = pd.DataFrame(
        {"unit": ["38", 380], "indicator": ["grdp"] * 2, "period": ["2024"] * 2, "value": [1, 2]}
    )
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    assert [
        "<frame>:row 1:unit: 380 is a number (int), not a unit code: codes are text, and a "
        "number has lost a code's leading zeros"
    ] == problems(exc)


def test_default_read_csv_with_text_codes() -> None:
    """pd.read_csv with dtype={'unit': str}: years and values as numbers are fine."""
    text = (
        "unit,indicator,period,value,source\n38,grdp,2024,1.5e14,\n"
        "38,digital_economy_value,2024,3000000,\n"
    )
    df = pd.read_csv(io.StringIO(text), dtype={"unit": str})
    assert same(parse_measurements(text), MeasurementSet.from_frame(df))


# -- columns -----------------------------------------------------------------------------


def test_columns_missing_unknown_repeated() -> None:
    """Column problems are all given, an unknown column with its close match."""
    df = pd.DataFrame([["38", "grdp", "2024", "1"]], columns=["unit", "indicatr", "period", "unit"])
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    expected = "expected unit, indicator, period, value, and optionally source and note"
    assert [
        f"<frame>: unknown column 'indicatr' ({expected}; did you mean 'indicator'?)",
        "<frame>:'unit': the column is given twice",
        f"<frame>: missing column 'indicator' ({expected})",
        f"<frame>: missing column 'value' ({expected})",
    ] == problems(exc)


def test_columns_in_any_order_source_optional() -> None:
    """Columns may come in any order; without ``source`` every source is empty."""
    df = pd.DataFrame({"value": [1.0], "period": ["2024"], "indicator": ["grdp"], "unit": ["38"]})
    got = MeasurementSet.from_frame(df)
    assert "" == one(got, "38", "grdp", "2024").source


def test_period_not_a_year() -> None:
    """A period that is a float with a fraction is not a period."""
    df = pd.DataFrame({"unit": ["38"], "indicator": ["grdp"], "period": [2024.5], "value": [1]})
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    assert ["<frame>:row 0:period: 2024.5 (float) is not a text, a year or a day"] == problems(exc)


def test_day_as_timestamp_for_a_recognition() -> None:
    """A recognition's day may be a Timestamp (read_csv with parse_dates)."""
    df = pd.DataFrame(
        {
            "unit": ["16000"],
            "indicator": ["dx_completed"],
            "period": [pd.Timestamp("2023-12-01")],
            "value": ["QĐ 1"],
        }
    )
    (r,) = MeasurementSet.from_frame(df).recognitions
    assert ("16000", "2023-12-01", "QĐ 1") == (r.unit, r.on.isoformat(), r.decision)


def test_huge_and_unicode_cells() -> None:
    """A field over 10,000 characters and a non-ASCII digit are refused, as in a file."""
    df = pd.DataFrame(
        {
            "unit": ["38", "٣٨"],
            "indicator": ["grdp"] * 2,
            "period": ["2024"] * 2,
            "value": ["1" * 10_001, "1"],
        }
    )
    with pytest.raises(DataFileError) as exc:
        MeasurementSet.from_frame(df)
    assert [
        "<frame>:row 0:value: field longer than 10000 characters",
        f"<frame>:row 1:unit: '٣٨' {NOT_CODE}",
    ] == problems(exc)


def test_fraction_warning() -> None:
    """Shares all ≤ 1 given as numbers warn, as from a file."""
    df = pd.DataFrame(
        {"unit": ["38"], "indicator": ["satisfaction_share"], "period": ["2025"], "value": [0.925]}
    )
    with pytest.warns(ThdxWarning, match="0.925"):
        MeasurementSet.from_frame(df)


def test_not_a_frame() -> None:
    """A dict, or a source that is not a text, is refused with the argument's name."""
    with pytest.raises(
        ArgumentTypeError, match="from_frame: df must be a pandas DataFrame, got dict"
    ):
        MeasurementSet.from_frame({"unit": ["38"]})  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="source must be a text naming the frame, got 3"):
        MeasurementSet.from_frame(pd.DataFrame(), source=3)  # type: ignore[arg-type]


def test_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(
        ImportError, match=r"needs pandas, the optional extra: pip install 'thdx\[pandas\]'"
    ):
        MeasurementSet().to_frame()


# -- to_frame and the round trip ------------------------------------------------------------


def test_to_frame_cells() -> None:
    """The cells are the file's: a rank with its cohort, a share with its unit, counts."""
    df = parse_measurements(TEXT).to_frame()
    assert ["unit", "indicator", "period", "value", "source", "note"] == list(df.columns)
    rows = {(r.indicator, r.period): r.value for r in df.itertuples()}
    assert "11/63" == rows["dx_index_rank", "2023"]
    assert "92.5 %" == rows["satisfaction_share", "2025"]
    assert "114/558" == rows["dx_completed_communes", "2023"]
    assert "QĐ 12/QĐ-UBND" == rows["dx_completed", "2023-12-01"]


def test_to_frame_then_csv_is_a_file() -> None:
    """df.to_csv of to_frame() is a file read_measurements reads back the same."""
    data = example_data()
    text = data.to_frame().to_csv(index=False)
    assert same(data, parse_measurements(text))


def test_example_data_round_trip() -> None:
    """from_frame(to_frame(example_data)) holds what the example data holds."""
    data = example_data()
    assert same(data, MeasurementSet.from_frame(data.to_frame()))


def test_from_columns_takes_a_rank_text() -> None:
    """from_columns(unit=df.unit, ...) reads a rank '11/63' in the value column."""
    df = pd.read_csv(io.StringIO(TEXT), dtype=str, keep_default_na=False).iloc[:3]
    data = MeasurementSet.from_columns(
        unit=df.unit,
        indicator=df.indicator,
        period=df.period,
        value=df.value.str.replace(" %", ""),
        source=df.source,
    )
    got = one(data, "38", "dx_index_rank", "2023")
    assert (11.0, 63) == (got.magnitude, got.cohort)


def test_from_columns_rank_text_against_cohort_column() -> None:
    """A rank text whose cohort the cohort column contradicts is refused."""
    with pytest.raises(
        MeasurementError, match="row 0: the value '11/63' has the cohort 63, the cohort column 34"
    ):
        MeasurementSet.from_columns(
            unit=["38"], indicator=["dx_index_rank"], period=["2023"], value=["11/63"], cohort=[34]
        )


def test_report_to_frame_is_its_records() -> None:
    """Report.to_frame: one row per record of to_records, its keys the columns."""
    report = thdx.evaluate(
        thdx.resolution_06(), example_data(), units=thdx.thanh_hoa_units(), as_of="2025-12-31"
    )
    records = report.to_records()
    df = report.to_frame()
    assert list(records[0]) == list(df.columns)
    assert [r["target"] for r in records] == list(df.target)
    assert [r["status"] for r in records] == list(df.status)
    sat = df[df.target == "2025.econ.digital_economy_share"].iloc[0]
    assert ("not_met", 20.0) == (sat.status, sat.threshold)


def test_report_to_frame_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, Report.to_frame names the extra too."""
    report = thdx.evaluate(thdx.resolution_06(), MeasurementSet(), as_of="2025-12-31")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"Report.to_frame needs pandas"):
        report.to_frame()


class TestFrameRoundTrip:
    """'MeasurementSet.from_frame(data.to_frame()) holds what data holds' (the brief)."""

    @pytest.mark.slow
    @given(ts.scenarios())
    def test_scenarios(self, s: ts.Scenario) -> None:
        """Generated data consistent with a rulebook survives a frame round trip."""
        back = MeasurementSet.from_frame(s.data.to_frame(), catalogue=s.data.catalogue)
        assert same(s.data, back)

    @given(st.lists(ts.measurements(), max_size=8, unique_by=key).filter(no_derived_clash))
    def test_any_measurements(self, ms: list[Measurement]) -> None:
        """Any generated measurements survive a frame round trip (a warning about
        shares that look like fractions aside)."""
        data = MeasurementSet(ms)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ThdxWarning)
            back = MeasurementSet.from_frame(data.to_frame())
        assert same(data, back)
