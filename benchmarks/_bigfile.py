"""The big-file benchmark: read a realistic 1,000,000-row measurement CSV.

``python _bigfile.py generate FILE [--rows N]`` writes the file (``shuffle``,
``distinct`` and ``bad`` write variants of it: its rows shuffled, every value distinct,
every value bad);
``python _bigfile.py csv FILE`` iterates its rows with Python's csv module (the
baseline) and ``python _bigfile.py thdx FILE`` reads it with
``thdx.read_measurements``. Each of the last two prints one JSON line: the wall
time, the peak RSS of the process (``VmHWM``, else ``ru_maxrss``) and the RSS
before the read (after the imports). ``run.py --only bigfile`` runs each in a fresh
interpreter, so the peak is the workload's own.

The file, in the order of an export (by unit, indicator, period): the province, 27
district-level units and as many commune-level units as make the rows (9,671 for a
million; synthetic codes); 14 indicators (8 shares, GRDP and the digital economy's value
in VND, labour productivity and its growth rate, the two provincial ranks, "rank/cohort"
with the cohort of each data year); data years 2020–2025 and the quarters of 2024 and
2025 (shares); about 8 % of the (unit, indicator, period) cells missing (no row); values
as plain numbers, one commune share in ten written "61.3 %"; five sources, in Vietnamese,
one of them empty; recognitions of 2,000 communes. The derived digital-economy share is
computed for the province and the districts. Values in other units ("1.2 trillion
VND") are read by pint, loaded once (about 0.2 s): none here, as in an export.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import time
from pathlib import Path

from _common import SEED, maxrss_mb

ROWS = 1_000_000

SHARES = (
    "satisfaction_share",
    "level4_services_share",
    "eid_users_share",
    "dx_enterprise_share",
    "epayment_account_share",
    "cashless_electricity_household_share",
    "adults_digital_signature_share",
    "ehr_updated_share",
)
SOURCES = ("Sở TT&TT Thanh Hóa", "Cục Thống kê Thanh Hóa", "UBND huyện, báo cáo", "SIPAS", "")
YEARS = range(2020, 2026)
MISSING = 0.08
RECOGNISED = 2_000


def _rows(n: int, rng: random.Random) -> list[list[str]]:
    """``n`` rows: measurements of the province, districts and communes, then
    recognitions, in the order of an export (by unit, indicator, period)."""
    province = "38"
    districts = [str(380 + i) for i in range(27)]
    periods = [str(y) for y in YEARS] + [f"{y}-Q{q}" for y in (2024, 2025) for q in range(1, 5)]
    # As many communes as make about n rows (9,671 for a million).
    per_commune = (1 - MISSING) * len(SHARES) * len(periods)
    communes = [str(14_000 + i) for i in range(max(1, round((n - 3_500) / per_commune)))]
    out: list[list[str]] = []

    def add(unit: str, ind: str, period: str, value: str) -> None:
        if rng.random() >= MISSING:
            out.append([unit, ind, period, value, rng.choice(SOURCES)])

    for rank_ind in ("dx_index_rank", "digital_gov_rank"):
        for y in YEARS:
            cohort = 34 if y >= 2024 else 63
            add(province, rank_ind, str(y), f"{rng.randint(1, cohort)}/{cohort}")
    for d in [province, *districts]:
        for y in YEARS:
            grdp = rng.uniform(5e12, 3e14)
            add(d, "grdp", str(y), f"{grdp:.0f}")
            add(d, "digital_economy_value", str(y), f"{grdp * rng.uniform(0.02, 0.2):.0f}")
            add(d, "labour_productivity", str(y), f"{rng.uniform(60, 200):.1f}")
            add(d, "labour_productivity_growth", str(y), f"{rng.uniform(-5, 15):.2f}")
        for ind in SHARES:
            for y in YEARS:
                for q in range(1, 5):
                    add(d, ind, f"{y}-Q{q}", f"{rng.uniform(0, 100):.1f}")
    # Communes: every share for every year, and by quarter for 2024 and 2025.
    for c in communes:
        for ind in SHARES:
            for period in periods:
                value = rng.uniform(0, 100)
                add(c, ind, period, f"{value:.1f} %" if rng.random() < 0.1 else f"{value:.2f}")
    for c in sorted(rng.sample(communes, min(RECOGNISED, len(communes)))):
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append([c, "dx_completed", day, f"QĐ {rng.randint(1, 999)}/QĐ-UBND", ""])
    return out


def generate(path: Path, n: int = ROWS) -> int:
    """Write the file (about ``n`` data rows); return its number of data rows."""
    rows = _rows(n, random.Random(SEED))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit", "indicator", "period", "value", "source"])
        w.writerows(rows)
    return len(rows)


def shuffled(path: Path, out: Path) -> None:
    """Write the rows of ``path`` in a random order (the worst case for locality)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[1:]
    random.Random(SEED).shuffle(body)
    out.write_text(lines[0] + "".join(body), encoding="utf-8")


