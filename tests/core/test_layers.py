"""The packages of app/ import each other in one direction only, with no cycles.

Every import in app/ is read from the source (also those inside functions, which once hid
about a hundred cycles) and checked against LAYERS: a package may import its own modules and
the packages of lower layers, never a higher layer nor another package of its own layer.
A new package fails the test until it is placed in LAYERS.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"

# Lowest first. Packages of one layer do not import each other; the top layer composes.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "extensions", "data", "static", "templates"),  # knows no domain
    ("notifications", "storage"),  # delivery (notify, outbox, kinds, bell): told, never asking
    ("cities",),
    ("accounts",),
    ("catalogue",),
    ("enrolment",),
    ("communications", "materials", "learning"),  # announcements and reminders read enrolments
    ("records",),  # attendance, completion, action plans
    # Evaluations after the last session: reads enrolments, tells completion (records) through
    # its check registry; certificates and reports read its results.
    ("evaluation",),
    ("certificates",),
    ("reports",),
    ("api", "cli", "demo", "main", "worker", "app"),  # "app" is app/__init__.py, the factory
)
# Modules at the top of app/ that belong to a package of their own layer.
SAME_PACKAGE = {"extensions": "core"}  # the Flask extension objects (db, babel...) are core's
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}
TOP = len(LAYERS) - 1

# (importing file relative to the repository, imported module): why it may go against LAYERS.
EXEMPT: dict[tuple[str, str], str] = {}


def package_of(module: str) -> str:
    """``app.catalogue.views`` → ``catalogue``; ``app`` itself → ``app``."""
    parts = module.split(".")
    package = parts[1] if len(parts) > 1 else "app"
    return SAME_PACKAGE.get(package, package)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_submodule(name: str) -> bool:
    return (APP / name).is_dir() or (APP / f"{name}.py").is_file()


def imported_modules(path: Path, source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of app code in ``source``, at any depth."""
    here = module_name(path)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = here.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module == "app":  # from app import create_app (the package) or a submodule
                found += [
                    (node.lineno, f"app.{alias.name}" if is_submodule(alias.name) else "app")
                    for alias in node.names
                ]
            else:
                found.append((node.lineno, module))
    return [
        (line, module) for line, module in found if module == "app" or module.startswith("app.")
    ]


def upward_imports(path: Path, source: str) -> list[str]:
    """Human-readable problems: imports of a higher layer or of a sibling of the same layer."""
    relative = str(path.relative_to(ROOT))
    source_package = package_of(module_name(path))
    problems = []
    for line, module in imported_modules(path, source):
        target = package_of(module)
        if target == source_package or (relative, module) in EXEMPT:
            continue
        if source_package not in RANK or target not in RANK:
            unknown = source_package if source_package not in RANK else target
            problems.append(f"{relative}:{line} package {unknown!r} is not placed in LAYERS")
            continue
        mine, theirs = RANK[source_package], RANK[target]
        if theirs > mine or (theirs == mine and mine != TOP):
            problems.append(
                f"{relative}:{line} imports {module}: {source_package} (layer {mine}) may not "
                f"import {target} (layer {theirs})"
            )
    return problems


