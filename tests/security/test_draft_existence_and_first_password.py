"""Issue 12 item 13 (SECURITY.md C2, C7, A9): a draft offering's management pages answer 404
to those who may not see it (as for no offering at all), and the one-time password printed by
``create-admin`` must be replaced at the first sign-in."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.core.db import utcnow
from tests.factories import comparable, csrf_token, sign_in

PAGES = ("", "/text/en", "/roster", "/roster.csv", "/roster/cities", "/sessions/new")


@pytest.mark.parametrize("roles", [("official",), ("instructor",), ("official", "focal_point")])
def test_a_draft_is_not_found_by_those_who_may_not_see_it(app, create_user, create_offering, roles):
    draft = create_offering(status="draft", published_at=None)
    client = app.test_client()
    sign_in(client, create_user(roles=roles))
    for page in PAGES:
        hidden = client.get(f"/manage/offerings/{draft.id}{page}")
        missing = client.get(f"/manage/offerings/999999{page}")
        assert hidden.status_code == missing.status_code == 404, page
        # Only the offering's own id may differ (a city or a person can share its number).
        page_of = comparable(hidden).replace(f"/offerings/{draft.id}", "/offerings/999999")
        assert page_of == comparable(missing)


def test_a_draft_is_there_for_its_instructor_and_staff(app, create_user, create_offering):
    instructor = create_user(roles=("instructor",))
    draft = create_offering(status="draft", published_at=None, instructors=[instructor])
    for person in (instructor, create_user(roles=("staff",))):
        client = app.test_client()
        sign_in(client, person)
        assert client.get(f"/manage/offerings/{draft.id}/roster").status_code == 200


def test_the_create_admin_password_must_be_changed_at_first_sign_in(app, db):
    result = app.test_cli_runner().invoke(args=["create-admin", "first@example.org", "First"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "first@example.org"))
    one_time = re.search(r"One-time password: (\S+)", result.output).group(1)
    admin.totp_secret = pyotp.random_base32()  # the second factor is set up already
    admin.totp_enabled_at = utcnow()
    db.session.commit()
    client = app.test_client()
    sign_in(client, admin, password=one_time)
    assert client.get("/staff/users").headers["Location"].endswith("/account/password")
    new = "a pass phrase of my own 2031"
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account/password"),
            "current_password": one_time,
            "password": new,
            "confirm": new,
        },
    )
    assert response.status_code == 302
    assert client.get("/staff/users").status_code == 200
    db.session.refresh(admin)
    assert admin.must_change_password is False
