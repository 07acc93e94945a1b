"""Development sessions for thdx: ``nox -l`` lists them, ``nox`` runs the defaults.

Every session installs what it needs from ``[dependency-groups]`` in ``pyproject.toml``.
Tests, doctests, docs and benchmarks run against the *installed* package (a real
wheel build of ``src/thdx``), never against ``src/`` on ``sys.path``.
"""

from __future__ import annotations

import fnmatch
import shutil
import zipfile
from pathlib import Path
from typing import Any

import nox

nox.needs_version = ">=2024.10.9"  # nox.project.dependency_groups
nox.options.sessions = ["lint", "typecheck", "tests"]

ROOT = Path(__file__).resolve().parent
PYPROJECT: dict[str, Any] = nox.project.load_toml(ROOT / "pyproject.toml")

# Minimum line + branch coverage of the test suite (tests/), in percent.
COVERAGE_FAIL_UNDER = 95

# Hypothesis profiles, registered in tests/conftest.py and chosen by HYPOTHESIS_PROFILE.
HYPOTHESIS_CI = {"HYPOTHESIS_PROFILE": "ci"}
HYPOTHESIS_THOROUGH = {"HYPOTHESIS_PROFILE": "thorough"}

LINT_PATHS = ("src", "tests", "noxfile.py", "benchmarks", "docs")

# Files the built wheel must contain (fnmatch patterns; "*" also matches "/").
WHEEL_REQUIRED = ("thdx/py.typed", "thdx/data/*.toml", "thdx/data/report.schema.json")


def group(*names: str) -> tuple[str, ...]:
    """Return the requirements of the named ``[dependency-groups]`` of pyproject.toml."""
    return nox.project.dependency_groups(PYPROJECT, *names)


def extras() -> list[str]:
    """Return the names of the optional extras of thdx ([project.optional-dependencies])."""
    return sorted(PYPROJECT["project"].get("optional-dependencies", {}))


def project_requirements() -> list[str]:
    """Return the runtime requirements of thdx and of all its extras, without thdx itself."""
    project: dict[str, Any] = PYPROJECT["project"]
    requirements: list[str] = list(project.get("dependencies", []))
    for name in extras():
        requirements.extend(project["optional-dependencies"][name])
    return requirements


# The project itself (built as a wheel from this directory) with all its extras.
PROJECT = f".[{','.join(extras())}]" if extras() else "."


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install(*group("lint"))
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over src, tests and noxfile.py (configured in [tool.mypy])."""
    # Dependencies only: mypy reads thdx itself from src/ (see `files` in [tool.mypy]).
    session.install(*project_requirements(), *group("typecheck"))
    session.run("mypy", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Test suite with coverage, then the doctests of the installed package."""
    session.install(PROJECT, *group("test"))
    # `coverage run` starts before pytest loads its plugins: thdx's own pytest plugin and
    # its Hypothesis entry point import thdx at pytest's start, before pytest-cov would
    # begin to measure. Branch coverage and the source are set in [tool.coverage.run].
    session.run("coverage", "erase")
    session.run(
        "coverage", "run", "-m", "pytest", *(session.posargs or ["tests"]), env=HYPOTHESIS_CI
    )
    session.run("coverage", "report", f"--fail-under={COVERAGE_FAIL_UNDER}")
    # `--pyargs thdx` resolves to the installed package in the session's site-packages.
    session.run("pytest", "--doctest-modules", "--pyargs", "thdx", env=HYPOTHESIS_CI)


@nox.session
def browser(session: nox.Session) -> None:
    """The HTML report in a real browser: the example report rendered, opened in headless
    Chromium (Debian's ``chromium``), its DOM text checked, a screenshot kept.

    The artefacts (report.html, the DOM, report.png) go to ``build/browser`` (or
    ``$THDX_BROWSER_ARTEFACTS``); the session prints where.
    """
    session.install(PROJECT, *group("test"))
    artefacts = Path(session.env.get("THDX_BROWSER_ARTEFACTS") or ROOT / "build" / "browser")
    artefacts.mkdir(parents=True, exist_ok=True)
    env = {**HYPOTHESIS_CI, "THDX_BROWSER_ARTEFACTS": str(artefacts)}
    session.run("pytest", "-m", "browser", *(session.posargs or ["tests/browser"]), env=env)
    session.log(f"browser artefacts (screenshot report.png): {artefacts}")


