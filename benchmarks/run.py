"""thdx benchmarks: ``python benchmarks/run.py [--quick] [--only SECTIONS] [--json FILE]``.

Every figure is printed with its ratio to a baseline measured in the same run, so
runs on different machines compare by ratio. The data are synthetic, from one fixed
seed (``_common.SEED``). Sections:

1. ``peer``: 10,000 units × 20 threshold rules (17 ``>=``, 3 ``<=``), 5 % of values
   missing, a three-valued status per unit. thdx (``evaluate_rule``) against a
   hand-written numpy version (the baseline), a plain Python loop, the same rule
   compiled to SQL and run in sqlite3, openfisca-core, zen-engine and rule-engine.
   Every implementation must give the same status for every unit (checked).
2. ``country``: ``resolution_06()`` with a complete commune criteria set over a
   synthetic Vietnam (63 provinces, 700 districts, 10,600 communes, ten years of data),
   every province a jurisdiction; wall time, construction time and memory. Runs in
   fresh interpreters (``_country.py``) so peak RSS is the workload's own.
3. ``latency``: ``import thdx``; one province's evaluation on ``thdx.example_data()``.
4. ``bigfile``: ``thdx.read_measurements`` of a realistic measurement CSV of a million
   rows (``_bigfile.py``: the province, 27 districts and 9,671 communes, 14 indicators,
   yearly and quarterly periods, 8 % of the cells missing, values as plain numbers, "%"
   texts and ranks, sources in Vietnamese, 2,000 recognitions), against the time the
   csv module takes to iterate the same rows, and its peak memory against the file's
   size; each run in a fresh interpreter (peak RSS from ``resource.getrusage``). The
   same rows shuffled (the worst case for locality), with every value distinct (nothing
   to remember), and with every value bad (the size of the error message) are shown
   beside it.

Goals: peer thdx ≤ 3× numpy and ≥ 100× faster than zen-engine and
rule-engine; country ≤ 2 s and ≤ 500 MB; one province ≤ 10 ms; the big file read in
≤ 3× the csv module's time, with a peak RSS ≤ 4× the file's size.
A peer that is not installed (see the ``bench`` dependency group) is reported and
skipped. The exit status is 0 even when goals are missed: the figures are the output.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from _common import (
    STATUS_NAMES,
    best_of,
    counts_text,
    fmt_ratio,
    fmt_time,
    version,
)

HERE = Path(__file__).resolve().parent
SECTIONS = ("peer", "country", "latency", "bigfile")

PEER_VS_NUMPY_GOAL = 3.0
PEER_VS_SLOW_PEERS_GOAL = 100.0
COUNTRY_SECONDS_GOAL = 2.0
COUNTRY_MB_GOAL = 500.0
PROVINCE_SECONDS_GOAL = 0.010
BIGFILE_VS_CSV_GOAL = 3.0
BIGFILE_VS_SIZE_GOAL = 4.0


def _by(factor: float) -> str:
    """How far a goal was missed: ``2.13×``, or ``4.0 %`` when close."""
    return f"{factor:.2f}×" if factor >= 1.1 else f"{(factor - 1) * 100:.1f} %"


class Goals:
    """Goal verdicts, printed again at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, bool, str]] = []

    def at_most(self, what: str, value: float, goal: float, shown: str, goal_shown: str) -> str:
        ok = value <= goal
        how = (
            f"met ({shown}, goal ≤ {goal_shown})"
            if ok
            else f"MISSED by {_by(value / goal)} ({shown}, goal ≤ {goal_shown})"
        )
        self.rows.append((what, ok, how))
        return how

    def at_least(self, what: str, value: float, goal: float, shown: str, goal_shown: str) -> str:
        ok = value >= goal
        how = (
            f"met ({shown}, goal ≥ {goal_shown})"
            if ok
            else f"MISSED by {_by(goal / value)} ({shown}, goal ≥ {goal_shown})"
        )
        self.rows.append((what, ok, how))
        return how


def header(title: str) -> None:
    print(f"\n== {title}")


def table(rows: list[list[str]], align: str) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        cells = [
            c.ljust(widths[i]) if align[i] == "<" else c.rjust(widths[i]) for i, c in enumerate(r)
        ]
        print("   " + "  ".join(cells).rstrip())


