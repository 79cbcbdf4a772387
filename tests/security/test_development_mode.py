"""Issue 12 item 6 (SECURITY.md B7, K1): a server never starts in development mode by
accident, no public key signs anything, and the development mailbox answers only locally."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import ConfigurationError, create_app
from config import DevelopmentConfig, ProductionConfig

ROOT = Path(__file__).resolve().parents[2]
OLD_PUBLIC_KEY = "development-only-key-not-for-production-use"


def import_wsgi(**env) -> subprocess.CompletedProcess:
    """Import wsgi.py as gunicorn does (not through the flask command)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("KCC_ENV", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_wsgi_refuses_to_start_without_kcc_env():
    result = import_wsgi()
    assert result.returncode != 0
    assert "KCC_ENV is not set" in result.stderr


def test_wsgi_starts_when_kcc_env_is_given():
    result = import_wsgi(KCC_ENV="testing", DATABASE_URL="sqlite://")
    assert result.returncode == 0, result.stderr[-2000:]


def test_development_signs_with_a_private_random_key(tmp_path):
    class Dev(DevelopmentConfig):
        SECRET_KEY = ""
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        DEV_SECRET_KEY_FILE = str(tmp_path / "dev-secret-key")

    first = create_app(Dev).config["SECRET_KEY"]
    assert first != OLD_PUBLIC_KEY and len(first) >= 32
    assert create_app(Dev).config["SECRET_KEY"] == first  # kept across restarts
    assert oct((tmp_path / "dev-secret-key").stat().st_mode & 0o777) == "0o600"
    other = tmp_path / "another-install"

    class OtherInstall(Dev):
        DEV_SECRET_KEY_FILE = str(other / "dev-secret-key")

    assert create_app(OtherInstall).config["SECRET_KEY"] != first


def test_production_refuses_the_old_public_development_key():
    class Config(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        MAIL_SERVER = "127.0.0.1"
        SECRET_KEY = OLD_PUBLIC_KEY

    with pytest.raises(ConfigurationError):
        create_app(Config)


def test_development_mailbox_answers_only_on_loopback(app_factory):
    app = app_factory(SHOW_DEV_MAILBOX=True, MAIL_DEV_MAILBOX=True)
    client = app.test_client()
    assert client.get("/dev/mail", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    assert client.get("/dev/mail", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    assert client.get("/dev/mail", environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code == 404
    assert client.get("/dev/mail/1", environ_base={"REMOTE_ADDR": "10.0.0.5"}).status_code == 404
