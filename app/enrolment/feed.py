"""The personal calendar feed: sessions a person teaches or is enrolled in, at a secret address."""

from __future__ import annotations

import secrets

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.catalogue.models import Offering, OfferingSession, OfferingStatus, offering_instructors
from app.core.audit import record_event
from app.core.tokens import hash_token
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db


def feed_owner(token: str) -> User | None:
    """The active person whose feed address carries ``token``; nobody for an old or made-up one."""
    user = db.session.scalar(select(User).where(User.calendar_token_hash == hash_token(token)))
    return user if user is not None and user.is_enabled else None


def sessions_for_person(user) -> list[OfferingSession]:
    """Sessions of the offerings a person teaches or is enrolled in (drafts excluded)."""
    teaches = select(offering_instructors.c.offering_id).where(
        offering_instructors.c.user_id == user.id
    )
    attends = select(Enrolment.offering_id).where(
        Enrolment.user_id == user.id, Enrolment.status == EnrolmentStatus.ENROLLED
    )
    return list(
        db.session.scalars(
            select(OfferingSession)
            .join(Offering)
            .where(
                or_(Offering.id.in_(teaches), Offering.id.in_(attends)),
                Offering.status != OfferingStatus.DRAFT,
            )
            .options(joinedload(OfferingSession.offering))
            .order_by(OfferingSession.starts_at)
        )
    )


def regenerate_calendar_token(user) -> str:
    """A new secret feed address; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = hash_token(token)
    record_event(user, "account.calendar_token_regenerated", user)
    return token
