"""evaluate_many: one data set, several rulebooks, a column per rulebook — verdicts worked
out by hand, the shared evaluation day, and hostile arguments."""

from __future__ import annotations

import datetime as _dt
import sys

import pytest
from hypothesis import given

import thdx
import thdx.strategies as ts
from thdx import Measurement, MeasurementSet

BOOKS = {"06": thdx.resolution_06(), "749": thdx.programme_749()}


def _data() -> MeasurementSet:
    """Hand-made data for Thanh Hóa, 2025: digital economy 18 % of GRDP (below both 20 %
    floors), productivity from 100 (2020) to 150 (2025): (1.5)^(1/5) - 1 = 8.45 %
    a year (1.0845^5 = 1.5001), which meets 749's 7 % and misses 06's 9.6 %; fibre to
    80 % of households (not above 80 %); 100 % of communes."""
    rows = [
        ("digital_economy_share", "2025", "18 %"),
        ("labour_productivity", "2020", 100.0),
        ("labour_productivity", "2025", 150.0),
        ("fibre_household_share", "2025", "80 %"),
        ("fibre_commune_share", "2025", "100 %"),
    ]
    return MeasurementSet(
        [Measurement(unit="38", indicator=i, period=p, value=v) for i, p, v in rows]
    )


@pytest.fixture(scope="module")
def many() -> thdx.ManyReports:
    """The two rulebooks on the hand-made data, as of the end of 2025."""
    return thdx.evaluate_many(BOOKS, _data(), as_of="2025-12-31")


def test_one_row_per_goal_a_column_per_rulebook(many: thdx.ManyReports) -> None:
    """Matched goals share a row; each rulebook's column holds its status."""
    assert {"indicator": "labour_productivity (growth)", "deadline": "2025", "06": "NOT_MET",
            "06.target": "2025.econ.productivity_growth", "749": "MET",
            "749.target": "2025.econ.productivity_growth"} == many.row(
        "labour_productivity (growth)", "2025"
    )  # fmt: skip
    de = many.row("digital_economy_share", "2025")
    assert ("NOT_MET", "NOT_MET") == (de["06"], de["749"])


def test_goals_of_one_side_leave_the_other_empty(many: thdx.ManyReports) -> None:
    """Fibre goals are only the programme's: 80 % is not above 80 %; 100 % meets 100 %."""
    fh = many.row("fibre_household_share", "2025")
    fc = many.row("fibre_commune_share", "2025")
    assert [(None, None, "NOT_MET"), (None, None, "MET")] == [
        (r["06"], r["06.target"], r["749"]) for r in (fh, fc)
    ]


def test_rows_cover_every_target_once(many: thdx.ManyReports) -> None:
    """22 + 6 targets, 2 pairs matched: 26 rows; each target id appears once per column
    (the first rulebook's in its order)."""
    records = many.to_records()
    assert 26 == len(records)
    for name in BOOKS:
        ids = [r[f"{name}.target"] for r in records if r[f"{name}.target"]]
        assert sorted(t.id for t in BOOKS[name].targets) == sorted(ids)
    assert [t.id for t in BOOKS["06"].targets] == [r["06.target"] for r in records[:22]]


def test_the_reports_are_the_plain_evaluations(many: thdx.ManyReports) -> None:
    """Each report equals thdx.evaluate of its rulebook on the same data and day."""
    one = thdx.evaluate(BOOKS["749"], _data(), as_of="2025-12-31")
    assert [(v.target.id, v.status) for v in one] == [(v.target.id, v.status) for v in many["749"]]
    assert (["06", "749"], 2, _dt.date(2025, 12, 31)) == (list(many), len(many), many.as_of)


def test_as_of_a_period_is_its_last_day() -> None:
    """as_of='2025' is 31 Dec 2025, as for evaluate; every report is of that day."""
    many = thdx.evaluate_many(BOOKS, _data(), as_of="2025")
    assert {_dt.date(2025, 12, 31)} == {many.as_of, *(r.as_of for r in many.values())}


