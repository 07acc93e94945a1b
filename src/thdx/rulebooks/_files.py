"""Reading files: a path checked, a file read or a clear error naming it, and the data
files thdx ships.

Every reader of thdx (rulebooks, criteria sets, measurements, unit lists) opens its
file here, so a file that cannot be read gives the same words wherever it is met::

    data.csv: 1 problem
      data.csv: cannot read: No such file or directory

A path that is not a regular file (a directory, a device such as ``/dev/zero``, a pipe)
is refused before anything is read: it may never end.

>>> read_file(Path("no/such/file.toml"))
Traceback (most recent call last):
...
thdx.model._errors.DataFileError: no/such/file.toml: 1 problem
  no/such/file.toml: cannot read: No such file or directory
>>> shipped("resolution_06.toml")[:15]
b'# Resolution 06'
"""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from thdx.model._errors import ArgumentTypeError, DataFileError, Problem, ProblemsError

__all__ = ["as_path", "open_file", "read_file", "shipped"]

#: Where the shipped data files live, as messages name them.
_DATA = "thdx/data"


def _cannot_read(error: type[ProblemsError], name: str, why: str) -> ProblemsError:
    return error(name, [Problem(name, f"cannot read: {why}")])


def as_path(path: object, func: str, error: type[ProblemsError] = DataFileError) -> Path:
    """``path`` as a Path.

    Raises:
        ArgumentTypeError: it is neither a str nor an os.PathLike (None, bytes, a number);
            the message names ``func``.
        ProblemsError: (of the class ``error``) it holds a NUL byte: no file has that name.
    """
    text = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    if not isinstance(text, str):
        msg = f"{func}: path must be a file path (a str or os.PathLike), got {path!r}"
        raise ArgumentTypeError(msg)
    if "\x00" in text:
        raise _cannot_read(error, repr(text), "the path contains a NUL byte")
    return Path(text)


def open_file(
    path: Path, error: type[ProblemsError] = DataFileError, *, buffering: int = -1
) -> BinaryIO:
    """``path`` opened for reading bytes, a regular file.

    Raises:
        ProblemsError: (of the class ``error``) the file cannot be opened, or it is not
            a regular file; the one problem names the path.
    """
    name = str(path)
    try:
        f = path.open("rb", buffering=buffering)
    except OSError as exc:
        raise _cannot_read(error, name, str(exc.strerror or exc)) from None
    except ValueError:  # a NUL byte in a path that as_path did not see
        raise _cannot_read(error, repr(name), "the path contains a NUL byte") from None
    try:
        regular = stat.S_ISREG(os.fstat(f.fileno()).st_mode)
    except OSError as exc:
        f.close()
        raise _cannot_read(error, name, str(exc.strerror or exc)) from None
    if not regular:
        f.close()
        why = "not a regular file (a device, a pipe or a directory never ends)"
        raise _cannot_read(error, name, why)
    return f


def read_file(path: Path, error: type[ProblemsError] = DataFileError, limit: int = -1) -> bytes:
    """The bytes of a regular file (at most ``limit`` of them, when given).

    Raises:
        ProblemsError: (of the class ``error``) as :func:`open_file`, or the file
            cannot be read to its end.
    """
    with open_file(path, error) as f:
        try:
            return f.read(limit) or b""
        except OSError as exc:
            raise _cannot_read(error, str(path), str(exc.strerror or exc)) from None


def shipped(name: str) -> bytes:
    """The bytes of a data file shipped with thdx (``name`` under ``thdx/data/``).

    Raises:
        DataFileError: the file is missing or cannot be read (a broken install).
    """
    try:
        return resources.files("thdx").joinpath("data", *name.split("/")).read_bytes()
    except OSError as exc:
        raise _cannot_read(DataFileError, f"{_DATA}/{name}", str(exc.strerror or exc)) from None
