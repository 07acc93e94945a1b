"""Sphinx configuration for the thdx documentation (MyST Markdown, furo theme).

Build with ``nox -s docs``: HTML with warnings as errors, then the doctests. autodoc
imports the *installed* thdx, so install the project first when building by hand.

Examples are plain Markdown ``pycon`` fences, so that the pages read well on GitHub;
docs/_ext/thdx_docs.py makes the doctest builder run them (as it runs ``{doctest}``
blocks), writes the command-line reference ``_generated/cli.md`` from ``thdx --help``,
and resolves the short references of docstrings, so that the build can be nitpicky.
docs/examples/notebook.md is executed by myst-nb during the build.

Two more pieces of the documentation are produced from the package itself, so they
cannot drift from it:

* ``_generated/goals.md``, the reference of every goal, direction, plan target and
  criterion, is written from ``thdx.resolution_06()``, ``thdx.plan_qd969()`` and
  ``thdx.criteria_qd1829()`` when the build starts (``builder-inited``);
* the ``{thdx-module}`` directive of ``api.md`` documents a module's own members and
  links to the ones :mod:`thdx` re-exports (or an earlier layer exports), so every
  object is documented once; constants get their ``#:`` comments from the private
  module that assigns them.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.metadata
import os
import pathlib
import sys
import typing

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "_ext"))

project = "thdx"
author = "thdx developers"
copyright = "2026, thdx developers"
# Every module-level name here is read as a Sphinx setting: import modules, not functions.
try:
    release = importlib.metadata.version("thdx")
except importlib.metadata.PackageNotFoundError:
    release = "unknown"
version = release

extensions = [
    "myst_nb",  # MyST Markdown (it loads myst_parser) and executed notebooks
    "thdx_docs",  # pycon fences as doctests, the CLI page, short references (docs/_ext)
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
]

source_suffix = {".md": "myst-nb", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]
language = "en"
# Every cross-reference must resolve (-n): a short or private name is resolved to its
# public documentation by docs/_ext/thdx_docs.py. Names of other projects cannot be
# linked offline (intersphinx is opt-in, below), so they are not checked; nor are the
# private helper types that appear in signatures (``thdx.engine._steps.Gather``) and
# the private aliases of array types (``F8``), which have no page of their own.
nitpicky = True
_OTHER_PROJECTS = (
    "_?dt|datetime|numpy|np|collections\\.abc|typing|enum|os|pathlib|pint|hypothesis",
    "pd|pandas|matplotlib",
)
_EXTERNAL = "(" + "|".join(_OTHER_PROJECTS) + ")"
nitpick_ignore_regex = [
    (r"py:.*", _EXTERNAL + r"\..*"),
    (r"py:.*", r"thdx(\.\w+)*\._\w+.*"),
    (r"py:class", r"Figure"),  # matplotlib's, named in annotations under TYPE_CHECKING
]

# Executed notebooks (myst-nb): every build runs them; an error fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 120

# MyST
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# autodoc + napoleon (Google style: Args / Returns / Raises)
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Docstrings name errors and classes by their short name (``Raises: PeriodError``). The
# API page documents each object once, under its public name (thdx.PeriodError, see the
# thdx-module directive below), so a short name resolves to exactly one target.

# doctest builder: runs only the ```{doctest} / {testcode} blocks of the pages. Examples
# in docstrings need their module's globals, so pytest runs them (--doctest-modules).
# Pages whose examples read files (a rulebook, a CSV) change to THDX_EXAMPLES in a hidden
# {testsetup} block, as a user reads files from the working directory.
doctest_test_doctest_blocks = ""
# Pages written for a reader in a clone (the tutorial) name files from its root
# ("docs/examples/thanh-hoa.csv"), so the examples run there.
_DOCS = pathlib.Path(__file__).resolve().parent
doctest_global_setup = (
    "import os as _os\nimport thdx\n"
    f"THDX_EXAMPLES = {str(_DOCS / 'examples')!r}\n"
    f"_thdx_cwd = _os.getcwd()\n_os.chdir({str(_DOCS.parent)!r})\n"
)
doctest_global_cleanup = "_os.chdir(_thdx_cwd)\n"
doctest_default_flags = (
    doctest.ELLIPSIS
    | doctest.IGNORE_EXCEPTION_DETAIL
    | doctest.DONT_ACCEPT_TRUE_FOR_1
    | doctest.NORMALIZE_WHITESPACE
)

# intersphinx needs the network and Sphinx cannot silence a failed fetch, so with -W an
# offline build would fail: links to the Python docs are opt-in (THDX_INTERSPHINX=1).
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if os.environ.get("THDX_INTERSPHINX") == "1":
    intersphinx_mapping["python"] = ("https://docs.python.org/3", None)

html_theme = "furo"
html_title = f"thdx {release}"


# -- the goals reference, generated from the shipped rulebooks ---------------------------


def _cell(text: object) -> str:
    """Text for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _requirement(t: typing.Any) -> str:
    """A target's comparator and threshold with its unit, e.g. ``>= 90 %``."""
    from thdx.model import format_quantity

    if t.comparator is None:
        return "completed digital transformation"
    shown = format_quantity(t.threshold_magnitude, t.threshold_unit)
    if t.measure == "growth":
        shown += f" a year ({t.rule.method} average)"
    elif t.measure == "share":
        shown += f" of the {t.scope.value}-level units"
    elif t.measure == "count":
        shown = shown.replace("administrative units", f"{t.scope.value}-level units")
    return f"`{t.comparator.value}` {shown}"


