"""KCC Academy: the application factory."""

from __future__ import annotations

import logging
import os
import secrets
from urllib.parse import urlsplit

from flask import Flask, g, has_request_context
from flask_login import current_user
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from app.accounts.cli import register_cli as register_accounts_cli
from app.accounts.navigation import register_navigation as register_accounts_navigation
from app.accounts.services.login_sessions import load_login_session
from app.accounts.views import bp as accounts_bp
from app.accounts.views import (
    enforce_password_change,
    enforce_second_factor,
    my_data_bp,
    users_bp,
)
from app.catalogue.audit_names import register_audit_names as register_catalogue_audit_names
from app.catalogue.manage_views import bp as manage_bp
from app.catalogue.navigation import register_navigation as register_catalogue_navigation
from app.catalogue.views import bp as catalogue_bp
from app.certificates.cli import register_cli as register_certificates_cli
from app.certificates.navigation import register_navigation as register_certificates_navigation
from app.certificates.views import bp as certificates_bp
from app.cities.cli import register_cli as register_cities_cli
from app.cities.navigation import register_navigation as register_cities_navigation
from app.cities.views import bp as cities_bp
from app.communications.cli import register_cli as register_communications_cli
from app.communications.navigation import register_navigation as register_communications_navigation
from app.communications.views import bp as communications_bp
from app.core import access
from app.core.application import Application
from app.core.babel import get_locale, locale_code
from app.core.cli import register_cli as register_core_cli
from app.core.cookie_session import CookieSessionInterface
from app.core.errors import register_error_handlers
from app.core.formatting import (
    format_date_range,
    format_day,
    format_time,
    format_when,
    labelled,
    language_list,
    timezone_label,
    zone_name,
)
from app.core.headers import register_response_headers
from app.core.html import safe_html, select_options, table_cells
from app.core.i18n import (
    LOCALES,
    country_name,
    current_site_locale,
    language_name,
    select_locale,
    select_timezone,
)
from app.core.jobs import register_job_dispatch
from app.core.navigation import register_navigation_helpers
from app.core.pg_cursor import pg_connect_args
from app.core.roles import Role
from app.core.security_log import register_security_log
from app.core.templating import TemplateEnvironment
from app.core.uow import register_unit_of_work
from app.core.urls import page_url, refuse_nul_bytes, register_id_converter
from app.demo.cli import register_cli as register_demo_cli
from app.enrolment.audit_names import register_audit_names as register_enrolment_audit_names
from app.enrolment.bulk_views import bp as bulk_enrolment_bp
from app.enrolment.cli import register_cli as register_enrolment_cli
from app.enrolment.feed_views import bp as calendar_feed_bp
from app.enrolment.navigation import register_navigation as register_enrolment_navigation
from app.enrolment.views import bp as enrolment_bp
from app.evaluation.cli import register_cli as register_evaluation_cli
from app.evaluation.views import bp as evaluation_bp
from app.extensions import babel, cache, csrf, db, limiter, login_manager, migrate, talisman
from app.main.cli import register_cli as register_main_cli
from app.main.navigation import register_navigation as register_main_navigation
from app.main.views import bp as main_bp
from app.main.views import dev as dev_bp
from app.notifications.cli import register_cli as register_notifications_cli
from app.notifications.kinds import kind_text
from app.notifications.navigation import register_navigation as register_notifications_navigation
from app.notifications.services import unread_count
from app.notifications.views import bp as notifications_bp
from app.records.attendance.views import bp as attendance_bp
from app.records.cli import register_cli as register_records_cli
from app.records.completion.views import bp as completion_bp
from app.records.materials.views import bp as materials_bp
from app.records.navigation import register_navigation as register_records_navigation
from app.records.overview.views import bp as records_bp
from app.records.plans.city_views import bp as city_plans_bp
from app.records.plans.views import bp as plans_bp
from app.reports.navigation import register_navigation as register_reports_navigation
from app.reports.views import bp as reports_bp
from config import WEAK_SECRET_KEYS, Config, config_from_env, rate_limit_storage


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def create_app(config: type[Config] | Config | None = None) -> Flask:
    app = Application(__name__, instance_relative_config=True)
    app.jinja_environment = TemplateEnvironment  # before anything creates app.jinja_env
    app.config.from_object(config or config_from_env())
    _apply_defaults(app)
    _check_production(app)
    _trust_proxies(app)

    register_id_converter(app)  # before any route is added
    app.session_interface = CookieSessionInterface()

    # Flask runs after_request hooks in reverse order: work handed to jobs must leave after the
    # unit of work's commit (a job must find the rows the request wrote), and that commit after
    # every other hook.
    register_job_dispatch(app)
    register_unit_of_work(app)
    register_response_headers(app)  # before Talisman's hook, so it runs after it
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_commands(app)
    register_contributions(app)
    logging.basicConfig(level=logging.INFO)
    # fontTools reports every table of every font WeasyPrint subsets at INFO: hundreds of lines
    # per certificate, which drown the log (and once filled an unread pipe until gunicorn froze).
    for chatty in ("fontTools", "weasyprint"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    return app


def _apply_defaults(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{os.path.join(app.instance_path, 'kcc.sqlite3')}"
        )
    if app.config.get("DEBUG") and not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _development_secret_key(app)
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
    elif uri.startswith("postgresql+psycopg://"):
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **options,
            "connect_args": {**pg_connect_args(), **options.get("connect_args", {})},
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
        app.config["RATELIMIT_STORAGE_URI"] = rate_limit_storage(app.config["REDIS_URL"])


def _development_secret_key(app: Flask) -> str:
    """A random key for this development install, kept in the instance folder (mode 0600)."""

    path = app.config.get("DEV_SECRET_KEY_FILE") or os.path.join(
        app.instance_path, "dev-secret-key"
    )
    try:
        with open(path, encoding="utf-8") as handle:
            key = handle.read().strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


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
    if not app.config.get("TRUSTED_HOSTS"):
        # A request for any other Host gets 400: nothing built from the request's Host (a
        # link in a cached page, say) can then point elsewhere.
        host = urlsplit(app.config["BASE_URL"]).hostname
        if not host:
            raise ConfigurationError("BASE_URL must be the site's public address in production.")
        app.config["TRUSTED_HOSTS"] = [host]
    app.debug = False


def _trust_proxies(app: Flask) -> None:
    """Take the client's address and scheme from exactly TRUSTED_PROXY_HOPS proxies' headers
    (the right-most entries, which those proxies wrote); anything a client adds to the left
    of them is ignored. With 0, no forwarding header is read at all."""
    hops = int(app.config.get("TRUSTED_PROXY_HOPS") or 0)
    if hops < 0:
        raise ConfigurationError("TRUSTED_PROXY_HOPS must be 0 or more.")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
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
    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(my_data_bp)
    app.register_blueprint(cities_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(enrolment_bp)
    app.register_blueprint(bulk_enrolment_bp)
    app.register_blueprint(materials_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(city_plans_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(completion_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(calendar_feed_bp)
    app.register_blueprint(communications_bp)
    app.register_blueprint(reports_bp)
    if app.config.get("SHOW_DEV_MAILBOX"):
        app.register_blueprint(dev_bp)


def register_commands(app: Flask) -> None:
    """Each layer adds its own commands (``flask seed``, ``jobs tick``, ``create-admin``...)."""
    for register in (
        register_core_cli,
        register_notifications_cli,
        register_cities_cli,
        register_accounts_cli,
        register_enrolment_cli,
        register_communications_cli,
        register_records_cli,
        register_evaluation_cli,
        register_certificates_cli,
        register_main_cli,
        register_demo_cli,
    ):
        register(app)


def register_contributions(app: Flask) -> None:
    """Each layer tells the lower ones how its records read (the audit log names offerings and
    enrolment states) and where its pages are linked from (the top navigation, an offering's
    workspace...), so that no lower layer, nor its templates, names it."""
    register_catalogue_audit_names(app)
    register_enrolment_audit_names(app)
    for register in (
        register_main_navigation,
        register_notifications_navigation,
        register_cities_navigation,
        register_accounts_navigation,
        register_catalogue_navigation,
        register_enrolment_navigation,
        register_communications_navigation,
        register_records_navigation,
        register_certificates_navigation,
        register_reports_navigation,
    ):
        register(app)


def register_request_hooks(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
    app.before_request(enforce_second_factor)
    app.before_request(enforce_password_change)

    register_security_log(app)


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def inject_globals():
        """What every template may use. Worked out once per request, person and language:
        a page renders its panels and boxes as templates of their own (five on My learning),
        and Flask asks every context processor again for each."""
        user = current_user._get_current_object() if has_request_context() else None
        locale = locale_code()
        known = g.get("_template_globals")
        if known is not None and known[0] is user and known[1] == locale:
            return known[2]
        signed_in = bool(getattr(user, "is_authenticated", False))
        values = {
            "unread_notifications": unread_count(user) if signed_in else 0,
            "site_locales": LOCALES,
            "site_locale": current_site_locale(),
            "is_staff": signed_in and access.is_staff(user),
            "is_admin": signed_in and access.is_admin(user),
            "is_instructor": signed_in and user.has_role(Role.INSTRUCTOR),
            "is_focal_point": signed_in and user.has_role(Role.FOCAL_POINT),
            "show_dev_mailbox": app.config.get("SHOW_DEV_MAILBOX", False),
            "country_name": lambda code: country_name(code, locale_code()),
        }
        if has_request_context():
            g._template_globals = (user, locale, values)
        return values

    app.jinja_env.filters["datetime"] = format_when
    app.jinja_env.filters["date"] = lambda value: format_when(value, "date")
    app.jinja_env.filters["time"] = format_time
    app.jinja_env.filters["safe_html"] = safe_html
    app.jinja_env.filters["table_cells"] = table_cells

    app.jinja_env.globals.update(
        date_range=format_date_range,
        labelled=labelled,
        long_date=format_day,
        zone_name=zone_name,
        timezone_label=timezone_label,
        language_name=language_name,
        language_list=language_list,
        kind_text=kind_text,
    )
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["page_url"] = page_url
    app.jinja_env.globals["select_options"] = select_options
    register_navigation_helpers(app)