def test_frame_and_text(many: thdx.ManyReports) -> None:
    """to_frame has the record's columns; to_text a line per goal and a column per book."""
    text = many.to_text().splitlines()
    assert (["indicator", "by", "06", "749"], 2 + 26) == (text[0].split(), len(text))
    pytest.importorskip("pandas")
    frame = many.to_frame()
    assert ["indicator", "deadline", "06", "06.target", "749", "749.target"] == list(frame.columns)


def test_frame_without_pandas(many: thdx.ManyReports, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_frame names the extra."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'thdx\[pandas\]'"):
        many.to_frame()


@pytest.mark.parametrize(
    ("rulebooks", "error", "message"),
    [
        ([thdx.resolution_06()], thdx.ArgumentTypeError, "must be a mapping name → Rulebook"),
        ({}, thdx.EvaluationError, "rulebooks is empty"),
        ({6: thdx.resolution_06()}, thdx.ArgumentTypeError, "name must be a str, got 6"),
        ({"": thdx.resolution_06()}, thdx.EvaluationError, "'' cannot name a column"),
        ({"a.target": thdx.resolution_06()}, thdx.EvaluationError, "'a.target' cannot name"),
        ({"06": "resolution_06.toml"}, thdx.ArgumentTypeError, "rulebooks['06'] must be a"),
    ],
)
def test_hostile_arguments(rulebooks: object, error: type[Exception], message: str) -> None:
    """A list, an empty mapping, a non-str or clashing name, or a path instead of a
    rulebook: each a ThdxError naming it."""
    with pytest.raises(error) as info:
        thdx.evaluate_many(rulebooks, _data(), as_of="2025-12-31")  # type: ignore[arg-type]
    assert message in str(info.value)
    assert isinstance(info.value, thdx.ThdxError)


def test_data_unknown_to_a_rulebook_is_named_by_evaluate() -> None:
    """Data that is not a MeasurementSet is refused as evaluate refuses it."""
    with pytest.raises(TypeError):
        thdx.evaluate_many(BOOKS, [], as_of="2025-12-31")  # type: ignore[arg-type]


# -- laws -----------------------------------------------------------------------------------


class TestLaws:
    """Laws: evaluate_many of one rulebook is evaluate; a rulebook compared with itself
    is the same everywhere it can be compared; comparing b with a mirrors a with b."""

    @given(ts.scenarios())
    def test_one_rulebook_is_evaluate(self, s: ts.Scenario) -> None:
        """The report of evaluate_many({'x': rb}) has evaluate's verdicts."""
        many = thdx.evaluate_many({"x": s.rulebook}, s.data, units=s.hierarchy, as_of=s.as_of)
        plain = thdx.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)
        assert [(v.target.id, v.unit, v.status) for v in plain] == [
            (v.target.id, v.unit, v.status) for v in many["x"]
        ]
        assert len(s.rulebook.targets) == len(many.to_records())

    @given(ts.rulebooks())
    def test_compared_with_itself(self, rb: thdx.Rulebook) -> None:
        """Every matched row is 'same'; each target is in exactly one row per side."""
        cmp = thdx.compare_rulebooks(rb, rb)
        assert {"same"} >= {r.stricter for r in cmp.matched}
        ids = [t.id for t in rb.targets]
        assert sorted(ids) == sorted(r.a.id for r in cmp if r.a)
        assert sorted(ids) == sorted(r.b.id for r in cmp if r.b)

    @given(ts.rulebooks(), ts.rulebooks())
    def test_mirrored(self, a: thdx.Rulebook, b: thdx.Rulebook) -> None:
        """compare(b, a) has the same pairs as compare(a, b), sides and verdict swapped."""
        swap = {"a": "b", "b": "a", "same": "same", "incomparable": "incomparable"}
        ab = sorted(
            (r.a.id, r.b.id, swap[r.stricter or ""])
            for r in thdx.compare_rulebooks(a, b).matched
            if r.a and r.b
        )
        ba = sorted(
            (r.b.id, r.a.id, r.stricter or "")
            for r in thdx.compare_rulebooks(b, a).matched
            if r.a and r.b
        )
        assert ab == ba


def test_many_html(many: thdx.ManyReports) -> None:
    """to_html: a header row and a row per goal; statuses shown, missing ones as —."""
    out = many._repr_html_()
    assert (1 + 26, True, True) == (out.count("<tr>"), "<td>NOT_MET</td>" in out, "—" in out)
