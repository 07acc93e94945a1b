"""Shared test configuration: Hypothesis profiles.

The profile is chosen by the ``HYPOTHESIS_PROFILE`` environment variable:

- ``dev`` (default): 50 examples per test, for quick local runs;
- ``ci``: 200 examples, no deadline, derandomized (reproducible; used by ``nox -s tests``);
- ``thorough``: 2000 examples, no deadline (used by ``nox -s property``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# The scenario files of tests/scenarios/ run by thdx's pytest plugin, also from a source
# checkout (an installed thdx registers it by its entry point; it collects a file once).
from thdx.scenarios._pytest import pytest_collect_file as pytest_collect_file

pytest_plugins = ["pytester"]

# too_slow: a shared CI machine under load makes input generation slow, not wrong.
# mutmut runs the suite twice in one process (to gather stats, then clean); class-based
# property tests then meet new instances, which this health check would refuse.
_SUPPRESS = [HealthCheck.differing_executors, HealthCheck.too_slow]
settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, suppress_health_check=_SUPPRESS
)
# No deadline: speed is measured by the benchmarks, not by the property tests.
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=_SUPPRESS
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
