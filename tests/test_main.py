"""``python -m thdx`` runs the command line."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest


def test_python_m_thdx_runs_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m thdx goals`` lists the goals and exits 0, as ``thdx goals`` does."""
    import thdx

    monkeypatch.setattr(sys, "argv", ["thdx", "goals"])
    # run_path, not run_module: thdx ships a pytest plugin, so pytest's assertion
    # rewriting imports thdx's modules, and its import hook cannot give runpy their code.
    main_file = Path(thdx.__file__).parent / "__main__.py"
    with pytest.raises(SystemExit) as info:
        runpy.run_path(str(main_file), run_name="__main__")
    out = capsys.readouterr().out
    assert (0, True) == (info.value.code, "2025.gov.satisfaction" in out)


def test_python_m_thdx_in_a_fresh_interpreter() -> None:
    """A usage error exits 2 with argparse's message on standard error."""
    done = subprocess.run(
        [sys.executable, "-m", "thdx", "no-such-command"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (2, "", True) == (done.returncode, done.stdout, "invalid choice" in done.stderr)


def test_version_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """``thdx --version`` prints the version of the package, the one pyproject reads."""
    import thdx
    from thdx.cli import main

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert (0, f"thdx {thdx.__version__}\n") == (info.value.code, capsys.readouterr().out)


@pytest.mark.parametrize(
    ("fail_on", "status"),
    [((), 0), (("not_met",), 1), (("unknown",), 1), (("not_met", "unknown"), 1)],
)
def test_fail_on_sets_the_exit_status(fail_on: tuple[str, ...], status: int) -> None:
    """The demo data as of 2025-12-31 has 3 NOT MET and 16 UNKNOWN verdicts: any
    ``--fail-on`` of those statuses exits 1; without it the exit is 0."""
    import io

    from thdx.cli import main

    args = ["demo", "--as-of", "2025-12-31"]
    for s in fail_on:
        args += ["--fail-on", s]
    assert status == main(args, out=io.StringIO())


def test_format_csv_is_one_row_per_record() -> None:
    """``--format csv``: a header and one row per record of ``Report.to_records()``."""
    import csv
    import io

    import thdx
    from thdx.cli import main

    out = io.StringIO()
    assert 0 == main(["demo", "--as-of", "2025-12-31", "--format", "csv"], out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    report = thdx.evaluate(
        thdx.resolution_06(), thdx.example_data(), units=thdx.thanh_hoa_units(), as_of="2025-12-31"
    )
    records = report.to_records()
    assert (len(records), list(records[0])) == (len(rows), list(rows[0]))
    assert [r["status"] for r in records] == [r["status"] for r in rows]


def test_format_json_is_the_report() -> None:
    """``--format json`` and ``--json`` both print ``Report.to_json()``."""
    import io
    import json

    from thdx.cli import main

    a, b = io.StringIO(), io.StringIO()
    main(["demo", "--as-of", "2025-12-31", "--format", "json"], out=a)
    main(["demo", "--as-of", "2025-12-31", "--json"], out=b)
    assert (a.getvalue(), "thanh-hoa/06-NQ-TU") == (
        b.getvalue(),
        json.loads(a.getvalue())["rulebook"],
    )


GOOD_CSV = "unit,indicator,period,value,source\n38,satisfaction_share,2025,92.5 %,SIPAS\n"


@pytest.mark.parametrize("make", ["text", "bytes"])
def test_read_measurements_takes_an_open_stream(make: str) -> None:
    """A text or binary stream is read whole, as parse_measurements reads its content."""
    import io

    import thdx

    stream = io.StringIO(GOOD_CSV) if make == "text" else io.BytesIO(GOOD_CSV.encode())
    data = thdx.read_measurements(stream)
    assert list(data) == list(thdx.parse_measurements(GOOD_CSV))
    m = data.get("38", "satisfaction_share", "2025")
    assert (92.5, "SIPAS") == (m.magnitude if m else None, m.source if m else None)


def test_a_bad_row_of_a_stream_is_named_by_the_stream() -> None:
    """Problems of a stream carry its name (a file object's path), else <stream>."""
    import io

    import thdx

    bad = GOOD_CSV.replace("satisfaction_share", "happiness")
    with pytest.raises(thdx.DataFileError, match=r"<stream>:2:indicator: unknown indicator"):
        thdx.read_measurements(io.StringIO(bad))


def test_a_stream_that_gives_neither_text_nor_bytes_is_refused() -> None:
    """A ``read`` returning something else is an ArgumentTypeError naming its type."""
    import thdx

    class Odd:
        def read(self) -> int:
            return 7

    with pytest.raises(thdx.ArgumentTypeError, match="the stream gave int, not text or bytes"):
        thdx.read_measurements(Odd())  # type: ignore[arg-type]


def test_read_units_takes_an_open_stream(tmp_path: object) -> None:
    """``read_units`` reads a stream of its CSV as it reads the file."""
    import io

    import thdx

    text = (
        "code,name,kind,parent_code,valid_from,valid_until,successors\n"
        "99,Tỉnh X,tỉnh,,,,\n990,Huyện A,huyện,99,,,\n"
    )
    h = thdx.read_units(io.BytesIO(text.encode()))
    assert ("Tỉnh X", "99") == (h.get("99").name, h.get("990").parent)
