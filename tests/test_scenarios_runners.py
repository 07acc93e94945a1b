"""Tests of the two runners of scenario files: the pytest plugin and ``thdx test``."""

from __future__ import annotations

import importlib.metadata
import io
from pathlib import Path

import pytest

from thdx.cli import main
from thdx.scenarios import _pytest as plugin
from thdx.scenarios import run_files


def _plugin_installed() -> bool:
    """Whether an installed thdx registers the pytest plugin (its pytest11 entry point)."""
    points = importlib.metadata.entry_points(group="pytest11")
    return any(p.value == "thdx.scenarios._pytest" for p in points)


# An installed thdx loads the plugin by its entry point (registering the module a second
# time would be refused); from a source checkout, the inner runs are given it.
PLUGINS: list[object] = [] if _plugin_installed() else [plugin]

PASSING = '''
[[case]]
name = "at 90"
as_of = 2025-12-31
data = """
unit,indicator,period,value,source
38,satisfaction_share,2025,90 %,SIPAS 2025
"""
[case.expect]
"2025.gov.satisfaction" = { status = "MET", final = true }

[[case]]
name = "no data"
as_of = 2025-12-31
[case.expect]
"2025.gov.satisfaction" = "UNKNOWN"
'''
FAILING = '''
[[case]]
name = "wrong on purpose"
as_of = 2025-12-31
data = """
unit,indicator,period,value,source
38,satisfaction_share,2025,89 %,SIPAS 2025
"""
[case.expect]
"2025.gov.satisfaction" = { status = "MET", value = 90 }
"2025.gov.eid_users" = "MET"
'''
GONE = (
    '[[case]]\nname = "gone"\nas_of = 2025-12-31\n'
    'data = "unit,indicator,period,value,source\\n386,dx_completed,2025-07-01,QĐ 1,x"\n'
    '[case.expect]\n"2025.soc.districts_completed" = "MET"\n'
)
BAD = """
[[case]]
name = "bad"
as_of = 2025-12-31
expcet = {}
"""


class TestPlugin:
    """The pytest plugin collects *.thdx.toml files, one item per case."""

    def test_one_item_per_case(self, pytester: pytest.Pytester) -> None:
        """Two cases, two passing items named after them."""
        pytester.makefile(".thdx.toml", sat=PASSING)
        result = pytester.runpytest("-v", "-p", "no:cacheprovider", plugins=PLUGINS)
        result.assert_outcomes(passed=2)
        result.stdout.fnmatch_lines(["*sat.thdx.toml::at 90 PASSED*", "*::no data PASSED*"])

    def test_failure_lists_every_mismatch(self, pytester: pytest.Pytester) -> None:
        """A failing case shows every expectation missed, then the verdicts' explanation."""
        pytester.makefile(".thdx.toml", wrong=FAILING)
        result = pytester.runpytest("-p", "no:cacheprovider", plugins=PLUGINS)
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(
            [
                "*case[[]0] 'wrong on purpose' in *wrong.thdx.toml: 3 expectation(s) not met",
                "  2025.gov.satisfaction: status: expected MET, got NOT_MET",
                "  2025.gov.satisfaction: value: expected 90 %, got 89 %",
                "  2025.gov.eid_users: status: expected MET, got UNKNOWN",
                "--- 2025.gov.satisfaction ---",
                "2025.gov.satisfaction — unit 38: NOT MET (final)",
                "--- 2025.gov.eid_users ---",
            ]
        )
        assert "Traceback" not in result.stdout.str()

    def test_bad_file_is_a_collection_error(self, pytester: pytest.Pytester) -> None:
        """A bad file is one collection error listing its problems, no traceback."""
        pytester.makefile(".thdx.toml", bad=BAD)
        result = pytester.runpytest("-p", "no:cacheprovider", plugins=PLUGINS)
        result.assert_outcomes(errors=1)
        result.stdout.fnmatch_lines(
            [
                "*bad.thdx.toml: 2 problems",
                "  case[[]0] 'bad'.expcet: unknown key (did you mean 'expect'?)",
                "  case[[]0] 'bad'.expect: missing: a case needs at least one expected verdict",
            ]
        )

    def test_refused_inputs_fail_the_item(self, pytester: pytest.Pytester) -> None:
        """Data the evaluation refuses fails its item with the problem, no traceback."""
        pytester.makefile(".thdx.toml", gone=GONE)
        result = pytester.runpytest("-p", "no:cacheprovider", plugins=PLUGINS)
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*gone.thdx.toml: 1 problem", "  case[[]0] 'gone': *'386'*"])
        assert "Traceback" not in result.stdout.str()

    def test_collected_once_when_loaded_twice(self, pytester: pytest.Pytester) -> None:
        """The plugin and a conftest that uses its hook collect each file once."""
        pytester.makefile(".thdx.toml", sat=PASSING)
        pytester.makeconftest(
            "from thdx.scenarios._pytest import pytest_collect_file as pytest_collect_file\n"
        )
        result = pytester.runpytest("-p", "no:cacheprovider", plugins=PLUGINS)
        result.assert_outcomes(passed=2)

    def test_other_suites_unaffected(self, pytester: pytest.Pytester) -> None:
        """A suite without scenario files runs as before; other .toml files are ignored."""
        pytester.makepyfile(test_plain="def test_ok():\n    assert 1 + 1 == 2\n")
        pytester.makefile(".toml", settings="[tool]\nx = 1\n")
        result = pytester.runpytest("-p", "no:cacheprovider", plugins=PLUGINS)
        result.assert_outcomes(passed=1)

    def test_k_selects_cases(self, pytester: pytest.Pytester) -> None:
        """Cases are items: -k selects them by name."""
        pytester.makefile(".thdx.toml", sat=PASSING)
        result = pytester.runpytest("-p", "no:cacheprovider", "-k", "data", plugins=PLUGINS)
        result.assert_outcomes(passed=1, deselected=1)


