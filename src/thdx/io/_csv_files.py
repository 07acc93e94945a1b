"""A CSV file's text: read (streamed or whole), decoded as UTF-8, checked for NUL bytes,
its header checked, its rows given with their lines.

Every problem of a file as a whole (it cannot be read, it is UTF-16 or not UTF-8, it
holds a NUL byte, it is empty, its header is wrong, it is not valid CSV) is one
:class:`~thdx.model._errors.DataFileError` naming the file and, where there is one, the
line.

>>> rows("unit,level\\n38,district\\n", "d.csv", ("unit", "level"))
[(2, ['38', 'district'])]
>>> rows("unit\\n", "d.csv", ("unit", "level"))
Traceback (most recent call last):
...
thdx.model._errors.DataFileError: d.csv: 1 problem
  d.csv:1: header is 'unit', expected 'unit,level'
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from thdx.io._format import MEASUREMENT_HEADER, NOTE_COLUMN, Progress
from thdx.model._errors import ArgumentTypeError, DataFileError, Problem
from thdx.rulebooks._files import open_file, read_file

if TYPE_CHECKING:
    from _csv import Reader

__all__: list[str] = []

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _refused(name: str, line: int, message: str) -> DataFileError:
    """The error of a file refused as a whole, at one line."""
    return DataFileError(name, [Problem(f"{name}:{line}", message)])


def _utf16(name: str) -> DataFileError:
    return _refused(name, 1, "UTF-16 text (expected UTF-8: save the file as UTF-8)")


def decode(raw: bytes, name: str) -> str:
    """The UTF-8 text of a file's bytes (with or without BOM)."""
    if raw.startswith(_UTF16_BOMS):
        raise _utf16(name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Count the line of the bad byte so the user can find it.
        line = raw[: exc.start].count(b"\n") + 1
        raise _refused(name, line, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None


def check_nul(text: str, name: str) -> None:
    """Refuse a text holding a NUL byte, naming its line."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        message = "contains a NUL byte (binary or UTF-16 data; expected UTF-8 text)"
        raise _refused(name, line, message)


def check_header(first: list[str] | None, name: str, header: tuple[str, ...]) -> int:
    """The number of columns of a file whose first row is ``first``.

    A measurements file may have the ``note`` column after ``source``.
    """
    if first is None:
        raise _refused(name, 1, f"empty file (expected the header {','.join(header)})")
    got = tuple(c.strip() for c in first)
    if got == header or (header == MEASUREMENT_HEADER and got == (*header, NOTE_COLUMN)):
        return len(got)
    raise _refused(name, 1, f"header is {','.join(got)!r}, expected {','.join(header)!r}")


@contextlib.contextmanager
def csv_reader(stream: IO[str], name: str, header: tuple[str, ...]) -> Iterator[tuple[int, Reader]]:
    """The number of columns (the header checked) and a reader of the rows after it.

    Raises:
        DataFileError: an empty file, a wrong header, text that is not valid CSV (while
            the rows are read, inside the ``with`` block).
    """
    reader = csv.reader(stream, strict=True)
    try:
        yield check_header(next(reader, None), name, header), reader
    except csv.Error as exc:
        raise _refused(name, reader.line_num, f"not valid CSV: {exc}") from None


def records(stream: IO[str], name: str, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header, each with its line (the last line of the row)."""
    with csv_reader(stream, name, header) as (_, reader):
        for row in reader:
            yield reader.line_num, row


def rows(text: str, name: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The rows of a whole text after its header, each with its line."""
    check_nul(text, name)
    return list(records(io.StringIO(text, newline=""), name, header))


def read_text(path: Path) -> str:
    """The UTF-8 text of a file (read as :func:`thdx.rulebooks._files.read_file`)."""
    return decode(read_file(path), str(path))


def stream_content(given: object, who: str) -> tuple[str | bytes, str] | None:
    """What an open stream holds (``io.StringIO``, a file opened in text or binary mode)
    and the name to give it (its ``name``, else ``<stream>``); None for anything without
    a ``read`` method (a path)."""
    read = getattr(given, "read", None)
    if not callable(read):
        return None
    content = read()
    if not isinstance(content, str | bytes):
        msg = f"{who}: the stream gave {type(content).__name__}, not text or bytes"
        raise ArgumentTypeError(msg)
    name = getattr(given, "name", None)
    return content, name if isinstance(name, str) and name else "<stream>"


class _NulByte(Exception):
    """A NUL byte met while streaming a file (the whole-file path words the problem)."""


class _Checked(io.BufferedIOBase):
    """A binary stream that refuses NUL bytes and reports how much has been read."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self._raw = raw
        self._total = total
        self._progress = progress
        self._done = 0

    def readable(self) -> bool:
        return True

    def read1(self, size: int | None = -1) -> bytes:
        data = self._raw.read(size if size is not None and size > 0 else 1 << 20)
        if b"\x00" in data:
            raise _NulByte
        self._done += len(data)
        if self._progress is not None and data:
            self._progress(self._done, self._total)
        return data

    read = read1

    def close(self) -> None:
        self._raw.close()
        super().close()


class Source:
    """Where the text of a measurements file comes from (a path, bytes or a str); each
    :meth:`open` reads it again from its start."""

    def __init__(
        self,
        name: str,
        *,
        path: Path | None = None,
        data: bytes | None = None,
        text: str | None = None,
    ) -> None:
        self.name, self.path, self.data, self.text = name, path, data, text
        self.size = len(data) if data is not None else len(text) if text is not None else 0

    def open(self, progress: Progress | None = None) -> IO[str]:
        """The text as a stream (newline="", as the csv module wants).

        Raises:
            DataFileError: the file cannot be read, or is UTF-16.
        """
        if self.text is not None:
            return io.StringIO(self.text, newline="")
        raw: IO[bytes]
        if self.path is None:
            raw = io.BytesIO(self.data or b"")
        else:
            raw = open_file(self.path, buffering=0)
            self.size = os.fstat(raw.fileno()).st_size
        try:
            head = raw.read(2)
            raw.seek(0)
        except OSError as exc:
            raw.close()
            problem = Problem(self.name, f"cannot read: {exc.strerror or exc}")
            raise DataFileError(self.name, [problem]) from None
        if head.startswith(_UTF16_BOMS):
            raw.close()
            raise _utf16(self.name)
        text = io.TextIOWrapper(
            cast(Any, _Checked(raw, self.size, progress)), encoding="utf-8-sig", newline=""
        )
        # Decode 64 KiB at a time (8 KiB by default): fewer calls, same text.
        with contextlib.suppress(AttributeError):
            text._CHUNK_SIZE = 1 << 16  # type: ignore[attr-defined]
        return text

    def whole(self) -> str:
        """The whole text, decoded and checked as one (for the problem of a bad byte)."""
        if self.text is not None:
            text = self.text
        else:
            raw = self.data if self.path is None else read_file(self.path)
            text = decode(raw or b"", self.name)
        check_nul(text, self.name)
        return text

    @contextlib.contextmanager
    def reading(self, progress: Progress | None = None) -> Iterator[IO[str]]:
        """The text as a stream (as :meth:`open`), a bad byte or a NUL byte met while
        it is read worded with its line (by reading the whole text, :meth:`whole`)."""
        if self.text is not None:
            check_nul(self.text, self.name)
        try:
            with self.open(progress) as stream:
                yield stream
        except (UnicodeDecodeError, _NulByte):
            self.whole()
            raise  # pragma: no cover - the whole text raises first

    @contextlib.contextmanager
    def records(self) -> Iterator[Iterator[tuple[int, list[str]]]]:
        """The rows after the header with their lines, streamed."""
        with self.reading() as stream:
            yield records(stream, self.name, MEASUREMENT_HEADER)
