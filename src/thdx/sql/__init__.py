"""Rules where the data lives: a rulebook's evaluation plan compiled to SQL.

This package needs the optional extra ``thdx[sql]`` (DuckDB and sqlglot), imported on
first use. :func:`to_sql` writes the query for any dialect sqlglot knows (DuckDB,
Spark/Databricks, Trino, …); :func:`evaluate` runs it on an embedded DuckDB over a
:class:`~thdx.MeasurementSet`, Parquet or CSV files, or a DuckDB relation, and returns
the :class:`~thdx.Report` of :func:`thdx.evaluate`. The steps are the engine's own
(:mod:`thdx.engine`); the query computes their statuses, values, finality and routes.
See the how-to page ``docs/howto-sql.md``.
"""

from thdx.sql._errors import NotCompiledError
from thdx.sql._evaluate import evaluate, to_sql

__all__ = ["NotCompiledError", "evaluate", "to_sql"]