def _what(t: typing.Any) -> str:
    """What a target judges: its indicator, or the units it counts."""
    if t.indicator is not None:
        return f"`{t.indicator}`"
    if t.measure in ("count", "share"):
        return f"{t.measure} of completed {t.scope.value}-level units"
    return "completion of " + ", ".join(f"`{u}`" for u in t.units)


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()]


def _target_section(t: typing.Any, catalogue: typing.Any, unit_names: dict[str, str]) -> list[str]:
    lines = [f"### `{t.id}`", ""]
    if t.label_en:
        lines += [t.label_en, ""]
    fields = [
        ("measure", f"`{t.measure}`"),
        ("requirement", _requirement(t)),
        ("comparator", f"`{t.comparator.value}`" if t.comparator else "—"),
    ]
    if t.threshold_magnitude is not None:
        fields.append(("threshold", f"`{t.threshold_magnitude:g}` ({t.threshold_unit})"))
    fields += [("deadline", f"`{t.deadline}` (by {t.deadline.end.isoformat()})")]
    if t.indicator is not None:
        ind = catalogue[t.indicator]
        fields.append(("indicator", f"`{ind.id}` — {ind.name_en} (canonical unit `{ind.unit}`)"))
    if t.window is not None:
        rule = t.rule
        fields.append(("window", f"`{t.window}`, method `{rule.method}`"))
        if rule.rate_indicator:
            fields.append(("yearly rates from", f"`{rule.rate_indicator}`"))
    scope = f"`{t.scope.value}`"
    if t.units:
        scope += ": " + ", ".join(f"`{u}` {unit_names.get(u, '')}".rstrip() for u in t.units)
    fields.append(("scope", scope))
    if t.pillar is not None:
        fields.append(("pillar", f"`{t.pillar.value}`"))
    lines += ["| field | value |", "|---|---|"]
    lines += [f"| {k} | {_cell(v)} |" for k, v in fields]
    lines += ["", "Clause (verbatim):" if t.clause_verbatim else "Clause (a description):", ""]
    return [*lines, *_quote(t.clause), ""]


def _summary(targets: typing.Any) -> list[str]:
    lines = ["| id | requirement | deadline | judged on | scope |", "|---|---|---|---|---|"]
    for t in targets:
        lines.append(
            f"| [`{t.id}`](#{_slug(t.id)}) | {_cell(_requirement(t))} | `{t.deadline}` "
            f"| {_cell(_what(t))} | `{t.scope.value}` |"
        )
    return [*lines, ""]


