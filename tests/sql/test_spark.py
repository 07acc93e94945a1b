"""The SQL backend's query in the Spark SQL dialect, on Spark in local mode, against
the in-process engine (``nox -s spark``; skipped without pyspark and Java)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.spark

# Spark starts a JVM: run only when asked (nox -s spark sets THDX_SPARK=1), not in
# every full run of the suite on a machine that happens to have pyspark.
if not os.environ.get("THDX_SPARK"):
    pytest.skip("the Spark test runs with THDX_SPARK=1 (nox -s spark)", allow_module_level=True)

pyspark = pytest.importorskip("pyspark")
pytest.importorskip("sqlglot")
if shutil.which("java") is None:  # pragma: no cover - nox -s spark installs one
    pytest.skip("Spark needs Java", allow_module_level=True)

from hypothesis import given, settings  # noqa: E402 - after the skips

import thdx  # noqa: E402 - after the skips
from sql.agree import assert_agree  # noqa: E402 - after the skips
from thdx import strategies as ts  # noqa: E402 - after the skips
from thdx.sql._evaluate import evaluate_with  # noqa: E402 - after the skips
from thdx.sql._query import OUTPUT  # noqa: E402 - after the skips


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession  # type: ignore[import-not-found,unused-ignore]

    session = (
        SparkSession.builder.master("local[1]")
        .appName("thdx-sql-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    yield session
    session.stop()


def _views(spark: Any, data: thdx.MeasurementSet) -> None:
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType  # type: ignore[import-not-found,unused-ignore]

    cols = data.columns()
    rows = []
    for ind in cols.indicators:
        r = cols.rows_of(ind)
        for i in range(r.start, r.stop):
            code = cols.unit_codes[int(cols.unit[i])]
            rows.append((i, code, ind, int(cols.start[i]), int(cols.end[i]), float(cols.value[i])))
    schema = StructType(
        [
            StructField("row_id", LongType()),
            StructField("unit", StringType()),
            StructField("indicator", StringType()),
            StructField("start_day", LongType()),
            StructField("end_day", LongType()),
            StructField("value", DoubleType()),
        ]
    )
    spark.createDataFrame(rows, schema).createOrReplaceTempView("thdx_measurements")
    recs = [(r.unit, r.on.toordinal()) for r in data.recognitions]
    rschema = StructType([StructField("unit", StringType()), StructField("on_day", LongType())])
    spark.createDataFrame(recs, rschema).createOrReplaceTempView("thdx_recognitions")


@given(ts.scenarios())
@settings(max_examples=15, deadline=None)
def test_spark_agrees_with_the_engine(spark: Any, s: ts.Scenario) -> None:
    rb = s.rulebook
    _views(spark, s.data)

    def execute(sql: str) -> dict[str, np.ndarray]:
        got = spark.sql(sql).collect()
        out: dict[str, np.ndarray] = {}
        for name, _ in OUTPUT:
            vals = [r[name] for r in got]
            if name == "value":
                out[name] = np.asarray([np.nan if v is None else v for v in vals], dtype=float)
            else:
                out[name] = np.ma.masked_array(
                    [0 if v is None else v for v in vals], mask=[v is None for v in vals]
                )
        return out

    got = evaluate_with(rb, s.data, execute, dialect="spark", as_of=s.as_of, units=s.hierarchy)
    want = thdx.evaluate(rb, s.data, units=s.hierarchy, as_of=s.as_of)
    assert_agree(got, want)
