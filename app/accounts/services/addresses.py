"""E-mail addresses: the account that holds one, and a word to its owner when someone else
tries to use it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.core.db import utcnow
from app.core.urls import absolute_url
from app.extensions import db
from app.notifications.models import OutboxMail
from app.notifications.services import queue_mail


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def tell_owner_once_a_day(owner: User, kind: str) -> None:
    """Tell the owner of an address that someone tried to use it (``account_exists``,
    ``email_in_use``), at most once a day per address and kind: the form that triggers it is
    open to anyone, and must not become a way to flood a mailbox."""

    recent = db.session.scalar(
        select(OutboxMail.id)
        .where(
            OutboxMail.to_address == owner.email,
            OutboxMail.kind == kind,
            OutboxMail.created_at > utcnow() - timedelta(days=1),
        )
        .limit(1)
    )
    if recent is not None:
        return
    queue_mail(
        to=owner.email,
        locale=owner.locale,
        kind=kind,
        user_id=owner.id,
        name=owner.display_name,
        login_url=absolute_url("accounts.login"),
        reset_url=absolute_url("accounts.forgot_password"),
    )
