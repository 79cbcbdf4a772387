"""Signed, expiring links for e-mail verification, password reset and e-mail change.

Nothing is stored: a reset token carries a fingerprint of the current password hash, so it dies
the moment the password changes (single use); a verification token carries the address it
verifies, so it dies when the address changes.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"  # noqa: S105 (a token purpose, not a secret)
CHANGE_EMAIL = "change-email"
TOTP_SETUP = "totp-setup"
KNOWN_DEVICE = "known-device"


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:20]


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"kcc-{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: timedelta) -> dict | None:
    """The payload of a valid token, or None when it is tampered with or expired."""
    try:
        payload = _serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:
        return None
    return payload if isinstance(payload, dict) else None
