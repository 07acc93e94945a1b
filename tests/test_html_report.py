"""The self-contained HTML report (``Report.to_html``), its SVG charts, and
``thdx evaluate/demo --format html --out FILE``."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from test_html import HOSTILE, Parsed, hostile_report

import thdx
from thdx.cli import main
from thdx.io import example_data
from thdx.model import LanguageError
from thdx.verdicts._svg import nice_ticks

AS_OF = "2025-12-31"

#: The tags the page may hold (no script, no link, no iframe, no img, no object).
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b", "br",
    "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "pre", "details",
    "summary", "section", "footer", "svg", "text", "rect", "line", "polyline",
    "circle",
}  # fmt: skip


@pytest.fixture(scope="module")
def report() -> thdx.Report:
    """The demo's report, with the QĐ 969 plan."""
    return thdx.evaluate(
        thdx.resolution_06(),
        example_data(),
        units=thdx.thanh_hoa_units(),
        as_of=AS_OF,
        plan=thdx.plan_qd969(),
    )


@pytest.fixture(scope="module")
def page_vi(report: thdx.Report) -> str:
    """The Vietnamese page (the default language)."""
    return report.to_html()


def test_page_is_self_contained(page_vi: str) -> None:
    """No script, no stylesheet link, no source or address to fetch: the page loads nothing."""
    parsed = Parsed(page_vi)
    assert set(parsed.tags) <= PAGE_TAGS
    for name, value in parsed.attrs:
        assert name not in ("src", "href", "srcset", "action", "xlink:href"), name
        assert "://" not in (value or ""), (name, value)
    for needle in ("<script", "<link", "src=", "url(", "@import", "http://", "https://"):
        assert needle not in page_vi, needle


def test_page_language_and_explanations(report: thdx.Report, page_vi: str) -> None:
    """The page's language is the one asked for, and it holds every verdict's explanation
    in that language."""
    page_en = report.to_html(lang="en")
    assert page_vi.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert page_en.startswith('<!DOCTYPE html>\n<html lang="en">')
    text_vi, text_en = "".join(Parsed(page_vi).texts), "".join(Parsed(page_en).texts)
    for v in report:
        assert v.explain("vi") in text_vi
        assert v.explain("en") in text_en
    assert "Bảng đánh giá" in text_vi
    assert "Scorecard" in text_en


def test_page_refuses_an_unknown_language(report: thdx.Report) -> None:
    """A language other than vi or en is refused, named."""
    with pytest.raises(LanguageError, match=r"^lang must be 'en' or 'vi', got 'fr'$"):
        report.to_html(lang="fr")


def test_page_lists_every_commune_behind_a_count(report: thdx.Report, page_vi: str) -> None:
    """The count of communes lists each of the 549 communes judged (the era before the
    1 Jul 2025 reform, counted on its last day), each with its name."""
    v = report.verdict("2025.soc.communes_completed")
    block = re.search(
        r'<details class="units" id="units-2025.soc.communes_completed">.*?</details>',
        page_vi,
        re.S,
    )
    assert block is not None
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", block.group(0))
    assert [s.unit for s in v.children] == [code for code, _ in rows]
    assert v.counts is not None
    units = report.units
    assert units is not None
    assert [units.get(c, v.counts.on).name for c, _ in rows] == [name for _, name in rows]


def test_page_has_the_breakdowns() -> None:
    """Each breakdown evaluated is a table with one row per unit: by district at the end
    of 2024 (before the reform of 1 Jul 2025 removed the district level)."""
    report = thdx.evaluate(
        thdx.resolution_06(),
        example_data(),
        units=thdx.thanh_hoa_units(),
        as_of="2024-12-31",
        breakdown="district",
    )
    page = report.to_html()
    shares = report.breakdown("2025.econ.digital_economy_share", "district")
    assert shares
    title = "2025.econ.digital_economy_share theo cấp huyện"
    assert title in page
    block = page[page.index(title) :].split("</details>")[0]
    assert [v.unit for v in shares] == re.findall(r"<tr><td>(\d+)</td>", block)


def test_page_charts(report: thdx.Report, page_vi: str) -> None:
    """The DX rank series has one point per year of data (2020–2024: 5) and a dashed
    threshold; the communes chart one quota bar per year of QĐ 969 (2022–2025: 94, 226,
    359, 477 cumulative) and a bar of units completed for each year counted."""
    charts = re.findall(r"<svg .*?</svg>", page_vi, re.S)
    rank = next(c for c in charts if "<title>2025.overall.dx_rank_top10" in c)
    points = re.search(r'class="series" points="([^"]*)"', rank)
    assert points is not None
    assert 5 == len(points.group(1).split())
    # A rank is drawn with the best on top: rank 5 (2024) above rank 15 (2020).
    ys = [float(xy.split(",")[1]) for xy in points.group(1).split()]
    assert ys[-1] < ys[0]
    share = next(c for c in charts if "<title>2025.econ.digital_economy_share" in c)
    # A share the other way: 8.28 % below the threshold of 20 %.
    dot = re.search(r'<circle cx="[\d.]+" cy="([\d.]+)"', share)
    line_y = re.search(r'class="threshold" x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"', share)
    assert dot is not None
    assert line_y is not None
    assert float(dot.group(1)) > float(line_y.group(1))
    assert 'class="threshold"' in rank
    assert 'class="deadline"' in rank
    communes = next(c for c in charts if "<title>2025.soc.communes_completed" in c)
    quotas = re.findall(r'class="quota".*?<title>(\d+): [^<]* (\d+)</title>', communes)
    assert [("2022", "94"), ("2023", "226"), ("2024", "359"), ("2025", "477")] == quotas
    plan = report.progress("2025.soc.communes_completed").plan
    done = sum(1 for p in plan if p.completed is not None)
    assert done == communes.count('class="completed"')
    # The scorecard chart: one bar segment per pillar and status present.
    counts = {(v.target.pillar, v.status) for v in report}
    assert len(counts) == charts[0].count('<rect class="bar-')


