"""Strategies for ``st.from_type``, registered when Hypothesis starts.

Hypothesis runs every function of the ``hypothesis`` entry point group when it is
imported; thdx's ``pyproject.toml`` names :func:`_hypothesis_setup_hook`::

    [project.entry-points.hypothesis]
    _ = "thdx.strategies._register:_hypothesis_setup_hook"

The hook imports the public types (not pandas, not the strategies themselves) and
registers a resolver for each, so the strategies' modules are imported only
when ``st.from_type`` first draws one. ``import thdx`` never imports this module, nor
Hypothesis.
"""

from __future__ import annotations

from typing import Any


def _strategy(name: str) -> Any:
    """A resolver: ``thdx.strategies.<name>()``, built when ``st.from_type`` asks."""

    def build(_cls: type) -> Any:
        from thdx import strategies as ts

        return getattr(ts, name)()

    return build


def _with_shipped(random_name: str, shipped: str) -> Any:
    """A resolver: the shipped object (Resolution 06, Thanh Hóa's units) or a generated one."""

    def build(_cls: type) -> Any:
        from hypothesis import strategies as st

        import thdx
        from thdx import strategies as ts

        return st.just(getattr(thdx, shipped)()) | getattr(ts, random_name)()

    return build


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each public type of thdx with ``st.register_type_strategy``."""
    from hypothesis import strategies as st

    from thdx.model import AdministrativeUnit, Hierarchy, Period
    from thdx.rules import Rulebook
    from thdx.store import Measurement, MeasurementSet, Recognition
    from thdx.verdicts import Report

    plain: dict[type, str] = {
        Measurement: "measurements",
        Recognition: "recognitions",
        Period: "periods",
        AdministrativeUnit: "administrative_units",
        MeasurementSet: "measurement_sets",
        Report: "reports",
    }
    for cls, name in plain.items():
        st.register_type_strategy(cls, _strategy(name))
    st.register_type_strategy(Hierarchy, _with_shipped("hierarchies", "thanh_hoa_units"))
    st.register_type_strategy(Rulebook, _with_shipped("rulebooks", "resolution_06"))
