"""One reminder to answer the evaluation, after the offering's last session has ended, to
each participant who has not answered yet (through the outbox, in their language)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.catalogue.models import Offering, OfferingSession, OfferingStatus
from app.core.db import utcnow
from app.core.urls import absolute_url
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.evaluation import notices  # noqa: F401 (registers the notification kind sent here)
from app.evaluation.models import EvaluationQuestion, EvaluationReminder, EvaluationSubmission
from app.extensions import db
from app.notifications.services import notify

# Offerings whose last session ended longer ago get no reminder (so a first run on an old
# database does not write to everyone who ever took part).
REMIND_WITHIN = timedelta(days=30)
BATCH = 500


def due_enrolments(now: datetime, limit: int = BATCH) -> list[Enrolment]:
    """Enrolled participants of offerings whose last session (not cancelled) ended within
    ``REMIND_WITHIN``, or, without sessions, whose last day is over, who have neither
    answered nor been reminded, and whose evaluation asks at least one question."""
    last_end = (
        select(
            OfferingSession.offering_id.label("offering_id"),
            func.max(OfferingSession.ends_at).label("ends_at"),
        )
        .where(OfferingSession.cancelled_at.is_(None))
        .group_by(OfferingSession.offering_id)
        .subquery()
    )
    today = now.date()
    ended = or_(
        (last_end.c.ends_at <= now) & (last_end.c.ends_at > now - REMIND_WITHIN),
        last_end.c.ends_at.is_(None)
        & (Offering.ends_on < today)
        & (Offering.ends_on >= today - REMIND_WITHIN),
    )
    asks = or_(
        exists().where(
            EvaluationQuestion.offering_id.is_(None), EvaluationQuestion.is_active.is_(True)
        ),
        exists().where(
            EvaluationQuestion.offering_id == Offering.id, EvaluationQuestion.is_active.is_(True)
        ),
    )
    return list(
        db.session.scalars(
            select(Enrolment)
            .join(Offering, Offering.id == Enrolment.offering_id)
            .outerjoin(last_end, last_end.c.offering_id == Offering.id)
            .where(
                Enrolment.status == EnrolmentStatus.ENROLLED,
                Offering.status.in_((OfferingStatus.PUBLISHED, OfferingStatus.ARCHIVED)),
                ended,
                asks,
                ~exists().where(EvaluationSubmission.enrolment_id == Enrolment.id),
                ~exists().where(EvaluationReminder.enrolment_id == Enrolment.id),
            )
            .order_by(Enrolment.id)
            .limit(limit)
            .options(joinedload(Enrolment.user), joinedload(Enrolment.offering))
        ).unique()
    )


def send_evaluation_reminders(now: datetime | None = None) -> int:
    """Safe to run twice, or from two schedulers at once: the reminder row (primary key: the
    enrolment) is written with the notification in one transaction, and a second writer's row
    is refused by the database."""
    now = now or utcnow()
    sent = 0
    for enrolment in due_enrolments(now):
        user, offering = enrolment.user, enrolment.offering
        try:
            db.session.add(EvaluationReminder(enrolment_id=enrolment.id, sent_at=now))
            notify(
                user,
                "evaluation_reminder",
                link=absolute_url("evaluation.answer", offering_id=offering.id),
                offering=offering.title(user.locale),
            )
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        sent += 1
    return sent
