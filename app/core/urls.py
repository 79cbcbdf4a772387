"""Links: safe redirects (only to a path on this site) and absolute links for mails."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import abort, current_app, request, url_for
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter


def safe_next_url(target: str | None, default: str) -> str:
    """``target`` when it is a plain local path ("/x"), otherwise ``default``."""
    if not target or len(target) > 2000:
        return default
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    return target


def page_url(endpoint: str, allowed_args=(), **changes) -> str:
    """A link to another page of the current list: the route's own values, the request's
    values of ``allowed_args`` (the page's filter fields) and ``changes`` (e.g. ``page=2``).

    Nothing else from the query string is passed on, so ``_external``, ``_scheme``,
    ``_anchor``, ``_method`` or a stray view argument in a request cannot shape a link (or a
    cached fragment that holds one).
    """

    values: dict = dict(request.view_args or {})
    for name in allowed_args:
        if name.startswith("_") or name in values:
            continue
        given = [value for value in request.args.getlist(name) if value != ""]
        if given:
            values[name] = given if len(given) > 1 else given[0]
    values.update(changes)
    return url_for(endpoint, **values)


def filter_values(allowed_args) -> tuple:
    """The request's values of the page's filter fields, for a cache key (nothing else)."""

    return tuple((name, tuple(request.args.getlist(name))) for name in allowed_args)


def absolute_url(endpoint: str, **values) -> str:
    """A link for a mail, built from the configured BASE_URL, never from the request's Host.

    Works inside and outside a request (jobs and CLI commands send mail too).
    """
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


# Ids are INTEGER columns: PostgreSQL's int4 ends here (SQLite's at 2**63 - 1).
MAX_ID = 2**31 - 1


def parse_id(raw: str | None) -> int | None:
    """A database id from a request value: ASCII digits within the column's range, else None
    ("²".isdigit() is true, and 99999999999999999999 overflows the column)."""
    if not raw or len(raw) > 10 or not raw.isascii() or not raw.isdigit():
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ID else None


def register_id_converter(app) -> None:
    """``<int:...>`` in every route matches only ids a column can hold; others are 404."""

    class IdConverter(IntegerConverter):
        def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
            super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)

    app.url_map.converters["int"] = IdConverter


def refuse_nul_bytes():
    """No form field or query value may hold a NUL byte: no text needs one, PostgreSQL refuses
    them in strings (a 500 deep in a query), and they truncate values in C libraries. A form
    with one is refused (400); a query value with one is dropped, as pages ignore a filter
    value they cannot use."""

    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        kept = [
            (key, value)
            for key, value in request.args.items(multi=True)
            if "\x00" not in key and "\x00" not in value
        ]
        request.__dict__["args"] = ImmutableMultiDict(kept)  # replaces the cached property
    if request.method == "POST":
        for key, values in request.form.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                abort(400)


_ID_MARK = 918_273_645_546  # an id no table reaches, found again in the built address


def link_for_id(endpoint: str, name: str, **values) -> Callable[[int], str]:
    """A function that writes ``endpoint``'s address for an id (its ``name`` argument), built
    by Flask once instead of once a row: a list page links each of its rows (the records view:
    two links for each of 50 participants)."""
    head, mark, tail = url_for(endpoint, **{name: _ID_MARK}, **values).partition(str(_ID_MARK))
    if not mark or "?" in head:  # not in the path: Flask made it a query argument
        raise ValueError(f"{endpoint} does not put {name} in its path")
    return lambda key: f"{head}{int(key)}{tail}"
