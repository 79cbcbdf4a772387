"""KCC Academy: the application factory."""

from __future__ import annotations

import logging
import os

from flask import Flask, g
from flask_babel import get_locale

from config import WEAK_SECRET_KEYS, Config, config_from_env


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def create_app(config: type[Config] | Config | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config or config_from_env())
    _apply_defaults(app)
    _check_production(app)

    from app.core.headers import register_response_headers

    register_response_headers(app)  # before Talisman's hook, so it runs after it
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_template_helpers(app)
    from app.core.errors import register_error_handlers

    register_error_handlers(app)
    from app.cli import register_cli

    register_cli(app)
    logging.basicConfig(level=logging.INFO)
    return app


def _apply_defaults(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{os.path.join(app.instance_path, 'kcc.sqlite3')}"
        )
    if not app.config.get("STORAGE_DIR"):
        app.config["STORAGE_DIR"] = os.path.join(app.instance_path, "storage")
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        uri = "postgresql://" + uri.removeprefix("postgres://")
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"timeout": 30},
        }
    if not app.config.get("CACHE_TYPE"):
        redis = bool(app.config.get("REDIS_URL"))
        app.config["CACHE_TYPE"] = "app.core.cache.JSONRedisCache" if redis else "SimpleCache"
        app.config.setdefault("CACHE_REDIS_URL", app.config.get("REDIS_URL"))
    if app.config["CACHE_TYPE"].endswith("RedisCache"):
        # A slow or absent Redis must not hold pages up: fragments are then rendered afresh.
        app.config.setdefault(
            "CACHE_OPTIONS", {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
        )
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]


def _check_production(app: Flask) -> None:
    """Refuse to start with a weak secret key or without mail settings in production."""
    if app.config.get("TESTING") or app.config.get("DEBUG"):
        return
    key = app.config.get("SECRET_KEY") or ""
    if key.lower() in WEAK_SECRET_KEYS or len(key) < 32:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 32 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if not app.config.get("MAIL_SERVER") and not app.config.get("MAIL_DEV_MAILBOX"):
        raise ConfigurationError("MAIL_SERVER must be set in production.")
    app.debug = False


def register_extensions(app: Flask) -> None:
    from app.core.i18n import select_locale, select_timezone
    from app.extensions import babel, cache, csrf, db, limiter, login_manager, migrate, talisman

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _enable_sqlite_foreign_keys(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    csrf.init_app(app)
    cache.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # sessions are server-side rows, see LoginSession

    @login_manager.user_loader
    def load_user(token: str):
        from app.accounts.services import load_login_session

        row = load_login_session(token)
        g.login_session = row
        return row.user if row else None

    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=True,
        strict_transport_security_max_age=31536000,
        strict_transport_security_include_subdomains=True,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        content_security_policy={
            "default-src": "'self'",
            "img-src": "'self' data:",
            "style-src": "'self'",
            "script-src": "'self'",
            "object-src": "'none'",
            "base-uri": "'none'",
            "form-action": "'self'",
            "frame-ancestors": "'none'",
        },
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )


def _enable_sqlite_foreign_keys(app: Flask) -> None:
    from sqlalchemy import event

    from app.extensions import db

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()


def register_blueprints(app: Flask) -> None:
    from app.accounts.staff_views import bp as users_bp
    from app.accounts.views import bp as accounts_bp
    from app.catalogue.manage_views import bp as manage_bp
    from app.catalogue.views import bp as catalogue_bp
    from app.cities.views import bp as cities_bp
    from app.enrolment.views import bp as enrolment_bp
    from app.main.views import bp as main_bp
    from app.main.views import dev as dev_bp
    from app.notifications.views import bp as notifications_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(cities_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(enrolment_bp)
    if app.config.get("SHOW_DEV_MAILBOX"):
        app.register_blueprint(dev_bp)


def register_request_hooks(app: Flask) -> None:
    from app.accounts.views import enforce_second_factor
    from app.core.jobs import register_job_dispatch

    app.before_request(enforce_second_factor)
    register_job_dispatch(app)


def register_template_helpers(app: Flask) -> None:
    from flask_login import current_user

    from app.accounts.models import Role
    from app.cities.forms import country_name
    from app.core import access
    from app.core.formatting import (
        format_date_range,
        format_day,
        format_time,
        format_when,
        zone_name,
    )
    from app.core.html import safe_html
    from app.core.i18n import LOCALES, current_site_locale

    @app.context_processor
    def inject_globals():
        from app.notifications.services import unread_count

        signed_in = bool(getattr(current_user, "is_authenticated", False))  # None outside requests
        return {
            "unread_notifications": unread_count(current_user) if signed_in else 0,
            "site_locales": LOCALES,
            "site_locale": current_site_locale(),
            "is_staff": signed_in and access.is_staff(current_user),
            "is_admin": signed_in and access.is_admin(current_user),
            "is_instructor": signed_in and current_user.has_role(Role.INSTRUCTOR),
            "is_focal_point": signed_in and current_user.has_role(Role.FOCAL_POINT),
            "show_dev_mailbox": app.config.get("SHOW_DEV_MAILBOX", False),
            "country_name": lambda code: country_name(code, str(get_locale())),
        }

    app.jinja_env.filters["datetime"] = format_when
    app.jinja_env.filters["date"] = lambda value: format_when(value, "date")
    app.jinja_env.filters["time"] = format_time
    app.jinja_env.filters["safe_html"] = safe_html
    from app.notifications.kinds import kind_text

    app.jinja_env.globals.update(
        date_range=format_date_range,
        long_date=format_day,
        zone_name=zone_name,
        kind_text=kind_text,
    )
    app.jinja_env.globals["get_locale"] = get_locale
