"""Hostile and careless input through the Python API (issue 9, "through the API"): every
case is refused with a ThdxError naming the value (a TypeError or ValueError as fits), or
is read as documented, never changed in silence.

One parametrised catalogue, linked from docs/bad-input.md, and a property: whatever
value these entry points get, nothing escapes but a ThdxError.
"""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx import (
    AdministrativeUnit,
    Hierarchy,
    Level,
    Measurement,
    MeasurementSet,
    Recognition,
    ReportedCount,
)
from thdx.model import (
    ArgumentTypeError,
    DataFileError,
    DuplicateMeasurementError,
    HierarchyError,
    MeasurementError,
    ThdxError,
)

GROWTH = "measurement '38'/'labour_productivity_growth'/2024"


def columns(**changes: Any) -> MeasurementSet:
    """from_columns of one satisfaction row, with some columns changed."""
    cols: dict[str, Any] = {
        "unit": ["38"],
        "indicator": ["satisfaction_share"],
        "period": ["2025"],
        "value": [92.5],
    }
    cols.update(changes)
    return MeasurementSet.from_columns(**cols)


def counts(*values: int) -> MeasurementSet:
    """Reported counts of the province's communes for 2023, one per value."""
    return MeasurementSet(
        [ReportedCount(unit="38", level="commune", period="2023", count=v) for v in values]
    )


#: (what was tried, the call, the error class, its message).
CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "successors as one string",
        lambda: AdministrativeUnit(
            code="389",
            name="Huyện A",
            kind="huyện",
            parent="38",
            valid_until="2025-07-01",
            successors="15865",
        ),
        ArgumentTypeError,
        "successors must be a sequence of unit codes, got the string '15865' "
        "(write ('15865',) for one successor)",
    ),
    (
        "a hierarchy of numbers",
        lambda: Hierarchy([1]),  # type: ignore[list-item]
        ArgumentTypeError,
        "a Hierarchy is built from AdministrativeUnit objects, got 1 (item 0)",
    ),
    (
        "a level that does not exist",
        lambda: thdx.thanh_hoa_units().units_of("village", "2025-06-30"),
        HierarchyError,
        "'village' is not a level (expected 'province', 'district' or 'commune')",
    ),
    (
        "a nested value column",
        lambda: columns(value=[[50]]),
        MeasurementError,
        "from_columns: value must be a column of numbers (one dimension), got 2 dimensions, "
        "shape (1, 1)",
    ),
    (
        "a bool value",
        lambda: columns(value=[True]),
        MeasurementError,
        "from_columns: value must be a column of numbers, got the bool True in row 0 "
        "(write 1 or 0 if a number is meant)",
    ),
    (
        "read_measurements(None)",
        lambda: thdx.read_measurements(None),  # type: ignore[arg-type]
        ArgumentTypeError,
        "read_measurements: path must be a file path (a str or os.PathLike), got None",
    ),
    (
        "a path with a NUL byte",
        lambda: thdx.read_measurements("data\x00.csv"),
        DataFileError,
        "'data\\x00.csv': 1 problem\n  'data\\x00.csv': cannot read: the path contains a NUL byte",
    ),
    (
        "two reported counts for one unit, level and period",
        lambda: counts(114, 120),
        DuplicateMeasurementError,
        "two different reported counts for unit '38', level 'commune', period '2023': 114 and 120",
    ),
    (
        "a yearly growth rate of -200 %",
        lambda: Measurement("38", "labour_productivity_growth", "-200 %", "2024"),
        MeasurementError,
        f"{GROWTH}: '-200 %' is below -100 % for growth-rate indicator "
        "'labour_productivity_growth' (a level cannot fall by more than all of it)",
    ),
    (
        "a growth rate of -1e300 %",
        lambda: Measurement("38", "labour_productivity_growth", -1e300, "2024"),
        MeasurementError,
        f"{GROWTH}: -1e+300 is below -100 % for growth-rate indicator "
        "'labour_productivity_growth' (a level cannot fall by more than all of it)",
    ),
    (
        "an infinite level",
        lambda: Measurement("38", "grdp", math.inf, "2024"),
        MeasurementError,
        "measurement '38'/'grdp'/2024: inf is not a finite number",
    ),
    (
        "a rank in the cohort of another era",
        lambda: Measurement("38", "dx_index_rank", "5/34", "2022"),
        MeasurementError,
        "measurement '38'/'dx_index_rank'/2022: '5/34' does not fit data year 2022: "
        "'dx_index_rank' ranks 63 provinces up to data year 2023, 34 provinces from data year "
        "2024 (expected a cohort of 63, e.g. '5/63')",
    ),
    (
        "a cohort too large to be one",
        lambda: MeasurementSet.from_columns(
            unit=["38"], indicator=["dx_index_rank"], period=["2024"], value=[5], cohort=[1e20]
        ),
        MeasurementError,
        "row 0: cohort 1e+20 is too large (at most 999999999)",
    ),
    (
        "a number as a source",
        lambda: Recognition(unit="14758", on="2023-12-20", decision="QĐ 1", source=5),
        MeasurementError,
        "source must be a text or None, got 5",
    ),
    (
        "write_measurements of a list",
        lambda: thdx.write_measurements([]),  # type: ignore[arg-type]
        ArgumentTypeError,
        "write_measurements: data must be a MeasurementSet, got []",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_call_is_refused(
    call: Callable[[], object], error: type[Exception], expected: str
) -> None:
    """Each hostile call raises its ThdxError with the exact message."""
    with pytest.raises(error) as info:
        call()
    assert (True, expected) == (isinstance(info.value, ThdxError), str(info.value))


def test_a_recognition_without_source() -> None:
    """Recognition(source=None) is a recognition without source ("", not "None"), and a
    set of such recognitions sorts (it raised TypeError)."""
    items = [
        Recognition(unit="14758", on="2023-12-20", decision="QĐ 2", source=None),
        Recognition(unit="14758", on="2023-12-20", decision="QĐ 2", source="Công báo"),
        Recognition(unit="14758", on="2023-12-20", decision="QĐ 1"),
    ]
    assert [("QĐ 1", ""), ("QĐ 2", ""), ("QĐ 2", "Công báo")] == [
        (r.decision, r.source) for r in MeasurementSet(items).recognitions
    ]


def test_units_of_by_name_or_level() -> None:
    """units_of("commune", day) returned nothing where Level.COMMUNE gave every commune."""
    h = thdx.thanh_hoa_units()
    assert h.units_of(Level.COMMUNE, "2025-06-30") == h.units_of("commune", "2025-06-30")


# -- whatever the value, nothing escapes but a ThdxError -----------------------------------

hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=10),
    st.lists(st.integers(0, 99999) | st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(np.array([[1.0]])),
    st.just(object()),
    st.sampled_from(["15865", "5/34", "5/40", "-200 %", "1e300", "=HYPERLINK(1)", "a\x00b"]),
)


