"""C1: every route × every identity gives the status of the access table."""

from __future__ import annotations

import pytest

from tests.core.access_matrix import ACCESS, ANON, IDENTITIES
from tests.factories import csrf_token, sign_in

IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def app(app_factory):
    """The app with every optional blueprint registered, so the table covers all routes."""
    return app_factory(SHOW_DEV_MAILBOX=True)


def test_every_route_is_in_the_access_table(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }
    missing = routes - set(ACCESS)
    stale = set(ACCESS) - routes
    assert not missing, f"routes without an access decision: {sorted(missing)}"
    assert not stale, f"access table names routes that no longer exist: {sorted(stale)}"


def _url_for_rule(app, endpoint, records):
    from flask import url_for

    values = {
        "user_id": records["target_user"],
        "city_id": records["city"],
        "token": "not-a-token",
        "filename": "css/app.css",
        "mail_id": 999999,
        "notification_id": 999999,
        "job_id": 999999,
    }
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{k: values[k] for k in rule.arguments})


@pytest.mark.parametrize(("endpoint", "method"), sorted(ACCESS))
def test_access(app, create_user, create_city, endpoint, method):
    city = create_city()
    target = create_user()
    records = {"target_user": target.id, "city": city.id}
    url = _url_for_rule(app, endpoint, records)
    observed = {}
    for identity in IDENTITIES:
        client = app.test_client()
        if identity != ANON:
            sign_in(client, create_user(roles=(identity,), city=city))
        if method == "GET":
            response = client.get(url)
            response.close()
        else:
            response = client.post(url, data={"csrf_token": csrf_token(client, "/forgot-password")})
        observed[identity] = response.status_code
    assert observed == ACCESS[(endpoint, method)]
