"""Issue 12 item 7 (SECURITY.md A8; ASVS 2.2.1, 11.1.4): guessing a password cannot lock its
owner out: a browser the account signed in from before passes the per-account limit, only
failed sign-ins count, and the per-address limit leaves room for an office behind one address."""

from __future__ import annotations

from limits import parse

from config import Config
from tests.factories import DEFAULT_PASSWORD, csrf_token, sign_in


def attempt(client, email, password, address):
    return client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_a_known_device_gets_through_while_the_account_is_under_attack(app_factory, create_user):
    app = app_factory(ACCOUNT_RATE_LIMIT="3 per 15 minutes", LOGIN_RATE_LIMIT="100 per minute")
    owner = create_user(roles=("staff",))
    laptop = app.test_client()
    sign_in(laptop, owner)  # with the second factor: the laptop is now known
    laptop.post("/logout", data={"csrf_token": csrf_token(laptop, "/account")})
    attacker = app.test_client()
    statuses = [attempt(attacker, owner.email, "guess", f"203.0.113.{i}") for i in range(5)]
    assert statuses[-1] == 429
    # The owner, from the laptop at another address, with the right password: in.
    assert attempt(laptop, owner.email, DEFAULT_PASSWORD, "198.51.100.9") == 302
    # A browser the account never used is still throttled, even with the right password.
    assert attempt(app.test_client(), owner.email, DEFAULT_PASSWORD, "198.51.100.10") == 429


def test_only_failed_sign_ins_count_against_an_address(app_factory, create_user):
    app = app_factory(LOGIN_RATE_LIMIT="3 per 5 minutes", ACCOUNT_RATE_LIMIT="100 per minute")
    office = "192.0.2.200"
    people = [create_user() for _ in range(5)]
    assert [attempt(app.test_client(), p.email, DEFAULT_PASSWORD, office) for p in people] == [
        302
    ] * 5
    client = app.test_client()
    assert [attempt(client, f"x{i}@example.org", "wrong", office) for i in range(4)] == [
        200,
        200,
        200,
        429,
    ]


def test_the_per_address_limit_is_generous_and_configurable(monkeypatch):
    assert parse(Config.LOGIN_RATE_LIMIT).amount >= 50
    import importlib

    import config

    monkeypatch.setenv("LOGIN_RATE_LIMIT", "500 per hour")
    try:
        assert importlib.reload(config).Config.LOGIN_RATE_LIMIT == "500 per hour"
    finally:
        monkeypatch.delenv("LOGIN_RATE_LIMIT")
        importlib.reload(config)
