"""Lazy re-exports for a package (PEP 562): each public name is imported from its module
on first use, then kept in the package's namespace. Imports nothing of thdx."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, public: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[list[str], Callable[[str], Any]]:
    """The sorted public names of ``public`` (module → space-separated names) and a
    loader of one of them for the package's ``__getattr__`` (AttributeError naming
    ``package`` for any other name)."""
    lazy = {name: module for module, names in public.items() for name in names.split()}

    def load(name: str) -> Any:
        module = lazy.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return sorted(lazy), load
