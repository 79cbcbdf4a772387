"""Translated error pages without leaks (L1), health check, and production start-up (B7, K1)."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext

from app import ConfigurationError, create_app
from config import ProductionConfig
from tests.factories import csrf_token


@pytest.mark.parametrize("locale", ["en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN"])
def test_not_found_page_is_translated(app, client, locale):
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": locale})
    response = client.get("/no/such/page")
    assert response.status_code == 404
    with app.test_request_context(), force_locale(locale):
        assert gettext("Page not found") in response.get_data(as_text=True)


def test_internal_error_hides_details(app_factory, caplog):
    """L1: a crash shows a generic page with a reference, and the log has the traceback."""
    app = app_factory()

    @app.route("/boom")
    def boom():
        raise RuntimeError("SECRET-canary /srv/app")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "SECRET-canary" not in html and "Traceback" not in html and "/srv/app" not in html
    error_id = re.search(r"unhandled error (\w+)", caplog.text).group(1)
    assert error_id in html  # the page's reference leads to the logged traceback
    assert "SECRET-canary" in caplog.text


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.is_json and response.json["status"] == 404


def test_too_many_requests_page_is_translated(app_factory, create_user):
    app = app_factory(LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ja"})
    token = csrf_token(client)
    statuses = [
        client.post(
            "/login",
            data={"csrf_token": token, "email": f"x{i}@example.org", "password": "wrong password"},
        ).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = client.post(
        "/login", data={"csrf_token": token, "email": "y@example.org", "password": "wrong password"}
    )
    assert response.headers.get("Retry-After")
    with app.test_request_context(), force_locale("ja"):
        assert gettext("Too many requests") in response.get_data(as_text=True)


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}


def test_healthz_reports_redis_when_configured(app_factory, redis):
    ok = app_factory(**redis.settings).test_client().get("/healthz")
    assert ok.json["checks"]["redis"] == "ok"
    down = app_factory(REDIS_URL="redis://127.0.0.1:1/0").test_client().get("/healthz")
    assert down.status_code == 503 and down.json["checks"]["redis"] == "unavailable"


class _Production(ProductionConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_SERVER = "127.0.0.1"


@pytest.mark.parametrize("key", ["", "dev", "changeme", "short-key-1234"])
def test_production_refuses_a_weak_secret_key(key):
    """B7."""

    class Config(_Production):
        SECRET_KEY = key

    with pytest.raises(ConfigurationError):
        create_app(Config)


def test_production_requires_mail_settings():
    class Config(_Production):
        SECRET_KEY = "x" * 48
        MAIL_SERVER = ""

    with pytest.raises(ConfigurationError):
        create_app(Config)


def test_production_turns_debug_off(monkeypatch):
    """K1: FLASK_DEBUG in the environment neither switches the production checks off nor the
    debugger on (as gunicorn loads the app: ``create_app``, which reads no FLASK_DEBUG; debug
    stays off because the production configuration says so, and the checks still run)."""
    monkeypatch.setenv("FLASK_DEBUG", "1")

    class Weak(_Production):
        SECRET_KEY = "dev"

    with pytest.raises(ConfigurationError):  # the check ran despite FLASK_DEBUG
        create_app(Weak)

    class Config(_Production):
        SECRET_KEY = "x" * 48
        BASE_URL = "https://academy.example.org"  # production answers only to its own host

    app = create_app(Config)
    assert app.debug is False and app.config["DEBUG"] is False
    assert "/console" not in {rule.rule for rule in app.url_map.iter_rules()}
    response = app.test_client().get(
        "/no-such-page?__debugger__=yes&cmd=resource&f=style.css",
        base_url="https://academy.example.org",
    )
    assert response.status_code == 404  # no debugger behind any address


def test_forged_session_cookie_is_rejected(app, create_user):
    """B7: a cookie signed with a guessable key is not accepted."""
    from flask.sessions import SecureCookieSessionInterface
    from itsdangerous import URLSafeTimedSerializer

    forged = URLSafeTimedSerializer(
        "dev",
        salt="cookie-session",
        serializer=SecureCookieSessionInterface.serializer,
        signer_kwargs={
            "key_derivation": "hmac",
            "digest_method": SecureCookieSessionInterface.digest_method,
        },
    ).dumps({"_user_id": "x"})
    client = app.test_client()
    client.set_cookie("__Host-session", forged)
    assert client.get("/account").status_code == 302
