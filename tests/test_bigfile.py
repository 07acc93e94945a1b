"""Tests of reading big measurement files (thdx.io): the columnar reader gives what the
row-by-row reference reader gives, keeps no object per row, reports a million bad
rows in a short message, and reports its progress.

The figures (time against the csv module, memory against the file's size) are the
benchmark's: ``python benchmarks/run.py --only bigfile``.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx.io import parse_measurements, read_measurements
from thdx.io._csv_files import Source as _Source
from thdx.io._measurements_file import _parse_slowly
from thdx.model import DataFileError, ThdxError, ThdxWarning

HEADER = "unit,indicator,period,value,source\n"


def outcome(read: Any) -> tuple[object, ...]:
    """What reading gives: the set's contents and warnings, or the error's message."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            data = read()
        except ThdxError as exc:
            return (type(exc).__name__, str(exc))
    return (
        sorted((m.to_dict() for m in data), key=repr),
        data.recognitions,
        data.reported_counts,
        [str(w.message) for w in caught],
    )


def reference(text: str, width_note: bool = False) -> tuple[object, ...]:
    """The outcome of the reference reader (one row at a time) on ``text``."""
    cat = thdx.default_catalogue()
    return outcome(lambda: _parse_slowly(_Source("d.csv", text=text), cat, 2))


# Cells that are fine, cells with a problem, and cells the columnar reader leaves to
# the reference reader (units, ranks, percentages, notes), mixed in rows.
UNITS = ["38", "380", " 38", "3x", "", "٣٨", "16000"]
INDICATORS = [
    "satisfaction_share",
    "dx_index_rank",
    "grdp",
    "labour_productivity_growth",
    "nope",
    "",
    "dx_completed",
    "dx_completed_communes",
]
PERIODS = ["2024", "2022", "2023/2024", "2025-Q3", "20x5", "", "2023-12-20", "2024 "]
VALUES = [
    "50",
    "0.5",
    "92.5 %",
    "5/34",
    "5/63",
    "40/34",
    "-200",
    "-5 %",
    "1 trillion VND",
    "1e400",
    "nan",
    "1_000",
    "abc",
    "",
    "'=1+1",
    "'-1",
    "114/558",
    "QĐ 1",
    "101",
    "5 VND",
    "1" * 300,
    "0" * 255 + "7",
    " " * 200 + "7" + " " * 60,
    "1e5",
    ".5",
    "5.",
    "+.5e-3",
    "1E+01 %",
    "0x10",
    "1__0",
    "infinity",
    "-0",
    "٣",
    "92.5 %%",
    "5 %/year",
    "12 triệu đồng/lao động",
    "2 rank",
    " 5 / 34 ",
    "92.5\u00a0%",
    "\u00a092.5 ",
    "5\u2009%",
]
SOURCES = ["", "SIPAS", "'=cmd", " x ", '"a, b"', "'' y"]

rows = st.lists(
    st.tuples(
        st.sampled_from(UNITS),
        st.sampled_from(INDICATORS),
        st.sampled_from(PERIODS),
        st.sampled_from(VALUES),
        st.sampled_from(SOURCES),
    ).map(lambda r: ",".join(r[:4]) + "," + r[4])
    | st.sampled_from(["", "38,grdp,2024", "38,grdp,2024,1,x,y", " "]),
    max_size=12,
)


class TestColumnarEqualsReference:
    """'The columnar reader gives what the row-by-row reader gives': the same set and
    warnings, or the same error message, for any file."""

    @given(rows)
    def test_any_rows(self, lines: list[str]) -> None:
        """Rows mixing good, bad and set-aside cells: one outcome for both readers."""
        text = HEADER + "".join(line + "\n" for line in lines)
        assert reference(text) == outcome(lambda: parse_measurements(text, name="d.csv"))

    @given(rows, st.sampled_from(["", "a note", " ", "'=x"]))
    def test_with_a_note_column(self, lines: list[str], note: str) -> None:
        """A file with the note column: one outcome for both readers."""
        text = "unit,indicator,period,value,source,note\n" + "".join(
            line + ("," + note if line.count(",") == 4 else "") + "\n" for line in lines
        )
        assert reference(text) == outcome(lambda: parse_measurements(text, name="d.csv"))


