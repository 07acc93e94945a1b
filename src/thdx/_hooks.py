"""What the package top lends to the layers below it, without an upward import.

This module imports nothing and sits below every layer. ``thdx/__init__`` fills it when
``import thdx`` runs, which happens before any subpackage is imported. A lower layer
reads it when it needs something a higher layer provides. ``thdx.model`` reads the
default catalogue's indicators here: the shipped rulebooks' indicators, which only the
``rulebooks`` layer can read. pint's ``set_application_registry`` works the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: Yields the default catalogue's indicators (set by ``thdx/__init__``).
default_indicators: Callable[[], Iterable[object]] | None = None

#: The shipped unit list of a name (``"thanh_hoa"``): the hierarchy a rulebook's
#: ``units`` names as its default (set by ``thdx/__init__``).
shipped_units: Callable[[str], object] | None = None

#: Reads a pandas DataFrame into a MeasurementSet, as the io layer reads a file, and
#: gives one back as a frame (set by ``thdx/__init__``; ``MeasurementSet.from_frame``
#: and ``to_frame`` call them).
from_frame: Callable[..., object] | None = None
to_frame: Callable[[object], object] | None = None

#: Runs a rulebook's plan in SQL: ``thdx.sql.evaluate`` (set by ``thdx/__init__``).
sql_evaluate: Callable[..., object] | None = None
