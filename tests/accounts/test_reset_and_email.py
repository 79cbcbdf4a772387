"""Password reset (A5–A7), e-mail change (A4) and profile edits (C5)."""

from __future__ import annotations

import asyncio
import re
import statistics
import time

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.core.db import utcnow
from tests.conftest import free_port
from tests.factories import DEFAULT_PASSWORD, comparable, csrf_token

NEW_PASSWORD = "the harbour lights at dusk 88"


def request_reset(client, email, **headers):
    token = csrf_token(client, "/forgot-password")
    return client.post(
        "/forgot-password", data={"csrf_token": token, "email": email}, headers=headers
    )


def reset_path(mailbox, user) -> str:
    link = mailbox.link_in(mailbox.to(user.email)[-1], "/reset-password/")
    return link.removeprefix("http://localhost")


def choose_password(client, path, password=NEW_PASSWORD, **extra):
    token = csrf_token(client, "/forgot-password")
    return client.post(
        path, data={"csrf_token": token, "password": password, "confirm": password, **extra}
    )


def test_reset_link_works_once(client, db, create_user, mailbox):
    """A5 (a): the second use of a reset link fails."""
    user = create_user()
    request_reset(client, user.email)
    path = reset_path(mailbox, user)
    assert choose_password(client, path).status_code == 302
    assert choose_password(client, path, "yet another pass phrase 9").status_code == 400
    db.session.refresh(user)
    from app.accounts.passwords import verify_password

    assert verify_password(user.password_hash, NEW_PASSWORD)


def test_reset_link_expires_after_an_hour(client, db, create_user, mailbox, time_machine):
    """A5 (b)."""
    time_machine.move_to(utcnow(), tick=True)
    user = create_user()
    request_reset(client, user.email)
    path = reset_path(mailbox, user)
    time_machine.shift(61 * 60)
    assert client.get(path).status_code == 400
    assert choose_password(client, path).status_code == 400


def test_older_link_dies_when_password_changes(client, db, create_user, mailbox):
    """A5 (c) and (d): an older token after a change, and a tampered token, are invalid."""
    user = create_user()
    request_reset(client, user.email)
    old_path = reset_path(mailbox, user)
    request_reset(client, user.email)
    new_path = reset_path(mailbox, user)
    assert choose_password(client, new_path).status_code == 302
    assert client.get(old_path).status_code == 400
    tampered = new_path[:-3] + ("xyz" if not new_path.endswith("xyz") else "abc")
    assert client.get(tampered).status_code == 400


def test_reset_form_ignores_a_user_id(client, db, create_user, mailbox):
    """A5 (e): the token alone decides whose password changes."""
    alice, bob = create_user(), create_user()
    request_reset(client, alice.email)
    path = reset_path(mailbox, alice)
    bob_hash = bob.password_hash
    assert choose_password(client, path, user_id=str(bob.id)).status_code == 302
    db.session.refresh(bob)
    assert bob.password_hash == bob_hash


