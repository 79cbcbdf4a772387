"""The rate limiter and the security headers, as app/core/site_extensions.py trims them: the
same limits and the same headers, whatever the order of the requests."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.core.site_extensions import Limiter

SITE_CSP = "default-src 'self'"


def _limited_app(**limits) -> Flask:
    """A small application with its own limiter (the platform's one is shared by every
    application of the process, and a default limit set on it would stay for the next)."""
    app = Flask(__name__)
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    limiter = Limiter(key_func=lambda: "one reader", app=app, **limits)
    # Named functions: the limiter tells views apart by their qualified names.

    def admin_page():
        return "admin"

    def plain_page():
        return "plain"

    def own_page():
        return "own"

    admin = Blueprint("admin", __name__)
    admin.add_url_rule("/admin", "page", admin_page)
    limiter.limit("1 per minute")(admin)
    app.register_blueprint(admin)
    app.add_url_rule("/plain", "plain", plain_page)
    app.add_url_rule("/own", "own", limiter.limit("1 per minute")(own_page))
    return app


def _statuses(app: Flask, path: str, times: int = 3) -> list[int]:
    client = app.test_client()
    return [client.get(path).status_code for _ in range(times)]


def test_limits_beyond_a_views_own_still_apply():
    """The limiter's before-request pass is skipped only while no limit needs it: default,
    application-wide and blueprint limits are applied as before."""
    assert _statuses(_limited_app(default_limits=["2 per minute"]), "/plain") == [200, 200, 429]
    assert _statuses(_limited_app(application_limits=["2 per minute"]), "/plain") == [
        200,
        200,
        429,
    ]
    assert _statuses(_limited_app(), "/admin") == [200, 429, 429]


def test_a_views_own_limit_applies_and_other_pages_stay_free():
    app = _limited_app()
    assert _statuses(app, "/own") == [200, 429, 429]
    assert _statuses(app, "/plain", times=5) == [200] * 5


def test_hsts_follows_each_requests_scheme(client):
    """Headers are kept per view and per scheme: HSTS only over HTTPS, in either order."""
    assert "Strict-Transport-Security" not in client.get("/about/contact").headers
    secure = client.get("/about/contact", base_url="https://localhost")
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get("/about/contact").headers
    again = client.get("/about/contact", base_url="https://localhost")
    assert again.headers["Strict-Transport-Security"] == secure.headers["Strict-Transport-Security"]


def test_a_views_own_policy_stays_its_own(app_factory):
    """A view with its own ``@talisman`` options keeps them; the pages around it keep the
    site's policy, whichever was asked first."""
    from app.extensions import talisman

    app = app_factory()
    app.add_url_rule(
        "/sandboxed",
        "sandboxed",
        talisman(content_security_policy="sandbox; default-src 'none'")(lambda: "file"),
    )
    client = app.test_client()
    for _ in range(2):
        own = client.get("/sandboxed").headers["Content-Security-Policy"]
        assert own.startswith("sandbox") and "'self'" not in own
        site = client.get("/about/contact").headers["Content-Security-Policy"]
        assert SITE_CSP in site and "sandbox" not in site
        assert client.get("/sandboxed").headers["X-Frame-Options"] == "DENY"


def test_each_application_keeps_its_own_https_setting(app_factory):
    """One Talisman serves every application of a process: what it worked out for one
    configuration is not used for the next."""
    forced = app_factory(FORCE_HTTPS=True).test_client()
    assert forced.get("/about/contact").status_code == 302
    relaxed = app_factory(FORCE_HTTPS=False).test_client()
    assert relaxed.get("/about/contact").status_code == 200
