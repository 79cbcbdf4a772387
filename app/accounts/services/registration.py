"""Registering an account and confirming its e-mail address."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.accounts import tokens
from app.accounts.models import User, UserRole
from app.accounts.passwords import hash_password
from app.accounts.services.addresses import (
    find_user_by_email,
    normalise_email,
    tell_owner_once_a_day,
)
from app.accounts.services.link_mails import send_link_mail
from app.core.audit import record_event
from app.core.db import utcnow
from app.core.jobs import enqueue_after_commit
from app.core.roles import Role
from app.extensions import db


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
        tell_owner_once_a_day(existing, "account_exists")
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
    send_link_mail(
        user,
        "verify_email",
        purpose=tokens.VERIFY_EMAIL,
        payload={"uid": user.id, "email": user.email},
        endpoint="accounts.verify_email",
        link_name="verify_url",
        lifetime="EMAIL_TOKEN_MAX_AGE",
    )


def resend_verification(email: str) -> None:
    """Ask for a new verification link. The address is looked up in a job after the
    response, so known and unknown addresses cost the request the same work and time."""
    enqueue_after_commit("app.accounts.services.registration.resend_verification_job", email=email)


def resend_verification_job(email: str) -> None:
    user = find_user_by_email(email)
    if user and not user.is_email_verified and user.is_enabled:
        send_verification_mail(user)
        db.session.commit()


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