# -- 1. peer workload ---------------------------------------------------------------------


def peer(quick: bool, goals: Goals, out: dict[str, Any]) -> None:
    import _peer

    w = _peer.make_workload()
    header(
        f"1. Peer workload: {len(w.codes):,} units × {_peer.N_RULES} threshold rules "
        f"({_peer.N_GE} '>=', {_peer.N_RULES - _peer.N_GE} '<='), "
        f"{_peer.MISSING:.0%} of values missing ({w.rows:,} rows)"
    )
    results = _peer.measure_all(
        _peer.implementations(),
        w,
        quick=quick,
        progress=lambda s: print(f"   … {s}", file=sys.stderr, flush=True),
    )
    base = results[0]
    if base.statuses is None:
        msg = f"the numpy baseline failed: {base.skipped}"
        raise SystemExit(msg)
    counts = dict(zip(STATUS_NAMES, np.bincount(base.statuses, minlength=3).tolist(), strict=True))
    for r in results[1:]:
        if r.statuses is not None and not np.array_equal(r.statuses, base.statuses):
            got = np.bincount(r.statuses, minlength=3).tolist()
            msg = f"{r.name} disagrees with numpy: {got} vs {list(counts.values())}"
            raise AssertionError(msg)
    ran = [r for r in results if r.statuses is not None]
    print(
        f"   per-unit status identical in all {len(ran)} implementations that ran: "
        f"{counts_text(counts)}"
    )
    rows = [["implementation", "evaluation", "× numpy", "best of", "construction", "note"]]
    for r in results:
        if r.skipped:
            rows.append([r.name, "—", "—", "—", "—", f"SKIPPED: {r.skipped}"])
            continue
        rows.append(
            [
                r.name,
                fmt_time(r.seconds),
                fmt_ratio(r.seconds / base.seconds),
                str(r.repeat),
                fmt_time(r.build_seconds),
                r.note,
            ]
        )
    table(rows, "<>>><<")
    by = {r.name.split()[0]: r for r in results}
    th = next(r for r in results if r.name.startswith("thdx"))
    print(
        f"   construction ratio: thdx MeasurementSet.from_columns {fmt_time(th.build_seconds)} = "
        f"{fmt_ratio(th.build_seconds / base.build_seconds)} the numpy dense-matrix build "
        f"({fmt_time(base.build_seconds)}) from the same columns"
    )
    if th.statuses is not None:
        ratio = th.seconds / base.seconds
        print(
            "   goal thdx ≤ 3× numpy: "
            + goals.at_most(
                "peer: thdx ≤ 3× numpy", ratio, PEER_VS_NUMPY_GOAL, fmt_ratio(ratio), "3×"
            )
        )
        for key in ("zen-engine", "rule-engine"):
            peers = [r for r in results if r.name.startswith(key) and r.statuses is not None]
            if not peers:
                print(f"   goal thdx ≥ 100× faster than {key}: not measured ({key} did not run)")
                continue
            fastest = min(peers, key=lambda r: r.seconds)
            speedup = fastest.seconds / th.seconds
            if len(peers) > 1:
                forms = "; ".join(
                    f"{fmt_ratio(r.seconds / th.seconds)} vs {r.name.split('(')[-1].rstrip(')')}"
                    for r in peers
                )
                print(f"   thdx speed-up over {key}: {forms}")
            print(
                f"   goal thdx ≥ 100× faster than {key} (its fastest form): "
                + goals.at_least(
                    f"peer: thdx ≥ 100× faster than {key}",
                    speedup,
                    PEER_VS_SLOW_PEERS_GOAL,
                    f"{fmt_ratio(speedup)} faster",
                    "100×",
                )
            )
    import _sql

    cases = _sql.self_check()
    print(
        f"   SQL proof: the compiled rules agree with thdx.engine here (10,000 units) and on "
        f"{cases} small edge cases (deadline preferred, later data, long periods, a unit "
        "that began mid-year, nested AllOf/AnyOf/AtLeast) — see docs/scale.md"
    )
    if "plain" in by and by["plain"].statuses is not None and th.statuses is not None:
        print(
            f"   note: thdx is {fmt_ratio(th.seconds / by['plain'].seconds)} the time of the "
            "plain Python loop"
        )
    out["peer"] = {
        "units": len(w.codes),
        "rules": _peer.N_RULES,
        "rows": w.rows,
        "counts": counts,
        "results": [
            {
                "name": r.name,
                "seconds": None if math.isnan(r.seconds) else r.seconds,
                "build_seconds": None if math.isnan(r.build_seconds) else r.build_seconds,
                "vs_numpy": None if r.statuses is None else r.seconds / base.seconds,
                "repeat": r.repeat,
                "skipped": r.skipped,
            }
            for r in results
        ],
    }


