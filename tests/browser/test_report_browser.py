"""The HTML report in a real browser: headless Chromium renders the example report, its
DOM text is checked and a screenshot kept (run by ``nox -s browser``; deselected from
the normal suite by ``-m "not browser"`` in pytest's addopts)."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import thdx
from thdx.io import example_data

pytestmark = pytest.mark.browser

#: Debian's package installs /usr/bin/chromium; $THDX_CHROMIUM names another binary.
CHROMIUM = os.environ.get("THDX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

#: The flags of a quiet, offline run: no GPU, no first-run, no background traffic.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every host name fails to resolve: the page must need none.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)

AS_OF = "2025-12-31"


class _Text(HTMLParser):
    """The text of a document and its tags (as the browser left them)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the page, the DOM and the screenshot are kept ($THDX_BROWSER_ARTEFACTS)."""
    where = os.environ.get("THDX_BROWSER_ARTEFACTS")
    path = Path(where) if where else tmp_path_factory.mktemp("browser")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def report() -> thdx.Report:
    """The demo's report: the example data, Resolution 06, Thanh Hóa, the QĐ 969 plan."""
    return thdx.evaluate(
        thdx.resolution_06(),
        example_data(),
        units=thdx.thanh_hoa_units(),
        as_of=AS_OF,
        plan=thdx.plan_qd969(),
    )


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM!r}: apt-get install -y chromium")
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


@pytest.fixture(scope="module")
def page(report: thdx.Report, artefacts: Path) -> Path:
    """The Vietnamese report written to a file."""
    path = artefacts / "report.html"
    path.write_text(report.to_html(lang="vi"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dom(page: Path, artefacts: Path, tmp_path_factory: pytest.TempPathFactory) -> _Text:
    """The DOM Chromium built from the page (``--dump-dom``), parsed."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    done = _chromium("--dump-dom", page.as_uri(), profile=profile)
    (artefacts / "report.dom.html").write_text(done.stdout, encoding="utf-8")
    parser = _Text()
    parser.feed(done.stdout)
    return parser


def test_dom_shows_statuses_goals_and_communes(dom: _Text, report: thdx.Report) -> None:
    """The rendered page holds every status word of the report, a goal id, a commune's
    name from the per-unit table, and the inline charts."""
    text = " ".join(" ".join(dom.parts).split())
    # Each verdict's first line (its goal, unit and status, in Vietnamese).
    for v in report:
        assert v.explain("vi").splitlines()[0] in text
    assert "2025.soc.communes_completed" in text
    v = report.verdict("2025.soc.communes_completed")
    assert v.counts is not None
    first = v.children[0].unit
    assert report.units is not None
    name = report.units.get(first, v.counts.on).name
    assert name in text
    assert "svg" in dom.tags
    assert "script" not in dom.tags


def test_screenshot_is_kept(
    page: Path, artefacts: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Chromium draws the page to a PNG kept among the artefacts."""
    shot = artefacts / "report.png"
    shot.unlink(missing_ok=True)
    profile = tmp_path_factory.mktemp("chromium-shot")
    _chromium(f"--screenshot={shot}", "--window-size=1200,3000", page.as_uri(), profile=profile)
    data = shot.read_bytes()
    assert b"\x89PNG\r\n\x1a\n" == data[:8]
    # A page with a scorecard, tables and charts, not a blank one: a few tens of KB.
    assert len(data) > 20_000
    print(f"screenshot: {shot}")
