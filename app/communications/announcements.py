"""Announcements from staff to an offering's participants, sent by a tracked background job."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, raiseload

from app.catalogue.models import Offering
from app.communications import notices  # noqa: F401 (registers the notification kinds sent here)
from app.communications.models import Announcement, AnnouncementDelivery
from app.core.audit import record_event
from app.core.jobs import JobRecord, report_progress, start_tracked_job
from app.core.urls import absolute_url
from app.enrolment.models import Enrolment
from app.extensions import db
from app.notifications.services import notify


def choose_language(announcement: Announcement, reader_locale: str, fallback: str) -> str:
    """The reader's language when it was written, else the offering's fallback, else any."""
    written = [code for code, body in announcement.bodies.items() if body.strip()]
    if reader_locale in written:
        return reader_locale
    return fallback if fallback in written else written[0]


def create_announcement(
    actor, offering: Offering, subjects: dict, bodies: dict, statuses: list[str]
) -> JobRecord:
    written = {code for code, body in bodies.items() if body.strip() and subjects.get(code)}
    announcement = Announcement(
        offering_id=offering.id,
        created_by_id=actor.id,
        subjects={c: subjects[c].strip() for c in written},
        bodies={c: bodies[c].strip() for c in written},
        statuses=sorted(statuses),
    )
    db.session.add(announcement)
    db.session.flush()
    record_event(
        actor,
        "announcement.created",
        announcement,
        after={"languages": sorted(written), "statuses": announcement.statuses},
    )
    return start_tracked_job(
        "announcement",
        "app.communications.announcements.send_announcement",
        actor,
        announcement_id=announcement.id,
    )


def send_announcement(job_id: int, announcement_id: int) -> None:
    """Background job: tell each addressed participant once, in their language."""

    announcement = db.session.get(Announcement, announcement_id)
    if announcement is None:
        report_progress(job_id, 0, 0, status="failed")
        return
    offering = db.session.get(Offering, announcement.offering_id)
    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.offering_id == offering.id, Enrolment.status.in_(announcement.statuses))
        .order_by(Enrolment.id)
        # Each person is told: their row comes with the list; a query per person is a bug.
        .options(joinedload(Enrolment.user), raiseload("*", sql_only=True))
    ).all()
    already = set(
        db.session.scalars(
            select(AnnouncementDelivery.user_id).where(
                AnnouncementDelivery.announcement_id == announcement.id
            )
        )
    )
    report_progress(job_id, len(already), len(enrolments))
    done = len(already)
    for enrolment in enrolments:
        user = enrolment.user
        if user.id in already:
            continue
        locale = choose_language(announcement, user.locale, offering.fallback_locale)
        try:
            db.session.add(
                AnnouncementDelivery(
                    announcement_id=announcement.id, user_id=user.id, locale=locale
                )
            )
            notify(
                user,
                "announcement",
                link=absolute_url("catalogue.show", offering_id=offering.id),
                offering=offering.title(user.locale),
                subject=announcement.subjects[locale],
                body=announcement.bodies[locale],
                text_locale=locale,
            )
            db.session.commit()
        except IntegrityError:  # another run of this job has just told this person
            db.session.rollback()
        done += 1
        if done % 20 == 0:
            report_progress(job_id, done)
    report_progress(job_id, done, status="done")