# -- 2. country scale -----------------------------------------------------------------------


def _country_run(variant: str, quick: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE / "_country.py"), "--variant", variant]
    if quick:
        cmd.append("--quick")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=HERE)
    if proc.returncode != 0:
        msg = f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}"
        raise RuntimeError(msg)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def country(quick: bool, goals: Goals, out: dict[str, Any]) -> None:
    import _country as c

    header(
        f"2. Country scale: resolution_06 + a complete {c.N_CRITERIA}-criterion commune set; "
        f"{c.N_PROVINCES} provinces × {c.N_DISTRICTS} districts × {c.N_COMMUNES:,} communes, "
        f"{c.YEARS[0]}–{c.YEARS[-1]}, as_of {c.AS_OF}"
    )
    batch = _country_run("batch", quick)
    print(f"   … batch: {fmt_time(batch['eval_seconds'])}", file=sys.stderr, flush=True)
    per = _country_run("per-province", quick)
    print(f"   … per-province: {fmt_time(per['eval_seconds'])}", file=sys.stderr, flush=True)
    base = batch["numpy_seconds"]
    print(
        f"   data: {batch['rows']:,} measurement rows ({batch['rows_generated']:,} given + "
        f"derived digital_economy_share), recognitions for ~{c.RECOGNISED:.0%} of units; "
        f"rank indicators {', '.join(batch['rank_indicators'])} loaded with their cohort "
        "(from_columns cohort=)"
    )
    print(
        "   baseline: hand-written numpy completion (criteria at least "
        f"{c.AT_LEAST} of {c.N_CRITERIA} on the latest values, recognitions first) and "
        f"its counts per province for communes and districts: {fmt_time(base)}; thdx's "
        "counts agree with it for every province (checked)"
    )
    pe = per["provinces_evaluated"]
    per_note = "" if pe == c.N_PROVINCES else f" (measured {pe}, ×{c.N_PROVINCES / pe:.1f})"
    rows = [
        ["step", "wall time", "× numpy", "peak RSS", "note"],
        [
            "hierarchy (11,363 units)",
            fmt_time(batch["times"]["hierarchy"]),
            fmt_ratio(batch["times"]["hierarchy"] / base),
            "",
            "thdx.Hierarchy(...)",
        ],
        [
            "data construction",
            fmt_time(batch["build_seconds"]),
            fmt_ratio(batch["build_seconds"] / base),
            f"{batch['maxrss_after_build_mb']:.0f} MB",
            f"MeasurementSet.from_columns, {batch['rows']:,} rows",
        ],
        [
            "evaluate, 63 provinces in one call",
            fmt_time(batch["eval_seconds"]),
            fmt_ratio(batch["eval_seconds"] / base),
            f"{batch['maxrss_after_eval_mb']:.0f} MB",
            f"every target's units = the 63 provinces; {batch['verdicts']:,} verdicts, "
            f"best of {batch['eval_repeat']}",
        ],
        [
            "evaluate, one call per province",
            fmt_time(per["eval_seconds"]),
            fmt_ratio(per["eval_seconds"] / base),
            f"{per['maxrss_after_eval_mb']:.0f} MB",
            f"attrs.evolve(rb, jurisdiction=code) ×63, reports kept{per_note}",
        ],
        [
            "  of which one province",
            fmt_time(per["one_province_seconds"]),
            fmt_ratio(per["one_province_seconds"] / base),
            "",
            f"= {per['one_province_seconds'] / batch['eval_seconds']:.0%} of the time of all 63 "
            "in one call"
            + (
                ": every call evaluates the whole country's communes"
                if per["one_province_seconds"] > 0.1 * batch["eval_seconds"]
                else ""
            ),
        ],
        [
            "explain() 18 verdicts (en + vi)",
            fmt_time(batch["explain_seconds"]),
            fmt_ratio(batch["explain_seconds"] / base),
            "",
            "traces kept in the Report",
        ],
    ]
    table(rows, "<>>><")
    print(
        f"   MeasurementSet memory: {batch['set_bytes_per_row']:.0f} bytes per row kept, "
        f"construction peak {batch['build_tracemalloc_peak_mb']:.0f} MB (tracemalloc, "
        "beyond the input columns)"
    )
    print(
        f"   memory: tracemalloc peak of one batch evaluation (report kept) "
        f"{batch['tracemalloc_eval_peak_mb']:.1f} MB; process peak RSS "
        f"{batch['maxrss_after_eval_mb']:.0f} MB, of which the generator's own columns "
        f"{batch['maxrss_after_generate_mb']:.0f} MB"
    )
    sample = batch["explain_sample"].splitlines()
    print("   explain() sample: " + " / ".join(s.strip() for s in sample[:5]))
    print(
        "   goal ≤ 2 s (evaluation, batch): "
        + goals.at_most(
            "country: evaluation ≤ 2 s (63 provinces in one call)",
            batch["eval_seconds"],
            COUNTRY_SECONDS_GOAL,
            fmt_time(batch["eval_seconds"]),
            "2 s",
        )
    )
    print(
        "   goal ≤ 2 s (evaluation, per province ×63): "
        + goals.at_most(
            "country: evaluation ≤ 2 s (one call per province)",
            per["eval_seconds"],
            COUNTRY_SECONDS_GOAL,
            fmt_time(per["eval_seconds"]),
            "2 s",
        )
    )
    total = batch["build_seconds"] + batch["eval_seconds"]
    print(
        "   (construction + batch evaluation: "
        + goals.at_most(
            "country: construction + evaluation ≤ 2 s",
            total,
            COUNTRY_SECONDS_GOAL,
            fmt_time(total),
            "2 s",
        )
        + ")"
    )
    peak = max(batch["maxrss_after_eval_mb"], per["maxrss_after_eval_mb"])
    print(
        "   goal ≤ 500 MB (peak RSS, whole process): "
        + goals.at_most(
            "country: peak RSS ≤ 500 MB", peak, COUNTRY_MB_GOAL, f"{peak:.0f} MB", "500 MB"
        )
    )
    out["country"] = {"batch": batch, "per_province": per}


