"""The documentation's examples run as part of the test suite, so they cannot go stale.

Sphinx's doctest builder (``nox -s docs``) runs them too; this runs the same
``{testsetup}``, ``{doctest}``, ``pycon`` (plain Markdown fences, run as doctests by
docs/_ext/thdx_docs.py) and ``{testcleanup}`` blocks of each page, pages in
subdirectories (``docs/vi/``) included, in order, from the root of the repository, with
the same globals and flags, without needing Sphinx.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# A page with examples: a ```{doctest} block or a ```pycon fence.
BLOCK = re.compile(r"^```(?:\{(testsetup|doctest|testcleanup)\}|(pycon))\n(.*?)^```$", re.M | re.S)
PAGES = sorted(
    p
    for p in DOCS.rglob("*.md")
    if not {"_build", "_generated"} & set(p.relative_to(DOCS).parts)
    and BLOCK.search(p.read_text(encoding="utf-8"))
)
FLAGS = (
    doctest.ELLIPSIS
    | doctest.IGNORE_EXCEPTION_DETAIL
    | doctest.DONT_ACCEPT_TRUE_FOR_1
    | doctest.NORMALIZE_WHITESPACE
)


def _blocks(page: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"testsetup": [], "doctest": [], "testcleanup": []}
    for directive, _fence, body in BLOCK.findall(page.read_text(encoding="utf-8")):
        kind = directive or "doctest"  # a pycon fence is a doctest
        # Drop the directive's options (":hide:") at the top of a block.
        lines = [ln for ln in body.splitlines() if not re.fullmatch(r":\w+:.*", ln)]
        out[kind].append("\n".join(lines) + "\n")
    return out


def test_pages_with_examples_are_found() -> None:
    """The pages with examples are the ones the docs promise (quickstart, concepts…)."""
    names = {p.relative_to(DOCS).with_suffix("").as_posix() for p in PAGES}
    expected = {"quickstart", "tutorial", "concepts", "howto-another-province", "reform"}
    assert expected | {"vi/quickstart", "vi/tutorial"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example of the page gives the output the page shows."""
    monkeypatch.chdir(ROOT)  # as docs/conf.py's doctest_global_setup
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


FORMAT_PAGE = DOCS / "reference" / "rulebook-format.md"


def _key_tables(page: Path) -> dict[str, dict[str, str]]:
    """Each section's table of keys: heading -> {key: the "required" column}."""
    tables: dict[str, dict[str, str]] = {}
    heading = ""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        row = re.fullmatch(r"\| `(\w+)` \| ([^|]+) \|.*", line)
        if row:
            tables.setdefault(heading, {})[row.group(1)] = row.group(2).strip()
    return tables


def test_rulebook_format_reference_lists_the_loaders_keys() -> None:
    """The format reference names exactly the keys the loader reads, section by section,
    and marks as required the keys the loader requires."""
    from thdx.rulebooks import _criteria, _indicator_tables, _loader, _target_tables

    tables = _key_tables(FORMAT_PAGE)
    expected = {
        "Rulebook: top level": _loader._TOP_KEYS,
        "`[rulebook]`": {*_loader._META, "issued", "base_year", "stated_for"},
        "`[[indicators]]`": _indicator_tables._INDICATOR_KEYS,
        "`[[targets]]`": _target_tables._TARGET_KEYS,
        "Criteria set: top level": _criteria._TOP_KEYS,
        "`[criteria_set]`": _criteria._CS_KEYS,
        "`[[criteria]]`": _criteria._CRITERION_KEYS,
    }
    for heading, keys in expected.items():
        assert set(keys) == set(tables[heading]), heading
    required = {
        "`[rulebook]`": set(_loader._REQUIRED),
        "`[[indicators]]`": set(_indicator_tables._REQUIRED),
    }
    for heading, keys in required.items():
        marked = {k for k, req in tables[heading].items() if req == "yes"}
        assert keys == marked, heading
    # Each measure's own keys are marked with the measures that read them.
    for key, measures in _measures_of_keys().items():
        assert measures == set(tables["`[[targets]]`"][key].split(", ")), key


def _measures_of_keys() -> dict[str, set[str]]:
    from thdx.rulebooks import _target_tables

    out: dict[str, set[str]] = {}
    for measure, keys in _target_tables._MEASURE_KEYS.items():
        for key in keys:
            out.setdefault(key, set()).add(measure)
    return out


def _docs_extension() -> Any:
    """docs/_ext/thdx_docs.py, the Sphinx helpers of the docs, as a module."""
    spec = importlib.util.spec_from_file_location("thdx_docs", DOCS / "_ext" / "thdx_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_holds_the_help_of_every_subcommand() -> None:
    """The generated CLI page has a section per subcommand with its --help, verbatim."""
    page = _docs_extension().cli_page()
    env = {**os.environ, "COLUMNS": "88", "PYTHONPATH": os.pathsep.join(sys.path)}
    top = subprocess.run(
        [sys.executable, "-m", "thdx", "--help"], capture_output=True, text=True, env=env
    ).stdout
    assert top.rstrip() in page
    for name in ("goals", "check", "evaluate", "demo"):
        out = subprocess.run(
            [sys.executable, "-m", "thdx", name, "--help"], capture_output=True, text=True, env=env
        ).stdout
        assert f"## `thdx {name}`" in page
        assert out.rstrip() in page, name
    assert len(re.findall(r"^## `thdx \w+`$", page, re.M)) == len(
        re.search(r"\{([\w,-]+)\}", top).group(1).split(",")  # type: ignore[union-attr]
    )


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        # a short name: thdx first, then the layers in order
        ("Progress", ["thdx.Progress", "thdx.model.Progress"]),
        # a private module's path: the layer's public name, then thdx's
        ("thdx.progress._result.Progress", ["thdx.progress.Progress", "thdx.Progress"]),
        # a layer's name: the same name under thdx
        ("thdx.progress.Progress", ["thdx.Progress"]),
        ("thdx.Progress", []),
    ],
)
def test_docs_resolve_short_and_private_references(target: str, expected: list[str]) -> None:
    """A reference the docstrings write short or by a private path is looked up under
    the public names it may mean, most likely first."""
    assert expected == _docs_extension()._candidates(target)[: len(expected) or None]


@pytest.mark.parametrize(
    "page", ["quickstart.md", "tutorial.md", "vi/quickstart.md", "vi/tutorial.md"]
)
def test_pages_show_the_example_file_as_it_is(page: str) -> None:
    """The pages that show docs/examples/thanh-hoa.csv inline (so that it reads on
    GitHub) show the file as it is."""
    csv = (DOCS / "examples" / "thanh-hoa.csv").read_text(encoding="utf-8")
    assert f"```text\n{csv}```\n" in (DOCS / page).read_text(encoding="utf-8")
