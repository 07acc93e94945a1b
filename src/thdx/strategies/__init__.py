"""Hypothesis strategies for thdx objects, for the test suites of downstream projects.

This module needs the optional extra ``thdx[strategies]`` (Hypothesis); ``import thdx``
never imports it, so import it explicitly. Everything it generates is valid:
constructing it never raises, and evaluating a generated rulebook on generated data
with :func:`thdx.evaluate` never raises.

Example, a test of an application that renders reports::

    from hypothesis import given

    import thdx
    from thdx import strategies as ts


    @given(ts.scenarios())
    def test_every_verdict_renders(s: ts.Scenario) -> None:
        report = thdx.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)
        for verdict in report:
            assert verdict.target.id in verdict.explain(lang="vi")

The building blocks: :func:`periods`, :func:`quantities`, :func:`measurements`,
:func:`recognitions`, :func:`hierarchies`, :func:`rulebooks`, and
:func:`measurement_sets` (data consistent with a rulebook and a hierarchy), which
:func:`scenarios` ties together.
"""

try:
    import hypothesis  # noqa: F401 - the extra thdx[strategies]
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "thdx.strategies needs Hypothesis: pip install 'thdx[strategies]'"
    raise ImportError(msg) from exc

from thdx.strategies._data import Scenario, measurement_sets, scenarios
from thdx.strategies._rulebooks import rulebooks
from thdx.strategies._units import hierarchies
from thdx.strategies._values import measurements, periods, quantities, recognitions

__all__ = [
    "Scenario",
    "hierarchies",
    "measurement_sets",
    "measurements",
    "periods",
    "quantities",
    "recognitions",
    "rulebooks",
    "scenarios",
]
