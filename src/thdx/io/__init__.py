"""Reading and writing data files: measurements, published counts, units."""

from thdx.io._io import (
    MEASUREMENT_HEADER,
    NOTE_COLUMN,
    RECOGNITION_INDICATOR,
    REPORTED_COUNT_HEADER,
    REPORTED_COUNT_INDICATORS,
    UNITS_HEADER,
    Progress,
    example_data,
    parse_measurements,
    read_measurements,
    read_reported_counts,
    read_units,
    write_measurements,
)

__all__ = [
    "MEASUREMENT_HEADER",
    "NOTE_COLUMN",
    "RECOGNITION_INDICATOR",
    "REPORTED_COUNT_HEADER",
    "REPORTED_COUNT_INDICATORS",
    "UNITS_HEADER",
    "Progress",
    "example_data",
    "parse_measurements",
    "read_measurements",
    "read_reported_counts",
    "read_units",
    "write_measurements",
]
