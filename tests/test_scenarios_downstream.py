"""The downstream example of docs/howto-testing.md keeps passing: its own tests run in
a fresh process, as its authors would run them."""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "downstream"


def _plugin_installed() -> bool:
    """Whether an installed thdx registers the pytest plugin (its pytest11 entry point)."""
    points = importlib.metadata.entry_points(group="pytest11")
    return any(p.value == "thdx.scenarios._pytest" for p in points)


def test_downstream_example_passes(pytester: pytest.Pytester) -> None:
    """The example's strategy tests and its scenario file's two cases all pass."""
    shutil.copytree(EXAMPLE, pytester.path, dirs_exist_ok=True)
    # From a source checkout the entry point is not installed: load the plugin by name.
    args = [] if _plugin_installed() else ["-p", "thdx.scenarios._pytest"]
    result = pytester.runpytest_subprocess(*args, "-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(
        [
            "*satisfaction.thdx.toml::exactly 90 % meets the 2025 goal PASSED*",
            "*test_scorecard.py::test_one_line_per_goal PASSED*",
        ],
        consecutive=False,
    )
