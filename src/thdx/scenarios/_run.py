"""Running a scenario case: evaluate it, compare every expectation, explain a failure.

The one engine of both runners (the pytest plugin and ``thdx test``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import attrs

from thdx.engine import evaluate
from thdx.model._errors import Problem, ProblemsError, ThdxError
from thdx.model._quantities import format_quantity
from thdx.rules._vocabulary import tolerance
from thdx.scenarios._files import Case, Expectation, ScenarioFileError, load_scenarios
from thdx.verdicts._verdict import Report, Verdict

__all__ = ["SUFFIX", "Mismatch", "Outcome", "run_case", "run_files", "scenario_files"]

#: The suffix of scenario files.
SUFFIX = ".thdx.toml"


@attrs.frozen
class Mismatch:
    """One expectation a verdict did not meet: what was expected and what it was."""

    target: str
    key: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"{self.target}: {self.key}: expected {self.expected}, got {self.actual}"


@attrs.frozen
class Outcome:
    """The result of one case: its report and every expectation it missed."""

    case: Case
    report: Report = attrs.field(repr=False)
    mismatches: tuple[Mismatch, ...]

    @property
    def passed(self) -> bool:
        """Whether every expectation was met."""
        return not self.mismatches

    def explain(self, lang: str = "en") -> str:
        """Every mismatch (expected, actual), then the explanation of each verdict
        that missed one; ``""`` for a case that passed."""
        if self.passed:
            return ""
        n = len(self.mismatches)
        lines = [f"{self.case.where} in {self.case.source}: {n} expectation(s) not met"]
        lines += [f"  {m}" for m in self.mismatches]
        for tid in dict.fromkeys(m.target for m in self.mismatches):
            lines += ["", f"--- {tid} ---", self.report.verdict(tid).explain(lang=lang)]
        return "\n".join(lines)


def _shown(value: float | None, unit: str) -> str:
    return "no value" if value is None else format_quantity(value, unit)


def _within(e: Expectation, actual: float) -> bool:
    assert e.value is not None  # the caller checked
    margin = max(
        e.abs_margin if e.abs_margin is not None else 0.0,
        (e.rel_margin or 0.0) * abs(e.value),
        tolerance(e.value) if e.abs_margin is None and e.rel_margin is None else 0.0,
    )
    return math.isfinite(actual) and abs(actual - e.value) <= margin


def _check(e: Expectation, v: Verdict) -> Iterator[Mismatch]:
    if e.status is not None and v.status is not e.status:
        yield Mismatch(e.target, "status", e.status.name, v.status.name)
    if e.final is not None and v.final is not e.final:
        yield Mismatch(e.target, "final", str(e.final).lower(), str(v.final).lower())
    if e.value is not None and (v.value is None or not _within(e, v.value)):
        unit = v.unit_of_measure
        margin = []
        if e.abs_margin is not None:
            margin.append(f"± {_shown(e.abs_margin, unit)}")
        if e.rel_margin is not None:
            margin.append(f"± {e.rel_margin:g} of it")
        expected = " ".join([_shown(e.value, unit), *margin])
        yield Mismatch(e.target, "value", expected, _shown(v.value, unit))
    if e.notes_include:
        keys = v.note_keys
        codes = {k.split(":", 1)[0] for k in keys}
        missing = [n for n in e.notes_include if n not in keys and n not in codes]
        if missing:
            got = ", ".join(keys) if keys else "no notes"
            yield Mismatch(e.target, "notes_include", ", ".join(missing), got)


def run_case(case: Case) -> Outcome:
    """Evaluate a case and compare every expectation (all of them, not only the first).

    Raises:
        ScenarioFileError: the evaluation refused the case's inputs (a ThdxError),
            named with the case.
    """
    try:
        report = evaluate(
            case.rulebook, case.data, units=case.units, as_of=case.as_of, count_era=case.count_era
        )
    except ProblemsError as exc:
        problems = [attrs.evolve(p, where=f"{case.where}: {p.where}") for p in exc.problems]
        raise ScenarioFileError(case.source, problems) from None
    except ThdxError as exc:
        raise ScenarioFileError(case.source, [Problem(case.where, str(exc))]) from None
    mismatches: list[Mismatch] = []
    for e in case.expect:
        mismatches += _check(e, report.verdict(e.target))
    return Outcome(case, report, tuple(mismatches))


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The scenario files of ``paths``: each file itself, each directory's
    ``*.thdx.toml`` files (recursively), sorted, each once.

    Raises:
        ScenarioFileError: a path does not exist.
    """
    out: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.update(dict.fromkeys(sorted(p.rglob(f"*{SUFFIX}"))))
        elif p.is_file():
            out[p] = None
        else:
            raise ScenarioFileError(str(p), [Problem("", "no such file or directory")])
    return list(out)


def run_files(paths: Sequence[str | os.PathLike[str]]) -> Iterator[Outcome]:
    """Every case of every scenario file of ``paths``, run in order.

    Raises:
        ScenarioFileError: a file is bad (before any of its cases runs).
    """
    for path in scenario_files(paths):
        for case in load_scenarios(path).cases:
            yield run_case(case)
