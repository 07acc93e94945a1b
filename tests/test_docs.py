"""The documentation's examples run as part of the test suite, so they cannot go stale.

Sphinx's doctest builder (``nox -s docs``) runs them too; this runs the same
``{testsetup}``, ``{doctest}`` and ``{testcleanup}`` blocks of each page, in order,
with the same globals and flags, without needing Sphinx.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md") if "{doctest}" in p.read_text(encoding="utf-8"))
BLOCK = re.compile(r"^```\{(testsetup|doctest|testcleanup)\}\n(.*?)^```$", re.M | re.S)
FLAGS = (
    doctest.ELLIPSIS
    | doctest.IGNORE_EXCEPTION_DETAIL
    | doctest.DONT_ACCEPT_TRUE_FOR_1
    | doctest.NORMALIZE_WHITESPACE
)


def _blocks(page: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"testsetup": [], "doctest": [], "testcleanup": []}
    for kind, body in BLOCK.findall(page.read_text(encoding="utf-8")):
        # Drop the directive's options (":hide:") at the top of a block.
        lines = [ln for ln in body.splitlines() if not re.fullmatch(r":\w+:.*", ln)]
        out[kind].append("\n".join(lines) + "\n")
    return out


def test_pages_with_examples_are_found() -> None:
    """The pages with examples are the ones the docs promise (quickstart, concepts…)."""
    names = {p.stem for p in PAGES}
    assert {"quickstart", "concepts", "howto-another-province", "reform"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example of the page gives the output the page shows."""
    monkeypatch.chdir(DOCS)
    globs: dict[str, object] = {"THDX_EXAMPLES": str(DOCS / "examples")}
    exec("import thdx", globs)
    blocks = _blocks(page)
    for code in blocks["testsetup"]:
        exec(code, globs)
    try:
        parser = doctest.DocTestParser()
        test = parser.get_doctest("\n".join(blocks["doctest"]), globs, page.name, str(page), 0)
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        report: list[str] = []
        failures = runner.run(test, out=report.append).failed
    finally:
        for code in blocks["testcleanup"]:
            exec(code, globs)
    assert 0 == failures, "".join(report)
