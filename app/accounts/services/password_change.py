"""A forgotten password (a reset link by mail) and a password change."""

from __future__ import annotations

from flask import current_app

from app.accounts import tokens
from app.accounts.errors import WrongPassword
from app.accounts.models import User
from app.accounts.passwords import hash_password, verify_password
from app.accounts.services.addresses import find_user_by_email
from app.accounts.services.link_mails import send_link_mail
from app.accounts.services.login_sessions import end_other_sessions
from app.core.audit import record_event
from app.core.db import utcnow
from app.core.jobs import enqueue_after_commit
from app.core.urls import absolute_url
from app.extensions import db
from app.notifications.services import notify


def request_password_reset(email: str) -> None:
    """Ask for a reset link. The address is looked up in a job after the response, so known
    and unknown addresses cost the request the same work and time (SECURITY.md A7)."""
    enqueue_after_commit("app.accounts.services.password_change.password_reset_job", email=email)


def password_reset_job(email: str) -> None:
    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        return
    send_reset_mail(user)
    db.session.commit()


def send_reset_mail(user: User) -> None:
    send_link_mail(
        user,
        "reset_password",
        purpose=tokens.RESET_PASSWORD,
        payload={"uid": user.id, "fp": tokens.fingerprint(user.password_hash)},
        endpoint="accounts.reset_password",
        link_name="reset_url",
        lifetime="RESET_TOKEN_MAX_AGE",
    )


def user_for_reset_token(token: str) -> User | None:
    payload = tokens.read_token(
        tokens.RESET_PASSWORD, token, current_app.config["RESET_TOKEN_MAX_AGE"]
    )
    if not payload:
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.is_enabled:
        return None
    if tokens.fingerprint(user.password_hash) != payload.get("fp"):
        return None  # already used, or the password changed since
    return user


def set_password(user: User, new_password: str, *, keep_token: str | None = None) -> None:
    """Store a new password and sign out every other browser of this person."""
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    end_other_sessions(user, keep_token)
    # Anyone who could reset the password could read the mailbox: the address is confirmed.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    record_event(user, "account.password_changed", user)
    notify(user, "password_changed", reset_url=absolute_url("accounts.forgot_password"))


def change_password(user: User, current_password: str, new_password: str, keep_token: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword()
    set_password(user, new_password, keep_token=keep_token)
