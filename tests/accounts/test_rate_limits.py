"""G: sign-in, reset and registration are throttled per account and per address."""

from __future__ import annotations

import uuid

from tests.factories import csrf_token


def _attempt(client, email, address):
    token = csrf_token(client)
    return client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": "wrong password"},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_one_account_from_many_addresses_is_throttled(app_factory, create_user):
    """A8 (b): changing the address (or X-Forwarded-For) does not reset the account's limit."""
    app = app_factory(ACCOUNT_RATE_LIMIT="5 per 15 minutes", LOGIN_RATE_LIMIT="100 per minute")
    user = create_user()
    client = app.test_client()
    statuses = [_attempt(client, user.email, f"10.0.0.{i}") for i in range(6)]
    assert statuses == [200] * 5 + [429]
    other = create_user()
    assert _attempt(client, other.email, "10.0.1.1") == 200  # other accounts are not locked


def test_many_accounts_from_one_address_are_throttled(app_factory):
    """A8 (c): password spraying from one address."""
    app = app_factory(ACCOUNT_RATE_LIMIT="100 per minute", LOGIN_RATE_LIMIT="5 per 5 minutes")
    client = app.test_client()
    statuses = [_attempt(client, f"person{i}@example.org", "192.0.2.7") for i in range(6)]
    assert statuses == [200] * 5 + [429]
    assert _attempt(client, "person@example.org", "192.0.2.8") == 200


def test_forwarded_for_header_is_ignored(app_factory):
    app = app_factory(ACCOUNT_RATE_LIMIT="100 per minute", LOGIN_RATE_LIMIT="3 per 5 minutes")
    client = app.test_client()
    for i in range(3):
        token = csrf_token(client)
        client.post(
            "/login",
            data={"csrf_token": token, "email": f"p{i}@example.org", "password": "x"},
            headers={"X-Forwarded-For": f"1.2.3.{i}"},
        )
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"csrf_token": token, "email": "q@example.org", "password": "x"},
        headers={"X-Forwarded-For": "9.9.9.9"},
    )
    assert response.status_code == 429


def test_reset_and_registration_are_throttled(app_factory, create_city):
    app = app_factory(RESET_RATE_LIMIT="2 per minute", REGISTRATION_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = []
    for _ in range(3):
        token = csrf_token(client, "/forgot-password")
        statuses.append(
            client.post(
                "/forgot-password", data={"csrf_token": token, "email": "someone@example.org"}
            ).status_code
        )
    assert statuses == [200, 200, 429]
    statuses = []
    for _ in range(3):
        token = csrf_token(client, "/register")
        statuses.append(client.post("/register", data={"csrf_token": token}).status_code)
    assert statuses == [200, 200, 429]


def test_limits_are_shared_through_redis(app_factory, redis):
    """Two app processes (workers) count against the same limit when Redis is configured."""
    prefix = f"kcc-test-{uuid.uuid4().hex[:8]}"
    settings = {
        **redis.settings,
        "RATELIMIT_KEY_PREFIX": prefix,
        "ACCOUNT_RATE_LIMIT": "100 per minute",
        "LOGIN_RATE_LIMIT": "4 per minute",
    }
    first = app_factory(**settings).test_client()
    statuses = [_attempt(first, f"a{i}@example.org", "198.51.100.1") for i in range(2)]
    second = app_factory(**settings).test_client()
    statuses += [_attempt(second, f"b{i}@example.org", "198.51.100.1") for i in range(3)]
    assert statuses == [200, 200, 200, 200, 429]
    # Counted in this run's Redis (the limiter keeps the first key prefix it saw in a process,
    # so the address, not the prefix, identifies the count).
    keys = [key.decode() for key in redis.connection().scan_iter()]
    assert any("198.51.100.1/accounts.login/4/1/minute" in key for key in keys), keys
