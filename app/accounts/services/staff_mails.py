"""Mails staff send for a person who is stuck: a new verification mail or a reset link."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.accounts.errors import AccountMailTooSoon, ActionNotPossible
from app.accounts.models import User
from app.accounts.services.password_change import send_reset_mail
from app.accounts.services.registration import send_verification_mail
from app.core.audit import record_event
from app.core.db import utcnow
from app.extensions import db
from app.notifications.models import OutboxMail

# What staff may send for a person: the same mail as the self-service pages send.
STAFF_MAILS = {"verify_email": send_verification_mail, "reset_password": send_reset_mail}
STAFF_MAIL_ACTIONS = {
    "verify_email": "user.verification_mail_sent",
    "reset_password": "user.reset_link_sent",
}


def send_account_mail_for(actor: User, user: User, kind: str) -> None:
    """Staff send a person a new verification mail or a password-reset link (audited). At most
    one of each kind per person every STAFF_MAIL_INTERVAL, whoever asks, so that a double click
    or two colleagues at once do not flood the person's mailbox."""
    if kind not in STAFF_MAILS or not user.is_enabled or user.is_closed:
        raise ActionNotPossible()
    if kind == "verify_email" and user.is_email_verified:
        raise ActionNotPossible()
    recent = db.session.scalar(
        select(OutboxMail.id)
        .where(
            OutboxMail.user_id == user.id,
            OutboxMail.kind == kind,
            OutboxMail.created_at > utcnow() - current_app.config["STAFF_MAIL_INTERVAL"],
        )
        .limit(1)
    )
    if recent is not None:
        raise AccountMailTooSoon()
    STAFF_MAILS[kind](user)
    record_event(actor, STAFF_MAIL_ACTIONS[kind], user)