def run(*argv: str) -> tuple[int, str]:
    """Run the command line; its status and output."""
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


class TestCommand:
    """``thdx test PATH…``: 0 all passed, 1 a case failed, 2 a bad file."""

    def test_all_pass(self, tmp_path: Path) -> None:
        """Every case passes: status 0, one line per case and a summary."""
        (tmp_path / "sat.thdx.toml").write_text(PASSING, "utf-8")
        status, out = run("test", str(tmp_path))
        path = tmp_path / "sat.thdx.toml"
        expected = (
            f"PASS {path} :: at 90\nPASS {path} :: no data\n"
            "2 passed, 0 failed, 0 bad, in 1 file(s)\n"
        )
        assert (0, expected) == (status, out)

    def test_a_failure(self, tmp_path: Path) -> None:
        """A failing case: status 1, its mismatches and explanation printed."""
        (tmp_path / "ok.thdx.toml").write_text(PASSING, "utf-8")
        (tmp_path / "wrong.thdx.toml").write_text(FAILING, "utf-8")
        status, out = run("test", str(tmp_path))
        assert 1 == status
        assert "  2025.gov.satisfaction: status: expected MET, got NOT_MET\n" in out
        assert out.endswith("2 passed, 1 failed, 0 bad, in 2 file(s)\n")

    def test_a_bad_file(self, tmp_path: Path) -> None:
        """A bad file: status 2, its problems printed; the other files still run."""
        (tmp_path / "bad.thdx.toml").write_text(BAD, "utf-8")
        (tmp_path / "wrong.thdx.toml").write_text(FAILING, "utf-8")
        status, out = run("test", str(tmp_path))
        assert 2 == status
        assert "unknown key (did you mean 'expect'?)" in out
        assert out.endswith("0 passed, 1 failed, 1 bad, in 2 file(s)\n")

    def test_refused_inputs(self, tmp_path: Path) -> None:
        """Data the evaluation refuses: status 2, the problem named with its case."""
        (tmp_path / "gone.thdx.toml").write_text(GONE, "utf-8")
        status, out = run("test", str(tmp_path))
        assert 2 == status
        assert "case[0] 'gone': " in out
        assert out.endswith("0 passed, 0 failed, 1 bad, in 1 file(s)\n")

    def test_run_files(self, tmp_path: Path) -> None:
        """run_files runs every case of every file, in order."""
        (tmp_path / "a.thdx.toml").write_text(PASSING, "utf-8")
        (tmp_path / "b.thdx.toml").write_text(FAILING, "utf-8")
        outcomes = list(run_files([tmp_path]))
        assert [("at 90", True), ("no data", True), ("wrong on purpose", False)] == [
            (o.case.name, o.passed) for o in outcomes
        ]

    def test_no_such_path(self, tmp_path: Path) -> None:
        """An absent path: status 2, named."""
        status, out = run("test", str(tmp_path / "nope"))
        assert 2 == status
        assert f"error: {tmp_path / 'nope'}: 1 problem\n  no such file or directory\n" == out

    def test_our_scenarios_pass(self) -> None:
        """The suite's own scenario files pass from the shell too."""
        here = Path(__file__).parent / "scenarios"
        status, out = run("test", str(here))
        assert 0 == status, out
