"""Registration, e-mail verification through the real SMTP server, and password rules."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.accounts.models import User
from app.core.db import utcnow
from app.core.roles import Role
from tests.factories import comparable, csrf_token


def registration_data(client, city, **overrides):
    data = {
        "csrf_token": csrf_token(client, "/register"),
        "email": "New.Official@Example.org",
        "password": "rivers and bridges of Kaohsiung 2031",
        "confirm": "rivers and bridges of Kaohsiung 2031",
        "name_native": "王小明",
        "name_latin": "Wang Hsiao-ming",
        "city_id": str(city.id),
        "department": "Environmental Protection Bureau",
        "job_title": "Section chief",
        "locale": "zh_Hant_TW",
        "timezone": "Asia/Taipei",
    }
    data.update(overrides)
    return data


def test_register_verify_and_sign_in(client, db, create_city, mailbox):
    city = create_city()
    response = client.post("/register", data=registration_data(client, city))
    assert response.status_code == 200
    user = db.session.scalar(select(User).where(User.email == "new.official@example.org"))
    assert user is not None and user.roles == {Role.OFFICIAL}
    assert user.email_verified_at is None
    assert user.city_id == city.id and user.locale == "zh_Hant_TW"

    # Unverified accounts cannot sign in yet.
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": user.email,
            "password": "rivers and bridges of Kaohsiung 2031",
        },
    )
    assert response.status_code == 200
    assert "/logout" not in response.get_data(as_text=True)

    mails = mailbox.to("new.official@example.org")
    assert mails, "the verification mail reached the SMTP server"
    first = mails[0]
    # Written in the reader's language (Traditional Chinese), not the sender's.
    with force_locale("zh_Hant_TW"):
        expected_subject = gettext("Confirm your e-mail address for KCC Academy")
    assert expected_subject != "Confirm your e-mail address for KCC Academy"
    assert first["Subject"] == expected_subject
    link = mailbox.link_in(first, "/verify/")
    assert link.startswith("http://localhost/verify/")

    response = client.get(link.removeprefix("http://localhost"))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email_verified_at is not None

    response = client.post(
        "/login",
        data={
            "csrf_token": csrf_token(client),
            "email": user.email,
            "password": "rivers and bridges of Kaohsiung 2031",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200


def test_tampered_or_expired_verification_link_is_refused(
    client, db, create_city, mailbox, time_machine
):
    time_machine.move_to(utcnow(), tick=True)
    city = create_city()
    client.post("/register", data=registration_data(client, city))
    link = mailbox.link_in(mailbox.to("new.official@example.org")[0], "/verify/")
    path = link.removeprefix("http://localhost")
    assert client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB")).status_code == 400
    time_machine.shift(49 * 3600)
    assert client.get(path).status_code == 400
    user = db.session.scalar(select(User).where(User.email == "new.official@example.org"))
    assert user.email_verified_at is None


def test_registration_with_existing_email_looks_identical(
    client, db, create_user, create_city, mailbox
):
    """The page never tells whether an account exists; the owner is told by mail instead."""
    existing = create_user(email="taken@example.org")
    city = create_city()
    fresh = client.post("/register", data=registration_data(client, city, email="free@example.org"))
    taken = client.post(
        "/register", data=registration_data(client, city, email="TAKEN@example.org")
    )
    assert fresh.status_code == taken.status_code == 200
    assert comparable(fresh, "free@example.org") == comparable(taken, "TAKEN@example.org")
    assert (
        db.session.scalar(select(User).where(User.email == "taken@example.org")).id == existing.id
    )
    assert len(db.session.scalars(select(User).where(User.email == "taken@example.org")).all()) == 1
    assert any("sign in" in mailbox.text_of(m).lower() for m in mailbox.to("taken@example.org"))


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short pass1", False),  # 11 characters (A1)
        ("x" * 129, False),  # over 128 (A1)
        ("🌏 a sixty four character passphrase with spaces and emoji 🌱 ok!!", True),
        ("123456789012", False),  # A2
        ("password1234", False),
        ("Password2024!", False),
        ("Kaohsiung2025", False),  # platform name + year
        ("aaaaaaaaaaaaaaaa", False),
    ],
)
def test_password_rules(client, db, create_city, password, accepted):
    city = create_city()
    data = registration_data(
        client, city, password=password, confirm=password, email="rules@example.org"
    )
    response = client.post("/register", data=data)
    created = db.session.scalar(select(User).where(User.email == "rules@example.org"))
    assert (created is not None) is accepted
    if not accepted:
        assert 'class="error-message"' in response.get_data(as_text=True)


def test_password_hashes_are_argon2_with_unique_salts(client, db, create_city):
    """A3: memory-hard hashing, and two equal passwords give different hashes (two people
    registering with the same password)."""
    city = create_city()
    hashes = []
    for email in ("first.salt@example.org", "second.salt@example.org"):
        response = client.post("/register", data=registration_data(client, city, email=email))
        assert response.status_code == 200
        hashes.append(db.session.scalar(select(User.password_hash).where(User.email == email)))
    assert hashes[0].startswith("$argon2id$")
    assert hashes[0] != hashes[1]


def test_long_password_is_not_truncated(client, create_user):
    """A1: a 100-character password does not match its 72-byte prefix (no bcrypt truncation)."""
    password = "correct horse battery staple " * 4
    user = create_user(password=password[:100])
    token = csrf_token(client)
    response = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": password[:72]}
    )
    assert response.status_code == 200  # form re-rendered with the error
    response = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": password[:100]}
    )
    assert response.status_code == 302


def test_form_errors_are_translated_and_change_nothing(client, db, create_city):
    city = create_city()
    client.post("/language", data={"locale": "ko", "csrf_token": csrf_token(client, "/register")})
    data = registration_data(client, city, email="not-an-address", confirm="different")
    response = client.post("/register", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    with force_locale("ko"):
        expected = gettext("The passwords do not match.")
    assert expected != "The passwords do not match."
    assert expected in html
    assert '<html lang="ko">' in html
    assert db.session.scalar(select(User)) is None
