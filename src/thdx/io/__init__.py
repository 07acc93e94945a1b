"""Reading and writing data files: measurements, published counts, units."""

from thdx.io import _format
from thdx.io._example import example_data
from thdx.io._format import *
from thdx.io._measurements_file import parse_measurements, read_measurements
from thdx.io._reported_counts import read_reported_counts
from thdx.io._units_file import read_units
from thdx.io._writing import write_measurements

__all__ = [
    "example_data",
    "parse_measurements",
    "read_measurements",
    "read_reported_counts",
    "read_units",
    "write_measurements",
]
__all__ += _format.__all__
