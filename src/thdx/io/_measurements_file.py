"""Reading a measurements file (with its recognitions and reported counts) into a set.

``read_measurements`` reads a UTF-8 CSV (with or without BOM) with the header
``unit,indicator,period,value,source`` (and optionally a sixth column, ``note``);
``source`` may be empty. A recognition is a row whose indicator is ``dx_completed``:
its period is the date of the decision and its value the decision's number. A
reported count is a row whose indicator is ``dx_completed_districts`` or
``dx_completed_communes``, its value ``count/total`` ("114/558") or ``count``. Every
bad row is reported at once, each with its ``file:line:column``; nothing is dropped,
clipped or guessed.

A file is read in two passes at most. The first streams it through the columnar
reader (:mod:`thdx.io._columns`), which decides most rows alone; when a row has a
problem, a second pass reads the rows concerned with the reference reader
(:mod:`thdx.io._row_reader`) to word every problem with its line.

>>> data = parse_measurements("unit,indicator,period,value,source\\n38,grdp,2024,1,\\n")
>>> [(m.unit, m.indicator, str(m.period)) for m in data]
[('38', 'grdp', '2024')]
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, cast

import numpy as np

from thdx.io._columns import Reader
from thdx.io._csv_files import Source, csv_reader, stream_content
from thdx.io._format import MEASUREMENT_HEADER, Progress, cell
from thdx.io._row_reader import Item, differs, parse_rows, row_item
from thdx.io._table import IntArray, Table
from thdx.io._values import PLAIN, percent_share, value_kind
from thdx.model._errors import ArgumentTypeError, DataFileError, Problem, ThdxWarning
from thdx.model._indicators import Catalogue, default_catalogue
from thdx.model._measurement import Measurement
from thdx.model._measurement_values import fraction_warning
from thdx.model._problems import Problems
from thdx.rulebooks._files import as_path
from thdx.store._measurement_set import MeasurementSet

__all__ = ["parse_measurements", "read_measurements"]


def _read_columns(source: Source, cat: Catalogue, progress: Progress | None) -> Reader:
    """Stream the file through a :class:`~thdx.io._columns.Reader`.

    Raises:
        DataFileError: the file as a whole (unreadable, not UTF-8, NUL bytes, no or
            a wrong header, not valid CSV).
    """
    with (
        source.reading(progress) as stream,
        csv_reader(stream, source.name, MEASUREMENT_HEADER) as (width, reader),
    ):
        rd = Reader(cat, width)
        rd.read(reader)
    return rd


def _parse(
    source: Source, catalogue: Catalogue | None, progress: Progress | None, stacklevel: int
) -> MeasurementSet:
    """Read a measurements file into a set (see :func:`read_measurements`)."""
    name = source.name
    cat = default_catalogue() if catalogue is None else catalogue
    rd = _read_columns(source, cat, progress)
    if progress is not None:
        progress(source.size, source.size)
    table, others = _table(name, rd, cat)
    if rd.bad:
        first, later = table.repeats()
        differ = table.differ(first, later)
        return _with_problems(source, cat, rd, table, first[differ], later[differ], stacklevel + 1)
    repeats: list[tuple[int, int]] = []
    data = Problems(name, DataFileError).finish(name, lambda: table.build(rd, cat, others, repeats))
    if repeats:
        first, later = (np.array(x, dtype=np.int64) for x in zip(*repeats, strict=True))
        return _with_problems(source, cat, rd, table, first, later, stacklevel + 1)
    table.warn(name, rd, cat, stacklevel + 1)
    return data


def _table(name: str, rd: Reader, cat: Catalogue) -> tuple[Table, list[Item]]:
    """The measurements the columnar reader read, with the rows it set aside read one
    at a time (the ordinals of those with a problem added to ``rd.bad``), and the
    other items (recognitions, reported counts)."""
    cols = rd.columns()
    # The rows set aside, one at a time (their problems are worded again, with lines).
    measured: list[tuple[int, Measurement, bool]] = []
    others: list[Item] = []
    for ordinal, row in rd.aside:
        item, found = row_item(name, 0, row, cat, rd.width)
        if found:
            rd.bad.append(ordinal)
        elif isinstance(item, Measurement):
            measured.append((ordinal, item, value_kind(row[3])[0] == PLAIN))
        elif item is not None:
            others.append(item)
    return Table(rd, cols, measured), others


def parse_labelled(
    name: str,
    rows: list[list[str]],
    label: Callable[[int], str],
    cat: Catalogue,
    width: int,
    stacklevel: int,
    bad: Mapping[int, list[Problem]],
) -> MeasurementSet:
    """The set of rows of text cells (of ``width`` each) read as the rows of a file
    are: by the columnar reader when no row has a problem, else by the reference
    reader, which words every problem with its row's label (``label(position)``, asked
    for then only; see :func:`parse_records`). ``bad``: the problems of rows found
    before (by position), which are not read, their problems given in row order.

    Warns:
        ThdxWarning: every share given as a plain number is ≤ 1.
    """
    if not bad:
        rd = Reader(cat, width)
        rd.read(rows)
        table, others = _table(name, rd, cat)
        if not rd.bad:
            repeats: list[tuple[int, int]] = []
            data = Problems(name, DataFileError).finish(
                name, lambda: table.build(rd, cat, others, repeats)
            )
            if not repeats:
                table.warn(name, rd, cat, stacklevel + 1)
                return data
    problems = Problems(name, DataFileError)

    def read() -> Iterator[tuple[int | str, list[str]]]:
        for i, row in enumerate(rows):
            if i in bad:
                problems.extend(bad[i])
            else:
                yield label(i), row

    return parse_records(name, read(), cat, width, stacklevel + 1, problems)


def _with_problems(
    source: Source,
    cat: Catalogue,
    rd: Reader,
    table: Table,
    first: IntArray,
    later: IntArray,
    stacklevel: int,
) -> MeasurementSet:
    """Word every problem of the file, each with its line, and raise them.

    The rows concerned are read again, one at a time
    (:func:`~thdx.io._row_reader.row_item`), in a second pass over the file. Should the
    reference reading accept a row the columnar reader refused, the whole file is read
    by the reference reader instead.

    Raises:
        DataFileError: every problem, in file order.
    """
    name = source.name
    bad = set(rd.bad)
    firsts = dict(zip(later.tolist(), first.tolist(), strict=True))
    by_ordinal = {int(table.ordinal[r]): r for r in (*later.tolist(), *first.tolist())}
    lines: dict[int, int] = {}
    by_line: list[tuple[int, list[Problem]]] = []
    later_cells: dict[int, str] = {}
    with source.records() as records:
        for ordinal, (line, row) in enumerate(records):
            if ordinal in bad:
                found = row_item(name, line, row, cat, rd.width)[1]
                if not found:
                    return _parse_slowly(source, cat, stacklevel + 1)
                by_line.append((line, found))
            elif ordinal in by_ordinal:
                lines[by_ordinal[ordinal]] = line
                later_cells[by_ordinal[ordinal]] = cell(row[3])
    for r, f in firsts.items():
        ind = cat[rd.ind_names[int(table.k[f])]]
        m = table.objects[f] or Measurement._trusted(
            rd.unit_names[int(table.u[f])],
            ind.id,
            float(table.value[f]),
            ind.unit,
            rd.periods[int(table.p[f])],
            cohort=None if math.isnan(table.cohort[f]) else int(table.cohort[f]),
        )
        by_line.append((lines[r], [differs(name, lines[r], later_cells[r], m, lines[f])]))
    by_line.sort(key=lambda x: x[0])
    raise DataFileError(name, [p for _, found in by_line for p in found])


def _parse_slowly(source: Source, cat: Catalogue, stacklevel: int) -> MeasurementSet:
    """Read a measurements file with the reference reader, one row at a time."""
    with source.records() as records:
        return parse_records(source.name, records, cat, _width(source), stacklevel + 1)


def parse_records(
    name: str,
    records: Iterable[tuple[int | str, list[str]]],
    cat: Catalogue,
    width: int,
    stacklevel: int,
    problems: Problems | None = None,
) -> MeasurementSet:
    """The set of rows of text cells read by the reference reader, one at a time, each
    with its line or label (every problem raised at once, as a DataFileError, with
    those already in ``problems``).

    Warns:
        ThdxWarning: every share given as a plain number is ≤ 1.
    """
    problems = Problems(name, DataFileError) if problems is None else problems
    items, plain = parse_rows(records, problems, cat, width)
    data = problems.finish(name, lambda: MeasurementSet(items, catalogue=cat))
    measured = [m for m in items if isinstance(m, Measurement)]
    shares = [
        m.magnitude
        for m, p in zip(measured, plain, strict=True)
        if p and percent_share(cat[m.indicator])
    ]
    if shares and 0 < max(shares) <= 1:
        top = next(m for m in measured if m.magnitude == max(shares))
        warnings.warn(
            fraction_warning(name, max(shares), top.indicator),
            ThdxWarning,
            stacklevel=stacklevel + 1,
        )
    return data


def _width(source: Source) -> int:
    with source.open() as stream, csv_reader(stream, source.name, MEASUREMENT_HEADER) as (w, _):
        return w


def parse_measurements(
    text: str | bytes,
    *,
    name: str = "<data>",
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
) -> MeasurementSet:
    """Parse measurement CSV text (see :func:`read_measurements`).

    Raises:
        ArgumentTypeError: ``text`` is neither a str nor bytes.
        DataFileError: listing every bad row with its line and column.

    Warns:
        ThdxWarning: every share given as a plain number is ≤ 1.
    """
    given = cast(object, text)
    if isinstance(given, bytes | bytearray):
        source = Source(name, data=bytes(given))
    elif isinstance(given, str):
        try:
            given.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: no file could hold it
            line = given.count("\n", 0, exc.start) + 1
            problem = Problem(
                f"{name}:{line}", f"{given[exc.start]!r} is a lone surrogate, not a character"
            )
            raise DataFileError(name, [problem]) from None
        source = Source(name, text=given[1:] if given.startswith("\ufeff") else given)
    else:
        msg = f"parse_measurements: text must be a str or bytes, got {text!r}"
        raise ArgumentTypeError(msg)
    return _parse(source, catalogue, progress, stacklevel=2)


def read_measurements(
    path: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
) -> MeasurementSet:
    """Read a measurements CSV file into a MeasurementSet.

    The file is streamed: its rows are read in chunks and checked column by column,
    so a file of a million rows takes about twice the time the csv module takes to
    iterate it, in memory about twice its size.

    Args:
        path: the file (UTF-8, with or without BOM), or an open stream of its text or
            bytes (``io.StringIO``, a file opened by the caller), read whole and parsed
            as :func:`parse_measurements` does; problems are named by the stream's
            ``name``, else ``<stream>``.
        catalogue: indicators to check against (default: the shipped catalogue).
        progress: called as ``progress(done, total)`` with the bytes read so far and
            the file's size, at least once a MiB and once at the end (a progress bar).

    Raises:
        ArgumentTypeError: ``path`` is not a path (None, bytes, a number).
        DataFileError: the file cannot be read (a NUL byte in the path included), or
            listing every bad row with its line and column: the first 20 in full,
            the others counted by kind.

    Warns:
        ThdxWarning: every share given as a plain number is ≤ 1 (0.925 is read as
            0.925 %, not 92.5 %).
    """
    streamed = stream_content(path, "read_measurements")
    if streamed is not None:
        content, name = streamed
        return parse_measurements(content, name=name, catalogue=catalogue, progress=progress)
    p = as_path(path, "read_measurements")
    return _parse(Source(str(p), path=p), catalogue, progress, stacklevel=2)