def only_thdx_errors(call: Callable[[], object]) -> None:
    """Run ``call``: it returns, or raises a ThdxError (a bare error would escape)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", thdx.ThdxWarning)
        with contextlib.suppress(ThdxError):
            call()


@given(hostile, hostile)
def test_measurement_parts(value: Any, other: Any) -> None:
    """Any value, period, source or note of a Measurement: a Measurement or a ThdxError."""
    only_thdx_errors(lambda: Measurement("38", "satisfaction_share", value, "2025"))
    only_thdx_errors(lambda: Measurement("38", "dx_index_rank", value, other))
    only_thdx_errors(lambda: Measurement("38", "grdp", 1, "2024", source=value, note=other))


@given(hostile, hostile)
def test_recognitions_counts_and_units(value: Any, other: Any) -> None:
    """Any field of a Recognition, a ReportedCount or an AdministrativeUnit."""
    only_thdx_errors(lambda: Recognition(unit="1", on="2023-12-20", decision="QĐ 1", source=value))
    only_thdx_errors(lambda: Recognition(unit=value, on=other, decision="QĐ 1"))
    only_thdx_errors(lambda: ReportedCount(unit="38", level=value, period="2023", count=other))
    only_thdx_errors(
        lambda: AdministrativeUnit(
            code="389",
            name="A",
            kind="huyện",
            parent="38",
            valid_until="2025-07-01",
            successors=value,
        )
    )


@given(hostile, hostile)
def test_hierarchies_and_levels(value: Any, other: Any) -> None:
    """Any units of a Hierarchy, any level and day asked of one."""
    only_thdx_errors(lambda: Hierarchy(value))
    only_thdx_errors(lambda: Hierarchy([value, other]))
    h = thdx.thanh_hoa_units()
    only_thdx_errors(lambda: h.units_of(value, "2025-06-30"))
    only_thdx_errors(lambda: h.units_of("commune", value))


@given(hostile, hostile)
def test_columns(value: Any, other: Any) -> None:
    """Any value, cohort or source column of from_columns."""
    only_thdx_errors(lambda: columns(value=[value]))
    only_thdx_errors(lambda: columns(value=value))
    only_thdx_errors(
        lambda: MeasurementSet.from_columns(
            unit=["38"], indicator=["dx_index_rank"], period=["2024"], value=[5], cohort=[value]
        )
    )
    only_thdx_errors(lambda: columns(source=[other]))
    only_thdx_errors(lambda: columns(unit=value, source=other))
    only_thdx_errors(lambda: columns(period=value, indicator=other))


@given(hostile)
def test_files(value: Any) -> None:
    """Any path for the readers, any text to parse, anything to write."""
    only_thdx_errors(lambda: thdx.read_measurements(value))
    only_thdx_errors(lambda: thdx.read_reported_counts(value))
    only_thdx_errors(lambda: thdx.read_units(value))
    only_thdx_errors(lambda: thdx.parse_measurements(value))
    only_thdx_errors(lambda: thdx.write_measurements(value))


def test_a_directory_path_is_refused(tmp_path: Path) -> None:
    """A directory for a path: refused as a file that cannot be read."""
    with pytest.raises(DataFileError) as info:
        thdx.read_measurements(tmp_path)
    assert f"{tmp_path}: 1 problem\n  {tmp_path}: cannot read: Is a directory" == str(info.value)
