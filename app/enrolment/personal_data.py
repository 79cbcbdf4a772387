"""Enrolment's part of a person's data download, and what closing an account does to it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.accounts.personal_data import account_closing, when
from app.catalogue.models import Offering
from app.enrolment import services
from app.enrolment.models import ACTIVE, Enrolment
from app.extensions import db


def enrolments_data(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.user_id == user.id)
        .options(selectinload(Enrolment.offering))
        .order_by(Enrolment.id)
    )
    return [
        {
            "offering": e.offering.title(user.locale),
            "offering_id": e.offering_id,
            "first_day": when(e.offering.starts_on),
            "last_day": when(e.offering.ends_on),
            "status": e.status,
            "requested_at": when(e.created_at),
            "decided_at": when(e.decided_at),
            "reason": e.reason,
            "completion": e.completion,
            "completed_at": when(e.completed_at),
            "attended_minutes": e.attended_minutes,
        }
        for e in rows
    ]


@account_closing.connect
def cancel_open_enrolments(user: User, **_) -> None:
    """A closed account holds no seat, no place in a waitlist and no pending request in an
    offering still to come or under way. Enrolments of offerings that are over stay as they
    are: they are the record that completion and certificates rest on."""
    open_ids = db.session.scalars(
        select(Enrolment.id)
        .join(Offering, Offering.id == Enrolment.offering_id)
        .where(
            Enrolment.user_id == user.id,
            Enrolment.status.in_(ACTIVE),
            Offering.ends_on >= date.today(),
        )
    ).all()
    for enrolment_id in open_ids:
        services.cancel(user, enrolment_id, by_staff=True)
