"""One data set, several rulebooks: each judged on the same data as of the same day, and
their verdicts in one table with a column per rulebook.

Rows match the rulebooks' targets as :func:`~thdx.compare_rulebooks` does (what they
measure, and the deadline), so "the digital economy's share by 2025" is one row with
Resolution 06's verdict and the national programme's side by side.

>>> import thdx
>>> many = thdx.evaluate_many(
...     {"06": thdx.resolution_06(), "749": thdx.programme_749()},
...     thdx.example_data(), units=thdx.thanh_hoa_units(), as_of="2025-12-31")
>>> row = many.row("digital_economy_share", "2025")
>>> row["06"], row["749"], row["06.target"]
('NOT_MET', 'NOT_MET', '2025.econ.digital_economy_share')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from thdx.engine import evaluate
from thdx.model._errors import ArgumentTypeError, EvaluationError, UnknownTargetError
from thdx.model._hierarchy import Hierarchy
from thdx.model._periods import as_period
from thdx.rulebooks._compare import _pandas, html_table, pair_targets
from thdx.rules._rulebook import Rulebook
from thdx.store import MeasurementSet
from thdx.verdicts import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ManyReports", "evaluate_many"]

#: A rulebook's name may not end with this (its target column is ``<name>.target``).
_TARGET = ".target"


class ManyReports(Mapping[str, Report]):
    """The reports of several rulebooks on one data set (a mapping name → Report), and
    their verdicts side by side (:meth:`to_records`, :meth:`to_frame`).

    Each row is one goal — a target of one or more rulebooks matched by what it
    measures and its deadline — judged for each rulebook's jurisdiction: the column
    named after a rulebook holds its status (``"MET"``, ``"NOT_MET"``, ``"UNKNOWN"``,
    ``"NOT_APPLICABLE"``), ``<name>.target`` its target id; both are None where the
    rulebook has no such goal.
    """

    def __init__(self, reports: Mapping[str, Report], as_of: _dt.date) -> None:
        self._reports = dict(reports)
        #: The day every report was evaluated as of.
        self.as_of = as_of

    def __getitem__(self, name: str) -> Report:
        return self._reports[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._reports)

    def __len__(self) -> int:
        return len(self._reports)

    def __repr__(self) -> str:
        return f"<ManyReports: {', '.join(self._reports)} as of {self.as_of}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per goal: ``indicator``, ``deadline``, then for each rulebook
        ``<name>`` (the status) and ``<name>.target`` (the target id)."""
        names = list(self._reports)
        books = [self._reports[n].rulebook for n in names]
        out: list[dict[str, Any]] = []
        for key, deadline, cells in pair_targets(books):
            rec: dict[str, Any] = {"indicator": key, "deadline": deadline}
            for name, t in zip(names, cells, strict=True):
                status = self._reports[name].verdict(t.id).status.name if t else None
                rec[name] = status
                rec[name + _TARGET] = t.id if t else None
            out.append(rec)
        return out

    def row(self, key: str, deadline: str) -> dict[str, Any]:
        """The first record of a key (see :attr:`~thdx.ComparedTargets.key`) and a
        deadline.

        Raises:
            UnknownTargetError: (a KeyError) no such row.
        """
        for rec in self.to_records():
            if rec["indicator"] == key and rec["deadline"] == deadline:
                return rec
        raise UnknownTargetError(key, detail=f"no row for deadline {deadline!r}")

    def to_frame(self) -> pd.DataFrame:
        """The records as a pandas DataFrame (needs the ``pandas`` extra).

        Raises:
            ImportError: pandas is not installed, naming the extra.
        """
        columns = ["indicator", "deadline"]
        for name in self._reports:
            columns += [name, name + _TARGET]
        frame: pd.DataFrame = _pandas().DataFrame.from_records(self.to_records(), columns=columns)
        return frame

    def to_html(self) -> str:
        """The table as HTML (texts escaped); notebooks show it."""
        columns = ["indicator", "deadline"]
        for name in self._reports:
            columns += [name, name + _TARGET]
        caption = f"{', '.join(self._reports)} as of {self.as_of}"
        return html_table(caption, self.to_records(), columns)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self) -> str:
        """The table as plain text: one line per goal, a column per rulebook."""
        names = list(self._reports)
        width = max(14, *(len(n) for n in names))
        head = f"{'indicator':40} {'by':4}  " + "  ".join(f"{n:>{width}}" for n in names)
        lines = [head, "-" * len(head)]
        for rec in self.to_records():
            cells = "  ".join(f"{rec[n] or '—':>{width}}" for n in names)
            lines.append(f"{rec['indicator'][:40]:40} {rec['deadline']:4}  {cells}")
        return "\n".join(lines) + "\n"


def _day(value: _dt.date | str | None) -> _dt.date:
    """The evaluation day, as :func:`thdx.evaluate` reads it (a period: its last day)."""
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return as_period(value, where="as_of").end


def _checked(rulebooks: object) -> dict[str, Rulebook]:
    """``rulebooks`` checked: a non-empty mapping of column names to rulebooks."""
    if not isinstance(rulebooks, Mapping):
        msg = f"evaluate_many: rulebooks must be a mapping name → Rulebook, got {rulebooks!r}"
        raise ArgumentTypeError(msg)
    if not rulebooks:
        msg = "evaluate_many: rulebooks is empty: give at least one name → Rulebook"
        raise EvaluationError(msg)
    for name, book in rulebooks.items():
        if not isinstance(name, str):
            msg = f"evaluate_many: a rulebook's name must be a str, got {name!r}"
            raise ArgumentTypeError(msg)
        if not name.strip() or name.endswith(_TARGET):
            msg = f"evaluate_many: {name!r} cannot name a column (empty, or ending in '.target')"
            raise EvaluationError(msg)
        if not isinstance(book, Rulebook):
            msg = f"evaluate_many: rulebooks[{name!r}] must be a Rulebook, got {book!r}"
            raise ArgumentTypeError(msg)
    return dict(rulebooks)


def evaluate_many(
    rulebooks: Mapping[str, Rulebook],
    data: MeasurementSet,
    *,
    units: Hierarchy | None = None,
    as_of: _dt.date | str | None = None,
    count_era: Literal["set", "current"] = "set",
) -> ManyReports:
    """Judge one data set against several rulebooks as of one day.

    Each rulebook is evaluated with :func:`thdx.evaluate` (the same ``units``,
    ``as_of`` and ``count_era``); ``as_of`` defaults to today, taken once, so every
    report is of the same day.

    Args:
        rulebooks: the rulebooks by the names their columns take, e.g.
            ``{"06-NQ/TU": thdx.resolution_06(), "749/QĐ-TTg": thdx.programme_749()}``.
        data: the measurements (their catalogue must know every rulebook's indicators;
            the default catalogue knows the shipped ones).
        units: the administrative units, as for :func:`thdx.evaluate`.
        as_of: the evaluation date (default: today); a period ("2025") means its
            last day.
        count_era: as for :func:`thdx.evaluate`.

    Returns:
        :class:`ManyReports`: each report by name, and the table of verdicts.

    Raises:
        ArgumentTypeError: ``rulebooks`` is not a mapping of str to Rulebook.
        EvaluationError: no rulebook, or a name that is empty or ends with
            ``.target``.
    """
    books = _checked(rulebooks)
    day = _day(as_of)
    reports = {
        name: evaluate(book, data, units=units, as_of=day, count_era=count_era)
        for name, book in books.items()
    }
    return ManyReports(reports, day)
