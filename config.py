"""Configuration classes. Every value comes from the environment; nothing is read at import time
by the application itself (``create_app`` receives a class or instance)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
WEAK_SECRET_KEYS = {
    "",
    "dev",
    "secret",
    "changeme",
    "change-me",
    "development",
    "test",
    # The key development used to share in this file (public, so never to sign anything).
    "development-only-key-not-for-production-use",
}


def rate_limit_storage(redis_url: str) -> str:
    """The rate limiter's storage address for ``REDIS_URL`` (the limits package names a Redis
    on a socket file ``redis+unix://``, where redis-py says ``unix://``)."""
    if not redis_url:
        return "memory://"
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url.removeprefix("unix://")
    return redis_url


class Config:
    APP_NAME = "KCC Academy"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Public address of the site, used in every link that leaves it (mails, calendars).
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # Host names the site answers to (Flask refuses others with 400). In production, when
    # unset, the host of BASE_URL alone (see create_app); a comma-separated list adds more.
    TRUSTED_HOSTS = [
        h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()
    ] or None
    STORAGE_DIR = os.environ.get("STORAGE_DIR", "")
    # Where uploaded files live: empty or file:///path for a local folder (STORAGE_DIR, under
    # the instance folder by default), or s3://bucket/prefix?endpoint_url=...&region=... for an
    # S3-compatible object store (credentials from the usual AWS_* variables).
    STORAGE_URL = os.environ.get("STORAGE_URL", "")
    # Largest material a person may upload; a larger body is refused before it is stored.
    MATERIAL_MAX_BYTES = int(os.environ.get("MATERIAL_MAX_BYTES", str(50 * 1024 * 1024)))
    # Ed25519 keys that sign certificates' credentials: comma-separated base64url seeds (oldest
    # first), else files in CREDENTIAL_KEY_DIR (default <instance>/credential-keys), made on
    # first use. Public verification pages and JSON are rate-limited per address.
    CREDENTIAL_KEYS = os.environ.get("CREDENTIAL_KEYS", "")
    CREDENTIAL_KEY_DIR = os.environ.get("CREDENTIAL_KEY_DIR", "")
    CERTIFICATE_VERIFY_RATE_LIMIT = "60 per minute"

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "KCC Academy <no-reply@localhost>")
    MAIL_TIMEOUT = 10
    # Shown on the contact, privacy and accessibility pages when set.
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
    # Without Redis, each serving process looks for mail that is due this often (seconds; 0:
    # never), so a mail whose delivery was missed leaves without waiting for another request.
    MAIL_SWEEP_SECONDS = float(os.environ.get("MAIL_SWEEP_SECONDS", "30"))
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
    # How many proxies in front of the app append to X-Forwarded-For / -Proto (nginx in front
    # of gunicorn: 1). 0 ignores those headers: every client then counts as the address that
    # connected, which behind a proxy is the proxy itself (one shared rate limit for all).
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

    EMAIL_TOKEN_MAX_AGE = timedelta(hours=48)
    RESET_TOKEN_MAX_AGE = timedelta(hours=1)
    # Staff resending a verification mail or a reset link for someone: once per kind and person.
    STAFF_MAIL_INTERVAL = timedelta(minutes=10)
    # A CSV of e-mail addresses for bulk enrolment: refused above this size (before storing it);
    # lists longer than BULK_INLINE_ROWS are done by a background job.
    BULK_CSV_MAX_BYTES = 256 * 1024
    BULK_CSV_MAX_ROWS = 2000
    BULK_INLINE_ROWS = 100
    # The e-mailed link that allows the first second-factor set-up of a staff/admin account.
    TOTP_SETUP_TOKEN_MAX_AGE = timedelta(hours=1)
    FRESH_LOGIN_MAX_AGE = timedelta(minutes=15)

    # Rendered catalogue fragments (app/catalogue/fragments.py). Keys carry the time of the
    # latest change, so a change shows at once; the timeout bounds what depends on the clock.
    CACHE_TYPE = ""  # chosen in create_app: JSON in Redis with REDIS_URL, else SimpleCache
    CACHE_DEFAULT_TIMEOUT = 60
    CACHE_KEY_PREFIX = "kcc:fragment:"
    CACHE_THRESHOLD = 2000  # entries kept in memory per process without Redis
    # bench/run.py only: each response tells in a header how many fragments came from the
    # cache and how many were rendered, so the benchmark reports the hit rate of every page.
    FRAGMENT_CACHE_HEADER = os.environ.get("KCC_BENCH") == "1"

    RATELIMIT_STORAGE_URI = rate_limit_storage(os.environ.get("REDIS_URL", ""))
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    # Wrong sign-ins (successful ones do not count) per address: generous, since a city
    # office signs in from behind one address; and per account, whatever the address. A
    # browser the account signed in from before (a known-device cookie) passes the account
    # limit, so someone guessing cannot lock the owner out.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "60 per 15 minutes")
    ACCOUNT_RATE_LIMIT = os.environ.get("ACCOUNT_RATE_LIMIT", "10 per 15 minutes")
    KNOWN_DEVICE_DAYS = 90
    KNOWN_DEVICE_COOKIE_NAME = "__Host-device"
    REGISTRATION_RATE_LIMIT = "20 per hour"
    RESET_RATE_LIMIT = "10 per 15 minutes"
    # Changing one's e-mail address mails the new address: per account and per new address.
    EMAIL_CHANGE_RATE_LIMIT = "5 per hour"
    EMAIL_CHANGE_ADDRESS_RATE_LIMIT = "3 per day"
    # Second factor: wrong codes per pending sign-in before it must start over, and per account.
    SECOND_FACTOR_TRIES = 5
    SECOND_FACTOR_ACCOUNT_LIMIT = "10 per 15 minutes"

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
    # Unset: a random key kept in the instance folder (DEV_SECRET_KEY_FILE), made on first
    # use, so no key that signs cookies or links is ever public.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    DEV_SECRET_KEY_FILE = ""  # default: <instance>/dev-secret-key
    SESSION_COOKIE_NAME = "kcc_session"  # __Host- needs HTTPS, which a laptop does not have
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "kcc_remember"
    REMEMBER_COOKIE_SECURE = False
    KNOWN_DEVICE_COOKIE_NAME = "kcc_device"
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
    MAIL_SWEEP_SECONDS = 0  # tests that need the sweep turn it on
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8192
    ARGON2_PARALLELISM = 1
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests sign many people in from one address; the rate-limit tests set their own limits.
    LOGIN_RATE_LIMIT = "1000 per minute"
    ACCOUNT_RATE_LIMIT = "1000 per minute"
    REGISTRATION_RATE_LIMIT = "1000 per minute"
    RESET_RATE_LIMIT = "1000 per minute"
    EMAIL_CHANGE_RATE_LIMIT = "1000 per minute"
    EMAIL_CHANGE_ADDRESS_RATE_LIMIT = "1000 per minute"
    SECOND_FACTOR_ACCOUNT_LIMIT = "1000 per minute"


class ProductionConfig(Config):
    """Production refuses to start without a strong secret key, a database and mail settings."""


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("KCC_ENV", "development")]
