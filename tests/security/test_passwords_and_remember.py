"""Issue 12 item 12 (SECURITY.md A2, B4; ASVS 2.1.7, 3.3.2): a password may not be the
person's own name or address (on registration, change and reset), and staff and admin are
never remembered past the idle limit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import LoginSession, User
from app.core.db import utcnow
from tests.accounts.test_registration import registration_data
from tests.factories import DEFAULT_PASSWORD, csrf_token, sign_in


@pytest.mark.parametrize(
    "password",
    ["Wang Hsiao-ming 2024!", "hsiao.ming.wang7", "wang.hsiaoming@12", "王小明 1234567890"],
)
def test_registration_refuses_the_own_name_or_address(app, db, create_city, password):
    client = app.test_client()
    data = registration_data(
        client, create_city(), email="wang.hsiaoming@example.org", password=password
    )
    data["confirm"] = password
    if password.startswith("hsiao.ming"):
        data["email"] = "hsiao.ming.wang@example.org"
    response = client.post("/register", data=data)
    assert "too easy to guess from your name" in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


def test_change_and_reset_refuse_the_own_name_or_address(app, db, create_user, mailbox):
    person = create_user(name_latin="Chen Mei-ling", email="meiling.chen@example.org")
    client = app.test_client()
    sign_in(client, person)
    for new in ("Chen Mei-ling 2030", "meiling.chen#2030"):
        response = client.post(
            "/account/password",
            data={
                "csrf_token": csrf_token(client, "/account/password"),
                "current_password": DEFAULT_PASSWORD,
                "password": new,
                "confirm": new,
            },
        )
        assert "too easy to guess from your name" in response.get_data(as_text=True)
    other = app.test_client()
    other.post(
        "/forgot-password",
        data={"csrf_token": csrf_token(other, "/forgot-password"), "email": person.email},
    )
    link = mailbox.link_in(mailbox.wait_for(person.email), "/reset-password/")
    path = link.removeprefix("http://localhost")
    response = other.post(
        path,
        data={
            "csrf_token": csrf_token(other, path),
            "password": "Mei-ling Chen 99",
            "confirm": "Mei-ling Chen 99",
        },
    )
    assert "too easy to guess from your name" in response.get_data(as_text=True)
    db.session.refresh(person)
    from app.accounts.passwords import verify_password

    assert verify_password(person.password_hash, DEFAULT_PASSWORD)


def test_staff_are_not_remembered(app, db, create_user, time_machine):
    time_machine.move_to(utcnow(), tick=True)
    staff = create_user(roles=("staff",))
    official = create_user()
    staff_client, official_client = app.test_client(), app.test_client()
    sign_in(staff_client, staff, remember=True)
    sign_in(official_client, official, remember=True)
    rows = {row.user_id: row for row in db.session.scalars(select(LoginSession))}
    assert rows[staff.id].is_remembered is False
    assert rows[official.id].is_remembered is True
    assert staff_client.get_cookie("__Host-remember") is None
    time_machine.shift(31 * 60)
    assert staff_client.get("/staff/users").status_code == 302  # idle: signed out
    assert official_client.get("/my").status_code == 200
