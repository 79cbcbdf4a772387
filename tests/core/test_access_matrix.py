"""C1: every route × every identity gives the status of the access table."""

from __future__ import annotations

import pytest

from app.enrolment.models import Enrolment
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
        "offering_id": records["offering"],
        "session_id": records["session"],
        "module_id": records["module"],
        "locale": "en",
        "token": "not-a-token",
        "filename": "css/app.css",
        "mail_id": 999999,
        "notification_id": 999999,
        "job_id": 999999,
        "enrolment_id": records["enrolment"],
    }
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    rule = max(rules, key=lambda r: len(r.arguments))  # the most specific form of the route
    with app.test_request_context():
        return url_for(endpoint, **{k: values[k] for k in rule.arguments})


@pytest.mark.parametrize(("endpoint", "method"), sorted(ACCESS))
def test_access(app, db, create_user, create_city, create_offering, endpoint, method):
    """Each identity gets fresh records, so a destructive request cannot hide the next one."""
    observed = {}
    for identity in IDENTITIES:
        city = create_city()
        user = create_user(roles=(identity,), city=city) if identity != ANON else None
        offering = create_offering(
            sessions=1,
            modules=1,
            enrolment_mode="nomination",
            instructors=[user] if identity == "instructor" else [],
        )
        someone = create_user(city=city)
        enrolment = Enrolment(user_id=someone.id, offering_id=offering.id, status="nominated")
        db.session.add(enrolment)
        db.session.commit()
        records = {
            "target_user": someone.id,
            "city": city.id,
            "offering": offering.id,
            "session": offering.sessions[0].id,
            "module": offering.modules[0].id,
            "enrolment": enrolment.id,
        }
        url = _url_for_rule(app, endpoint, records)
        client = app.test_client()
        if user is not None:
            sign_in(client, user)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": csrf_token(client, "/forgot-password")})
        observed[identity] = response.status_code
    assert observed == ACCESS[(endpoint, method)]