# -- 3. latency -----------------------------------------------------------------------------


def _spawn(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def _import_profile() -> tuple[list[tuple[str, int]], int]:
    """Under ``import thdx``: the top-level packages by cumulative import time (µs), and
    the self time of thdx's own modules (µs), from ``python -X importtime``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import thdx"],
        capture_output=True,
        text=True,
        check=True,
    )
    packages: dict[str, int] = {}
    own = 0
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
        if not m:
            continue
        self_us, cum_us, name = int(m.group(1)), int(m.group(2)), m.group(3)
        if name == "thdx" or name.startswith("thdx."):
            own += self_us
        elif "." not in name and not name.startswith("_"):
            packages[name] = max(packages.get(name, 0), cum_us)
    return sorted(packages.items(), key=lambda r: -r[1])[:5], own


def latency(quick: bool, goals: Goals, out: dict[str, Any]) -> None:
    import _peer

    import thdx

    header("3. Latency")
    n = 5 if quick else 15
    bare = min(_spawn("pass") for _ in range(n))
    numpy_import = min(_spawn("import numpy") for _ in range(n)) - bare
    thdx_import = min(_spawn("import thdx") for _ in range(n)) - bare
    rb, data, units = thdx.resolution_06(), thdx.example_data(), thdx.thanh_hoa_units()

    def one() -> thdx.Report:
        return thdx.evaluate(rb, data, units=units, as_of="2025-12-31")

    for _ in range(3):
        one()  # warm-up: caches of the hierarchy and of period parsing
    repeat = 20 if quick else 100
    seconds, report = best_of(one, repeat)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        one()
        samples.append(time.perf_counter() - t0)
    w = _peer.make_workload()
    yard, _ = best_of(lambda: _peer._numpy_run(_peer._numpy_build(w)), 10)
    rows = [
        ["figure", "time", "ratio", "to"],
        ["import numpy (minus bare python)", fmt_time(numpy_import), "1.00×", "import numpy"],
        [
            "import thdx (minus bare python)",
            fmt_time(thdx_import),
            fmt_ratio(thdx_import / numpy_import),
            "import numpy",
        ],
        [
            "one province: evaluate(resolution_06, example_data)",
            fmt_time(seconds),
            fmt_ratio(seconds / yard),
            "numpy peer build+run",
        ],
        [
            "  median of the same",
            fmt_time(statistics.median(samples)),
            fmt_ratio(statistics.median(samples) / yard),
            "numpy peer build+run",
        ],
    ]
    table(rows, "<>><")
    print(
        f"   bare python start {fmt_time(bare)} (best of {n}); yardstick: the numpy peer "
        f"implementation, build + run, {fmt_time(yard)}; {len(report)} verdicts per report"
    )
    packages, own = _import_profile()
    heavy = ", ".join(f"{name} {fmt_time(us / 1e6)}" for name, us in packages)
    print(
        f"   under `import thdx` (-X importtime, one run): thdx's own modules {fmt_time(own / 1e6)}"
        f" (self); heaviest packages (cumulative): {heavy}"
    )
    print(
        "   goal one province ≤ 10 ms: "
        + goals.at_most(
            "latency: one province ≤ 10 ms",
            seconds,
            PROVINCE_SECONDS_GOAL,
            fmt_time(seconds),
            "10 ms",
        )
    )
    out["latency"] = {
        "bare_python_seconds": bare,
        "import_numpy_seconds": numpy_import,
        "import_thdx_seconds": thdx_import,
        "one_province_seconds": seconds,
        "one_province_median_seconds": statistics.median(samples),
    }


# -- 4. big file ----------------------------------------------------------------------------


def _bigfile_run(what: str, *args: str) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE / "_bigfile.py"), what, *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=HERE)
    if proc.returncode != 0:
        msg = f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}"
        raise RuntimeError(msg)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _best_pair(path: Path, repeat: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fastest csv iteration and thdx read of ``path`` (alternated, fresh processes),
    the thdx one with the highest peak RSS of its runs."""
    bases, reads = [], []
    for _ in range(max(1, repeat)):
        bases.append(_bigfile_run("csv", str(path)))
        reads.append(_bigfile_run("thdx", str(path)))
    base = min(bases, key=lambda r: r["seconds"])
    read = {
        **min(reads, key=lambda r: r["seconds"]),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in reads),
    }
    return base, read


