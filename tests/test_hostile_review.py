"""Hostile input found by an attack on the fixed library (issue 9): each case as the
attacker wrote it, with the error it must get now."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import thdx
from thdx import Measurement, MeasurementSet

RB = thdx.resolution_06()
# Values of the wrong type, typed Any so that the type checker lets the tests pass them.
NONE: Any = None
FIVE: Any = 5
BYTES: Any = b"commune"
TEXT_TWO: Any = "2"
NAME_FIVE: Any = 5
PARENT_380: Any = 380


def _columns(**changes: object) -> MeasurementSet:
    base: dict[str, object] = {
        "unit": ["38"],
        "indicator": ["grdp"],
        "period": ["2025"],
        "value": [5.0],
    }
    base.update(changes)
    return MeasurementSet.from_columns(**base)  # type: ignore[arg-type]


CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("set of None", lambda: MeasurementSet(NONE), thdx.ArgumentTypeError, "got NoneType"),
    ("set of 5", lambda: MeasurementSet(FIVE), thdx.ArgumentTypeError, "got int"),
    ("catalogue 5", lambda: MeasurementSet([], catalogue=FIVE), thdx.ArgumentTypeError, "got int"),
    (
        "rulebook None",
        lambda: thdx.evaluate(NONE, MeasurementSet()),
        thdx.EvaluationTypeError,
        "got NoneType",
    ),
    (
        "breakdown None",
        lambda: thdx.evaluate(RB, MeasurementSet(), breakdown=NONE),
        thdx.EvaluationTypeError,
        "got None",
    ),
    (
        "breakdown bytes",
        lambda: thdx.evaluate(RB, MeasurementSet(), breakdown=BYTES),
        thdx.EvaluationTypeError,
        "got b'commune'",
    ),
    (
        "huge count",
        lambda: thdx.ReportedCount("38", "commune", "2024", 10**400),
        thdx.MeasurementError,
        "got a huge number",
    ),
    (
        "count 10**20",
        lambda: thdx.ReportedCount("38", "commune", "2024", 10**20),
        thdx.MeasurementError,
        "from 0 to 999,999,999",
    ),
    (
        "surrogate source",
        lambda: Measurement("38", "grdp", 5, "2025", source="a\ud800"),
        thdx.MeasurementError,
        "lone surrogate",
    ),
    (
        "indent 10**6",
        lambda: thdx.evaluate(RB, MeasurementSet()).to_json(indent=10**6),
        thdx.EvaluationError,
        "from 0 to 16",
    ),
    (
        "indent '2'",
        lambda: thdx.evaluate(RB, MeasurementSet()).to_json(indent=TEXT_TWO),
        thdx.ArgumentTypeError,
        "got '2'",
    ),
    (
        "masked value",
        lambda: _columns(value=np.ma.masked_array([7.0], mask=[True])),
        thdx.MeasurementError,
        "masked entry in row 0",
    ),
    (
        "dates as values",
        lambda: _columns(value=np.array(["2025-01-01"], "datetime64[D]")),
        thdx.MeasurementError,
        "dtype datetime64[D]",
    ),
    (
        "complex values",
        lambda: _columns(value=np.array([5 + 3j])),
        thdx.MeasurementError,
        "dtype complex128",
    ),
    ("a set as a column", lambda: _columns(unit={"38"}), thdx.MeasurementError, "must be a column"),
    (
        "10**400 in a column",
        lambda: _columns(value=[10**400]),
        thdx.MeasurementError,
        "int too large",
    ),
    (
        "1e-400",
        lambda: Measurement("38", "grdp", "1e-400", "2025"),
        thdx.MeasurementError,
        "underflows to 0",
    ),
    (
        "zero GRDP",
        lambda: MeasurementSet(
            [
                Measurement("38", "grdp", 0, "2025"),
                Measurement("38", "digital_economy_value", 5, "2025"),
            ]
        ),
        thdx.MeasurementError,
        "denominator 'grdp' is 0",
    ),
    (
        "name 5",
        lambda: thdx.AdministrativeUnit("38", NAME_FIVE, "tỉnh"),
        thdx.ArgumentTypeError,
        "name must be a text",
    ),
    (
        "parent 380",
        lambda: thdx.AdministrativeUnit("14758", "Xã A", "xã", parent=PARENT_380),
        thdx.ArgumentTypeError,
        "parent must be the code",
    ),
]


@pytest.mark.parametrize(("case", "call", "error", "text"), CASES, ids=[c[0] for c in CASES])
def test_hostile_api_input_gets_a_thdx_error(
    case: str, call: Callable[[], object], error: type[Exception], text: str
) -> None:
    """Each input the attack found escaping or accepted gets its ThdxError now."""
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, thdx.ThdxError)
    assert text in str(info.value)


def _thdx(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "thdx.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_data_is_refused_not_read_forever(tmp_path: Path) -> None:
    """A data path that is a device (/dev/zero through a symlink) never ends: refused."""
    z = tmp_path / "z.csv"
    z.symlink_to("/dev/zero")
    got = _thdx("evaluate", str(z))
    assert 2 == got.returncode
    assert "not a regular file" in got.stderr
    assert "Traceback" not in got.stderr


def test_an_error_the_terminal_cannot_encode_is_one_line(tmp_path: Path) -> None:
    """An error naming Vietnamese text, on a cp1252 terminal: one line, escaped, no
    traceback."""
    bad = tmp_path / "vi.csv"
    bad.write_text(
        "unit,indicator,period,value,source\n38,satisfaction_share,2024,90 phần trăm,x\n",
        encoding="utf-8",
    )
    got = _thdx("evaluate", str(bad), env={"PYTHONIOENCODING": "cp1252"})
    assert 2 == got.returncode
    assert "Traceback" not in got.stderr
    assert "unknown unit" in got.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_one_line() -> None:
    """stdout on a full disk: one line on stderr, exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        got = subprocess.run(
            [sys.executable, "-m", "thdx.cli", "goals"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert 2 == got.returncode
    assert got.stderr.startswith("error: cannot write the output")
    assert "Traceback" not in got.stderr


def test_a_row_of_a_million_fields_gives_a_short_message() -> None:
    """One row followed by a million commas: the message shows its first fields only."""
    text = "unit,indicator,period,value,source\n38,satisfaction_share,2025,92,x" + "," * 1_000_000
    with pytest.raises(thdx.DataFileError) as info:
        thdx.parse_measurements(text, name="wide.csv")
    assert len(str(info.value)) < 2_000
    assert "and 999997 more fields" in str(info.value)


def test_an_empty_as_of_is_refused() -> None:
    """--as-of '' does not silently mean today."""
    import io

    from thdx.cli import main

    err = io.StringIO()
    assert 2 == main(["demo", "--as-of", ""], out=io.StringIO(), err=err)
    assert "--as-of: an empty date" in err.getvalue()


def test_a_deadline_before_the_rulebook_was_issued_is_refused() -> None:
    """A goal "by 2019" in a rulebook issued on 2021-11-10 is always judged on the past:
    refused with its place."""
    text = """
schema_version = 1
[rulebook]
id = "x"
number = "x"
title = "x"
jurisdiction = "38"
issued = "2021-11-10"
[[targets]]
id = "t.old"
clause = "x"
clause_verbatim = false
deadline = "2019"
scope = "province"
measure = "value"
indicator = "satisfaction_share"
comparator = ">="
threshold = "90 %"
"""
    with pytest.raises(thdx.RulebookError) as info:
        thdx.loads_rulebook(text, base=RB.catalogue)
    assert (
        "targets[id='t.old'].deadline: '2019' ended before the rulebook was issued "
        "(2021-11-10): a goal is not set for the past" in str(info.value)
    )
