"""Rich displays (``_repr_html_``) and short reprs of the public objects: what they show,
and that every text a user gave (names, sources, decisions, clauses) is escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from helpers import rulebook_of
from hypothesis import assume, given
from hypothesis import strategies as st

import thdx
from thdx import (
    AdministrativeUnit,
    Hierarchy,
    Measurement,
    MeasurementSet,
    Recognition,
    Status,
    Target,
)
from thdx.io import example_data
from thdx.rules import Compare, Completed, CountUnits

HOSTILE = '<script>alert("x")</script> \' " & </td></table><img src=x onerror=alert(1)>'

#: The tags a display may hold: tables, paragraphs, badges, its stylesheet.
ALLOWED = {
    "style", "p", "b", "br", "h3", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "span", "pre", "details", "summary",
}  # fmt: skip


class Parsed(HTMLParser):
    """The tags, attributes and texts of an HTML fragment."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.texts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


@pytest.fixture(scope="module")
def report() -> thdx.Report:
    """The demo's report (the example data, as of 2025-12-31, with the QĐ 969 plan)."""
    return thdx.evaluate(
        thdx.resolution_06(),
        example_data(),
        units=thdx.thanh_hoa_units(),
        as_of="2025-12-31",
        plan=thdx.plan_qd969(),
    )


def hostile_report(text: str) -> thdx.Report:
    """Province 1, district 10, communes 100 and 101 named ``text``; commune 100
    recognised by a decision ``text``; the satisfaction share given with source ``text``;
    a count goal (≥ 1 commune completed by 2024) whose clause is ``text``."""
    units = Hierarchy(
        [
            AdministrativeUnit(code="1", name="Tỉnh A", kind="tỉnh"),
            AdministrativeUnit(code="10", name="Huyện B", kind="huyện", parent="1"),
            AdministrativeUnit(code="100", name="Xã " + text, kind="xã", parent="10"),
            AdministrativeUnit(code="101", name="Xã " + text + " 2", kind="xã", parent="10"),
        ]
    )
    count = Target(
        id="t.count",
        rule=CountUnits("commune", Completed(), ">=", 1),
        deadline="2024",
        scope="commune",
        clause=text,
        threshold_unit="administrative_unit",
        pillar="society",
    )
    value = Target(
        id="t.value",
        rule=Compare("satisfaction_share", ">=", 90),
        deadline="2024",
        scope="province",
        clause=text,
        threshold_unit="percent",
        pillar="government",
    )
    data = MeasurementSet(
        [
            Recognition(unit="100", on="2024-03-01", decision=text),
            Measurement("1", "satisfaction_share", 92, "2024", text),
        ]
    )
    rb = rulebook_of(count, value, jurisdiction="1")
    return thdx.evaluate(rb, data, units=units, as_of="2024-12-31")


def assert_safe(markup: str, text: str) -> Parsed:
    """``markup`` holds no tag or attribute of ``text``'s making, and shows ``text``."""
    parsed = Parsed(markup)
    assert set(parsed.tags) <= ALLOWED
    assert "<script" not in markup
    assert all(not name.startswith("on") for name, _ in parsed.attrs)
    assert text in "".join(parsed.texts)
    return parsed


# -- short reprs --------------------------------------------------------------------------


def test_report_repr_counts_statuses(report: thdx.Report) -> None:
    """A report's repr names the rulebook, the day and how many verdicts have each status."""
    counts = report.summary()
    shown = ", ".join(f"{s.name} {counts[s]}" for s in Status)
    expected = f"<Report 06-NQ/TU as of 2025-12-31: {len(report)} verdicts ({shown})>"
    assert expected == repr(report)


def test_verdict_repr_is_one_line(report: thdx.Report) -> None:
    """DX rank 5/34 in 2024 (the example data), 'in the top 10' by 2025: MET on 2024
    data, so not final (the deadline period 2025 has no rank yet)."""
    v = report.verdict("2025.overall.dx_rank_top10")
    assert "<Verdict 2025.overall.dx_rank_top10, unit 38: MET (not final), value 5 [2024]>" == repr(
        v
    )