def _slug(heading: str) -> str:
    """The anchor MyST gives a heading of inline code (dots removed, lower case)."""
    return "".join(c for c in heading.lower() if c.isalnum() or c in "-_ ").replace(" ", "-")


def _indicators_table(indicators: typing.Any) -> list[str]:
    lines = [
        "| id | name (en) | name (vi) | canonical unit | kind | better | derived from |",
        "|---|---|---|---|---|---|---|",
    ]
    for ind in indicators:
        derived = f"`{ind.numerator}` / `{ind.denominator}`" if ind.derived else ""
        lines.append(
            f"| `{ind.id}` | {_cell(ind.name_en)} | {_cell(ind.name_vi)} | `{ind.unit}` "
            f"| {ind.kind.value} | {ind.direction.value} | {derived} |"
        )
    return [*lines, ""]


def _meta(rb: typing.Any) -> list[str]:
    rows = [
        ("number", rb.number),
        ("id", f"`{rb.id}`"),
        ("title", rb.title),
        ("title (en)", rb.title_en),
        ("issuer", f"{rb.issuer} ({rb.issuer_en})" if rb.issuer_en else rb.issuer),
        ("issued", rb.issued.isoformat() if rb.issued else ""),
        ("jurisdiction", f"`{rb.jurisdiction}`"),
        ("source", rb.source),
    ]
    lines = ["| field | value |", "|---|---|"]
    return [*lines, *(f"| {k} | {_cell(v)} |" for k, v in rows if v), ""]


def _goals_page() -> str:
    import thdx
    from thdx.model import format_quantity

    rb = thdx.resolution_06()
    plan = thdx.plan_qd969()
    cs = thdx.criteria_qd1829()
    hierarchy = thdx.thanh_hoa_units()
    names = {u.code: u.name for u in hierarchy.at("2025-06-30")}

    out = [
        "# The goals, as encoded",
        "",
        "<!-- Generated by docs/conf.py from the data files shipped in thdx: do not edit. -->",
        "",
        "This page is written from the rulebooks that ship in the package "
        "(`thdx.resolution_06()`, `thdx.plan_qd969()`, `thdx.criteria_qd1829()`) each "
        "time the documentation is built, so it always shows what the code evaluates. "
        "Thresholds are shown in the canonical unit of what they compare; a deadline "
        'year `Y` means "by 31 December Y".',
        "",
        f"## Resolution {rb.number}",
        "",
        "```python",
        "rb = thdx.resolution_06()",
        "```",
        "",
        *_meta(rb),
        f"{len(rb.targets)} quantified goals and {len(rb.directions)} directions without "
        "numbers. A goal is looked up by its id, `rb.target(id)`; the ids are stable across "
        "releases.",
        "",
        "### All goals at a glance",
        "",
        *_summary(rb.targets),
    ]
    for t in rb.targets:
        out += _target_section(t, rb.catalogue, names)
    out += [
        "### Directions (no verdict)",
        "",
        "The section on tasks and solutions sets directions without numbers. They are in "
        "the rulebook (`rb.directions`, each a `thdx.Guideline`) so that the whole resolution "
        "is covered, but they are never evaluated.",
        "",
    ]
    for d in rb.directions:
        out += [f"#### `{d.id}`", "", d.label_en, "", *_quote(d.text), ""]
    own = [rb.catalogue[i] for i in rb.own_indicators]
    out += [
        "### Indicators",
        "",
        "The indicators the goals are measured by (`rb.catalogue`). A `Measurement` "
        "names one by its id; its value is converted to the canonical unit on entry.",
        "",
        *_indicators_table(own),
    ]

    out += [
        f"## Plan {plan.number}",
        "",
        "```python",
        "plan = thdx.plan_qd969()",
        "```",
        "",
        *_meta(plan),
        "The plan assigns named district-level units and yearly commune quotas; it is a "
        "rulebook like the resolution and is evaluated the same way "
        "(`thdx.evaluate(plan, data, units=...)`). Its clauses describe the decision "
        "rather than quote it (`clause_verbatim = false`): the decision's text is not "
        "public here.",
        "",
        *_summary(plan.targets),
    ]
    clauses: list[str] = []
    for t in plan.targets:
        if t.clause not in clauses:
            clauses.append(t.clause)
    out += ["### Clauses (descriptions)", ""]
    for c in clauses:
        out += [*_quote(c), ""]
    for t in plan.targets:
        out += _target_section(t, plan.catalogue, names)

    out += [
        f"## Criteria set {cs.decision}",
        "",
        "```python",
        "cs = thdx.criteria_qd1829()",
        "rb_with_criteria = thdx.resolution_06().with_completion(cs)",
        "```",
        "",
        "| field | value |",
        "|---|---|",
        f"| id | `{cs.id}` |",
        f"| title | {_cell(cs.title)} |",
        f"| title (en) | {_cell(cs.title_en)} |",
        f"| decision | {_cell(cs.decision)} |",
        f"| issued | {_cell(cs.issued)} |",
        f"| level | `{cs.level.value}` |",
        f"| pass rule | `{cs.pass_rule.value}` |",
        f"| complete | `{cs.complete}` |",
        "",
    ]
    if not cs.complete:
        out += [
            ":::{important}",
            "This criteria set is **incomplete**: a unit that passes its known criteria "
            "has not thereby passed the decision, so a completion that relies on it is "
            "never MET (it stays UNKNOWN, and the verdict says why). A failed criterion "
            "still gives NOT_MET.",
            ":::",
            "",
        ]
    if cs.note:
        out += [cs.note, ""]
    out += ["| id | criterion | indicator | requirement |", "|---|---|---|---|"]
    for k in cs.criteria:
        ind = thdx.default_catalogue()[k.indicator]
        req = f"`{k.comparator.value}` {format_quantity(k.threshold, ind.unit)}"
        out.append(
            f"| `{k.id}` | {_cell(k.label_en)} — {_cell(k.label_vi)} | `{k.indicator}` "
            f"| {_cell(req)} |"
        )
    out += ["", "### Indicators of the criteria set", "", *_indicators_table(cs.indicators)]
    return "\n".join(out).rstrip() + "\n"


