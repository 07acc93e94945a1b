"""Scenario files: "this data, on this day, gives these verdicts", as ``*.thdx.toml``.

A scenario file holds cases; each names its evaluation day, its data (inline CSV or a
file) and the verdicts it expects. Two runners share one engine (:func:`run_case`):
the pytest plugin shipped with thdx collects every ``*.thdx.toml`` file as test items,
one per case, and ``thdx test PATH…`` runs them from the shell. A failure lists every
expectation the case missed (expected, actual), then the verdicts' explanations.

>>> from thdx.scenarios import loads_scenarios, run_case
>>> f = loads_scenarios('''
... [[case]]
... name = "no data is unknown, never not met"
... as_of = 2025-12-31
... [case.expect]
... "2025.gov.satisfaction" = { status = "UNKNOWN", final = false }
... ''')
>>> run_case(f.cases[0]).passed
True
"""

from thdx.scenarios._files import (
    CASE_KEYS,
    EXPECT_KEYS,
    SHIPPED_RULEBOOKS,
    Case,
    Expectation,
    ScenarioFile,
    ScenarioFileError,
    load_scenarios,
    loads_scenarios,
)
from thdx.scenarios._run import SUFFIX, Mismatch, Outcome, run_case, run_files, scenario_files

__all__ = [
    "CASE_KEYS",
    "EXPECT_KEYS",
    "SHIPPED_RULEBOOKS",
    "SUFFIX",
    "Case",
    "Expectation",
    "Mismatch",
    "Outcome",
    "ScenarioFile",
    "ScenarioFileError",
    "load_scenarios",
    "loads_scenarios",
    "run_case",
    "run_files",
    "scenario_files",
]
