"""C1: every route × every identity gives the status of the access table."""

from __future__ import annotations

import pytest

from app.core.db import load_parts
from app.enrolment.models import Enrolment
from tests.core.access_matrix import ACCESS, ANON, IDENTITIES
from tests.factories import csrf_token, sign_in_directly

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
        "material_id": 999999,
        "plan_id": 999999,
        "page": "privacy",
        "enrolment_id": records["enrolment"],
        "code": "0" * 32,  # a certificate code of the right shape that does not exist
        "certificate_id": 999999,
        "list_id": 999999,
        "fmt": "xlsx",  # report exports
        "question_id": 999999,
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
            "session": load_parts(offering, "sessions").sessions[0].id,
            "module": load_parts(offering, "modules").modules[0].id,
            "enrolment": enrolment.id,
        }
        url = _url_for_rule(app, endpoint, records)
        client = app.test_client()
        if user is not None:
            sign_in_directly(client, user)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": csrf_token(client, "/forgot-password")})
        observed[identity] = response.status_code
    assert observed == ACCESS[(endpoint, method)]


@pytest.mark.parametrize("identity", IDENTITIES)
def test_role_grants(app, db, create_user, identity):
    """can_change_roles follows ROLE_GRANTS: staff may grant roles, but the staff and admin
    roles only an admin (it used to let any staff member grant them), in both directions."""
    from flask_login import AnonymousUserMixin

    from app.accounts.access import can_change_roles
    from app.core.roles import Role
    from tests.core.access_matrix import ROLE_GRANTS

    actor = AnonymousUserMixin() if identity == ANON else create_user(roles=(identity,))
    now = {Role.OFFICIAL}
    observed = tuple(
        can_change_roles(actor, now, now | {role})
        for role in (Role.INSTRUCTOR, Role.STAFF, Role.ADMIN)
    )
    assert observed == ROLE_GRANTS[identity]
    taking_staff_away = can_change_roles(actor, {Role.OFFICIAL, Role.STAFF}, now)
    assert taking_staff_away == ROLE_GRANTS[identity][1]
