"""Session reminders: a day and an hour before each session, to everyone enrolled, once."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.catalogue.calendar import build_calendar
from app.catalogue.models import Offering, OfferingSession, OfferingStatus
from app.communications import notices  # noqa: F401 (registers the notification kinds sent here)
from app.communications.models import SessionReminder
from app.core.db import utcnow
from app.core.formatting import format_when
from app.core.i18n import reader_context
from app.core.urls import absolute_url
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.notifications.services import notify


def reminder_leads() -> list[tuple[str, timedelta]]:
    """("day", 24 h) and ("hour", 1 h) by default; REMINDER_LEAD_HOURS changes them."""
    day, hour = current_app.config.get("REMINDER_LEAD_HOURS", (24, 1))
    return [("day", timedelta(hours=day)), ("hour", timedelta(hours=hour))]


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind people of sessions starting within a lead time. Safe to run twice, or from two
    schedulers at once: the unique (session, person, lead) row is written with the
    notification, and a second writer's row is refused by the database."""
    now = now or utcnow()
    leads = reminder_leads()
    sent = 0
    for index, (lead, window) in enumerate(leads):
        shorter = leads[index + 1][1] if index + 1 < len(leads) else timedelta(0)
        rows = db.session.execute(
            select(OfferingSession, Enrolment)
            .join(Offering, Offering.id == OfferingSession.offering_id)
            .join(Enrolment, Enrolment.offering_id == Offering.id)
            .where(
                Offering.status == OfferingStatus.PUBLISHED,
                Enrolment.status == EnrolmentStatus.ENROLLED,
                OfferingSession.cancelled_at.is_(None),
                OfferingSession.starts_at > now + shorter,
                OfferingSession.starts_at <= now + window,
            )
            .options(joinedload(OfferingSession.offering), joinedload(Enrolment.user))
        ).all()
        done = (
            {
                (r.session_id, r.user_id)
                for r in db.session.scalars(
                    select(SessionReminder).where(
                        SessionReminder.lead == lead,
                        SessionReminder.session_id.in_({s.id for s, _ in rows}),
                    )
                )
            }
            if rows
            else set()
        )
        for session, enrolment in rows:
            if (session.id, enrolment.user_id) in done:
                continue
            if _remind(session, enrolment.user, lead):
                sent += 1
    return sent


def _remind(session: OfferingSession, user, lead: str) -> bool:
    """The reminder row, the notification and its mail are one transaction: if another run
    has just written the same reminder, the unique key refuses ours and all of it rolls back."""

    offering = session.offering
    with reader_context(user.locale, user.timezone):
        when = format_when(session.starts_at, zone=True)
    calendar = build_calendar(offering.title(user.locale), [session], user.locale)
    try:
        db.session.add(SessionReminder(session_id=session.id, user_id=user.id, lead=lead))
        notify(
            user,
            "session_reminder",
            link=absolute_url("catalogue.show", offering_id=offering.id),
            calendar=calendar,
            offering=offering.title(user.locale),
            session=session.title(user.locale) or "—",
            time=when,
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
