"""Timing, memory and formatting helpers shared by the benchmarks (not part of thdx)."""

from __future__ import annotations

import gc
import importlib.metadata
import math
import resource
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: One seed for every synthetic data set of the benchmarks.
SEED = 20_250_611

#: Status codes shared by every implementation (thdx's own: NOT_MET < UNKNOWN < MET).
NOT_MET, UNKNOWN, MET = 0, 1, 2
STATUS_NAMES = ("NOT_MET", "UNKNOWN", "MET")


def best_of(
    fn: Callable[[], T],
    repeat: int,
    *,
    before: Callable[[], object] | None = None,
    gc_off: bool = True,
) -> tuple[float, T]:
    """The best wall time (``time.perf_counter``) of ``repeat`` calls, and the last result.

    ``before`` runs untimed ahead of every call (to give each run fresh state).
    Like ``timeit``, the garbage collector is off while a call is timed, unless
    ``gc_off`` is False (for whole-workload timings where collection is part of
    the cost).
    """
    best = math.inf
    result: Any = None
    for _ in range(max(1, repeat)):
        if before is not None:
            before()
        gc.collect()
        if gc_off:
            gc.disable()
        try:
            t0 = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - t0
        finally:
            gc.enable()
        best = min(best, elapsed)
    return best, result


def _proc_status(field: str) -> float | None:
    """A ``kB`` field of ``/proc/self/status`` in MB, or None where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return float(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def maxrss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Linux: ``VmHWM``, the peak of this process's own address space (``ru_maxrss``
    survives ``exec``, so a child started by a large parent would report the parent's
    peak); elsewhere ``ru_maxrss``.
    """
    hwm = _proc_status("VmHWM")
    if hwm is not None:
        return hwm
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024.0 / (1024.0 if sys.platform == "darwin" else 1.0)


def rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux; elsewhere the peak)."""
    now = _proc_status("VmRSS")
    return now if now is not None else maxrss_mb()


def fmt_time(seconds: float | None) -> str:
    """A duration with a unit that keeps three significant digits."""
    if seconds is None or math.isnan(seconds):
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def fmt_ratio(ratio: float | None) -> str:
    """A ratio as ``12.3×``."""
    if ratio is None or math.isnan(ratio):
        return "—"
    if ratio >= 100:
        return f"{ratio:,.0f}×"
    if ratio >= 10:
        return f"{ratio:.1f}×"
    return f"{ratio:.2f}×"


def version(dist: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def counts_text(counts: dict[str, int]) -> str:
    """``MET 2,397 · NOT_MET 3,142 · UNKNOWN 4,461``."""
    return " · ".join(f"{k} {counts[k]:,}" for k in ("MET", "NOT_MET", "UNKNOWN"))