def with_bad_values(path: Path, out: Path) -> int:
    """Write the rows of ``path`` with every value replaced by a text that is not a
    number (``"n/a 1"``, ``"n/a 2"``…): a file with as many bad rows as rows."""
    n = 0
    with (
        path.open(encoding="utf-8", newline="") as f,
        out.open("w", encoding="utf-8", newline="") as g,
    ):
        w = csv.writer(g, lineterminator="\n")
        for i, row in enumerate(csv.reader(f)):
            if i and row[1] != "dx_completed":
                row[3] = f"n/a {i}"
                n += 1
            w.writerow(row)
    return n


def with_distinct_values(path: Path, out: Path) -> int:
    """Write the rows of ``path`` with every plain value replaced by a distinct one of
    the same range (nine decimals): no value text repeats, as in a file of levels."""
    rng = random.Random(SEED)
    n = 0
    with (
        path.open(encoding="utf-8", newline="") as f,
        out.open("w", encoding="utf-8", newline="") as g,
    ):
        w = csv.writer(g, lineterminator="\n")
        for i, row in enumerate(csv.reader(f)):
            if i and row[1] not in ("dx_completed", "dx_index_rank", "digital_gov_rank"):
                x = float(row[3].rstrip(" %"))
                row[3] = f"{x * rng.uniform(0.5, 1.0):.9f}"
                n += 1
            w.writerow(row)
    return n


def _rss_mb() -> float:
    """The peak RSS so far (``VmHWM`` on Linux: ``ru_maxrss`` survives ``exec``, so a run
    started by a large parent would report the parent's peak)."""
    return maxrss_mb()


def _read(path: Path) -> dict[str, object]:
    """Read the file with thdx; the figures of the run."""
    import thdx

    thdx.default_catalogue()  # the catalogue is loaded once per process, not per file
    before = _rss_mb()
    t0 = time.perf_counter()
    try:
        data = thdx.read_measurements(path)
    except thdx.DataFileError as exc:
        seconds = time.perf_counter() - t0
        message = str(exc)
        return {
            "seconds": seconds,
            "problems": len(exc.problems),
            "message_bytes": len(message.encode()),
            "message_lines": message.count("\n") + 1,
            "message_head": message.splitlines()[:3],
            "message_tail": message.splitlines()[21:],
            "rss_before_mb": before,
            "peak_rss_mb": _rss_mb(),
        }
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "rows": len(data),
        "recognitions": len(data.recognitions),
        "rss_before_mb": before,
        "peak_rss_mb": _rss_mb(),
    }


def _iterate(path: Path) -> dict[str, object]:
    """Iterate the rows with the csv module (the baseline)."""
    before = _rss_mb()
    t0 = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as f:
        rows = sum(1 for _ in csv.reader(f))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": rows - 1, "rss_before_mb": before, "peak_rss_mb": _rss_mb()}


def main() -> None:
    what, path = sys.argv[1], Path(sys.argv[2])
    if what == "generate":
        n = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--rows" else ROWS
        result: dict[str, object] = {"rows": generate(path, n), "bytes": path.stat().st_size}
    elif what == "shuffle":
        shuffled(path, Path(sys.argv[3]))
        result = {"bytes": Path(sys.argv[3]).stat().st_size}
    elif what == "bad":
        result = {"bad_rows": with_bad_values(path, Path(sys.argv[3]))}
    elif what == "distinct":
        result = {"values": with_distinct_values(path, Path(sys.argv[3]))}
    elif what == "csv":
        result = _iterate(path)
    else:
        result = _read(path)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
