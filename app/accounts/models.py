"""People, their roles and their signed-in sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.core.roles import PRIVILEGED_ROLES, Role
from app.extensions import db


class User(db.Model):
    __tablename__ = "users"
    # The staff's list of people, newest first, reads a page from this index.
    __table_args__ = (
        Index("ix_users_created_at_id", "created_at", "id"),
        # A city's people by name: a focal point's officials, nominations, a roster's city.
        Index("ix_users_city_name", "city_id", "name_latin", "id"),
    )

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
    # A password someone else chose (the one-time password of ``create-admin``): the person
    # reaches nothing but the password page until they choose their own.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    # The last TOTP time step accepted, so a code cannot be used twice.
    totp_last_step: Mapped[int | None]
    # Mails a person may turn off (transactional mails are always sent).
    wants_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    wants_digests: Mapped[bool] = mapped_column(default=True, server_default=true())
    # SHA-256 of the secret in the personal calendar feed's address (the secret is shown once).
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The person closed their account: personal data anonymised, records with legal weight kept.
    closed_at: Mapped[datetime | None]

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
        """Staff and admins always; anyone else once they have turned it on."""
        return bool(self.roles & PRIVILEGED_ROLES) or bool(self.totp_secret)

    @property
    def is_privileged(self) -> bool:
        return bool(self.roles & PRIVILEGED_ROLES)

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def display_name(self) -> str:
        if self.closed_at is not None:
            return str(_l("Closed account"))
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
    """One signed-in browser. Deleting the row signs that browser out on its next request.

    Three different things are called a session here: this row (``LoginSession``, kept by
    ``services/login_sessions.py``), ``OfferingSession`` (a dated part of an offering, in
    catalogue) and ``db.session`` (the database session of the request). Flask's cookie
    ``session`` only carries a few values between two steps of signing in or of setting up a
    second factor.
    """

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
    # Wrong codes entered for this sign-in; after SECOND_FACTOR_TRIES it is ended.
    second_factor_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    # Read where a request's session is loaded (services.load_login_session joins it, with the
    # roles); no other statement about sessions needs the person, so none joins it.
    user: Mapped[User] = relationship(lazy="select")

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
