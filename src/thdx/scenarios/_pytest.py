"""The pytest plugin shipped with thdx: every ``*.thdx.toml`` file is a test module,
each of its cases a test item.

Installing thdx registers it (the ``pytest11`` entry point ``thdx``); ``-p no:thdx``
turns it off. It adds one hook, :func:`pytest_collect_file`, which looks only at
files named ``*.thdx.toml``, so a suite without scenario files is unaffected, and
this module imports nothing of thdx until it meets one. A file is collected once even
when the plugin is loaded twice (an entry point and a ``conftest.py``). A bad file is
a collection error listing every problem; a failing case lists every expectation it
missed, then the verdicts' explanations.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from thdx.scenarios._files import Case
    from thdx.scenarios._run import Outcome

__all__ = ["ScenarioCaseItem", "ScenarioFailure", "ScenarioModule", "pytest_collect_file"]

SUFFIX = ".thdx.toml"
_SEEN = pytest.StashKey[set[Path]]()


class ScenarioFailure(Exception):
    """A case whose verdicts missed one or more expectations."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__(outcome.explain())


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A :class:`ScenarioModule` for each ``*.thdx.toml`` file, collected once."""
    if not file_path.name.endswith(SUFFIX):
        return None
    seen = parent.config.stash.setdefault(_SEEN, set())
    key = file_path.resolve()
    if key in seen:
        return None
    seen.add(key)
    module: ScenarioModule = ScenarioModule.from_parent(parent, path=file_path)
    return module


class ScenarioModule(pytest.File):
    """A scenario file: its cases are its items."""

    def collect(self) -> list[pytest.Item]:
        """One :class:`ScenarioCaseItem` per case (a bad file raises ScenarioFileError)."""
        from thdx.scenarios._files import load_scenarios

        return [
            ScenarioCaseItem.from_parent(self, name=case.name, case=case)
            for case in load_scenarios(self.path).cases
        ]

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | Any:
        """A bad file: every problem, without a traceback of thdx's reader."""
        from thdx.model._errors import ThdxError

        if isinstance(excinfo.value, ThdxError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class ScenarioCaseItem(pytest.Item):
    """One case of a scenario file."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        """Evaluate the case; raise :class:`ScenarioFailure` when an expectation is missed."""
        from thdx.scenarios._run import run_case

        outcome = run_case(self.case)
        if not outcome.passed:
            raise ScenarioFailure(outcome)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        """The mismatches and explanations, or every problem of the case's inputs."""
        from thdx.model._errors import ThdxError

        if isinstance(excinfo.value, ScenarioFailure | ThdxError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """The file, no line, and the case's place."""
        return self.path, None, f"{self.case.where}"
