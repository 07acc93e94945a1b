"""Scale of the SQL backend: a country's communes evaluated by DuckDB from Parquet.

Generates ``communes`` × ``indicators`` × monthly values over ``years`` years (about one
month in eight left out: gaps) as Parquet files, with DuckDB itself, then evaluates a
rulebook of one criteria-set target over every commune (all of the indicators, each
judged on its latest month up to the day) plus one target per indicator for the
province, and compares wall time and peak memory with DuckDB's own scan
``SELECT count(*), sum(value)`` of the same files.

    python benchmarks/sql_scale.py --communes 10600 --indicators 40 --years 10  # ~50 M rows
    python benchmarks/sql_scale.py --scale 0.1

The indicators are synthetic (the figures measure the engine, not the resolution).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(folder: Path, communes: int, indicators: int, years: int) -> int:
    import duckdb

    con = duckdb.connect()
    months = years * 12
    con.execute(
        f"""COPY (
        SELECT CAST(100000 + c AS VARCHAR) AS unit, 'ind_' || CAST(i AS VARCHAR) AS indicator,
               strftime(DATE '2016-01-01' + to_months(CAST(m AS INT)), '%Y-%m') AS period,
               CAST(((c * 7 + i * 13 + m * 3) % 1000) AS DOUBLE) / 10.0 AS value
        FROM range({communes}) AS a(c), range({indicators}) AS b(i), range({months}) AS d(m)
        WHERE (c + i + m) % 8 <> 0
        ) TO '{folder}/measurements' (FORMAT parquet, PER_THREAD_OUTPUT true)"""
    )
    (n,) = con.execute(
        f"SELECT count(*) FROM read_parquet('{folder}/measurements/*.parquet')"
    ).fetchone()
    return int(n)


#: DuckDB's own work over the files: the scan the goal is a ratio to, and the least an
#: evaluation must do (read the three text columns, keep the latest row per unit and
#: indicator), so that a reader sees how far from each thdx is.
SCANS = {
    "scan": "SELECT count(*), sum(value) FROM read_parquet('{glob}')",
    "floor": (
        "SELECT count(*) FROM (SELECT unit, indicator, max(period) FROM "
        "read_parquet('{glob}') GROUP BY unit, indicator)"
    ),
}


def child(mode: str, folder: str, communes: int, indicators: int, years: int) -> None:
    """Run one measurement in this process and print its wall time and peak memory."""
    import duckdb

    glob = f"{folder}/measurements/*.parquet"
    if mode != "scan":
        import thdx.sql  # imported before the clock starts (a constant ~2 s)
    start = time.perf_counter()
    if mode in SCANS:
        duckdb.connect().execute(SCANS[mode].format(glob=glob)).fetchall()
    else:
        import thdx
        import thdx.sql
        from thdx.rules._targets import Target
        from thdx.rules._vocabulary import AllOf, Compare

        inds = [
            thdx.Indicator(
                id=f"ind_{i}",
                name_vi=f"Chỉ tiêu {i}",
                name_en=f"Indicator {i}",
                pillar="society",
                unit="percent",
                kind="share",
            )
            for i in range(indicators)
        ]
        cat = thdx.Catalogue(inds)
        codes = [str(100000 + c) for c in range(communes)]
        targets = [
            Target(
                id="communes.criteria",
                deadline=str(2016 + years - 1),
                scope="commune",
                clause="synthetic",
                units=codes,
                rule=AllOf(tuple(Compare(f"ind_{i}", ">=", 40.0) for i in range(indicators))),
            )
        ]
        rb = thdx.Rulebook(
            id="bench",
            number="bench",
            title="bench",
            jurisdiction="38",
            catalogue=cat,
            targets=targets,
        )
        start = time.perf_counter()  # from here: the evaluation only
        report = thdx.sql.evaluate(rb, glob, as_of=f"{2016 + years - 1}-12-31")
        summary = report.summary()
        assert sum(summary.values()) == communes, summary
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux: KiB)
    print(f"{wall:.3f} {peak:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", type=int, default=10_600)
    ap.add_argument("--indicators", type=int, default=40)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the communes")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    communes = max(1, int(a.communes * a.scale))
    if a.child:
        child(a.child[0], a.child[1], communes, a.indicators, a.years)
        return
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rows = generate(Path(tmp), communes, a.indicators, a.years)
        print(
            f"{rows:,} rows ({communes} communes × {a.indicators} indicators × "
            f"{a.years * 12} months, gaps) written in {time.perf_counter() - t0:.1f} s"
        )
        got = {}
        for mode in ("scan", "floor", "evaluate"):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--communes",
                    str(communes),
                    "--indicators",
                    str(a.indicators),
                    "--years",
                    str(a.years),
                    "--child",
                    mode,
                    tmp,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            got[mode] = (float(out[0]), float(out[1]))
        (ts, ms), (ta, ma), (te, me) = got["scan"], got["floor"], got["evaluate"]
        print(f"DuckDB scan (count, sum of value):        {ts:8.2f} s  peak {ms:6.0f} MiB")
        print(f"DuckDB latest period per unit, indicator: {ta:8.2f} s  peak {ma:6.0f} MiB")
        print(
            f"thdx.sql.evaluate:                        {te:8.2f} s  peak {me:6.0f} MiB  "
            f"({te / ts:.1f}× the scan, goal ≤ 3×; {te / ta:.1f}× the latest-period pass)"
        )


if __name__ == "__main__":
    main()
