"""Certificates' part of a person's data download."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.accounts.personal_data import add_personal_data, when
from app.certificates.models import Certificate
from app.core.urls import absolute_url
from app.extensions import db


def certificates_data(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id)
    )
    return [
        {
            "serial": c.serial,
            "title": c.title,
            "holder_name_native": c.holder_name_native,
            "holder_name_latin": c.holder_name_latin,
            "language": c.holder_locale,
            "status": c.status,
            "issued_at": when(c.issued_at),
            "revoked_at": when(c.revoked_at),
            "verification_url": absolute_url("certificates.verify", code=c.code),
        }
        for c in rows
    ]


def register_personal_data(app) -> None:
    add_personal_data(app, "certificates", certificates_data)
