"""Factory fixtures and the sign-in helper shared by every test module."""

from __future__ import annotations

import itertools
import re
from functools import cache

import pyotp
import pytest

from app.core.db import utcnow

DEFAULT_PASSWORD = "a long enough pass phrase 7"
_counter = itertools.count(1)


def password_hash_for(password: str) -> str:
    """The platform's hash of ``password``, made once per password and hash settings in this
    process: argon2 is slow by design, and the suite creates thousands of accounts. (The
    platform's own hashing, a new salt each time, is tested in tests/accounts.)"""
    from flask import current_app

    config = current_app.config
    return _hash_once(
        password,
        config["ARGON2_TIME_COST"],
        config["ARGON2_MEMORY_COST"],
        config["ARGON2_PARALLELISM"],
    )


@cache
def _hash_once(password: str, *settings: int) -> str:
    """Keyed on the settings too: ``hash_password`` reads them from the current app."""
    from app.accounts.passwords import hash_password

    return hash_password(password)


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a rendered form."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def totp_code_for(user) -> str:
    """A valid code for a step the user has not used yet."""
    totp = pyotp.TOTP(user.totp_secret)
    step = totp.timecode(utcnow())
    if user.totp_last_step is not None and user.totp_last_step >= step - 1:
        step = user.totp_last_step + 1
    return totp.generate_otp(step)


@pytest.fixture
def create_city(db):
    from app.cities.models import City

    def make(*, names=None, **overrides):
        """A city named in the five languages; ``names`` changes some of them (an empty
        one is left out: ``names={"ja": ""}`` makes a city without a Japanese name)."""
        n = next(_counter)
        default_names = {
            "en": f"Test City {n}",
            "zh_Hant_TW": f"測試市{n}",
            "ko": f"테스트시 {n}",
            "ja": f"テスト市{n}",
            "zh_Hans_CN": f"测试市{n}",
        }
        names = {k: v for k, v in {**default_names, **(names or {})}.items() if v}
        city = City(**{"country_code": "TW", **overrides, "names": names})
        db.session.add(city)
        db.session.commit()
        return city

    return make


@pytest.fixture
def create_user(db, create_city):
    from app.accounts.models import User, UserRole
    from app.core.roles import Role

    def make(roles=("official",), password=DEFAULT_PASSWORD, verified=True, totp=None, **overrides):
        n = next(_counter)
        city = overrides.pop("city", None) or create_city()
        user = User(
            email=overrides.pop("email", f"user{n}@example.org"),
            password_hash=password_hash_for(password),
            name_native=overrides.pop("name_native", f"使用者{n}"),
            name_latin=overrides.pop("name_latin", f"User {n}"),
            city_id=city.id,
            email_verified_at=utcnow() if verified else None,
            **overrides,
        )
        privileged = any(Role(r) in {Role.STAFF, Role.ADMIN} for r in roles)
        if totp if totp is not None else privileged:
            user.totp_secret = pyotp.random_base32()
            user.totp_enabled_at = utcnow()
        user.role_rows.extend(UserRole(role=r) for r in roles)
        db.session.add(user)
        db.session.commit()
        return user

    return make


def sign_in(client, user, password=DEFAULT_PASSWORD, remember=False):
    """Sign in through the real form (and the second factor when the user has one)."""
    token = csrf_token(client, "/login")
    data = {"csrf_token": token, "email": user.email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    if "/login/second-factor" in response.headers["Location"]:
        from app.extensions import db

        db.session.refresh(user)
        token = csrf_token(client, "/login/second-factor")  # the sign-in starts a new session
        response = client.post(
            "/login/second-factor", data={"csrf_token": token, "code": totp_code_for(user)}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        db.session.refresh(user)
    return response


def sign_in_directly(client, user) -> None:
    """Give ``client`` a complete sign-in of ``user`` (password and second factor done)
    without the forms: the login session row the sign-in makes, and the session cookie that
    names it. For tests of what a signed-in person may do; the forms themselves are tested
    with ``sign_in`` (tests/accounts, the browser journeys)."""
    from flask import session
    from flask_login import login_user

    from app.accounts.models import User
    from app.accounts.services.login_sessions import start_login_session
    from app.extensions import db

    with client.application.test_request_context():
        person = db.session.get(User, user.id)
        start_login_session(person, remember=False, second_factor_done=True)
        db.session.commit()
        login_user(person)
        values = dict(session)
    with client.session_transaction() as cookie_session:
        cookie_session.update(values)


@pytest.fixture
def login(client):
    def do(user, **kwargs):
        return sign_in(client, user, **kwargs)

    return do


def comparable(response, *secrets_and_inputs: str) -> str:
    """A page's HTML with what legitimately differs between two answers removed: the CSRF
    token (signed with a timestamp) and the address the visitor typed."""
    html = response.get_data(as_text=True)
    html = re.sub(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+"', r'\1TOKEN"', html)
    for value in secrets_and_inputs:
        html = html.replace(value, "INPUT")
    return html
