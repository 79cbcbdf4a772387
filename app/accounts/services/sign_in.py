"""Checking a password at sign-in, and the cookie that marks a browser as known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from app.accounts import tokens
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.accounts.services import registration
from app.accounts.services.addresses import find_user_by_email, normalise_email
from app.accounts.services.login_sessions import start_login_session
from app.core.security_log import security_event

NOT_MATCHING = "not_matching"
NOT_VERIFIED = "not_verified"


@dataclass
class SignInCheck:
    """The account a password opens, or why none does (``refusal``)."""

    user: User | None = None
    refusal: str = ""


def authenticate(email: str, password: str) -> User | None:
    """The user when email and password match an enabled, verified account; else None.

    Unknown addresses cost the same hashing time as known ones.
    """
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_enabled:
        return None
    return user


def check_sign_in(email: str, password: str) -> SignInCheck:
    """The account ``email`` and ``password`` open. A failure is logged; an account whose
    address is not confirmed yet is mailed a new link and stays closed."""
    user = authenticate(email, password)
    if user is None:
        account = find_user_by_email(email)
        security_event(
            "authn_login_fail",
            user_id=account.id if account else None,
            account=normalise_email(email)[:254],
        )
        return SignInCheck(refusal=NOT_MATCHING)
    if not user.is_email_verified:
        registration.send_verification_mail(user)
        return SignInCheck(user, refusal=NOT_VERIFIED)
    return SignInCheck(user)


def start_session(user: User, *, remember: bool, user_agent: str) -> bool:
    """Open the login session after the password; returns whether it is remembered: staff and
    admin never are (their sessions keep the idle limit)."""
    remember = remember and not user.is_privileged
    start_login_session(user, remember=remember, user_agent=user_agent)
    return remember


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