def test_subverdict_repr(report: thdx.Report) -> None:
    """A step of a count's trace shows its unit and status: no commune of the example data
    is recognised one by one (the 114 are a published count), so each is UNKNOWN."""
    step = report.verdict("2025.soc.communes_completed").children[0]
    assert f"<SubVerdict unit {step.unit}: UNKNOWN, 0 steps>" == repr(step)


def test_target_and_rulebook_reprs() -> None:
    """A target's repr says what it compares; a rulebook's how many targets it holds."""
    rb = thdx.resolution_06()
    t = rb.target("2025.gov.satisfaction")
    assert "<Target 2025.gov.satisfaction: value >= 90 % by 2025, province>" == repr(t)
    expected = (
        f"<Rulebook 06-NQ/TU ({rb.id}): {len(rb.targets)} targets, "
        f"{len(rb.directions)} directions, jurisdiction 38>"
    )
    assert expected == repr(rb)
    assert len(repr(rb)) < 200  # the dataclass repr ran to tens of kilobytes


def test_hierarchy_repr() -> None:
    """A hierarchy's repr counts its unit versions."""
    assert "<Hierarchy: 4 unit versions>" == repr(hostile_report("x").units)
    assert re.fullmatch(r"<Hierarchy: \d+ unit versions>", repr(thdx.thanh_hoa_units()))


def test_target_repr_of_a_goal_without_a_threshold() -> None:
    """A completion goal compares nothing: its repr names only the measure."""
    t = Target(id="c", rule=Completed(), deadline="2025", scope="district", clause="c")
    assert "<Target c: completed by 2025, district>" == repr(t)


# -- the report's scorecard -----------------------------------------------------------------


def test_scorecard_groups_by_pillar(report: thdx.Report) -> None:
    """The scorecard has one heading per pillar, in order, each followed by its goals."""
    markup = report._repr_html_()
    headings = re.findall(r"<h3>([^<]*)</h3>", markup)
    assert ["overall", "digital government", "digital economy", "digital society"] == headings
    sections = re.split(r"<h3>[^<]*</h3>", markup)[1:]
    for heading, section in zip(headings, sections, strict=True):
        pillar = {"overall": "overall", "digital government": "government"}.get(
            heading, heading.removeprefix("digital ")
        )
        ids = re.findall(r"<tr><td>([^<]*)</td>", section)
        assert [
            t.id
            for t in report.rulebook.targets
            if t.pillar is not None and t.pillar.value == pillar
        ] == ids


def test_scorecard_badges_one_per_verdict(report: thdx.Report) -> None:
    """Each verdict has a badge of its status's class (in pillar order); UNKNOWN and
    NOT_APPLICABLE are grey, MET green."""
    markup = report._repr_html_()
    found = re.findall(r'class="thdx-badge thdx-([a-z_]+)"', markup)
    pillars = ("overall", "government", "economy", "society")
    expected = [
        v.status.value
        for p in pillars
        for v in report
        if v.target.pillar is not None and v.target.pillar.value == p
    ]
    assert expected == found
    for status in ("unknown", "not_applicable"):
        colour = re.search(rf"\.thdx-{status}\{{background:#(\w{{6}})\}}", markup)
        assert colour is not None
        r, g, b = (int(colour.group(1)[i : i + 2], 16) for i in (0, 2, 4))
        assert max(r, g, b) - min(r, g, b) <= 24, f"{status} is not grey: #{colour.group(1)}"
    met = re.search(r"\.thdx-met\{background:#(\w{6})\}", markup)
    assert met is not None
    assert int(met.group(1)[2:4], 16) > int(met.group(1)[0:2], 16)  # green


def test_scorecard_row_shows_value_threshold_period_final(report: thdx.Report) -> None:
    """The digital-economy share: 8.28 % in 2023 against ≥ 20 % by 2025, not final."""
    markup = report._repr_html_()
    row = re.search(r"<tr><td>2025\.econ\.digital_economy_share</td>.*?</tr>", markup)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))
    assert ["8.28 %", "&gt;= 20 %", "2023", "no"] == cells[3:]


