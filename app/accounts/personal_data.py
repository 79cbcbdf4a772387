"""A person's own data: the JSON download, and closing the account (SECURITY.md M2).

Accounts knows only its own tables. Each layer above adds its part of the download (enrolment:
enrolments; records: attendance and action plans; certificates: certificates) with
``add_personal_data`` when its blueprint is registered, and tidies its own records when an
account is closed by listening to ``account_closing`` (enrolment cancels what is still open),
so that accounts never imports them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from blinker import Namespace
from flask import Flask, current_app
from sqlalchemy import delete, select

from app.accounts.errors import AccountNotClosable
from app.accounts.models import LoginSession, RecoveryCode, User
from app.accounts.passwords import hash_password
from app.core.audit import AuditEvent, record_event
from app.core.db import utcnow
from app.extensions import db
from app.notifications.kinds import kind_text
from app.notifications.models import Notification, OutboxMail

PersonalData = Callable[[User], Any]
_KEY = "accounts.personal_data"
EXPORT_FORMAT = "kcc-academy-personal-data/1"
# Fields of the account's own audit rows that name the person; blanked when it is closed.
PERSONAL_FIELDS = ("email", "name_native", "name_latin", "department", "job_title")
# The person's rows that go with a closed account: sessions, recovery codes, notifications and
# mails (sent or not: they hold the address and name, and none leaves any more).
REMOVED_WITH_ACCOUNT = (LoginSession, RecoveryCode, Notification, OutboxMail)
# What a closed account holds instead of the person's details and settings (besides a new
# address and a password nobody knows).
CLOSED_ACCOUNT = {
    "name_native": "",
    "name_latin": "",
    "department": "",
    "job_title": "",
    "totp_secret": None,
    "totp_enabled_at": None,
    "calendar_token_hash": None,
    "wants_reminders": False,
    "wants_digests": False,
    "is_enabled": False,
}

_signals = Namespace()
account_closing = _signals.signal("account-closing")
"""Sent with the user, before their data is anonymised: other layers close what is open."""


def add_personal_data(app: Flask, name: str, part: PersonalData) -> None:
    """Register one part of the download: ``part(user)`` returns JSON-ready values."""
    app.extensions.setdefault(_KEY, {})[name] = part


def when(value: datetime | date | None) -> str | None:
    """Dates and times in the download: ISO 8601 (times in UTC)."""
    return value.isoformat() if value is not None else None


def _profile(user: User) -> dict:
    return {
        "email": user.email,
        "name_native": user.name_native,
        "name_latin": user.name_latin,
        "city": user.city.name("en") if user.city else None,
        "department": user.department,
        "job_title": user.job_title,
        "preferred_language": user.locale,
        "time_zone": user.timezone,
        "roles": sorted(user.roles),
        "email_verified_at": when(user.email_verified_at),
        "registered_at": when(user.created_at),
        "last_sign_in_at": when(user.last_login_at),
        "two_step_verification": user.totp_enabled_at is not None,
        "wants_reminders": user.wants_reminders,
        "wants_digests": user.wants_digests,
    }


def _rows(model, owner_column, user: User, limit: int = 5000):
    """The person's rows of ``model`` in the order they were written, at most ``limit``."""
    return db.session.scalars(
        select(model).where(owner_column == user.id).order_by(model.id).limit(limit)
    )


def _notifications(user: User) -> list[dict]:
    return [
        {
            "created_at": when(n.created_at),
            "kind": n.kind,
            "text": kind_text(n.kind, n.params or {}),
            "read": n.read_at is not None,
        }
        for n in _rows(Notification, Notification.user_id, user)
    ]


def _own_actions(user: User) -> list[dict]:
    return [
        {
            "at": when(e.created_at),
            "action": e.action,
            "record": e.target_type,
            "record_id": e.target_id,
        }
        for e in _rows(AuditEvent, AuditEvent.actor_id, user)
    ]


def export(user: User) -> dict:
    """Everything the platform keeps about the person, each part from the layer that owns it."""
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": when(utcnow()),
        "profile": _profile(user),
        "notifications": _notifications(user),
        "own_actions": _own_actions(user),
    }
    for name, part in sorted(current_app.extensions.get(_KEY, {}).items()):
        data[name] = part(user)
    return data


def close_account(user: User) -> None:
    """Anonymise the person and sign them out everywhere. What carries legal weight stays:
    enrolments, attendance and certificates keep their rows (a certificate keeps the name it
    was issued with, so it can still be verified); the audit log keeps who did what, with the
    person's name and address blanked in the rows about their account."""
    if user.is_closed:
        return
    if user.is_privileged:
        raise AccountNotClosable()
    account_closing.send(user)
    for model in REMOVED_WITH_ACCOUNT:
        db.session.execute(delete(model).where(model.user_id == user.id))
    for event in db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.target_type.in_(("User", "LocalProxy")), AuditEvent.target_id == user.id
        )
    ):
        event.before = _blanked(event.before)
        event.after = _blanked(event.after)
    for name, value in CLOSED_ACCOUNT.items():
        setattr(user, name, value)
    user.email = f"closed-{user.id}@closed.invalid"
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # nobody knows it
    user.closed_at = utcnow()
    record_event(user, "account.closed", user)


def _blanked(values: dict | None) -> dict | None:
    if not values:
        return values
    return {k: ("—" if k in PERSONAL_FIELDS else v) for k, v in values.items()}
