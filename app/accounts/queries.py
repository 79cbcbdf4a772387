"""Reusable select() builders for people, their sign-ins and their audit trail."""

from __future__ import annotations

from sqlalchemy import Select, exists, func, or_, select

from app.accounts.models import LoginSession, User, UserRole
from app.core.audit import AuditEvent
from app.core.db import escape_like
from app.extensions import db


def user_search(q: str | None, role: str | None, status: str | None) -> Select:
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    if q:
        pattern = f"%{escape_like(q.strip().lower())}%"
        statement = statement.where(
            or_(
                User.email.like(pattern, escape="\\"),
                func.lower(User.name_latin).like(pattern, escape="\\"),
                User.name_native.like(pattern, escape="\\"),
            )
        )
    if role:
        statement = statement.where(
            exists().where(UserRole.user_id == User.id, UserRole.role == role)
        )
    if status == "active":
        statement = statement.where(User.is_enabled.is_(True))
    elif status == "inactive":
        statement = statement.where(User.is_enabled.is_(False))
    elif status == "unverified":
        statement = statement.where(User.email_verified_at.is_(None))
    return statement


def recent_events_for(user: User, limit: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                # "LocalProxy": rows written before the audit unwrapped current_user
                AuditEvent.target_type.in_(("User", "LocalProxy")),
                AuditEvent.target_id == user.id,
            )
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )


def recent_login_sessions(user: User, limit: int) -> list[LoginSession]:
    """The browsers the person signed in with, the most recently seen first."""
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(LoginSession.user_id == user.id)
            .order_by(LoginSession.last_seen_at.desc())
            .limit(limit)
        )
    )


def audit_events() -> Select:
    return select(AuditEvent).order_by(AuditEvent.id.desc())


def users_by_id(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
