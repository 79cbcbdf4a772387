"""Issue 12 item 2 (SECURITY.md A8, 5.0 15.3.4): the client address behind a proxy comes from
exactly TRUSTED_PROXY_HOPS forwarding entries, so one client cannot lock everyone out and a
forged X-Forwarded-For does not escape its limit."""

from __future__ import annotations

from tests.factories import csrf_token

PROXY = "127.0.0.1"  # every request reaches gunicorn from the proxy


def bad_login(client, forwarded_for: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    token = csrf_token(client)
    return client.post(
        "/login",
        data={"csrf_token": token, "email": "someone@example.org", "password": "wrong"},
        headers=headers,
        environ_base={"REMOTE_ADDR": PROXY},
    ).status_code


def limited_app(app_factory, **settings):
    return app_factory(
        LOGIN_RATE_LIMIT="3 per 5 minutes", ACCOUNT_RATE_LIMIT="1000 per minute", **settings
    )


def test_without_trusted_hops_forwarded_for_is_ignored(app_factory):
    """Default (0 hops): the header is not read; the connecting address decides."""
    app = limited_app(app_factory)
    assert app.config["TRUSTED_PROXY_HOPS"] == 0
    client = app.test_client()
    assert [bad_login(client, f"198.51.100.{i}") for i in range(3)] == [200] * 3
    assert bad_login(client, "203.0.113.9") == 429  # a new header value changes nothing


def test_one_trusted_hop_limits_clients_behind_the_proxy_separately(app_factory):
    """With 1 hop, the proxy's entry names the client: two clients have their own limits,
    and a client that sends its own X-Forwarded-For is still known by the proxy's entry."""
    app = limited_app(app_factory, TRUSTED_PROXY_HOPS=1)
    client = app.test_client()
    first, second = "198.51.100.7", "203.0.113.5"
    assert [bad_login(client, first) for _ in range(3)] == [200] * 3
    assert bad_login(client, first) == 429
    assert bad_login(client, second) == 200  # another person behind the same proxy
    # The first client forges an address; the proxy appends the real one on the right.
    assert bad_login(client, f"192.0.2.77, {first}") == 429
    assert bad_login(client, f"{second}, {first}") == 429


def test_trusted_hops_also_set_the_recorded_address(app_factory, create_user, create_city, db):
    """The audit log records the client's address from the proxy's entry, not the proxy's."""
    from sqlalchemy import select

    from app.core.audit import AuditEvent
    from tests.factories import sign_in

    app = app_factory(TRUSTED_PROXY_HOPS=1)
    user = create_user()
    client = app.test_client()
    client.environ_base.update(
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.20"}
    )
    sign_in(client, user)
    client.post(
        "/account/city",
        data={"csrf_token": csrf_token(client, "/account/city"), "city_id": str(create_city().id)},
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.actor_id == user.id))
    assert event.ip_address == "198.51.100.20"
