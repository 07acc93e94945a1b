"""``thdx test PATH…``: run scenario files from the shell (the same engine as the plugin).

Exit status: 0 when every case passes, 1 when any fails, 2 when a file is bad (its
problems are printed; the other files still run).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from thdx.model._errors import ThdxError
from thdx.scenarios._files import load_scenarios
from thdx.scenarios._run import SUFFIX, run_case, scenario_files

__all__ = ["add_parser", "run"]

EXIT_PASSED, EXIT_FAILED, EXIT_BAD = 0, 1, 2


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``test`` subcommand to the ``thdx`` command line's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "test", help=f"run scenario files ({SUFFIX}): the verdicts their cases expect"
    )
    p.add_argument("paths", nargs="+", help=f"scenario files, or directories of {SUFFIX} files")
    p.add_argument("--lang", choices=("en", "vi"), default="en", help="language of explanations")
    return p


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run every case of every file of ``args.paths``; print one line per case, the
    failures explained, and a summary. Returns the exit status."""
    try:
        files = scenario_files(args.paths)
    except ThdxError as exc:
        out.write(f"error: {exc}\n")
        return EXIT_BAD
    passed = failed = bad = 0
    for path in files:
        try:
            cases = load_scenarios(path).cases
        except ThdxError as exc:
            bad += 1
            out.write(f"error: {exc}\n")
            continue
        for case in cases:
            try:
                outcome = run_case(case)
            except ThdxError as exc:
                bad += 1
                out.write(f"error: {exc}\n")
                continue
            if outcome.passed:
                passed += 1
                out.write(f"PASS {path} :: {case.name}\n")
            else:
                failed += 1
                out.write(f"FAIL {path} :: {case.name}\n{outcome.explain(args.lang)}\n\n")
    out.write(f"{passed} passed, {failed} failed, {bad} bad, in {len(files)} file(s)\n")
    if bad:
        return EXIT_BAD
    return EXIT_FAILED if failed else EXIT_PASSED
