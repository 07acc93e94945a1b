"""Country scale: Resolution 06 over a synthetic Vietnam, every province a jurisdiction.

Run by ``run.py`` in a fresh interpreter (so its peak RSS is this workload's own)::

    python benchmarks/_country.py --variant batch|per-province [--quick]

It prints one JSON object (the figures) as its last line of output.

The country: 63 provinces, 700 district-level units, 10,600 commune-level units
(every unit under one parent, codes unique); ten years of data (2016–2025) for the
province indicators of the rulebook (ranks among the 63 provinces, with their cohort)
and for a complete synthetic commune criteria set of 10 criteria (pass: at least 8),
5 % of yearly values missing and 3 % of (unit, indicator) series missing altogether;
recognitions for ~4 % of the units, some dated after ``as_of``. The rulebook is
``thdx.resolution_06().with_completion(criteria=...)``.

Variants:

``batch``
    One ``thdx.evaluate`` whose targets are judged for all 63 provinces at once
    (each target's ``units`` set to the 63 province codes, the one way the current API
    takes several jurisdictions in one call).
``per-province``
    What the API suggests: ``attrs.evolve(rb, jurisdiction=code)`` and one
    ``evaluate`` per province, all 63 reports kept (``--quick``: 6 provinces,
    extrapolated).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
import time
import tracemalloc
from dataclasses import dataclass
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from _common import MET, NOT_MET, SEED, UNKNOWN, best_of, maxrss_mb, rss_mb

import thdx
from thdx.store import fitting_cohorts

N_PROVINCES, N_DISTRICTS, N_COMMUNES = 63, 700, 10_600
YEARS = tuple(range(2016, 2026))
AS_OF = "2025-12-31"
N_CRITERIA, AT_LEAST = 10, 8
MISSING_VALUE, MISSING_SERIES, RECOGNISED = 0.05, 0.03, 0.04
COUNT_TARGETS = {
    "2025.soc.communes_completed": "commune",
    "2025.soc.districts_completed": "district",
}
EXPLAINED = (
    "2025.soc.communes_completed",
    "2025.econ.productivity_growth",
    "2025.gov.satisfaction",
)


@dataclass
class Country:
    """The synthetic country, its data as columns, and dense arrays for the baseline."""

    hierarchy: thdx.Hierarchy
    provinces: list[str]
    districts: list[str]
    communes: list[str]
    district_province: npt.NDArray[np.int64]
    commune_province: npt.NDArray[np.int64]
    rulebook: thdx.Rulebook
    criteria: thdx.CriteriaSet
    columns: dict[str, Any]
    recognitions: list[thdx.Recognition]
    #: Baseline inputs: criteria values [criterion, year, unit] over communes then
    #: districts (NaN: missing), and per unit the first recognition day (ordinal).
    dense: npt.NDArray[np.float64]
    recognised_on: npt.NDArray[np.int64]


def _criteria(n: int = N_CRITERIA, at_least: int = AT_LEAST) -> thdx.CriteriaSet:
    """A complete synthetic commune criteria set of ``n`` criteria (pass: ``at_least``)."""
    indicators = [
        thdx.Indicator(
            id=f"commune_dx_{j:02d}",
            name_vi=f"Tiêu chí chuyển đổi số cấp xã {j}",
            name_en=f"Commune digital transformation criterion {j}",
            pillar="society",
            unit="percent",
            kind="share",
        )
        for j in range(n)
    ]
    cycle = [40.0, 50.0, 60.0, 70.0, 50.0, 60.0, 40.0, 50.0, 60.0, 70.0]
    thresholds = [cycle[j % len(cycle)] for j in range(n)]
    return thdx.CriteriaSet(
        id="synthetic.commune",
        title="Bộ tiêu chí chuyển đổi số cấp xã (tổng hợp, đầy đủ)",
        level="commune",
        criteria=[
            thdx.Criterion(f"synthetic.c{j:02d}", ind.id, ">=", thresholds[j])
            for j, ind in enumerate(indicators)
        ],
        pass_rule="at_least",
        at_least=at_least,
        complete=True,
        indicators=indicators,
    )


def _hierarchy(rng: np.random.Generator) -> tuple[list[thdx.AdministrativeUnit], dict[str, Any]]:
    provinces = [f"{p + 1:02d}" for p in range(N_PROVINCES)]
    districts = [f"{d + 1:03d}" for d in range(N_DISTRICTS)]
    communes = [f"{c + 1:05d}" for c in range(N_COMMUNES)]
    # Every parent gets at least one child; the rest are spread at random.
    d_parent = np.sort(
        np.r_[np.arange(N_PROVINCES), rng.integers(0, N_PROVINCES, N_DISTRICTS - N_PROVINCES)]
    )
    c_parent = np.sort(
        np.r_[np.arange(N_DISTRICTS), rng.integers(0, N_DISTRICTS, N_COMMUNES - N_DISTRICTS)]
    )
    au = thdx.AdministrativeUnit
    units = [au(code=c, name=f"Tỉnh {c}", kind="tỉnh") for c in provinces]
    units += [
        au(code=c, name=f"Huyện {c}", kind="huyện", parent=provinces[int(d_parent[i])])
        for i, c in enumerate(districts)
    ]
    units += [
        au(code=c, name=f"Xã {c}", kind="xã", parent=districts[int(c_parent[i])])
        for i, c in enumerate(communes)
    ]
    return units, {
        "provinces": provinces,
        "districts": districts,
        "communes": communes,
        "district_province": d_parent,
        "commune_province": d_parent[c_parent],
    }


def _province_values(
    rng: np.random.Generator, ind: thdx.Indicator, year: int, grdp: dict[int, Any]
) -> npt.NDArray[np.float64]:
    n = N_PROVINCES
    if ind.id == "grdp":
        return np.asarray(grdp[year])
    if ind.id == "digital_economy_value":
        return np.asarray(grdp[year] * rng.uniform(0.05, 0.35, n))
    kind = ind.kind.value
    if kind == "share":
        return np.round(np.clip(rng.normal(40 + 5 * (year - 2016), 20, n), 0, 100), 1)
    if kind == "growth_rate":
        return np.round(rng.normal(8.0, 3.0, n), 2)
    return np.round(rng.uniform(50, 300, n) * 1.07 ** (year - 2016), 2)  # levels


def make_country(seed: int = SEED) -> tuple[Country, dict[str, float]]:
    """The country and the seconds spent on its parts (hierarchy, rulebook, generation)."""
    rng = np.random.default_rng(seed + 1)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    units, codes = _hierarchy(rng)
    hierarchy = thdx.Hierarchy(units)
    times["hierarchy"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    criteria = _criteria()
    rulebook = thdx.resolution_06().with_completion(criteria=criteria)
    times["rulebook"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    level_units = codes["communes"] + codes["districts"]
    nu = len(level_units)
    unit_col: list[str] = []
    ind_col: list[str] = []
    period_col: list[str] = []
    values: list[npt.NDArray[np.float64]] = []
    dense = np.full((N_CRITERIA, len(YEARS), nu), np.nan)
    for j, crit in enumerate(criteria.criteria):
        series = rng.random(nu) >= MISSING_SERIES
        for y, year in enumerate(YEARS):
            v = np.round(np.clip(rng.normal(35 + 4 * (year - 2016), 15, nu), 0, 100), 1)
            keep = np.flatnonzero(series & (rng.random(nu) >= MISSING_VALUE))
            dense[j, y, keep] = v[keep]
            unit_col += [level_units[i] for i in keep.tolist()]
            ind_col += [crit.indicator] * len(keep)
            period_col += [str(year)] * len(keep)
            values.append(v[keep])
    skip = {i.id for i in criteria.indicators}
    province_indicators = [
        ind
        for ind in rulebook.catalogue.values()
        if ind.kind.value != "rank" and not ind.derived and ind.id not in skip
    ]
    grdp = {year: rng.uniform(1e13, 5e14, N_PROVINCES) for year in YEARS}
    for ind in province_indicators:
        for year in YEARS:
            v = _province_values(rng, ind, year, grdp)
            keep = np.flatnonzero(rng.random(N_PROVINCES) >= MISSING_VALUE)
            unit_col += [codes["provinces"][i] for i in keep.tolist()]
            ind_col += [ind.id] * len(keep)
            period_col += [str(year)] * len(keep)
            values.append(v[keep])
    first_day = _dt.date(2021, 1, 1).toordinal()
    last_day = _dt.date(2026, 6, 30).toordinal()
    chosen = np.flatnonzero(rng.random(nu) < RECOGNISED)
    days = rng.integers(first_day, last_day + 1, len(chosen))
    recognised_on = np.full(nu, np.iinfo(np.int64).max, dtype=np.int64)
    recognised_on[chosen] = days
    recognitions = [
        thdx.Recognition(
            unit=level_units[i],
            on=_dt.date.fromordinal(int(d)),
            decision=f"{k + 1}/QĐ-UBND",
        )
        for k, (i, d) in enumerate(zip(chosen.tolist(), days.tolist(), strict=True))
    ]
    # Ranks of the provinces among all 63 (cohort 63), from a generator of their own so
    # that every other value is the one drawn before ranks were loaded.
    rank_rng = np.random.default_rng(seed + 2)
    rank_indicators = [i for i in rulebook.catalogue.values() if i.kind.value == "rank"]
    n_before = sum(len(v) for v in values)
    for ind in rank_indicators:
        for year in YEARS:
            v = (rank_rng.permutation(N_PROVINCES) + 1).astype(float)
            keep = np.flatnonzero(rank_rng.random(N_PROVINCES) >= MISSING_VALUE)
            unit_col += [codes["provinces"][i] for i in keep.tolist()]
            ind_col += [ind.id] * len(keep)
            period_col += [str(year)] * len(keep)
            values.append(v[keep])
    n_ranks = sum(len(v) for v in values) - n_before
    cohort = np.full(n_before + n_ranks, np.nan)
    # The synthetic country keeps its 63 provinces in every year; the real rankings
    # rank 34 from data year 2024 (thdx.store.RANK_COHORTS), so ranks of those
    # years carry no cohort (a plain rank is not checked against the year's cohort).
    fits = [
        (fitting_cohorts(ind_col[j], thdx.Period.parse(period_col[j])) or {N_PROVINCES})
        for j in range(n_before, n_before + n_ranks)
    ]
    cohort[n_before:] = [N_PROVINCES if N_PROVINCES in f else np.nan for f in fits]
    times["generate"] = time.perf_counter() - t0
    country = Country(
        hierarchy=hierarchy,
        provinces=codes["provinces"],
        districts=codes["districts"],
        communes=codes["communes"],
        district_province=codes["district_province"],
        commune_province=codes["commune_province"],
        rulebook=rulebook,
        criteria=criteria,
        columns={
            "unit": unit_col,
            "indicator": ind_col,
            "period": period_col,
            "value": np.concatenate(values),
            "cohort": cohort,
            "province_indicators": [i.id for i in province_indicators],
            "rank_indicators": [i.id for i in rank_indicators],
        },
        recognitions=recognitions,
        dense=dense,
        recognised_on=recognised_on,
    )
    return country, times


def build_data(c: Country) -> thdx.MeasurementSet:
    """The thdx data set (the step timed as data construction)."""
    col = c.columns
    return thdx.MeasurementSet.from_columns(
        unit=col["unit"],
        indicator=col["indicator"],
        period=col["period"],
        value=col["value"],
        cohort=col["cohort"],
        recognitions=c.recognitions,
        catalogue=c.rulebook.catalogue,
    )


# -- the hand-written numpy baseline ---------------------------------------------------------


def numpy_counts(c: Country) -> dict[str, npt.NDArray[np.int64]]:
    """Per province: passed/failed/unknown communes and districts (completion)."""
    as_of = _dt.date.fromisoformat(AS_OF)
    usable = np.array([_dt.date(y, 12, 31) <= as_of for y in YEARS])
    vals = c.dense[:, usable, :]
    years = np.arange(vals.shape[1])[None, :, None]
    latest = np.where(np.isnan(vals), -1, years).max(axis=1)  # criterion × unit
    known = latest >= 0
    value = np.take_along_axis(vals, np.maximum(latest, 0)[:, None, :], axis=1)[:, 0, :]
    thresholds = np.array([k.threshold for k in c.criteria.criteria])[:, None]
    met = (known & (value >= thresholds)).sum(axis=0)
    unknown = (~known).sum(axis=0)
    status = np.where(met >= AT_LEAST, MET, np.where(met + unknown < AT_LEAST, NOT_MET, UNKNOWN))
    status = np.where(c.recognised_on <= as_of.toordinal(), MET, status)
    nc = len(c.communes)
    out: dict[str, npt.NDArray[np.int64]] = {}
    for level, st, prov in (
        ("commune", status[:nc], c.commune_province),
        ("district", status[nc:], c.district_province),
    ):
        per_status = [
            np.bincount(prov, weights=st == s, minlength=N_PROVINCES)
            for s in (MET, NOT_MET, UNKNOWN)
        ]
        out[level] = np.stack(per_status).astype(np.int64)
    return out


def _thdx_counts(
    reports: dict[str, thdx.Report], provinces: list[str]
) -> dict[str, npt.NDArray[np.int64]]:
    out: dict[str, npt.NDArray[np.int64]] = {}
    for target, level in COUNT_TARGETS.items():
        rows = []
        for p in provinces:
            counts = reports[p].verdict(target, unit=p).counts
            assert counts is not None
            rows.append((counts.passed, counts.failed, counts.unknown))
        out[level] = np.array(rows, dtype=np.int64).T
    return out


def _check(
    got: dict[str, npt.NDArray[np.int64]],
    want: dict[str, npt.NDArray[np.int64]],
    columns: list[int],
) -> None:
    for level, arr in got.items():
        if not np.array_equal(arr, want[level][:, columns]):
            msg = f"thdx and numpy disagree on {level} completion counts per province"
            raise AssertionError(msg)


def _explain(reports: dict[str, thdx.Report], provinces: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    texts = [
        reports[p].verdict(t, unit=p).explain(lang=lang)
        for p in provinces[:3]
        for t in EXPLAINED
        for lang in ("en", "vi")
    ]
    return time.perf_counter() - t0, texts[0]


def batch_rulebook(c: Country) -> thdx.Rulebook:
    """Every target judged for the 63 provinces in one evaluation."""
    rb = c.rulebook
    targets = [t if t.units else attrs.evolve(t, units=c.provinces) for t in rb.targets]
    return attrs.evolve(rb, targets=targets)


def run(variant: str, quick: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"variant": variant, "quick": quick}
    country, times = make_country()
    out["times"] = times
    out["rows_generated"] = len(country.columns["unit"])
    out["province_indicators"] = country.columns["province_indicators"]
    out["rank_indicators"] = country.columns["rank_indicators"]
    out["maxrss_after_generate_mb"] = maxrss_mb()
    out["rss_after_generate_mb"] = rss_mb()  # the input columns, held
    # The first construction in this process (what a user pays: the memory it fills is
    # new to the process), then two more, each after the one before is let go (the
    # memory reused): the best of the three is shown beside it.
    # The machine's own cost of memory new to a process: 64 MB of ones, filled once
    # (numpy maps an array this large and unmaps it when freed, so the construction
    # after it still fills new memory).
    t0 = time.perf_counter()
    np.ones(8 * 2**20).sum()
    out["fresh_64mb_seconds"] = time.perf_counter() - t0
    out["build_seconds"], data = best_of(lambda: build_data(country), 1, gc_off=False)
    out["rows"] = len(data)
    out["maxrss_after_build_mb"] = maxrss_mb()
    builds = [out["build_seconds"]]
    for _ in range(2):
        del data
        took, data = best_of(lambda: build_data(country), 1, gc_off=False)
        builds.append(took)
    out["build_best_seconds"] = min(builds)
    out["build_repeat"] = len(builds)

    nb = 5 if quick else 20
    out["numpy_seconds"], want = best_of(lambda: numpy_counts(country), nb)
    provinces = country.provinces

    if variant == "batch":
        rbb = batch_rulebook(country)
        repeat = 3 if quick else 5
        reports: dict[str, thdx.Report] = {}

        def evaluate() -> thdx.Report:
            return thdx.evaluate(rbb, data, units=country.hierarchy, as_of=AS_OF)

        out["first_eval_seconds"], _ = best_of(evaluate, 1, gc_off=False)
        out["eval_seconds"], report = best_of(evaluate, repeat, gc_off=False)
        out["eval_repeat"] = repeat
        reports = dict.fromkeys(provinces, report)
        _check(_thdx_counts(reports, provinces), want, list(range(N_PROVINCES)))
        out["explain_seconds"], out["explain_sample"] = _explain(reports, provinces)
        out["verdicts"] = len(report)
        out["maxrss_after_eval_mb"] = maxrss_mb()
        del report, reports
        tracemalloc.start()
        kept = evaluate()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["tracemalloc_eval_peak_mb"] = peak / 1e6
        del kept, data
        tracemalloc.start()
        rebuilt = build_data(country)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["set_bytes_per_row"] = current / len(rebuilt)
        out["build_tracemalloc_peak_mb"] = peak / 1e6
        del rebuilt
    else:
        chosen = provinces[:6] if quick else provinces
        reports = {}
        each: list[float] = []
        t_all = time.perf_counter()
        for p in chosen:
            rb = attrs.evolve(country.rulebook, jurisdiction=p)
            t0 = time.perf_counter()
            reports[p] = thdx.evaluate(rb, data, units=country.hierarchy, as_of=AS_OF)
            each.append(time.perf_counter() - t0)
        total = time.perf_counter() - t_all
        out["provinces_evaluated"] = len(chosen)
        out["eval_seconds_measured"] = total
        out["eval_seconds"] = total * N_PROVINCES / len(chosen)
        out["one_province_seconds"] = min(each)
        _check(_thdx_counts(reports, chosen), want, list(range(len(chosen))))
        out["explain_seconds"], out["explain_sample"] = _explain(reports, chosen)
        out["maxrss_after_eval_mb"] = maxrss_mb()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=("batch", "per-province"), default="batch")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    result = run(args.variant, args.quick)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
