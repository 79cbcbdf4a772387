"""Configuration classes. Every value comes from the environment; nothing is read at import time
by the application itself (``create_app`` receives a class or instance)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
WEAK_SECRET_KEYS = {"", "dev", "secret", "changeme", "change-me", "development", "test"}


class Config:
    APP_NAME = "KCC Academy"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Public address of the site, used in every link that leaves it (mails, calendars).
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    STORAGE_DIR = os.environ.get("STORAGE_DIR", "")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "KCC Academy <no-reply@localhost>")
    MAIL_TIMEOUT = 10
    # Development only: keep mails in the outbox and show them at /dev/mail.
    MAIL_DEV_MAILBOX = False

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Taipei"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_NAME = "__Host-remember"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    # Absolute lifetime of a signed-in session without "remember me", and the idle limit.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    LOCALE_COOKIE_NAME = "kcc_locale"

    WTF_CSRF_TIME_LIMIT = 3600
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500 * 1024
    # Redirect plain HTTP to HTTPS; turn off only when a proxy in front terminates TLS and
    # talks plain HTTP to gunicorn on loopback (and for the benchmark on 127.0.0.1).
    FORCE_HTTPS = os.environ.get("FORCE_HTTPS", "1") != "0"

    EMAIL_TOKEN_MAX_AGE = timedelta(hours=48)
    RESET_TOKEN_MAX_AGE = timedelta(hours=1)
    FRESH_LOGIN_MAX_AGE = timedelta(minutes=15)

    # Rendered catalogue fragments (app/catalogue/fragments.py). Keys carry the time of the
    # latest change, so a change shows at once; the timeout bounds what depends on the clock.
    CACHE_TYPE = ""  # chosen in create_app: JSON in Redis with REDIS_URL, else SimpleCache
    CACHE_DEFAULT_TIMEOUT = 60
    CACHE_KEY_PREFIX = "kcc:fragment:"
    CACHE_THRESHOLD = 2000  # entries kept in memory per process without Redis

    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    LOGIN_RATE_LIMIT = "10 per 5 minutes"
    ACCOUNT_RATE_LIMIT = "10 per 15 minutes"
    REGISTRATION_RATE_LIMIT = "20 per hour"
    RESET_RATE_LIMIT = "10 per 15 minutes"

    # argon2id parameters (RFC 9106 second recommended option).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 2

    TESTING = False
    DEBUG = False
    SHOW_DEV_MAILBOX = False


class DevelopmentConfig(Config):
    """The zero-set-up configuration of ``make run``: SQLite, no Redis, mails kept locally."""

    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production-use")
    SESSION_COOKIE_NAME = "kcc_session"  # __Host- needs HTTPS, which a laptop does not have
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "kcc_remember"
    REMEMBER_COOKIE_SECURE = False
    FORCE_HTTPS = False
    MAIL_DEV_MAILBOX = not os.environ.get("MAIL_SERVER")
    SHOW_DEV_MAILBOX = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-of-sufficient-length-0123456789"  # noqa: S105
    SERVER_NAME = None
    BASE_URL = "http://localhost"
    FORCE_HTTPS = False
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    MAIL_DEV_MAILBOX = not os.environ.get("MAIL_SERVER")
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8192
    ARGON2_PARALLELISM = 1
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests sign many people in from one address; the rate-limit tests set their own limits.
    LOGIN_RATE_LIMIT = "1000 per minute"
    ACCOUNT_RATE_LIMIT = "1000 per minute"
    REGISTRATION_RATE_LIMIT = "1000 per minute"
    RESET_RATE_LIMIT = "1000 per minute"


class ProductionConfig(Config):
    """Production refuses to start without a strong secret key, a database and mail settings."""


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("KCC_ENV", "development")]