def _write_goals(app: typing.Any) -> None:
    """Write ``_generated/goals.md`` (only when its text changed, for incremental builds)."""
    target = pathlib.Path(app.srcdir) / "_generated" / "goals.md"
    text = _goals_page()
    target.parent.mkdir(exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


# -- the API page: each object documented once -------------------------------------------


# The layer packages in the order of the API page: an object that several of them export
# is documented in the first.
_LAYERS = (
    "thdx.model",
    "thdx.store",
    "thdx.rules",
    "thdx.progress",
    "thdx.verdicts",
    "thdx.engine",
    "thdx.rulebooks",
    "thdx.io",
    "thdx.strategies",
)


def _home(module_name: str, member: str) -> str:
    """The first layer of ``_LAYERS`` that exports ``member`` of ``module_name`` as is."""
    import datetime

    obj = getattr(importlib.import_module(module_name), member)
    if isinstance(obj, (int, float, str, bytes, tuple, frozenset, datetime.date)):
        return module_name  # a value, not an object: two constants may be equal (``1``)
    for layer in _LAYERS:
        if layer == module_name:
            break
        try:
            other = importlib.import_module(layer)
        except ImportError:
            continue
        if member in getattr(other, "__all__", ()) and getattr(other, member, None) is obj:
            return layer
    return module_name


def _is_data(obj: object) -> bool:
    """Whether autodoc documents ``obj`` as data (not a class, a function or a module)."""
    import inspect

    return not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj))


