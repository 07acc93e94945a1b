"""Scale of the SQL backend: the whole country evaluated by DuckDB from Parquet files.

The country is the synthetic Vietnam of ``_country.py`` (63 provinces, 700 districts,
10,600 communes, codes unique). The data, written as Parquet with DuckDB itself:

- for every commune and district, ``indicators`` commune criteria × monthly values over
  ``years`` years (about one month in eight left out: gaps; values spread over 0–100 so
  that units pass and fail criteria in every mix) — about 50 million rows at full size;
- for every province, yearly values of the Resolution's own province indicators (levels,
  rates, shares and ranks; the derived digital-economy share given measured), 5 % left
  out.

The rulebook is ``resolution_06().with_completion(criteria=...)`` with a complete
criteria set of ``indicators`` criteria (pass: at least half), every province target
judged for the 63 provinces: the full rulebook plus the commune criteria, as in
process. The figures are wall time and peak memory as ratios to two passes DuckDB makes
over the same files on its own:

- ``scan``: ``SELECT count(*), sum(value)`` (the goal of issue #13: ≤ 3× this);
- ``latest``: the latest period of each unit and indicator
  (``GROUP BY unit, indicator`` with ``max(period)``), the least an evaluation must
  compute from the rows, and what a reader should compare thdx with.

    python benchmarks/sql_scale.py                # full size, ~50 M rows
    python benchmarks/sql_scale.py --scale 0.1    # a tenth of the communes' criteria rows
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SCANS = {
    "scan": "SELECT count(*), sum(value) FROM read_parquet('{glob}')",
    # sum(length(...)) so that DuckDB computes max(period) rather than dropping it.
    "latest": (
        "SELECT sum(length(p)), count(*) FROM (SELECT unit, indicator, max(period) AS p "
        "FROM read_parquet('{glob}') GROUP BY unit, indicator)"
    ),
}
AS_OF = "2025-12-31"
FIRST_YEAR = 2016


def _country(indicators: int, years: int) -> dict[str, Any]:
    """The units, the rulebook and the province rows (small: built in Python)."""
    import _country as c
    import attrs
    import numpy as np

    import thdx

    rng = np.random.default_rng(c.SEED + 11)
    units, codes = c._hierarchy(rng)
    criteria = c._criteria(indicators, max(1, indicators // 2))
    crit_inds = criteria.indicators
    rb = thdx.resolution_06().with_completion(criteria=criteria)
    every = codes["provinces"]
    rb = attrs.evolve(
        rb, targets=[t if t.units else attrs.evolve(t, units=every) for t in rb.targets]
    )
    skip = {i.id for i in crit_inds} | {"digital_economy_value"}  # the share given measured
    grdp = {y: rng.uniform(1e13, 5e14, c.N_PROVINCES) for y in range(FIRST_YEAR, 2026)}
    rows: list[tuple[str, str, str, float]] = []
    for ind in rb.catalogue.values():
        if ind.id in skip or (ind.derived and ind.id != "digital_economy_share"):
            continue
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            if ind.kind.value == "rank":
                v = (rng.permutation(c.N_PROVINCES) + 1).astype(float)
            elif ind.derived:
                v = np.round(rng.uniform(5, 40, c.N_PROVINCES), 1)
            else:
                v = c._province_values(rng, ind, min(year, 2025), grdp)
            for p, value in zip(codes["provinces"], v.tolist(), strict=True):
                if rng.random() >= c.MISSING_VALUE:
                    rows.append((p, ind.id, str(year), float(value)))
    return {
        "hierarchy": thdx.Hierarchy(units),
        "rulebook": rb,
        "province_rows": rows,
        "level_units": codes["communes"] + codes["districts"],
        "provinces": codes["provinces"],
    }


def generate(folder: Path, country: dict[str, Any], indicators: int, years: int) -> int:
    import duckdb
    import numpy as np

    con = duckdb.connect()
    codes = country["level_units"]
    con.register(
        "level_units", {"u": np.arange(len(codes)), "code": np.asarray(codes, dtype=object)}
    )
    out = folder / "measurements"
    out.mkdir()
    months = years * 12
    con.execute(
        f"""COPY (
        SELECT l.code AS unit, 'commune_dx_' || lpad(CAST(i AS VARCHAR), 2, '0') AS indicator,
               strftime(DATE '{FIRST_YEAR}-01-01' + to_months(CAST(m AS INT)), '%Y-%m') AS period,
               CAST(((l.u * 7 + i * 13 + m * 3) % 1000) AS DOUBLE) / 10.0 AS value
        FROM level_units AS l, range({indicators}) AS b(i), range({months}) AS d(m)
        WHERE (l.u + i + m) % 8 <> 0
        ) TO '{out}/criteria.parquet' (FORMAT parquet)"""
    )
    rows = country["province_rows"]
    con.execute("CREATE TABLE p (unit VARCHAR, indicator VARCHAR, period VARCHAR, value DOUBLE)")
    con.executemany("INSERT INTO p VALUES (?, ?, ?, ?)", rows)
    con.execute(f"COPY p TO '{out}/provinces.parquet' (FORMAT parquet)")
    (n,) = con.execute(f"SELECT count(*) FROM read_parquet('{out}/*.parquet')").fetchone()
    return int(n)


def _peak_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over
    from the parent through exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, folder: str, indicators: int, years: int) -> None:
    """Run one measurement in this process and print its wall time and peak memory."""
    import duckdb

    glob = f"{folder}/measurements/*.parquet"
    country: dict[str, Any] = {}
    if mode == "evaluate":
        import thdx.sql

        country = _country(indicators, years)  # before the clock: not the evaluation
    start = time.perf_counter()
    if mode in SCANS:
        duckdb.connect().execute(SCANS[mode].format(glob=glob)).fetchall()
    else:
        report = thdx.sql.evaluate(
            country["rulebook"], glob, units=country["hierarchy"], as_of=AS_OF
        )
        completed = report.verdict("2025.soc.communes_completed", unit=country["provinces"][0])
        assert completed.counts is not None
        assert completed.counts.total > 0, completed.counts
    wall = time.perf_counter() - start
    peak = _peak_mib()
    print(f"{wall:.3f} {peak:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--indicators", type=int, default=40)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the months")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the best is shown")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    years = max(1, round(a.years * a.scale))
    if a.child:
        child(a.child[0], a.child[1], a.indicators, years)
        return
    sys.path.insert(0, str(Path(__file__).parent))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rows = generate(Path(tmp), _country(a.indicators, years), a.indicators, years)
        print(
            f"{rows:,} rows (63 provinces' indicators; 11,300 communes and districts × "
            f"{a.indicators} criteria × {years * 12} months, gaps) written in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        got: dict[str, tuple[float, float]] = {}
        for _ in range(a.repeat):
            for mode in ("scan", "latest", "evaluate"):
                cmd = [sys.executable, __file__, "--indicators", str(a.indicators)]
                cmd += ["--years", str(years), "--child", mode, tmp]
                out = subprocess.run(cmd, check=True, capture_output=True, text=True)
                wall, peak = (float(x) for x in out.stdout.split())
                best = got.get(mode)
                got[mode] = (min(wall, best[0]), max(peak, best[1])) if best else (wall, peak)
        (ts, ms), (tl, ml), (te, me) = got["scan"], got["latest"], got["evaluate"]
        print(f"best of {a.repeat}, each in a fresh process:")
        print(f"  DuckDB scan, count(*) and sum(value):     {ts:7.2f} s  peak {ms:5.0f} MiB")
        print(f"  DuckDB latest period per unit, indicator: {tl:7.2f} s  peak {ml:5.0f} MiB")
        print(f"  thdx.sql.evaluate, the whole rulebook:    {te:7.2f} s  peak {me:5.0f} MiB")
        print(
            f"  thdx / scan: {te / ts:.1f}× (goal ≤ 3×: {'met' if te <= 3 * ts else 'NOT met'}); "
            f"thdx / latest-period pass: {te / tl:.1f}×; "
            f"peak {me:.0f} MiB (goal ≤ 2048: {'met' if me <= 2048 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
