"""The platform's Flask class: Flask, with each distinct link built once and each hook's
kind told once.

A page writes 20–80 links with ``url_for``, and Flask builds each one afresh: the request's
adapter, the blueprint, the rule's converters, the quoting of every value and the query
string, 9–20 µs a link (My learning's 77 links cost about a millisecond). The same endpoint
with the same values on the same site gives the same link, so ``Application.url_for``
remembers the links it built, keyed by what the result depends on: the adapter's server
name, script root, scheme and subdomain, the endpoint (with the request's blueprint when it
is relative) and the values, in order. Only values of exactly ``str``, ``int`` or ``None``
are remembered (so ``True``, equal to ``1`` but written "True", never meets ``1`` in the
memo); a list, a lazy string, an enum, ``_anchor``/``_method``/``_scheme``/``_external``, a
call outside a request or an application with ``url_defaults`` functions go through
Flask's own ``url_for`` unchanged.

Flask also asks, of every hook it runs in every request (the before- and after-request
functions, the context processors, the teardowns, the view: 40-odd a request here), whether
it is a coroutine function, through ``inspect`` (about a microsecond each). A function's
answer does not change, so ``Application.ensure_sync`` remembers it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.globals import request_ctx

# Plain values whose text cannot change behind the key (an object hashed by identity could).
_PLAIN = frozenset((str, int, type(None)))


class Application(Flask):
    #: Links remembered at most; the memo starts again when full (a site has far fewer).
    built_links_limit = 20_000
    #: Functions whose kind is remembered at most (hooks and views are a few hundred; a
    #: function made afresh for each call, as copy_current_request_context does, is not).
    sync_functions_limit = 2_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built_links: dict[tuple, str] = {}
        self._sync_functions: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._sync_functions[func]
        except KeyError:
            pass
        except TypeError:  # an unhashable callable
            return super().ensure_sync(func)
        sync = super().ensure_sync(func)
        if len(self._sync_functions) >= self.sync_functions_limit:
            self._sync_functions.clear()
        self._sync_functions[func] = sync
        return sync

    def url_for(  # type: ignore[override]
        self,
        endpoint: str,
        /,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        key = None
        if (
            _anchor is None
            and _method is None
            and _scheme is None
            and _external is None
            and not self.url_default_functions
            and all(type(value) in _PLAIN for value in values.values())
        ):
            key = self._link_key(endpoint, values)
            if key is not None:
                link = self._built_links.get(key)
                if link is not None:
                    return link
        link = super().url_for(
            endpoint,
            _anchor=_anchor,
            _method=_method,
            _scheme=_scheme,
            _external=_external,
            **values,
        )
        if key is not None:
            if len(self._built_links) >= self.built_links_limit:
                self._built_links.clear()
            self._built_links[key] = link
        return link

    @staticmethod
    def _link_key(endpoint: str, values: dict[str, Any]) -> tuple | None:
        """What a link depends on, or None outside a request (links are then external)."""
        try:
            context = request_ctx._get_current_object()  # type: ignore[attr-defined]
        except RuntimeError:
            return None
        adapter = context.url_adapter
        if adapter is None:
            return None
        if endpoint[:1] == ".":
            endpoint = f"{context.request.blueprint}{endpoint}"
        return (
            adapter.server_name,
            adapter.script_name,
            adapter.url_scheme,
            adapter.subdomain,
            endpoint,
            *values.items(),
        )