def _data_lines(module: typing.Any, member: str) -> list[str]:
    """A ``py:data`` entry for a constant of ``module``, with the ``#:`` comment of the
    (private) module that assigns it."""
    import pkgutil
    import types

    from sphinx.pycode import ModuleAnalyzer

    obj = getattr(module, member)
    names = [module.__name__]
    names += [f"{module.__name__}.{m.name}" for m in pkgutil.iter_modules(module.__path__)]
    doc: list[str] = []
    for modname in names:
        sub = importlib.import_module(modname)
        if getattr(sub, member, None) is not obj:
            continue
        found = ModuleAnalyzer.for_module(modname).find_attr_docs().get(("", member))
        if found:
            doc = [line for line in found if line.strip() or doc]
            break
    if isinstance(obj, types.UnionType):
        value = " | ".join(getattr(a, "__name__", repr(a)) for a in typing.get_args(obj))
    else:
        value = repr(obj)
    lines = [f".. py:data:: {member}", f"   :module: {module.__name__}"]
    if len(value) <= 120:
        lines.append(f"   :value: {value}")
    lines.append("")
    lines += [f"   {line}".rstrip() for line in doc]
    return [*lines, ""]


def _module_directive() -> typing.Any:
    from docutils import nodes
    from docutils.parsers.rst import directives
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective
    from sphinx.util.nodes import nested_parse_with_titles

    class ThdxModule(SphinxDirective):
        """``automodule`` of a thdx module, without the members :mod:`thdx` re-exports.

        For MyST pages (```` ```{thdx-module} thdx.rules ````).

        Those are documented once, under their public name (``thdx.Measurement``); the
        module's section links to them. A member that an earlier layer of ``_LAYERS``
        also exports (``thdx.store.CohortEra`` is ``thdx.model.CohortEra``) is linked to
        that layer's entry the same way. With ``:optional:``, a module that cannot be
        imported (an optional dependency is missing, or it does not exist yet) is
        skipped with a note.
        """

        required_arguments = 1
        option_spec = {"optional": directives.flag}  # noqa: RUF012 - docutils API

        def run(self) -> list[nodes.Node]:
            import thdx

            name = self.arguments[0]
            try:
                module = importlib.import_module(name)
            except ImportError as exc:
                if "optional" not in self.options:
                    raise
                return self._parse([f"*Not available in this build: {exc}.*"])
            public = {n: getattr(thdx, n) for n in thdx.__all__ if n != "Q_"}
            own = getattr(module, "__all__", [])
            shared = [n for n in own if n in public and getattr(module, n, None) is public[n]]
            # A name two layers export (thdx.store re-exports thdx.model's cohorts) is
            # documented in the first of them, in _LAYERS order, and linked from the other.
            elsewhere = {
                n: home for n in own if n not in shared and (home := _home(name, n)) != name
            }
            # Constants and type aliases: autodoc finds the ``#:`` comment of a name only
            # in the module that assigns it, a private one, so they are written here.
            data = [
                n
                for n in own
                if n not in shared and n not in elsewhere and _is_data(getattr(module, n))
            ]
            lines = [
                f".. automodule:: {name}",
                "   :members:",
                "   :show-inheritance:",
                "   :exclude-members: " + ", ".join(["Q_", *shared, *elsewhere, *data]),
                "",
            ]
            for n in data:
                lines += _data_lines(module, n)
            if shared:
                links = ", ".join(f":py:obj:`thdx.{n}`" for n in shared)
                lines += [f"Also defined here, documented under :mod:`thdx`: {links}.", ""]
            if elsewhere:
                links = ", ".join(f":py:obj:`{home}.{n}`" for n, home in elsewhere.items())
                lines += [f"Also exported here, documented in its own layer: {links}.", ""]
            return self._parse(lines)

        def _parse(self, rst: list[str]) -> list[nodes.Node]:
            # The directive is used from MyST pages, whose nested parser reads Markdown:
            # the reStructuredText goes in an eval-rst block.
            lines = ["```{eval-rst}", *rst, "```"]
            container = nodes.container()
            source = self.get_source_info()[0]
            nested_parse_with_titles(self.state, StringList(lines, source=source), container)
            return list(container.children)

    return ThdxModule


def setup(app: typing.Any) -> dict[str, typing.Any]:
    """Register the goals generator and the ``thdx-module`` directive."""
    app.connect("builder-inited", _write_goals)
    app.add_directive("thdx-module", _module_directive())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
