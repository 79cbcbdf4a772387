"""Checking a password at sign-in, and the cookie that marks a browser as known."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from app.accounts import tokens
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.accounts.services.addresses import find_user_by_email


def authenticate(email: str, password: str) -> User | None:
    """The user when email and password match an enabled, verified account; else None.

    Unknown addresses cost the same hashing time as known ones.
    """
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_enabled:
        return None
    return user


def known_device_token(user: User) -> str:
    return tokens.make_token(
        tokens.KNOWN_DEVICE, {"uid": user.id, "fp": tokens.fingerprint(user.password_hash)}
    )


def is_known_device(user: User, token: str) -> bool:
    """A known-device cookie of this account, from before the last password change."""
    days = int(current_app.config["KNOWN_DEVICE_DAYS"])
    payload = tokens.read_token(tokens.KNOWN_DEVICE, token, timedelta(days=days))
    return bool(
        payload
        and payload.get("uid") == user.id
        and payload.get("fp") == tokens.fingerprint(user.password_hash)
    )
