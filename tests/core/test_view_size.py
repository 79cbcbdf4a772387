"""Views stay thin: a route function parses the request, loads and checks through the domain's
access helper, calls a service and renders or redirects, in a few lines. Rules, decisions and
the gathering of what a template shows live in the domain (services, queries, forms, pages).

Every function of app/ decorated as a route (``@bp.route``, ``.get``, ``.post``...) is read
from the source; one longer than MAX_LINES (from ``def`` to its last line, docstring and
comments included) fails the test, so a view cannot grow back into a use case.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
MAX_LINES = 25
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}


def _is_route(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS


def route_functions():
    """(path relative to the repository, function name, its length in lines) of each route."""
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                _is_route(d) for d in node.decorator_list
            ):
                length = node.end_lineno - node.lineno + 1
                yield path.relative_to(ROOT).as_posix(), node.name, length


def test_the_scan_finds_the_routes():
    """A scan that found nothing would pass whatever the views look like."""
    names = {(path, name) for path, name, _length in route_functions()}
    assert ("app/catalogue/views.py", "index") in names
    assert ("app/records/plans/views.py", "my_plan") in names
    assert len(names) > 100


def test_route_functions_are_short():
    too_long = [
        f"{path}:{name} has {length} lines"
        for path, name, length in route_functions()
        if length > MAX_LINES
    ]
    assert not too_long, (
        f"route functions longer than {MAX_LINES} lines (move rules into services, "
        f"what a page shows into the domain's pages.py, form handling into the form): "
        f"{too_long}"
    )