def test_page_escapes_hostile_texts() -> None:
    """Names, decisions, sources and clauses that try to open tags stay text on the page."""
    page = hostile_report(HOSTILE).to_html(lang="en")
    parsed = Parsed(page)
    assert set(parsed.tags) <= PAGE_TAGS
    assert "<script" not in page
    assert all(not name.startswith("on") for name, _ in parsed.attrs)
    assert HOSTILE in "".join(parsed.texts)


def test_cli_writes_the_page(tmp_path: Path) -> None:
    """``thdx demo --format html --out FILE`` writes the page to FILE, nothing to stdout."""
    out = io.StringIO()
    target = tmp_path / "report.html"
    argv = ["demo", "--as-of", AS_OF, "--lang", "vi", "--format", "html", "--out", str(target)]
    assert 0 == main(argv, out=out)
    assert "" == out.getvalue()
    expected = thdx.evaluate(
        thdx.resolution_06(),
        example_data(),
        units=thdx.thanh_hoa_units(),
        as_of=AS_OF,
        plan=thdx.plan_qd969(),
    ).to_html(lang="vi")
    assert expected == target.read_text(encoding="utf-8")


def test_cli_out_to_a_missing_directory(tmp_path: Path) -> None:
    """An --out FILE that cannot be written is an error of the output (status 2)."""
    out = io.StringIO()
    target = tmp_path / "missing" / "report.html"
    assert 2 == main(["demo", "--as-of", AS_OF, "--format", "html", "--out", str(target)], out=out)


class TestNiceTicks:
    """Law: the ticks cover the range, are evenly spaced by 1, 2 or 5 times a power of
    ten, and are few."""

    @given(
        st.floats(-1e12, 1e12, allow_nan=False),
        st.floats(0, 1e12, allow_nan=False),
    )
    def test_ticks_cover_the_range(self, lo: float, width: float) -> None:
        """The first tick is at most ``lo``, the last at least ``hi``, at most 12 ticks
        (for a range wide enough for floats to tell its ticks apart)."""
        assume(width == 0 or width >= 1e-6 * max(abs(lo), 1.0))
        hi = lo + width
        ticks = nice_ticks(lo, hi)
        assert ticks[0] <= lo or ticks[0] == pytest.approx(lo)
        assert ticks[-1] >= hi or ticks[-1] == pytest.approx(hi)
        assert 2 <= len(ticks) <= 12
        steps = [b - a for a, b in itertools.pairwise(ticks)]
        assert all(s == pytest.approx(steps[0], rel=1e-6) for s in steps)
        assert f"{steps[0]:.3e}"[0] in "125"


def test_page_without_a_plan_or_units() -> None:
    """Without a plan a unit goal has no chart; without units the tables name no unit;
    an empty breakdown (districts after the reform of 1 Jul 2025) shows no table."""
    r = thdx.evaluate(
        thdx.resolution_06(),
        example_data(),
        units=thdx.thanh_hoa_units(),
        as_of=AS_OF,
        breakdown="district",
    )
    page = r.to_html(lang="en")
    assert "<title>2025.soc.communes_completed" not in page
    assert "<b>2025.econ.digital_economy_share by district</b>" not in page
    assert [] == r.breakdown("2025.econ.digital_economy_share", "district")
    r.units = None
    block = re.search(r'id="units-2025.soc.communes_completed">.*?</details>', r.to_html(), re.S)
    assert block is not None
    assert re.findall(r"<tr><td>\d+</td><td>([^<]*)</td>", block.group(0)) == [""] * len(
        r.verdict("2025.soc.communes_completed").children
    )


def test_reused_code_is_named_for_its_day() -> None:
    """Code 14758 named Phường Đông Thọ before 1 Jul 2025 and Phường Hàm Rồng after: a
    table of units counted on 2025-06-30 names the first."""
    from thdx.verdicts._html import unit_name

    units = thdx.thanh_hoa_units()
    names = {v.name for v in units.versions("14758")}
    assert 2 == len(names)
    assert "Phường Đông Thọ" == unit_name(units, "14758", dt.date(2025, 6, 30))
    assert "Phường Hàm Rồng" == unit_name(units, "14758", dt.date(2025, 7, 1))
    assert "" == unit_name(units, "99999999", dt.date(2025, 7, 1))
    assert "" == unit_name(None, "14758", dt.date(2025, 7, 1))
    # A unit that had ceased by the day asked is named by its last version.
    gone = next(u for u in units if u.valid_until is not None and len(units.versions(u.code)) == 1)
    assert gone.name == unit_name(units, gone.code, gone.valid_until)


def test_ticks_beyond_the_floats() -> None:
    """A range wider than the largest float gets its two ends as ticks."""
    assert [-1e308, 1e308] == nice_ticks(-1e308, 1e308)
