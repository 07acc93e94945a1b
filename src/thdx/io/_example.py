"""The example data thdx ships: published figures for Thanh Hóa, each with its source.

>>> data = example_data()
>>> len(data) >= 9, len(data.reported_counts) >= 1
(True, True)
"""

from __future__ import annotations

from thdx.io._csv_files import decode
from thdx.io._measurements_file import parse_measurements
from thdx.io._reported_counts import reported_counts
from thdx.rulebooks._files import shipped
from thdx.store._measurement_set import MeasurementSet

__all__ = ["example_data"]

_MEASUREMENTS = "example_measurements.csv"
_REPORTED_COUNTS = "example_reported_counts.csv"


def example_data() -> MeasurementSet:
    """The bundled published figures for Thanh Hóa (DX index ranks 2020–2024, the
    digital-economy share 2023, the 114 communes recognised for 2023), each with its
    source."""
    name = f"thdx/data/{_MEASUREMENTS}"
    data = parse_measurements(shipped(_MEASUREMENTS), name=name)
    counts_name = f"thdx/data/{_REPORTED_COUNTS}"
    counts = reported_counts(decode(shipped(_REPORTED_COUNTS), counts_name), counts_name)
    return data.with_items(counts)
