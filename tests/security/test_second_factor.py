"""Issue 12 item 5 (SECURITY.md A8, A10, 2.8.x, 7.2.1): the second factor is asked whenever it
is on, wrong codes are limited per pending sign-in and per account and are logged, and a staff
account's first authenticator needs a link mailed to the account."""

from __future__ import annotations

import json
import logging

import pyotp
from sqlalchemy import select

from app.accounts.models import LoginSession
from tests.factories import DEFAULT_PASSWORD, csrf_token, totp_code_for


def password_step(client, user, address="192.0.2.1"):
    token = csrf_token(client)
    return client.post(
        "/login",
        data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD},
        environ_base={"REMOTE_ADDR": address},
    )


def wrong_code(client, address="192.0.2.1"):
    token = csrf_token(client, "/login/second-factor")
    return client.post(
        "/login/second-factor",
        data={"csrf_token": token, "code": "000000"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_second_factor_is_asked_of_anyone_who_turned_it_on(app, db, create_user):
    for roles in (("official",), ("instructor",), ("official", "focal_point")):
        person = create_user(roles=roles, totp=True)
        client = app.test_client()
        response = password_step(client, person)
        assert response.headers["Location"].endswith("/login/second-factor")
        assert client.get("/my").headers["Location"].endswith("/login/second-factor")
        token = csrf_token(client, "/login/second-factor")
        db.session.refresh(person)
        response = client.post(
            "/login/second-factor", data={"csrf_token": token, "code": totp_code_for(person)}
        )
        assert response.status_code == 302
        assert client.get("/my").status_code == 200


def test_wrong_codes_end_the_pending_sign_in_whatever_the_address(app_factory, db, create_user):
    app = app_factory(SECOND_FACTOR_TRIES=5)
    staff = create_user(roles=("staff",))
    client = app.test_client()
    password_step(client, staff)
    statuses = [wrong_code(client, f"198.51.100.{i}").status_code for i in range(5)]
    assert statuses == [200, 200, 200, 200, 302]
    assert db.session.scalar(select(LoginSession).where(LoginSession.user_id == staff.id)) is None
    # The next guess needs the password again.
    assert client.get("/login/second-factor").headers["Location"].startswith("/login")


def test_wrong_codes_are_limited_per_account_across_sign_ins(app_factory, create_user):
    app = app_factory(SECOND_FACTOR_TRIES=100, SECOND_FACTOR_ACCOUNT_LIMIT="3 per 15 minutes")
    staff = create_user(roles=("staff",))
    statuses = []
    for n in range(2):
        client = app.test_client()
        password_step(client, staff, f"203.0.113.{n}")
        statuses += [wrong_code(client, f"203.0.113.{n}").status_code for _ in range(2)]
    assert statuses == [200, 200, 200, 429]


def test_wrong_codes_are_logged(app, create_user, caplog):
    staff = create_user(roles=("staff",))
    client = app.test_client()
    password_step(client, staff)
    with caplog.at_level(logging.WARNING, logger="kcc.security"):
        wrong_code(client, "192.0.2.55")
    lines = [r.getMessage() for r in caplog.records if r.name == "kcc.security"]
    records = [json.loads(line.split(" ", 1)[1]) for line in lines]
    failure = next(r for r in records if r["event"] == "authn_second_factor_fail")
    assert failure["user_id"] == staff.id and failure["address"] == "192.0.2.55"
    assert "000000" not in " ".join(lines)  # no secrets in the log


def test_first_set_up_of_a_staff_authenticator_needs_the_mailed_link(app, db, create_user, mailbox):
    """Knowing a staff member's password is not enough to enrol one's own authenticator."""
    staff = create_user(roles=("staff",), totp=False)
    attacker = app.test_client()
    password_step(attacker, staff)
    page = attacker.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" not in page  # no secret is offered
    token = csrf_token(attacker, "/account/two-factor")
    chosen = pyotp.random_base32()
    with attacker.session_transaction() as session:
        session["totp_setup_secret"] = chosen  # not possible with a signed cookie; worst case
    attacker.post(
        "/account/two-factor", data={"csrf_token": token, "code": pyotp.TOTP(chosen).now()}
    )
    db.session.refresh(staff)
    assert staff.totp_secret is None
    # A made-up or another person's link does nothing.
    assert attacker.get("/account/two-factor/confirm/made-up").status_code == 400
    # The owner asks for the link and opens it: the QR code appears.
    owner = app.test_client()
    password_step(owner, staff)
    owner.post(
        "/account/two-factor/send-link",
        data={"csrf_token": csrf_token(owner, "/account/two-factor")},
    )
    link = mailbox.link_in(mailbox.wait_for(staff.email), "/account/two-factor/confirm/")
    owner.get(link.removeprefix("http://localhost"))
    assert "<svg" in owner.get("/account/two-factor").get_data(as_text=True)
