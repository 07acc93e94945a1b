"""Hypothesis strategies for thdx objects, for the test suites of downstream projects.

This module needs the optional extra ``thdx[strategies]`` (Hypothesis); ``import thdx``
never imports it, so import it explicitly. Everything it generates is valid:
constructing it never raises, and evaluating a generated rulebook on generated data
with :func:`thdx.evaluate` never raises.

Every strategy works with no arguments: it draws for Resolution 06-NQ/TU
(``thdx.resolution_06()``) and Thanh Hóa's units of both eras
(``thdx.thanh_hoa_units()``); give ``rulebook=`` and ``hierarchy=`` to draw for another
province. Example, a test of an application that renders reports::

    from hypothesis import given

    from thdx import strategies as ts


    @given(ts.reports())
    def test_every_verdict_renders(report: thdx.Report) -> None:
        for verdict in report:
            assert verdict.target.id in verdict.explain(lang="vi")

The building blocks: :func:`periods`, :func:`quantities`, :func:`measurements`,
:func:`recognitions`, :func:`administrative_units`, :func:`hierarchies`,
:func:`rulebooks`, :func:`measurement_sets` (data consistent with a rulebook and a
hierarchy), which :func:`scenarios` ties together and :func:`reports` evaluates;
:func:`random_scenarios` for generated rulebooks and hierarchies. Where bugs live:
:func:`threshold_values`, :func:`boundary_dates` and :func:`edge_cases`.

Installing thdx also registers strategies for ``st.from_type``: Measurement,
Recognition, Period, AdministrativeUnit, Hierarchy, MeasurementSet, Rulebook and
Report (through Hypothesis' ``hypothesis`` entry point; see :mod:`thdx.strategies._register`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thdx._lazy import lazy_exports

try:
    import hypothesis  # noqa: F401 - the extra thdx[strategies]
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "thdx.strategies needs Hypothesis: pip install 'thdx[strategies]'"
    raise ImportError(msg) from exc

if TYPE_CHECKING:
    from thdx.strategies._data import Scenario as Scenario
    from thdx.strategies._data import measurement_sets as measurement_sets
    from thdx.strategies._data import random_scenarios as random_scenarios
    from thdx.strategies._data import scenarios as scenarios
    from thdx.strategies._edges import EdgeCase as EdgeCase
    from thdx.strategies._edges import boundary_dates as boundary_dates
    from thdx.strategies._edges import edge_cases as edge_cases
    from thdx.strategies._edges import threshold_values as threshold_values
    from thdx.strategies._reports import reports as reports
    from thdx.strategies._rulebooks import rulebooks as rulebooks
    from thdx.strategies._units import administrative_units as administrative_units
    from thdx.strategies._units import hierarchies as hierarchies
    from thdx.strategies._values import measurements as measurements
    from thdx.strategies._values import periods as periods
    from thdx.strategies._values import quantities as quantities
    from thdx.strategies._values import recognitions as recognitions

# The public names by module, imported on first use (PEP 562): the entry-point hook
# (thdx.strategies._register) imports this package without loading the strategies.
_PUBLIC: dict[str, str] = {
    "thdx.strategies._data": "Scenario measurement_sets random_scenarios scenarios",
    "thdx.strategies._edges": "EdgeCase boundary_dates edge_cases threshold_values",
    "thdx.strategies._reports": "reports",
    "thdx.strategies._rulebooks": "rulebooks",
    "thdx.strategies._units": "administrative_units hierarchies",
    "thdx.strategies._values": "measurements periods quantities recognitions",
}
__all__, _load = lazy_exports("thdx.strategies", _PUBLIC, globals())


def __getattr__(name: str) -> Any:
    return _load(name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
