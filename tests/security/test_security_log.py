"""Issue 12 item 11 (SECURITY.md 7.1.x, 7.2.1, A8): one structured security log line per failed
sign-in (account, address, time), failed second factor, 403 and 429; never a secret."""

from __future__ import annotations

import json
import logging

import pytest

from tests.factories import csrf_token, sign_in

SECRET = "S3cr3t-canary-password-1"


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.WARNING, logger="kcc.security")

    def read() -> list[dict]:
        return [
            json.loads(r.getMessage().split(" ", 1)[1])
            for r in caplog.records
            if r.name == "kcc.security"
        ]

    return read


def test_failed_sign_in_names_account_address_and_time(app, create_user, security_lines, caplog):
    person = create_user()
    client = app.test_client()
    client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "email": person.email, "password": SECRET},
        environ_base={"REMOTE_ADDR": "198.51.100.4"},
    )
    line = next(e for e in security_lines() if e["event"] == "authn_login_fail")
    assert line["user_id"] == person.id and line["account"] == person.email
    assert line["address"] == "198.51.100.4" and line["at"] and line["path"] == "/login"
    assert SECRET not in caplog.text


def test_refusals_403_and_429_are_logged(app_factory, create_user, security_lines):
    app = app_factory(LOGIN_RATE_LIMIT="1 per minute")
    official = create_user()
    client = app.test_client()
    sign_in(client, official)
    assert client.get("/staff/users").status_code == 403
    denied = next(e for e in security_lines() if e["event"] == "authz_fail")
    assert denied["user_id"] == official.id and denied["path"] == "/staff/users"
    other = app.test_client()
    for _ in range(2):
        other.post(
            "/login",
            data={"csrf_token": csrf_token(other), "email": "x@example.org", "password": "x"},
        )
    limited = next(e for e in security_lines() if e["event"] == "rate_limit_exceeded")
    assert limited["status"] == 429 and limited["user_id"] is None