@nox.session(name="property")
def property_tests(session: nox.Session) -> None:
    """Property-based tests only (tests/property), with the large "thorough" budget."""
    session.install(PROJECT, *group("test"))
    session.run("pytest", *(session.posargs or ["tests/property"]), env=HYPOTHESIS_THOROUGH)


@nox.session
def spark(session: nox.Session) -> None:
    """The SQL backend's differential test on Spark in local mode (the Spark SQL
    dialect): installs pyspark here only, and a Java runtime when there is none."""
    if shutil.which("java") is None:
        session.run("apt-get", "install", "-y", "openjdk-17-jre-headless", external=True)
    session.install(PROJECT, *group("test"), "pyspark>=3.5")
    session.run("pytest", "-m", "spark", "tests/sql", env={**HYPOTHESIS_CI, "THDX_SPARK": "1"})


@nox.session
def docs(session: nox.Session) -> None:
    """Sphinx HTML, then the doctests of the docs; warnings are errors.

    Links are checked offline: every cross-reference must resolve (``-n``, nitpicky),
    and MyST reports a link to a page or heading that does not exist. The notebook
    (docs/examples/notebook.md) is executed during the HTML build.
    """
    session.install(PROJECT, *group("docs"))
    # One doctree cache for both builders: the doctest build reuses the pages the HTML
    # build read (the notebook is executed once).
    common = ("-W", "-n", "--keep-going", "-d", "docs/_build/doctrees", *session.posargs)
    session.run("sphinx-build", *common, "-b", "html", "docs", "docs/_build/html")
    session.run("sphinx-build", *common, "-b", "doctest", "docs", "docs/_build/doctest")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (benchmarks/run.py); arguments after `--` are passed to it."""
    session.install(PROJECT, *group("bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build sdist and wheel, check their metadata and the wheel's contents."""
    session.install("build", "twine")
    outdir = Path(session.create_tmp()) / "dist"
    for old in outdir.glob("*"):
        old.unlink()
    if session.run("python", "-m", "build", "--outdir", str(outdir), ".") is None:
        return  # --install-only: nothing was built
    session.run("twine", "check", "--strict", *(str(p) for p in sorted(outdir.glob("*"))))
    wheels = sorted(outdir.glob("thdx-*.whl"))
    if len(wheels) != 1:
        session.error(f"expected one wheel in {outdir}, found {[w.name for w in wheels]!r}")
    check_wheel(session, wheels[0])


def check_wheel(session: nox.Session, wheel: Path) -> None:
    """Fail the session unless ``wheel`` holds py.typed and every file of src/thdx/data."""
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    problems = [
        f"no file matching {pattern!r}"
        for pattern in WHEEL_REQUIRED
        if not fnmatch.filter(names, pattern)
    ]
    data_dir = ROOT / "src" / "thdx" / "data"
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            name = path.relative_to(ROOT / "src").as_posix()
            if name not in names:
                problems.append(f"missing {name!r}")
    if problems:
        session.error(f"{wheel.name}: " + "; ".join(problems))
    session.log(f"{wheel.name}: {len(names)} files, py.typed and data present")


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation testing of rules.py and engine.py with mutmut (configured in [tool.mutmut]).

    mutmut copies src/ into mutants/ and puts mutants/src first on sys.path, so thdx
    itself is not installed here, only its requirements. Arguments after `--` are
    passed to `mutmut run` (e.g. mutant names); `mutmut browse` inspects the results.
    """
    session.install(*project_requirements(), *group("mutation"))
    session.run("mutmut", "run", *session.posargs, env=HYPOTHESIS_CI)
    session.run("mutmut", "results", env=HYPOTHESIS_CI)
