"""Account use cases. Services flush, never commit; the view commits once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload, lazyload

from app.accounts import tokens
from app.accounts.errors import (
    EmailTaken,
    InvalidSecondFactor,
    LastAdminError,
    WrongPassword,
)
from app.accounts.models import LoginSession, RecoveryCode, Role, User, UserRole, hash_token
from app.accounts.passwords import hash_password, verify_password
from app.core.audit import record_event
from app.core.db import utcnow
from app.extensions import db
from app.notifications.services import notify, queue_mail

RECOVERY_CODE_COUNT = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def absolute_url(endpoint: str, **values) -> str:
    """A link for a mail, built from the configured BASE_URL, never from the request's Host.

    Works inside and outside a request (jobs and CLI commands send mail too).
    """
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


# Registration and verification ---------------------------------------------------------


@dataclass
class Registration:
    email: str
    password: str
    name_native: str
    name_latin: str
    city_id: int | None
    department: str
    job_title: str
    locale: str
    timezone: str


def register_user(data: Registration) -> User | None:
    """Create an official's account and mail a verification link.

    When the address is taken, the owner gets a mail instead and the caller sees the same
    answer, so the form never reveals whether an account exists.
    """
    existing = find_user_by_email(data.email)
    if existing:
        queue_mail(
            to=existing.email,
            locale=existing.locale,
            kind="account_exists",
            user_id=existing.id,
            name=existing.display_name,
            login_url=absolute_url("accounts.login"),
            reset_url=absolute_url("accounts.forgot_password"),
        )
        hash_password(data.password)  # same work as a real registration
        return None
    user = User(
        email=normalise_email(data.email),
        password_hash=hash_password(data.password),
        name_native=data.name_native.strip(),
        name_latin=data.name_latin.strip(),
        city_id=data.city_id,
        department=data.department.strip(),
        job_title=data.job_title.strip(),
        locale=data.locale,
        timezone=data.timezone,
    )
    user.role_rows.append(UserRole(role=Role.OFFICIAL))
    db.session.add(user)
    db.session.flush()
    send_verification_mail(user)
    record_event(user, "account.registered", user, after={"email": user.email})
    return user


def send_verification_mail(user: User) -> None:
    token = tokens.make_token(tokens.VERIFY_EMAIL, {"uid": user.id, "email": user.email})
    queue_mail(
        to=user.email,
        locale=user.locale,
        kind="verify_email",
        user_id=user.id,
        name=user.display_name,
        verify_url=absolute_url("accounts.verify_email", token=token),
        hours=int(current_app.config["EMAIL_TOKEN_MAX_AGE"].total_seconds() // 3600),
    )


def resend_verification(email: str) -> None:
    user = find_user_by_email(email)
    if user and not user.is_email_verified and user.is_enabled:
        send_verification_mail(user)


def verify_email(token: str) -> User | None:
    payload = tokens.read_token(
        tokens.VERIFY_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"]
    )
    if not payload:
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        return None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        record_event(user, "account.email_verified", user)
    return user


# Signing in ------------------------------------------------------------------------------


def authenticate(email: str, password: str) -> User | None:
    """The user when email and password match an enabled, verified account; else None.

    Unknown addresses cost the same hashing time as known ones.
    """
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_enabled:
        return None
    return user


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


def load_login_session(token: str) -> LoginSession | None:
    """The live session for a cookie token; expired or idle sessions are ended here."""
    from app.notifications.services import unread_count_of

    found = db.session.execute(
        select(LoginSession, unread_count_of(LoginSession.user_id))
        .where(LoginSession.token_hash == hash_token(token))
        # Every request reads the person, their roles and their unread notifications (the
        # bell): one statement; the city only where a page uses it.
        .options(
            joinedload(LoginSession.user).options(joinedload(User.role_rows), lazyload(User.city))
        )
    ).first()
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


# Password reset and change ----------------------------------------------------------------


def request_password_reset(email: str) -> None:
    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        return
    token = tokens.make_token(
        tokens.RESET_PASSWORD, {"uid": user.id, "fp": tokens.fingerprint(user.password_hash)}
    )
    queue_mail(
        to=user.email,
        locale=user.locale,
        kind="reset_password",
        user_id=user.id,
        name=user.display_name,
        reset_url=absolute_url("accounts.reset_password", token=token),
        minutes=int(current_app.config["RESET_TOKEN_MAX_AGE"].total_seconds() // 60),
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


# Profile and e-mail change -----------------------------------------------------------------

PROFILE_FIELDS = (
    "name_native",
    "name_latin",
    "city_id",
    "department",
    "job_title",
    "locale",
    "timezone",
)


def update_profile(user: User, **values) -> None:
    before = {f: getattr(user, f) for f in PROFILE_FIELDS}
    for field in PROFILE_FIELDS:
        if field in values:
            value = values[field]
            setattr(user, field, value.strip() if isinstance(value, str) else value)
    after = {f: getattr(user, f) for f in PROFILE_FIELDS}
    if before != after:
        changed = [f for f in PROFILE_FIELDS if before[f] != after[f]]
        record_event(
            user,
            "account.profile_updated",
            user,
            before={f: before[f] for f in changed},
            after={f: after[f] for f in changed},
        )


def request_email_change(user: User, new_email: str, current_password: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword()
    new_email = normalise_email(new_email)
    if find_user_by_email(new_email):
        raise EmailTaken()
    token = tokens.make_token(
        tokens.CHANGE_EMAIL, {"uid": user.id, "old": user.email, "new": new_email}
    )
    queue_mail(
        to=new_email,
        locale=user.locale,
        kind="confirm_email_change",
        user_id=user.id,
        name=user.display_name,
        new_email=new_email,
        confirm_url=absolute_url("accounts.confirm_email_change", token=token),
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


# Second factor -----------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="KCC Academy")


def _accept_totp(user: User, secret: str, code: str) -> bool:
    """Check a TOTP code, allowing one step of clock drift, and refuse a step used before."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(utcnow())
    for step in (now_step, now_step - 1, now_step + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            return True
    return False


def enable_totp(user: User, secret: str, code: str) -> list[str]:
    """Turn on the second factor once the first code checks out; return new recovery codes."""
    if not _accept_totp(user, secret, code):
        raise InvalidSecondFactor()
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    record_event(user, "account.second_factor_enabled", user)
    return regenerate_recovery_codes(user)


def regenerate_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_token(code)))
    return codes