def test_plain_rows_build_no_object_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of plain values are read as columns: no Measurement is built for them."""
    built: list[object] = []
    original = thdx.Measurement.__init__

    def spy(self: thdx.Measurement, *args: Any, **kwargs: Any) -> None:
        built.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(thdx.Measurement, "__init__", spy)
    text = HEADER + "".join(
        f"{14000 + i},satisfaction_share,{2020 + i % 6},{i % 100}.5,SIPAS\n" for i in range(3000)
    )
    data = parse_measurements(text)
    assert (3000, []) == (len(data), built)


def test_a_million_bad_rows_give_a_short_message() -> None:
    """Every bad row is kept in ``problems``; the message lists 20 and counts the rest by
    kind (a million bad rows gave a 72 MB message)."""
    bad = "".join(f"38,satisfaction_share,{2000 + i % 20},abc{i},\n" for i in range(20_000))
    empty = "".join(f"38,satisfaction_share,{2000 + i},,\n" for i in range(5))
    with pytest.raises(DataFileError) as info:
        parse_measurements(HEADER + bad + empty, name="d.csv")
    message = str(info.value)
    lines = message.splitlines()
    assert (
        20_005,
        "d.csv: 20005 problems",
        "  d.csv:2:value: 'abc0' is not a quantity (expected a number with an optional unit, "
        "e.g. '92.5 %')",
        [
            "  … and 19985 more, by kind:",
            "    19980 × value: … is not a quantity (expected a number with an optional unit, "
            "e.g. …)",
            "    5 × value: empty",
        ],
    ) == (len(info.value.problems), lines[0], lines[1], lines[21:])
    assert len(message) < 3000


def test_progress_is_reported_up_to_the_size(tmp_path: Path) -> None:
    """The progress callback sees the bytes read grow to the file's size, last (size, size)."""
    p = tmp_path / "d.csv"
    p.write_text(
        HEADER + "".join(f"{14000 + i},grdp,2024,{i},\n" for i in range(40_000)), encoding="utf-8"
    )
    size = p.stat().st_size
    seen: list[tuple[int, int]] = []
    data = read_measurements(p, progress=lambda done, total: seen.append((done, total)))
    done = [d for d, _ in seen]
    assert (40_000, True, {size}, (size, size), True) == (
        len(data),
        len(seen) >= 2,
        {t for _, t in seen},
        seen[-1],
        done == sorted(done),
    )


def test_progress_of_parsed_text() -> None:
    """parse_measurements reports progress too: once at the end for text."""
    seen: list[tuple[int, int]] = []
    parse_measurements(HEADER + "38,grdp,2024,1,\n", progress=lambda d, t: seen.append((d, t)))
    assert [(len(HEADER) + 16, len(HEADER) + 16)] == seen


def test_values_seen_once_are_not_remembered_for_ever() -> None:
    """More distinct values than the reader remembers at a time read the same."""
    n = 70_000
    text = HEADER + "".join(
        f"{14000 + i % 9},grdp,{2000 + i // 9 % 20},{i}.25,\n" for i in range(min(n, 9 * 20))
    )
    text += "".join(f"{20000 + i},grdp,2024,{i}.75,\n" for i in range(n))
    data = parse_measurements(text)
    got = data.get("20000", "grdp", "2024"), data.get(str(20000 + n - 1), "grdp", "2024")
    assert (9 * 20 + n, 0.75, n - 1 + 0.75) == (
        len(data),
        got[0].magnitude if got[0] else None,
        got[1].magnitude if got[1] else None,
    )


def test_fraction_warning_matches_the_reference() -> None:
    """The fraction warning is the same from both readers (and names the file)."""
    text = HEADER + "38,satisfaction_share,2024,0.9,\n38,satisfaction_share,2025,0.95,\n"
    with pytest.warns(ThdxWarning) as caught:
        parse_measurements(text, name="d.csv")
    assert reference(text)[3] == [str(w.message) for w in caught]