def bigfile(quick: bool, goals: Goals, out: dict[str, Any]) -> None:
    import tempfile

    rows = 200_000 if quick else 1_000_000
    repeat = 1 if quick else 3
    header(f"4. Big file: read_measurements of a {rows:,}-row measurement CSV")
    with tempfile.TemporaryDirectory(prefix="thdx-bigfile-") as tmp:
        path = Path(tmp) / "measurements.csv"
        made = _bigfile_run("generate", str(path), "--rows", str(rows))
        size_mb = made["bytes"] / 2**20
        print(f"   … generated {made['rows']:,} rows, {size_mb:.1f} MB", file=sys.stderr)
        base, read = _best_pair(path, repeat)
        mixed = Path(tmp) / "shuffled.csv"
        _bigfile_run("shuffle", str(path), str(mixed))
        mixed_base, mixed_read = _best_pair(mixed, repeat)
        mixed.unlink()
        distinct = Path(tmp) / "distinct.csv"
        _bigfile_run("distinct", str(path), str(distinct))
        distinct_base, distinct_read = _best_pair(distinct, repeat)
        distinct.unlink()
        bad = Path(tmp) / "bad.csv"
        bad_rows = _bigfile_run("bad", str(path), str(bad))["bad_rows"]
        errors = _bigfile_run("thdx", str(bad))
    ratio = read["seconds"] / base["seconds"]
    mixed_ratio = mixed_read["seconds"] / mixed_base["seconds"]
    peak = read["peak_rss_mb"]
    rows_table = [
        ["figure", "value", "ratio", "to"],
        ["file", f"{made['rows']:,} rows, {size_mb:.1f} MB", "", ""],
        ["csv module: iterate the rows", fmt_time(base["seconds"]), "1.00×", "itself"],
        [
            "read_measurements",
            fmt_time(read["seconds"]),
            fmt_ratio(ratio),
            f"csv module (best of {repeat})",
        ],
        [
            "  peak RSS of the process",
            f"{peak:.0f} MB",
            fmt_ratio(peak / size_mb),
            "file size",
        ],
        [
            "  of which after the imports",
            f"{peak - read['rss_before_mb']:.0f} MB",
            fmt_ratio((peak - read["rss_before_mb"]) / size_mb),
            "file size",
        ],
        [
            "same rows shuffled: read_measurements",
            fmt_time(mixed_read["seconds"]),
            fmt_ratio(mixed_ratio),
            f"csv module ({fmt_time(mixed_base['seconds'])})",
        ],
        [
            "every value distinct: read_measurements",
            fmt_time(distinct_read["seconds"]),
            fmt_ratio(distinct_read["seconds"] / distinct_base["seconds"]),
            f"csv module ({fmt_time(distinct_base['seconds'])})",
        ],
        [
            f"every value bad ({bad_rows:,} problems)",
            fmt_time(errors["seconds"]),
            fmt_ratio(errors["seconds"] / base["seconds"]),
            "csv module",
        ],
        [
            "  its message",
            f"{errors['message_bytes']:,} bytes, {errors['message_lines']} lines",
            "",
            "",
        ],
        [
            "  its peak RSS (every problem kept)",
            f"{errors['peak_rss_mb']:.0f} MB",
            fmt_ratio(errors["peak_rss_mb"] / size_mb),
            "file size",
        ],
    ]
    table(rows_table, "<>><")
    print(
        f"   {read['rows']:,} measurements (derived shares included) and "
        f"{read['recognitions']:,} recognitions read; the message of the bad file: "
        + " / ".join(s.strip() for s in errors["message_head"][:2])
        + " … "
        + " / ".join(s.strip() for s in errors["message_tail"])
    )
    if quick:
        print(
            "   (quick run: for a small file the interpreter's own memory dominates the peak; "
            "the goals are for the million rows of a full run)"
        )
    print(
        "   goal ≤ 3× the csv module: "
        + goals.at_most(
            "bigfile: read ≤ 3× the csv module", ratio, BIGFILE_VS_CSV_GOAL, fmt_ratio(ratio), "3×"
        )
    )
    print(
        "   goal peak RSS ≤ 4× the file: "
        + goals.at_most(
            "bigfile: peak RSS ≤ 4× the file's size",
            peak / size_mb,
            BIGFILE_VS_SIZE_GOAL,
            f"{fmt_ratio(peak / size_mb)}, {peak:.0f} MB for {size_mb:.0f} MB",
            "4×",
        )
    )
    out["bigfile"] = {
        "file": made,
        "csv": base,
        "read": read,
        "ratio": ratio,
        "peak_vs_size": peak / size_mb,
        "shuffled": {"csv": mixed_base, "read": mixed_read, "ratio": mixed_ratio},
        "distinct": {
            "csv": distinct_base,
            "read": distinct_read,
            "ratio": distinct_read["seconds"] / distinct_base["seconds"],
        },
        "bad": {"rows": bad_rows, **errors},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="thdx benchmarks (see the module docstring)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 6 of 63 provinces")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated: {', '.join(SECTIONS)}"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown sections {unknown!r}; expected some of {', '.join(SECTIONS)}")

    import thdx

    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE,
    ).stdout.strip()
    print(
        f"thdx {thdx.__version__} ({commit or 'no git'}) benchmarks — "
        f"{'quick' if args.quick else 'full'} run, seed {__import__('_common').SEED}; "
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    peers = ", ".join(
        f"{d} {version(d) or 'not installed'}"
        for d in ("openfisca-core", "zen-engine", "rule-engine")
    )
    print(f"peers: {peers}")
    goals = Goals()
    out: dict[str, Any] = {"quick": args.quick, "commit": commit}
    t0 = time.perf_counter()
    for section in SECTIONS:
        if section in chosen:
            {"peer": peer, "country": country, "latency": latency, "bigfile": bigfile}[section](
                args.quick, goals, out
            )
    header(f"Goals ({time.perf_counter() - t0:.0f} s in all)")
    for what, ok, how in goals.rows:
        print(f"   [{'x' if ok else ' '}] {what}: {how}")
    out["goals"] = [{"goal": w, "met": ok, "detail": h} for w, ok, h in goals.rows]
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
