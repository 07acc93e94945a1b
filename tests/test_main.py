"""``python -m thdx`` runs the command line."""

from __future__ import annotations

import runpy
import subprocess
import sys

import pytest


def test_python_m_thdx_runs_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m thdx goals`` lists the goals and exits 0, as ``thdx goals`` does."""
    monkeypatch.setattr(sys, "argv", ["thdx", "goals"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("thdx", run_name="__main__")
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