def test_verdict_html_shows_explanation_and_trace(report: thdx.Report) -> None:
    """A verdict's display holds its explanation and a table of its trace's steps."""
    v = report.verdict("2025.soc.communes_completed")
    markup = v._repr_html_()
    parsed = Parsed(markup)
    text = "".join(parsed.texts)
    assert v.explain() in text
    assert f"steps of the trace ({len(v.children)})" in text
    # At most 50 steps are listed, and the rest are counted.
    assert min(50, len(v.children)) == markup.count('<td class="num">')
    assert f"… and {len(v.children) - 50} more" in text


def test_rulebook_html_lists_every_target() -> None:
    """A rulebook's display has one row per target."""
    rb = thdx.resolution_06()
    markup = rb._repr_html_()
    assert [t.id for t in rb.targets] == re.findall(r"<tr><td>([^<]*)</td>", markup)


def test_measurement_set_html_lists_measurements() -> None:
    """A set's display counts its contents and lists its first 20 measurements."""
    data = example_data()
    markup = data._repr_html_()
    assert f"{len(data)} measurements" in markup
    assert min(20, len(data)) == len(re.findall(r"<tr><td>", markup)) - min(
        20, len(data.recognitions)
    )


def test_hierarchy_html_counts_levels() -> None:
    """A hierarchy's display counts units by level and lists the first ones."""
    markup = hostile_report("x").units._repr_html_()  # type: ignore[union-attr]
    assert "4 unit versions (1 province, 1 district, 2 commune)" in markup


# -- hostile texts --------------------------------------------------------------------------


def test_hostile_texts_are_escaped_everywhere() -> None:
    """A unit name, a decision, a source and a clause that try to open tags stay text."""
    r = hostile_report(HOSTILE)
    assert_safe(r._repr_html_(), HOSTILE)
    v = r.verdict("t.value")
    assert_safe(v._repr_html_(), HOSTILE)
    count = r.verdict("t.count")
    parsed = assert_safe(count._repr_html_(), HOSTILE)
    assert "Xã " + HOSTILE in parsed.texts  # the commune's name, whole, in its cell
    assert_safe(r.data._repr_html_(), HOSTILE)
    assert_safe(r.units._repr_html_(), HOSTILE)  # type: ignore[union-attr]
    assert_safe(r.rulebook._repr_html_(), HOSTILE)


def test_huge_texts_are_cut_in_tables() -> None:
    """A 1 MB source is shown cut to 300 characters in a table cell, never whole."""
    huge = "<" * 1_000_000
    data = MeasurementSet([Measurement("38", "satisfaction_share", 92, "2024", huge)])
    markup = data._repr_html_()
    assert len(markup) < 10_000
    assert "&lt;" * 300 + "…" in markup


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60))
def test_any_text_is_shown_as_text(text: str) -> None:
    """For every text as a source and a decision, the display's tags are the display's
    own and the text is shown as it is (law: escaping is lossless and closed)."""
    assume(text.strip())  # a decision is not blank
    data = MeasurementSet(
        [
            Measurement("38", "satisfaction_share", 92, "2024", text),
            Recognition(unit="100", on="2024-03-01", decision=text),
        ]
    )
    parsed = Parsed(data._repr_html_())
    assert set(parsed.tags) <= ALLOWED
    assert parsed.texts.count(text) >= 2  # its source and its decision


def test_many_recognitions_are_counted() -> None:
    """A set with 25 recognitions lists 20 and counts the 5 others."""
    data = MeasurementSet(
        [Recognition(unit=str(100 + i), on="2024-03-01", decision=f"QĐ {i}") for i in range(25)]
    )
    markup = data._repr_html_()
    assert 20 == markup.count("<td>QĐ ")
    assert "… and 5 more recognitions" in markup
