"""The second factor: an authenticator app (TOTP), recovery codes, and the mailed link that
lets staff set up their first authenticator."""

from __future__ import annotations

import secrets

import pyotp
from flask import current_app
from sqlalchemy import delete, func, select

from app.accounts import tokens
from app.accounts.errors import InvalidSecondFactor
from app.accounts.models import LoginSession, RecoveryCode, User
from app.accounts.services.link_mails import send_link_mail
from app.accounts.services.login_sessions import end_login_session
from app.core.audit import record_event
from app.core.db import utcnow
from app.core.security_log import security_event
from app.core.tokens import hash_token
from app.extensions import db

RECOVERY_CODE_COUNT = 10


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


def record_second_factor_failure(token: str) -> int:
    """Count a wrong code against this sign-in; returns how many there have been."""
    row = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_token(token))
    )
    if row is None:
        return 0
    row.second_factor_failures = (row.second_factor_failures or 0) + 1
    return row.second_factor_failures


def wrong_code(user: User) -> bool:
    """Count and log a wrong code at sign-in; True when that was one too many and the
    sign-in is over (its login session ended: guessing goes on only with the password)."""
    failures = record_second_factor_failure(user.login_token)
    security_event("authn_second_factor_fail", user_id=user.id, failures=failures)
    if failures < current_app.config["SECOND_FACTOR_TRIES"]:
        return False
    end_login_session(user.login_token)
    return True


def needs_setup_confirmation(user: User) -> bool:
    """A staff or admin account's first authenticator is set up only after a link mailed to
    the account's address is opened: knowing the password is not enough to enrol one."""
    return user.is_privileged and not user.totp_secret


def send_totp_setup_mail(user: User) -> None:
    send_link_mail(
        user,
        "two_factor_setup",
        purpose=tokens.TOTP_SETUP,
        payload={"uid": user.id, "fp": tokens.fingerprint(user.password_hash)},
        endpoint="accounts.confirm_two_factor_setup",
        link_name="setup_url",
        lifetime="TOTP_SETUP_TOKEN_MAX_AGE",
    )
    record_event(user, "account.second_factor_setup_link_sent", user)


def read_totp_setup_token(user: User, token: str) -> bool:
    payload = tokens.read_token(
        tokens.TOTP_SETUP, token, current_app.config["TOTP_SETUP_TOKEN_MAX_AGE"]
    )
    return bool(
        payload
        and payload.get("uid") == user.id
        and payload.get("fp") == tokens.fingerprint(user.password_hash)
    )


def mark_second_factor_done(token: str) -> None:
    row = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_token(token))
    )
    if row:
        row.second_factor_done = True
        row.authenticated_at = utcnow()
