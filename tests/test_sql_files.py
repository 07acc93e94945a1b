"""The SQL backend over Parquet and CSV files: the same verdicts as the engine on the
same rows, and bad input refused with the errors of the in-process path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

import attrs
import duckdb
from sql.agree import assert_agree

import thdx
import thdx.sql
from thdx.model._errors import DataFileError, DuplicateMeasurementError
from thdx.rules._vocabulary import (
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Rule,
    Score,
    Undetermined,
    tolerance,
)

RB = thdx.resolution_06()


def _write(tmp: Path, rows: Sequence[tuple[str, str, str, float, str | None]], fmt: str) -> Path:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t (unit VARCHAR, indicator VARCHAR, period VARCHAR, value DOUBLE, "
        "unit_of_measure VARCHAR)"
    )
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    path = tmp / f"m.{fmt}"
    con.execute(f"COPY t TO '{path}' (FORMAT {fmt})")
    return path


def test_parquet_gives_the_engines_verdicts(tmp_path: Path) -> None:
    # 92.5 % satisfaction for 2025 meets ">= 90" (Resolution 06, 2025 goal); 0.9 as a
    # fraction would be read in percent, so the file says its unit: "%".
    rows = [
        ("38", "satisfaction_share", "2025", 92.5, "%"),
        ("38", "level4_services_share", "2025", 0.5, "%"),
        ("38", "systems_connected_share", "2024", 100.0, None),
    ]
    path = _write(tmp_path, rows, "parquet")
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(unit=u, indicator=i, value=f"{v} %", period=p, source="")
            for u, i, p, v, _ in rows
        ]
    )
    got = thdx.sql.evaluate(RB, path, as_of="2025-12-31")
    want = thdx.evaluate(RB, data, as_of="2025-12-31")
    assert assert_agree(got, want, notes=False) >= len(RB.targets)  # files: no rows
    assert got.verdict("2025.gov.satisfaction").status is thdx.Status.MET


def test_bad_rows_are_all_named_with_their_file_and_row(tmp_path: Path) -> None:
    rows = [
        ("38", "satisfaction_shrae", "2025", 92.5, None),  # typo'd indicator
        ("38", "satisfaction_share", "2025-H3", 92.5, None),  # no third half
        ("38", "level4_services_share", "2025", 50.0, "kg"),  # not a share
    ]
    path = _write(tmp_path, rows, "parquet")
    with pytest.raises(DataFileError) as err:
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")
    text = str(err.value)
    assert "3 problems" in text
    assert "'satisfaction_shrae'" in text
    assert "2025-H3" in text
    assert "kg" in text
    assert f"{path}:row 0" in text  # the first row holds the typo


def test_csv_files_are_read_too(tmp_path: Path) -> None:
    path = _write(tmp_path, [("38", "satisfaction_share", "2025", 89.99, None)], "csv")
    v = thdx.sql.evaluate(RB, path, as_of="2025-12-31").verdict("2025.gov.satisfaction")
    assert (v.status, v.value) == (thdx.Status.NOT_MET, 89.99)


def test_a_value_exactly_at_the_threshold_meets_it(tmp_path: Path) -> None:
    # ">= 90": 90 meets it; 90 − 8.9e-8 is within the tolerance (9e-8 = 1e-9 × 90)
    # and meets it too; 90 − 2e-7 does not.
    assert tolerance(90.0) == pytest.approx(9e-8)
    for value, met in ((90.0, True), (90.0 - 8.9e-8, True), (90.0 - 2e-7, False)):
        path = _write(tmp_path, [("38", "satisfaction_share", "2025", value, None)], "parquet")
        v = thdx.sql.evaluate(RB, path, as_of="2025-12-31").verdict("2025.gov.satisfaction")
        assert (v.status is thdx.Status.MET) is met, value
        assert v.final  # the deadline period's own value


def test_a_folder_without_data_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"no \.parquet or \.csv"):
        thdx.sql.evaluate(RB, tmp_path, as_of="2025-12-31")


def test_source_of_another_type_is_refused() -> None:
    with pytest.raises(thdx.EvaluationTypeError, match="source must be"):
        thdx.sql.evaluate(RB, 42, as_of="2025-12-31")


def test_two_different_values_for_one_key_are_refused(tmp_path: Path) -> None:
    same = ("38", "satisfaction_share", "2025", 92.5, None)
    path = _write(tmp_path, [same, same], "parquet")  # the same twice: one measurement
    v = thdx.sql.evaluate(RB, path, as_of="2025-12-31").verdict("2025.gov.satisfaction")
    assert v.value == 92.5
    path = _write(tmp_path, [same, ("38", "satisfaction_share", "2025", 80.0, None)], "parquet")
    with pytest.raises(
        DuplicateMeasurementError, match=r"two different values.*'satisfaction_share'"
    ):
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")


def test_a_duckdb_relation_is_read_where_it_lives() -> None:
    con = duckdb.connect()
    rel = con.sql(
        "SELECT '38' AS unit, 'satisfaction_share' AS indicator, '2025' AS period, 50.5 AS value"
    )
    v = thdx.sql.evaluate(RB, rel, as_of="2025-12-31", connection=con).verdict(
        "2025.gov.satisfaction"
    )
    assert (v.status, v.value) == (thdx.Status.NOT_MET, 50.5)  # 50.5 < 90
    with pytest.raises(thdx.EvaluationTypeError, match="pass connection="):
        thdx.sql.evaluate(RB, rel, as_of="2025-12-31")


def _book(rule: Rule) -> thdx.Rulebook:
    t = RB.target("2025.gov.satisfaction")
    book: thdx.Rulebook = attrs.evolve(RB, targets=(attrs.evolve(t, id="combined", rule=rule),))
    return book


# Three shares for 2025: satisfaction 92.5 (≥ 90 MET), level-4 services 50 (≥ 80
# NOT_MET), and eID users with no row (UNKNOWN).
_SAT = Compare("satisfaction_share", ">=", 90)
_L4 = Compare("level4_services_share", ">=", 80)
_EID = Compare("eid_users_share", ">=", 40)
_ROWS: list[tuple[str, str, str, float, str | None]] = [
    ("38", "satisfaction_share", "2025", 92.5, None),
    ("38", "level4_services_share", "2025", 50.0, None),
]


@pytest.mark.parametrize(
    ("rule", "status", "value"),
    [
        # all of: min(MET, NOT_MET, UNKNOWN) = NOT_MET; any of: max = MET.
        (AllOf((_SAT, _L4, _EID)), thdx.Status.NOT_MET, None),
        (AnyOf((_SAT, _L4, _EID)), thdx.Status.MET, None),
        (AllOf((_SAT, _EID)), thdx.Status.UNKNOWN, None),
        # at least 2: 1 met + 1 unknown = 2 could be, 1 is: UNKNOWN; at least 1: MET;
        # at least 3: 1 + 1 < 3: NOT_MET.
        (AtLeast(2, (_SAT, _L4, _EID)), thdx.Status.UNKNOWN, None),
        (AtLeast(1, (_SAT, _L4, _EID)), thdx.Status.MET, None),
        (AtLeast(3, (_SAT, _L4, _EID)), thdx.Status.NOT_MET, None),
        # score 2.5 + 1 + 4 points, at least 6.5: known 2.5, potential 2.5 + 4 = 6.5
        # reaches it exactly: UNKNOWN; at least 2.5: reached exactly: MET, value 2.5;
        # at least 7: 6.5 < 7: NOT_MET.
        (Score((_SAT, _L4, _EID), (2.5, 1, 4), 6.5), thdx.Status.UNKNOWN, 2.5),
        (Score((_SAT, _L4, _EID), (2.5, 1, 4), 2.5), thdx.Status.MET, 2.5),
        (Score((_SAT, _L4, _EID), (2.5, 1, 4), 7), thdx.Status.NOT_MET, 2.5),
        (Undetermined((_SAT, _L4)), thdx.Status.UNKNOWN, None),
    ],
)
def test_combinations_worked_by_hand(
    tmp_path: Path, rule: Rule, status: thdx.Status, value: float | None
) -> None:
    path = _write(tmp_path, _ROWS, "parquet")
    book = _book(rule)
    v = thdx.sql.evaluate(book, path, as_of="2025-12-31").verdict("combined")
    assert (v.status, v.value) == (status, value)
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(unit=u, indicator=i, value=f"{x} %", period=p, source="")
            for u, i, p, x, _ in _ROWS
        ]
    )
    assert_agree(
        thdx.sql.evaluate(book, data, as_of="2025-12-31"),
        thdx.evaluate(book, data, as_of="2025-12-31"),
    )


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    con = duckdb.connect()
    path = tmp_path / "m.parquet"
    con.execute(f"COPY (SELECT '38' AS unit, 92.5 AS value) TO '{path}' (FORMAT parquet)")
    with pytest.raises(DataFileError, match=r"missing column.*indicator, period"):
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")


def test_units_the_hierarchy_does_not_hold_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path, [("99999", "satisfaction_share", "2025", 92.5, None)], "parquet")
    with pytest.raises(thdx.UnknownUnitError, match="'99999'"):
        thdx.sql.evaluate(RB, path, as_of="2025-12-31", units=thdx.thanh_hoa_units())


def test_bad_arguments_get_the_engines_errors() -> None:
    data = thdx.MeasurementSet()
    with pytest.raises(thdx.EvaluationTypeError, match="rulebook must be"):
        thdx.sql.evaluate("resolution 06", data, as_of="2025")  # type: ignore[arg-type]
    with pytest.raises(thdx.EvaluationTypeError, match="units must be"):
        thdx.sql.evaluate(RB, data, as_of="2025", units="38")  # type: ignore[arg-type]
    with pytest.raises(thdx.EvaluationError, match="count_era"):
        thdx.sql.evaluate(RB, data, as_of="2025", count_era="now")  # type: ignore[arg-type]
    with pytest.raises(thdx.EvaluationError, match="backend must be"):
        thdx.evaluate(RB, data, as_of="2025", backend="spark")  # type: ignore[arg-type]


def test_a_unit_column_of_numbers_is_refused_by_name(tmp_path: Path) -> None:
    # 00038 written as a number is 38: the code's leading zeros are gone, so the
    # column is refused rather than read as some other unit's code.
    con = duckdb.connect()
    path = tmp_path / "m.parquet"
    con.execute(
        "COPY (SELECT 38 AS unit, 'satisfaction_share' AS indicator, '2025' AS period, "
        f"92.5 AS value) TO '{path}' (FORMAT parquet)"
    )
    with pytest.raises(DataFileError, match=r"column unit holds INTEGER, not text"):
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")


def test_csv_codes_keep_their_leading_zeros(tmp_path: Path) -> None:
    # DuckDB's sniffer would read 038 as the number 38, which is Thanh Hóa's code:
    # the row would silently count for the province. Read as text, 038 is a code
    # the units do not hold, and is named.
    path = tmp_path / "m.csv"
    path.write_text("unit,indicator,period,value\n038,satisfaction_share,2025,92.5\n")
    with pytest.raises(thdx.UnknownUnitError, match="'038'"):
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")


def test_bad_unit_codes_are_named_with_the_other_problems(tmp_path: Path) -> None:
    rows = [
        ("٣٨", "satisfaction_share", "2025", 92.5, None),  # Arabic-Indic digits
        (" 38", "satisfaction_share", "2025", 92.5, None),  # a space
        ("38", "satisfaction_share", "2025-13", 92.5, None),  # no 13th month
    ]
    path = _write(tmp_path, rows, "parquet")
    with pytest.raises(DataFileError) as err:
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")
    text = str(err.value)
    assert "3 problems" in text
    assert "'٣٨' is not an official unit code" in text
    assert "' 38' is not an official unit code" in text
    assert "2025-13" in text
    assert "m.parquet:row 0" in text  # the first row, where the first code is


def test_an_empty_value_is_named_with_its_row(tmp_path: Path) -> None:
    rows = [
        ("38", "satisfaction_share", "2025", 92.5, None),
        ("38", "level4_services_share", "2025", float("nan"), None),
    ]
    path = _write(tmp_path, rows, "parquet")
    with pytest.raises(DataFileError, match=r"m\.parquet:row 1: value is empty, NaN"):
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")


def test_a_ratio_the_engine_would_derive_is_refused_not_left_unknown(tmp_path: Path) -> None:
    # In process, digital_economy_share is derived: 30 / 100 billion VND = 30 %, which
    # meets the 2025 goal (>= 30). Over files the backend does not derive it: rather
    # than "unknown" for lack of a row, it says so.
    rows = [
        ("38", "digital_economy_value", "2025", 30.0, "billion VND"),
        ("38", "grdp", "2025", 100.0, "billion VND"),
    ]
    path = _write(tmp_path, rows, "parquet")
    with pytest.raises(thdx.sql.NotCompiledError, match="'digital_economy_share' is derived"):
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")
    only_one = _write(tmp_path, rows[:1], "parquet")  # nothing to derive from: unknown
    v = thdx.sql.evaluate(RB, only_one, as_of="2025-12-31").verdict(
        "2025.econ.digital_economy_share"
    )
    assert v.status is thdx.Status.UNKNOWN


def test_two_units_of_measure_for_one_value_are_one_measurement(tmp_path: Path) -> None:
    # 0.5 million VND and 500,000 VND are one value in VND: not a conflict; 0.6
    # million is.
    rows = [
        ("38", "grdp", "2025", 0.5, "million VND"),
        ("38", "grdp", "2025", 500000.0, "VND"),
        ("38", "satisfaction_share", "2025", 92.5, None),
    ]
    rb = attrs.evolve(RB, targets=(RB.target("2025.gov.satisfaction"),))
    rule = Compare("grdp", ">=", 400000.0)
    rb = attrs.evolve(rb, targets=(attrs.evolve(rb.targets[0], rule=rule),))
    v = thdx.sql.evaluate(rb, _write(tmp_path, rows, "parquet"), as_of="2025-12-31").verdict(
        rb.targets[0].id
    )
    assert (v.status, v.value) == (thdx.Status.MET, 500000.0)
    rows[1] = ("38", "grdp", "2025", 600000.0, "VND")
    with pytest.raises(DuplicateMeasurementError, match=r"500000\.0 and 600000\.0"):
        thdx.sql.evaluate(rb, _write(tmp_path, rows, "parquet"), as_of="2025-12-31")


def test_a_ratio_given_measured_is_read_as_in_process(tmp_path: Path) -> None:
    # 31 % measured for 2025 meets ">= 30", in process and over files alike.
    rows = [("38", "digital_economy_share", "2025", 31.0, "%")]
    data = thdx.MeasurementSet(
        [thdx.Measurement(unit="38", indicator=rows[0][1], value="31 %", period="2025")]
    )
    target = "2025.econ.digital_economy_share"
    got = thdx.sql.evaluate(RB, _write(tmp_path, rows, "parquet"), as_of="2025-12-31")
    want = thdx.evaluate(RB, data, as_of="2025-12-31")
    assert got.verdict(target).status is want.verdict(target).status is thdx.Status.MET


def test_many_bad_periods_are_all_named_and_only_the_first_located(tmp_path: Path) -> None:
    # 2,000 distinct bad periods: all counted in the error. Only the first 20
    # are located by row, because each location is one more pass over the file.
    rows = [("38", "satisfaction_share", f"2025-X{i}", 1.0, None) for i in range(2000)]
    path = _write(tmp_path, rows, "parquet")
    with pytest.raises(DataFileError) as err:
        thdx.sql.evaluate(RB, path, as_of="2025-12-31")
    text = str(err.value)
    assert "2000 problems" in text
    assert text.count(":row ") == 20
    assert "1980 more" in text  # the collector summarises the rest by kind
