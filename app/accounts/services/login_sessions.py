"""Server-side sign-in sessions: one ``LoginSession`` row per signed-in browser (not an
``OfferingSession``, a dated part of an offering, nor ``db.session``, the database session)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache

from flask import current_app
from sqlalchemy import Select, bindparam, delete, select
from sqlalchemy.orm import joinedload, lazyload

from app.accounts.models import LoginSession, User
from app.core.db import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.notifications.services import unread_count_of


def start_login_session(
    user: User, *, remember: bool, user_agent: str = "", second_factor_done: bool = False
) -> str:
    """Open a server-side session row and return the token the cookie will carry."""
    config = current_app.config
    token = secrets.token_urlsafe(32)
    now = utcnow()
    lifetime = (
        config["REMEMBER_COOKIE_DURATION"] if remember else config["PERMANENT_SESSION_LIFETIME"]
    )
    db.session.add(
        LoginSession(
            token_hash=hash_token(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            is_remembered=remember,
            authenticated_at=now,
            second_factor_done=second_factor_done,
            user_agent=user_agent[:255],
        )
    )
    user.last_login_at = now
    user.login_token = token
    return token


@cache
def _live_session_statement() -> Select:
    """Every signed-in request reads the person, their roles and their unread notifications
    (the bell) in one statement; the city only where a page uses it.

    Built once, the token's hash a bound parameter: building it with its loader options
    took about 1 ms of CPU per request, twice what running it takes (measured in one
    process, 400 alternating calls on the full data set: 1.50 → 0.57 ms on SQLite, 1.88 →
    0.87 ms on PostgreSQL)."""
    return (
        select(LoginSession, unread_count_of(LoginSession.user_id))
        .where(LoginSession.token_hash == bindparam("token_hash"))
        .options(
            joinedload(LoginSession.user).options(joinedload(User.role_rows), lazyload(User.city))
        )
    )


def load_login_session(token: str) -> LoginSession | None:
    """The live session for a cookie token; expired or idle sessions are ended here."""
    found = db.session.execute(_live_session_statement(), {"token_hash": hash_token(token)}).first()
    if found is None:
        return None
    row, unread = found
    now = utcnow()
    idle_limit = current_app.config["SESSION_IDLE_TIMEOUT"]
    idle = not row.is_remembered and now - row.last_seen_at > idle_limit
    if now >= row.expires_at or idle or not row.user.is_enabled:
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > timedelta(minutes=1):  # one write a minute is enough
        row.last_seen_at = now
        db.session.commit()
    row.user.login_token = token
    row.unread_notifications = unread
    return row


def end_login_session(token: str | None) -> None:
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == hash_token(token)))


def end_other_sessions(user: User, keep_token: str | None) -> int:
    statement = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_token:
        statement = statement.where(LoginSession.token_hash != hash_token(keep_token))
    return db.session.execute(statement).rowcount


def refresh_authentication(token: str) -> None:
    row = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_token(token))
    )
    if row:
        row.authenticated_at = utcnow()


def is_recently_authenticated(session_row: LoginSession | None) -> bool:
    if session_row is None:
        return False
    return utcnow() - session_row.authenticated_at <= current_app.config["FRESH_LOGIN_MAX_AGE"]
