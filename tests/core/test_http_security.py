"""F: CSRF on every form and headers on every response; D7 redirects; C1 methods; K4 files."""

from __future__ import annotations

import pytest

from tests.core.access_matrix import ACCESS
from tests.factories import csrf_token, sign_in

POST_ROUTES = sorted(endpoint for endpoint, method in ACCESS if method == "POST")


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_every_post_needs_a_csrf_token(app, create_user, create_city, endpoint):
    """F1: without a token, or with another session's token, a POST is refused (400)."""
    from flask import url_for

    admin = create_user(roles=("admin", "staff"))
    city = create_city()
    client, stranger = app.test_client(), app.test_client()
    sign_in(client, admin)
    foreign_token = csrf_token(stranger, "/login")
    rule = max(
        (r for r in app.url_map.iter_rules() if r.endpoint == endpoint),
        key=lambda r: len(r.arguments),
    )
    values = {
        "user_id": admin.id,
        "city_id": city.id,
        "token": "x",
        "mail_id": 1,
        "notification_id": 1,
        "offering_id": 1,
        "session_id": 1,
        "module_id": 1,
        "locale": "en",
        "enrolment_id": 1,
        "material_id": 1,
        "plan_id": 1,
        "certificate_id": 1,
        "question_id": 1,
        "fmt": "csv",
    }
    with app.test_request_context():
        url = url_for(endpoint, **{k: values[k] for k in rule.arguments})
    assert client.post(url, data={}).status_code == 400
    assert client.post(url, data={"csrf_token": foreign_token}).status_code == 400
    assert client.get("/account").status_code == 200  # still signed in, nothing changed


def test_login_form_is_protected_against_login_csrf(client, create_user):
    """F2."""
    user = create_user()
    response = client.post("/login", data={"email": user.email, "password": "whatever it is"})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/", "/login", "/account", "/no-such-page", "/healthz"])
def test_security_headers_on_every_response(client, create_user, login, path):
    """F5."""
    login(create_user())
    response = client.get(path)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    if headers["Content-Type"].startswith("text/"):
        assert "charset=utf-8" in headers["Content-Type"]


def test_token_pages_send_no_referrer(client):
    assert client.get("/reset-password/abc").headers["Referrer-Policy"] == "no-referrer"


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]


def test_no_inline_script_in_pages(client):
    html = client.get("/register").get_data(as_text=True)
    assert "<script>" not in html and "onclick=" not in html and "javascript:" not in html


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "https:evil.example",
        "https://app.example@evil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x=y",
    ],
)
def test_open_redirects_are_refused(client, create_user, target):
    """D7: after sign-in and after a language change, only local paths are followed."""
    user = create_user()
    token = csrf_token(client, "/login")
    response = client.post("/language", data={"csrf_token": token, "locale": "ja", "next": target})
    assert response.headers["Location"].startswith("/")
    assert not response.headers["Location"].startswith(("//", "/\\"))
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]
    response = client.post(
        "/login?next=" + target,
        data={"csrf_token": token, "email": user.email, "password": "a long enough pass phrase 7"},
    )
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "\r" not in location and "\n" not in location and "javascript:" not in location


def test_local_next_is_followed(client, create_user):
    user = create_user()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login?next=/account/password",
        data={"csrf_token": token, "email": user.email, "password": "a long enough pass phrase 7"},
    )
    assert response.headers["Location"] == "/account/password"


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_unknown_methods_get_405(client, method):
    """C1 / C10."""
    assert client.open("/login", method=method).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/.git/config",
        "/.env",
        "/config.py",
        "/static/../config.py",
        "/migrations/env.py",
        "/instance/kcc.sqlite3",
    ],
)
def test_only_static_files_are_served(client, path):
    """K4."""
    assert client.get(path).status_code == 404


def test_language_switch_validates_the_locale(client):
    """D12: only shipped locales; nothing else is accepted or stored."""
    token = csrf_token(client)
    for bad in ("../../etc/passwd", "xx_INVALID", ""):
        assert (
            client.post("/language", data={"csrf_token": token, "locale": bad}).status_code == 400
        )
    response = client.get("/", headers={"Accept-Language": "../../, xx;q=0.9"})
    assert '<html lang="en">' in response.get_data(as_text=True)


def test_large_body_is_refused(client):
    """D11: a body over the limit gets 413 before it is read."""
    response = client.post(
        "/login", data="x" * (17 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