def package_graph(files: dict[Path, str]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path, source in files.items():
        mine = package_of(module_name(path))
        relative = str(path.relative_to(ROOT))
        for _, module in imported_modules(path, source):
            if package_of(module) != mine and (relative, module) not in EXEMPT:
                graph[mine].add(package_of(module))
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of packages (first package repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def unexplained_function_imports(path: Path, source: str) -> list[str]:
    """Imports inside functions need their reason in a comment: at the end of the line, or on
    the line just above the block of imports they belong to."""
    lines = source.splitlines()
    problems = {}
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for block in ast.walk(function):
            body = getattr(block, "body", None)
            if not isinstance(body, list):
                continue
            run_start = None
            for index, statement in enumerate(body):
                if not isinstance(statement, ast.Import | ast.ImportFrom):
                    run_start = None
                    continue
                if run_start is None:
                    run_start = index
                first = body[run_start]
                above = lines[first.lineno - 2].strip() if first.lineno >= 2 else ""
                own = lines[statement.lineno - 1]
                if not above.startswith("#") and "#" not in own:
                    problems.setdefault(
                        statement.lineno,
                        f"{path.relative_to(ROOT)}:{statement.lineno} imports inside "
                        f"{function.name}() without a comment saying why",
                    )
    return [problems[line] for line in sorted(problems)]


def app_sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(APP.rglob("*.py"))}


def test_every_package_is_placed_in_the_layers():
    """A new package must be given its place before it can import or be imported."""
    packages = {p.name for p in APP.iterdir() if p.is_dir() and not p.name.startswith("__")}
    packages |= {p.stem for p in APP.glob("*.py") if p.name != "__init__.py"}
    assert packages - set(RANK) == set(), "add these packages to LAYERS"


def test_imports_only_go_down_the_layers():
    problems = [p for path, source in app_sources().items() for p in upward_imports(path, source)]
    assert problems == [], "\n".join(problems)


def test_no_cycles_between_packages():
    assert find_cycle(package_graph(app_sources())) is None


def test_imports_inside_functions_say_why():
    """Imports hidden in functions once papered over cycles; the few left name their reason."""
    problems = [
        p
        for path, source in app_sources().items()
        for p in unexplained_function_imports(path, source)
    ]
    assert problems == [], "\n".join(problems)


def test_exemptions_are_still_needed():
    """An exemption whose import is gone is removed from the list."""
    present = {
        (str(path.relative_to(ROOT)), module)
        for path, source in app_sources().items()
        for _, module in imported_modules(path, source)
    }
    assert set(EXEMPT) <= present


# Templates: a quoted "<blueprint>.<endpoint>" (url_for, a pagination macro, a comparison with
# request.endpoint) names a page. A template may name the pages of its own package and of lower
# layers; links to higher layers are added by those layers (app/core/navigation.py).
BLUEPRINT = re.compile(r"""\b\w+\s*=\s*Blueprint\(\s*["'](\w+)["']""")
ENDPOINT = re.compile(r"""["'](\w+)\.(\w+)["']""")


def blueprint_packages(files: dict[Path, str]) -> dict[str, str]:
    """Blueprint name → the package that defines it."""
    return {
        name: package_of(module_name(path))
        for path, source in files.items()
        for name in BLUEPRINT.findall(source)
    }


def template_package(path: Path) -> str:
    """``app/records/plans/templates/...`` → ``records``; ``app/templates/...`` (the base
    layout, errors, macros) → ``templates``, which is core's layer."""
    return path.relative_to(APP).parts[0]


def upward_links(path: Path, source: str, blueprints: dict[str, str]) -> list[str]:
    mine = template_package(path)
    problems = []
    for match in ENDPOINT.finditer(source):
        target = blueprints.get(match.group(1))
        if target is None or target == mine:
            continue
        if RANK[target] > RANK[mine] or (RANK[target] == RANK[mine] and RANK[mine] != TOP):
            line = source.count("\n", 0, match.start()) + 1
            problems.append(
                f"{path.relative_to(ROOT)}:{line} names {match.group(1)}.{match.group(2)}: "
                f"a template of {mine} (layer {RANK[mine]}) may not link to {target} "
                f"(layer {RANK[target]})"
            )
    return problems


# {% include %}, {% import %}, {% from ... import %} and {% extends %} of another package's
# template: "<folder>/..." names the package whose templates/<folder> holds it.
TEMPLATE_USE = re.compile(r"""\{%-?\s*(?:include|import|from|extends)\s+["']([\w-]+)/""")


def template_folders() -> dict[str, str]:
    """Template folder → the package holding it, for folders only one package has (not
    "mail", which every layer keeps for its own mails)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for folder in APP.rglob("templates/*"):
        if folder.is_dir():
            owners[folder.name].add(template_package(folder))
    return {name: next(iter(found)) for name, found in owners.items() if len(found) == 1}


def upward_template_uses(path: Path, source: str, folders: dict[str, str]) -> list[str]:
    mine = template_package(path)
    problems = []
    for match in TEMPLATE_USE.finditer(source):
        target = folders.get(match.group(1))
        if target is None or target == mine:
            continue
        if RANK[target] > RANK[mine] or (RANK[target] == RANK[mine] and RANK[mine] != TOP):
            line = source.count("\n", 0, match.start()) + 1
            problems.append(
                f"{path.relative_to(ROOT)}:{line} uses a template of {target} (layer "
                f"{RANK[target]}): {mine} (layer {RANK[mine]}) shows it through a panel instead"
            )
    return problems


def app_templates() -> dict[Path, str]:
    paths = [
        path
        for path in sorted(APP.rglob("*"))
        if path.suffix in (".html", ".txt") and "templates" in path.relative_to(APP).parts
    ]
    return {path: path.read_text(encoding="utf-8") for path in paths}


def test_templates_link_only_down_the_layers():
    """A template names only the pages of its own package and of lower layers; a higher layer
    adds its links to a lower layer's page (top navigation, an offering's workspace) through
    app/core/navigation.py."""
    blueprints = blueprint_packages(app_sources())
    assert {"main", "catalogue", "manage", "enrolment", "reports"} <= set(blueprints)
    problems = [
        p
        for path, source in app_templates().items()
        for p in upward_links(path, source, blueprints)
    ]
    assert problems == [], "\n".join(problems)


def test_templates_use_only_templates_down_the_layers():
    """A template includes, imports or extends only templates of its own package and of lower
    layers; a higher layer shows its part of a page through a panel (catalogue/panels.py,
    enrolment/panels.py)."""
    folders = template_folders()
    assert folders["catalogue"] == "catalogue" and folders["completion"] == "records"
    problems = [
        p
        for path, source in app_templates().items()
        for p in upward_template_uses(path, source, folders)
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        ("app/enrolment/templates/enrolment/x.html", '{% include "certificates/_a.html" %}', 1),
        ("app/enrolment/templates/enrolment/x.html", "{% from 'completion/_m.html' import m %}", 1),
        ("app/records/templates/records/x.html", '{% extends "base.html" %}', 0),
        ("app/reports/templates/reports/x.html", '{%- include "catalogue/_card.html" %}', 0),
        ("app/catalogue/templates/mail/x.txt", '{% include "mail/_footer.txt" %}', 0),
    ],
)
def test_the_template_scan_finds_upward_template_uses(relative, source, expected):
    assert len(upward_template_uses(ROOT / relative, source, template_folders())) == expected


@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        ("app/templates/base.html", "{{ url_for('catalogue.index') }}", 1),
        ("app/catalogue/templates/catalogue/x.html", '{{ url_for("enrolment.roster") }}', 1),
        ("app/cities/templates/cities/x.html", "{{ pagination(page, 'reports.city_report') }}", 1),
        ("app/enrolment/templates/enrolment/x.html", "{{ url_for('catalogue.show', id=1) }}", 0),
        ("app/reports/templates/reports/x.html", "{{ url_for('reports.dashboard') }}", 0),
        ("app/templates/base.html", "{% include 'catalogue/x.html' %} {{ link.url }}", 0),
    ],
)
def test_the_template_scan_finds_upward_links(relative, source, expected):
    blueprints = blueprint_packages(app_sources())
    assert len(upward_links(ROOT / relative, source, blueprints)) == expected


def test_migrations_import_no_application_code():
    """A migration must build the same schema years later, whatever app/ has become."""
    problems = []
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        for line, module in imported_modules(path, path.read_text(encoding="utf-8")):
            problems.append(f"{path.name}:{line} imports {module}")
    assert problems == []
    assert "import app" not in (ROOT / "migrations" / "script.py.mako").read_text()


# The checker itself: it must see what it is there to see.
@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        ("app/catalogue/views.py", "def f():\n    from app.enrolment import services\n", 1),
        ("app/core/access.py", "from app.accounts.models import User\n", 1),
        ("app/notifications/x.py", "from app.enrolment.models import Enrolment\n", 1),
        ("app/catalogue/x.py", "from ..enrolment import services\n", 1),
        ("app/accounts/x.py", "from app.newthing import y\n", 1),
        ("app/enrolment/x.py", "from app.catalogue.models import Offering\n", 0),
        ("app/demo/x.py", "from app import create_app\nfrom app.main import views\n", 0),
    ],
)
def test_the_scan_finds_upward_imports(relative, source, expected):
    assert len(upward_imports(ROOT / relative, source)) == expected


def test_the_scan_finds_a_cycle_and_unexplained_function_imports():
    files = {
        APP / "cities" / "a.py": "from app.accounts import b\n",
        APP / "accounts" / "b.py": "def f():\n    from app.cities import a\n",
    }
    assert find_cycle(package_graph(files)) == ["accounts", "cities", "accounts"]
    path = APP / "accounts" / "b.py"
    assert len(unexplained_function_imports(path, files[path])) == 1
    explained = "def f():\n    # a reason\n    import json\n    import csv\n"
    assert unexplained_function_imports(path, explained) == []
