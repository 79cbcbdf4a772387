"""A person's enrolments on their staff page: accounts shows the panel, enrolment fills it."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core.babel import locale_code
from app.enrolment.models import Enrolment
from app.extensions import db


def enrolments_of(user: User, limit: int = 50) -> list[Enrolment]:
    """A person's enrolments, newest first, with each offering (and its texts) loaded."""
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.user_id == user.id)
            .options(selectinload(Enrolment.offering))
            .order_by(Enrolment.created_at.desc(), Enrolment.id.desc())
            .limit(limit)
        )
    )


def person_enrolments(user: User) -> Markup:
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template(
            "enrolment/_person_enrolments.html",
            enrolments=enrolments_of(user),
            locale=locale_code(),
        )
    )
