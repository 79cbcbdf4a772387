"""Links built once (app/core/application.py) are the links Flask builds, for every route,
site address, blueprint and kind of value."""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from werkzeug.routing import AnyConverter, IntegerConverter

from app.core.application import Application


def flask_link(app, endpoint, **values) -> str:
    """The link as Flask itself builds it, without the memo."""
    return Flask.url_for(app, endpoint, **values)


def sample_value(converter):
    if isinstance(converter, IntegerConverter):
        return 7
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "a b/é"


def sample_values(rule) -> dict:
    return {name: sample_value(rule._converters[name]) for name in rule.arguments}


def test_the_application_is_the_platform_class(app):
    assert isinstance(app, Application)


def test_every_route_links_as_flask_builds_it_on_a_miss_and_a_hit(app):
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 100
    with app.test_request_context("/", base_url="https://localhost"):
        for rule in rules:
            values = sample_values(rule)
            expected = flask_link(app, rule.endpoint, **values)
            assert url_for(rule.endpoint, **values) == expected  # built and remembered
            assert url_for(rule.endpoint, **values) == expected  # from the memo
        assert len(app._built_links) >= len(rules) - 1  # methods of one endpoint share links


def test_query_values_keep_their_order_and_their_type(app):
    with app.test_request_context("/", base_url="https://localhost"):
        first = url_for("catalogue.index", kind="course", page=2)
        second = url_for("catalogue.index", page=2, kind="course")
        assert first == "/offerings?kind=course&page=2"
        assert second == "/offerings?page=2&kind=course"
        assert url_for("catalogue.index", page=1) == "/offerings?page=1"
        # True == 1 and hash(True) == hash(1), but they are written differently.
        expected = flask_link(app, "catalogue.index", page=True)
        assert url_for("catalogue.index", page=True) == expected
        assert url_for("catalogue.index", page=None) == "/offerings"


def test_a_link_is_not_shared_between_site_addresses(app):
    with app.test_request_context("/", base_url="https://localhost"):
        plain = url_for("catalogue.index")
    with app.test_request_context("/", base_url="https://localhost/academy/"):
        under_a_prefix = url_for("catalogue.index")
    with app.test_request_context("/", base_url="http://127.0.0.1"):
        other_host = url_for("catalogue.index", _external=True)
        other_host_again = url_for("catalogue.index", _external=True)
    assert plain == "/offerings"
    assert under_a_prefix == "/academy/offerings"
    assert other_host == other_host_again == "http://127.0.0.1/offerings"


def test_a_relative_endpoint_is_resolved_by_the_request_blueprint(app):
    with app.test_request_context("/offerings", base_url="https://localhost"):
        assert url_for(".index") == "/offerings"
    with app.test_request_context("/", base_url="https://localhost"):
        assert url_for(".index") == "/"


def test_values_the_memo_cannot_key_go_through_flask_and_are_not_kept(app):
    with app.test_request_context("/", base_url="https://localhost"):
        before = len(app._built_links)
        assert url_for("catalogue.index", kind=["course", "workshop"]) == (
            "/offerings?kind=course&kind=workshop"
        )
        assert url_for("catalogue.index", _anchor="list") == "/offerings#list"
        assert url_for("catalogue.index", _external=True) == "https://localhost/offerings"
        assert len(app._built_links) == before


def test_outside_a_request_links_are_external_and_built_by_flask(app):
    app.config["SERVER_NAME"] = "academy.example"
    with app.app_context():
        assert url_for("catalogue.index") == "http://academy.example/offerings"
    assert app._built_links == {}


def test_an_unknown_endpoint_is_still_an_error(app):
    with (
        app.test_request_context("/", base_url="https://localhost"),
        pytest.raises(Exception, match="Could not build url"),
    ):
        url_for("no.such.page")
    assert all(key[4] != "no.such.page" for key in app._built_links)


def test_the_memo_starts_again_when_full(app, monkeypatch):
    monkeypatch.setattr(Application, "built_links_limit", 3)
    with app.test_request_context("/", base_url="https://localhost"):
        links = [url_for("catalogue.index", page=page) for page in range(1, 6)]
    assert links == [f"/offerings?page={page}" for page in range(1, 6)]
    assert len(app._built_links) <= 3


def test_a_hook_is_told_sync_once_and_a_coroutine_still_gets_flasks_answer(app):
    def plain():
        return "plain"

    async def coroutine():
        return "awaited"

    assert app.ensure_sync(plain) is plain
    assert plain in app._sync_functions  # remembered: the next request does not ask again
    assert app.ensure_sync(plain) is plain
    # The platform has no async views (Flask's "async" extra is not installed): Flask's own
    # refusal, every time, and nothing remembered for it.
    for _ in range(2):
        with pytest.raises(RuntimeError, match="async"):
            app.ensure_sync(coroutine)
    assert coroutine not in app._sync_functions


def test_a_request_runs_every_hook_through_the_remembered_kind(client, app):
    app._sync_functions.clear()
    assert client.get("/").status_code == 200
    remembered = len(app._sync_functions)
    assert remembered >= 5  # the view, before- and after-request hooks, context processors
    assert client.get("/").status_code == 200
    assert len(app._sync_functions) == remembered


def test_the_kind_memo_starts_again_when_full(app, monkeypatch):
    monkeypatch.setattr(app, "sync_functions_limit", 2)
    app._sync_functions.clear()
    functions = [lambda: 1, lambda: 2, lambda: 3]
    for function in functions:
        assert app.ensure_sync(function) is function
    assert len(app._sync_functions) == 1
    unhashable = type("Unhashable", (), {"__call__": lambda self: 4, "__hash__": None})()
    assert app.ensure_sync(unhashable) is unhashable
