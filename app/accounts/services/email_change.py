"""Changing one's e-mail address: a link to the new address, a notice to the old one."""

from __future__ import annotations

from flask import current_app

from app.accounts import tokens
from app.accounts.errors import EmailTaken, WrongPassword
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.accounts.services.addresses import (
    find_user_by_email,
    normalise_email,
    tell_owner_once_a_day,
)
from app.accounts.services.link_mails import send_link_mail
from app.core.audit import record_event
from app.core.db import utcnow
from app.extensions import db
from app.notifications.services import queue_mail


def request_email_change(user: User, new_email: str, current_password: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword()
    new_email = normalise_email(new_email)
    owner = find_user_by_email(new_email)
    if owner is not None:
        # The same answer as for a free address (no enumeration); the owner is told instead.
        if owner.id != user.id:
            tell_owner_once_a_day(owner, "email_in_use")
        return
    send_link_mail(
        user,
        "confirm_email_change",
        purpose=tokens.CHANGE_EMAIL,
        payload={"uid": user.id, "old": user.email, "new": new_email},
        endpoint="accounts.confirm_email_change",
        link_name="confirm_url",
        lifetime="EMAIL_TOKEN_MAX_AGE",
        to=new_email,
        new_email=new_email,
    )
    queue_mail(
        to=user.email,
        locale=user.locale,
        kind="email_change_requested",
        user_id=user.id,
        name=user.display_name,
        new_email=new_email,
    )


def confirm_email_change(token: str) -> User | None:
    payload = tokens.read_token(
        tokens.CHANGE_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"]
    )
    if not payload:
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("old"):
        return None
    if find_user_by_email(payload["new"]):
        raise EmailTaken()
    record_event(
        user,
        "account.email_changed",
        user,
        before={"email": user.email},
        after={"email": payload["new"]},
    )
    user.email = payload["new"]
    user.email_verified_at = utcnow()
    return user
