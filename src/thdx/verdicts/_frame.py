"""Records of verdicts as a pandas DataFrame (the optional extra ``thdx[pandas]``).

pandas is imported on first use, never by ``import thdx``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from thdx.verdicts._records import ROLES, VerdictRecord
from thdx.verdicts._status import Status

__all__ = ["FRAME_COLUMNS", "records_frame"]

#: The columns of :meth:`thdx.Report.to_frame`, in order (the keys of a record).
FRAME_COLUMNS = tuple(VerdictRecord.__annotations__)

_FLOATS = ("value", "threshold", "progress_ratio")
_CATEGORIES: dict[str, Sequence[str]] = {
    "status": [s.value for s in Status],
    "role": ROLES,
    "level": ("province", "district", "commune"),
}


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        msg = "Report.to_frame needs pandas: pip install 'thdx[pandas]'"
        raise ImportError(msg) from exc


def records_frame(records: Sequence[VerdictRecord]) -> Any:
    """A DataFrame of ``records``: one row each, the columns of :data:`FRAME_COLUMNS`;
    ``status``, ``role`` and ``level`` as categories (every value of each, used or
    not), the numbers as nullable floats (``Float64``), ``final`` as ``boolean``, the
    texts as ``object`` (None where absent).

    Raises:
        ImportError: pandas is not installed (the extra ``thdx[pandas]``).
    """
    pd = _pandas()
    columns: dict[str, Any] = {}
    for name in FRAME_COLUMNS:
        cells = [r[name] for r in records]  # type: ignore[literal-required]
        if name in _FLOATS:
            columns[name] = pd.array(cells, dtype="Float64")
        elif name in _CATEGORIES:
            columns[name] = pd.Categorical(cells, categories=list(_CATEGORIES[name]))
        elif name == "final":
            columns[name] = pd.array(cells, dtype="boolean")
        else:
            columns[name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(columns, columns=list(FRAME_COLUMNS))