def check_second_factor(user: User, code: str) -> bool:
    """A TOTP code or an unused recovery code (which is then spent)."""
    if user.totp_secret and _accept_totp(user, user.totp_secret, code):
        return True
    cleaned = code.strip().lower()
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_token(cleaned),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    record_event(user, "account.recovery_code_used", user)
    return True


def unused_recovery_codes(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def mark_second_factor_done(token: str) -> None:
    row = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_token(token))
    )
    if row:
        row.second_factor_done = True
        row.authenticated_at = utcnow()


# Staff: roles and activation --------------------------------------------------------------


def set_roles(actor: User, user: User, roles: set[Role]) -> None:
    before = sorted(user.roles)
    if Role.ADMIN in user.roles and Role.ADMIN not in roles and _admin_count() <= 1:
        raise LastAdminError()
    for row in list(user.role_rows):
        if Role(row.role) not in roles:
            user.role_rows.remove(row)
    for role in sorted(roles - user.roles):
        user.role_rows.append(UserRole(role=role))
    after = sorted(roles)
    if before != after:
        record_event(
            actor, "user.roles_changed", user, before={"roles": before}, after={"roles": after}
        )
        # New rights or lost rights: make every browser of that person sign in again.
        end_other_sessions(user, None)
        notify(user, "roles_changed", link=absolute_url("accounts.profile"))


def set_enabled(actor: User, user: User, enabled: bool) -> None:
    if user.is_enabled == enabled:
        return
    if not enabled and Role.ADMIN in user.roles and _admin_count() <= 1:
        raise LastAdminError()
    record_event(
        actor,
        "user.activated" if enabled else "user.deactivated",
        user,
        before={"is_enabled": user.is_enabled},
        after={"is_enabled": enabled},
    )
    user.is_enabled = enabled
    if not enabled:
        end_other_sessions(user, None)


def _admin_count() -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(UserRole)
            .join(User)
            .where(UserRole.role == Role.ADMIN, User.is_enabled.is_(True))
        )
        or 0
    )


def create_admin(email: str, name: str) -> tuple[User, str]:
    """The first admin comes from the CLI, with a random one-time password printed once."""
    if find_user_by_email(email):
        raise EmailTaken()
    password = secrets.token_urlsafe(18)
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        name_native=name,
        name_latin=name,
        email_verified_at=utcnow(),
    )
    user.role_rows.extend([UserRole(role=Role.ADMIN), UserRole(role=Role.STAFF)])
    db.session.add(user)
    db.session.flush()
    record_event(None, "user.admin_created", user, after={"email": user.email})
    return user, password
