"""People, their roles and their signed-in sessions."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import utcnow
from app.extensions import db


class Role(enum.StrEnum):
    OFFICIAL = "official"
    INSTRUCTOR = "instructor"
    STAFF = "staff"
    ADMIN = "admin"
    FOCAL_POINT = "focal_point"  # nominates officials of their own city

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.OFFICIAL: _l("Learner"),
    Role.INSTRUCTOR: _l("Instructor"),
    Role.STAFF: _l("Centre staff"),
    Role.ADMIN: _l("Administrator"),
    Role.FOCAL_POINT: _l("City focal point"),
}
# Roles that may open staff pages and so must sign in with a second factor.
PRIVILEGED_ROLES = frozenset({Role.STAFF, Role.ADMIN})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    name_native: Mapped[str] = mapped_column(String(120))
    name_latin: Mapped[str] = mapped_column(String(120))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="RESTRICT"))
    department: Mapped[str] = mapped_column(String(160), default="")
    job_title: Mapped[str] = mapped_column(String(160), default="")
    locale: Mapped[str] = mapped_column(String(16), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Taipei")
    email_verified_at: Mapped[datetime | None]
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    # The last TOTP time step accepted, so a code cannot be used twice.
    totp_last_step: Mapped[int | None]
    # Mails a person may turn off (transactional mails are always sent).
    wants_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    wants_digests: Mapped[bool] = mapped_column(default=True, server_default=true())
    # SHA-256 of the secret in the personal calendar feed's address (the secret is shown once).
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    city = relationship("City", lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    # Flask-Login -----------------------------------------------------------------------
    # The identifier Flask-Login keeps in the cookie is the token of one LoginSession row,
    # never the user id, so logging out or changing a password revokes copies of a cookie.
    login_token = None  # set per request by the user loader; not a column

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.login_token

    # Roles -----------------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def needs_second_factor(self) -> bool:
        return bool(self.roles & PRIVILEGED_ROLES)

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def display_name(self) -> str:
        return self.name_native or self.name_latin


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))

    user: Mapped[User] = relationship(back_populates="role_rows")

    def __repr__(self) -> str:
        return f"<UserRole {self.user_id} {self.role}>"


class LoginSession(db.Model):
    """One signed-in browser. Deleting the row signs that browser out on its next request."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    is_remembered: Mapped[bool] = mapped_column(default=False)
    # When the password (and second factor) were last entered; sensitive actions need it recent.
    authenticated_at: Mapped[datetime] = mapped_column(default=utcnow)
    second_factor_done: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    user: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<LoginSession {self.id} user={self.user_id}>"


class RecoveryCode(db.Model):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id} used={self.used_at is not None}>"