def test_reset_link_uses_the_configured_base_url(client, create_user, mailbox):
    """A6: neither Host nor X-Forwarded-Host reaches the link in the mail (both requests are
    accepted and send their mail, so the check below has something to look at)."""
    user = create_user()
    # The form is fetched under the forged Host too: the session cookie (and with it the CSRF
    # token) belongs to the host that set it.
    forged = client.get("/forgot-password", headers={"Host": "evil.example"})
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', forged.get_data(True))
    response = client.post(
        "/forgot-password",
        data={"csrf_token": token.group(1), "email": user.email},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 200
    assert (
        request_reset(client, user.email, **{"X-Forwarded-Host": "evil.example"}).status_code == 200
    )
    assert len(mailbox.to(user.email)) == 2
    for message in mailbox.to(user.email):
        assert "evil.example" not in mailbox.text_of(message)
        assert mailbox.link_in(message, "/reset-password/").startswith("http://localhost/")


class _SlowMailbox:
    """An SMTP server that takes SLOW_SMTP seconds to accept each mail: SMTP inside the
    request path would then add that much to every answer for a known address."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(SLOW_SMTP)
        self.received += 1
        return "250 OK"


SLOW_SMTP = 0.3


@pytest.mark.real_commits  # the mail leaves on the application's background thread
def test_known_and_unknown_addresses_answer_alike(app_factory, create_user):
    """A7: guards against address enumeration: same status, body and cookies, and the same
    time as a client sees it. The SMTP server here takes 0.3 s per mail, so a delivery in the
    request path would make every known-address answer at least that much slower."""
    handler = _SlowMailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        application = app_factory(MAIL_PORT=controller.port)
        # A plain client, as a browser: it does not wait for the work handed to the background.
        application.test_client_class = FlaskClient
        client = application.test_client()
        user = create_user()
        known = request_reset(client, user.email)
        unknown = request_reset(client, "nobody@example.org")
        assert known.status_code == unknown.status_code == 200
        assert comparable(known, user.email) == comparable(unknown, "nobody@example.org")
        assert [c.split("=")[0] for c in known.headers.getlist("Set-Cookie")] == [
            c.split("=")[0] for c in unknown.headers.getlist("Set-Cookie")
        ]

        def answer_time(email) -> float:
            """Seconds until the whole answer is in the client's hands."""
            token = csrf_token(client, "/forgot-password")
            started = time.perf_counter()
            response = client.post(
                "/forgot-password", data={"csrf_token": token, "email": email}, buffered=False
            )
            response.get_data()
            answered = time.perf_counter() - started
            response.close()
            return answered

        differences = []
        for _ in range(9):  # interleaved, so a busy machine slows both sides alike
            differences.append(answer_time(user.email) - answer_time("nobody@example.org"))
        client.application.extensions["kcc_jobs"].wait_until_idle()
        assert handler.received >= 1 + 9  # every known request did send its mail
        assert statistics.median(differences) < SLOW_SMTP / 2, differences
    finally:
        controller.stop()


def test_email_change_is_confirmed_by_the_new_address(client, db, create_user, login, mailbox):
    """A4: a notice goes to the old address; the change waits for the new one's link."""
    user = create_user(email="old@example.org")
    login(user)
    token = csrf_token(client, "/account/email")
    response = client.post(
        "/account/email",
        data={
            "csrf_token": token,
            "email": "new@example.org",
            "current_password": DEFAULT_PASSWORD,
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "old@example.org"
    assert mailbox.to("old@example.org"), "the old address is told"
    link = mailbox.link_in(mailbox.to("new@example.org")[0], "/account/email/confirm/")
    client.get(link.removeprefix("http://localhost"))
    db.session.refresh(user)
    assert user.email == "new@example.org"


def test_email_change_with_wrong_password_changes_nothing(client, db, create_user, login, mailbox):
    user = create_user(email="stay@example.org")
    login(user)
    token = csrf_token(client, "/account/email")
    response = client.post(
        "/account/email",
        data={"csrf_token": token, "email": "other@example.org", "current_password": "wrong one"},
    )
    assert response.status_code == 200
    assert not mailbox.to("other@example.org")


def test_profile_ignores_extra_fields(client, db, create_user, create_city, login):
    """C5: role, city, activation or verification cannot be set through the profile form."""
    user = create_user(verified=True)
    other_city = create_city()
    login(user)
    token = csrf_token(client, "/account")
    response = client.post(
        "/account",
        data={
            "csrf_token": token,
            "name_native": "新名字",
            "name_latin": "New Name",
            "city_id": str(other_city.id),
            "department": "Planning",
            "job_title": "Officer",
            "locale": "ja",
            "timezone": "Asia/Tokyo",
            "role": "admin",
            "roles": "admin",
            "is_enabled": "0",
            "email": "hijack@example.org",
            "email_verified_at": "",
            "id": "999",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.name_native == "新名字" and user.locale == "ja" and user.timezone == "Asia/Tokyo"
    assert user.city_id != other_city.id  # only staff change a city (issue 12 item 1)
    assert {r.value for r in user.roles} == {"official"}
    assert user.is_enabled and user.email != "hijack@example.org"
    assert user.email_verified_at is not None


def test_profile_refuses_unknown_time_zone_and_city(client, db, create_user, login):
    user = create_user()
    login(user)
    token = csrf_token(client, "/account")
    response = client.post(
        "/account",
        data={
            "csrf_token": token,
            "name_native": "X",
            "name_latin": "X",
            "city_id": "99999",
            "locale": "xx",
            "timezone": "Mars/Olympus",
        },
    )
    assert response.status_code == 200
    db.session.refresh(user)
    assert user.timezone == "Asia/Taipei" and user.locale == "en"
    assert db.session.scalar(select(User.name_native).where(User.id == user.id)) != "X"


def test_resend_confirmation_answers_alike(client, create_user, mailbox):
    """A7 on /verify/resend: known, unverified and unknown addresses get the same page."""
    verified = create_user()
    unverified = create_user(verified=False)
    bodies = []
    for email in (verified.email, unverified.email, "nobody@example.org"):
        token = csrf_token(client, "/verify/resend")
        response = client.post("/verify/resend", data={"csrf_token": token, "email": email})
        assert response.status_code == 200
        bodies.append(comparable(response, email))
    assert bodies[0] == bodies[1] == bodies[2]
    assert len(mailbox.to(unverified.email)) == 1
    assert mailbox.to(verified.email) == []


@pytest.mark.parametrize("new_locale", ["ja", "ko", "zh_Hant_TW"])
def test_the_saved_message_is_in_the_language_just_chosen(
    app, client, db, create_user, login, new_locale
):
    """Changing the profile language answers in the new language, not the old one."""
    from flask_babel import force_locale, gettext

    user = create_user(locale="en")
    login(user)
    token = csrf_token(client, "/account")
    response = client.post(
        "/account",
        data={
            "csrf_token": token,
            "name_native": user.name_native,
            "name_latin": user.name_latin,
            "city_id": str(user.city_id),
            "locale": new_locale,
            "timezone": "Asia/Tokyo",
        },
        follow_redirects=True,
    )
    with app.test_request_context(), force_locale(new_locale):
        expected = gettext("Your profile has been saved.")
    assert expected != "Your profile has been saved."
    assert expected in response.get_data(as_text=True)


def test_each_mailed_link_states_the_lifetime_its_page_reads_it_with(app_factory, create_user):
    """The four link mails (services/link_mails.py) each say how long their link lives, from
    the same setting the page that opens it uses, and send it to the right address."""
    from datetime import timedelta

    from app.accounts.services import authenticator, email_change, password_change, registration
    from app.extensions import db as database
    from app.notifications.models import OutboxMail

    app = app_factory(
        EMAIL_TOKEN_MAX_AGE=timedelta(hours=30),
        RESET_TOKEN_MAX_AGE=timedelta(minutes=25),
        TOTP_SETUP_TOKEN_MAX_AGE=timedelta(minutes=35),
    )
    user_id = create_user(email="linked@example.org").id
    with app.app_context():
        user = database.session.get(User, user_id)
        registration.send_verification_mail(user)
        password_change.send_reset_mail(user)
        authenticator.send_totp_setup_mail(user)
        email_change.request_email_change(user, "moved@example.org", DEFAULT_PASSWORD)
        mails = {
            mail.kind: (mail.to_address, mail.user_id, mail.body_text)
            for mail in database.session.scalars(select(OutboxMail))
        }
        database.session.rollback()
    assert "valid for 30 hours" in mails["verify_email"][2]
    assert "valid for 25 minutes" in mails["reset_password"][2]
    assert "within 35 minutes" in mails["two_factor_setup"][2]
    links = {
        "verify_email": "/verify/",
        "reset_password": "/reset-password/",
        "two_factor_setup": "/account/two-factor/confirm/",
        "confirm_email_change": "/account/email/confirm/",
    }
    for kind, path in links.items():
        to_address, mail_user_id, text = mails[kind]
        assert f"http://localhost{path}" in text, kind
        assert mail_user_id == user_id
        expected = "moved@example.org" if kind == "confirm_email_change" else "linked@example.org"
        assert to_address == expected, kind
