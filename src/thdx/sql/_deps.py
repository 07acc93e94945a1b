"""The optional dependencies of :mod:`thdx.sql`, imported on first use."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["need"]

#: What ``pip install`` needs for each module.
_EXTRA = "pip install 'thdx[sql]'"


def need(module: str) -> ModuleType:
    """The module ``module`` (``duckdb`` or ``sqlglot``), or an ImportError that names
    the extra to install.

    >>> need("sqlglot").__name__
    'sqlglot'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        msg = f"thdx.sql needs {module}: {_EXTRA}"
        raise ImportError(msg) from exc
