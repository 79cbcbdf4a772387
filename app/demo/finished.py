"""What the demonstration's finished offerings share (the workshop with attendance, the course
with evaluations): found again by their English title, built in the past with their text in
every language, and the demo people enrolled directly (their enrolment period is over)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.catalogue.models import (
    Offering,
    OfferingLanguage,
    OfferingSession,
    OfferingTopic,
)
from app.catalogue.services import local_to_utc
from app.core.db import utcnow
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db

ZONE = "Asia/Taipei"


def offering_titled(title_en: str) -> int | None:
    """The id of the offering with this English title, once it was added."""
    return db.session.scalar(
        select(Offering.id).where(Offering.titles["en"].as_string() == title_en).limit(1)
    )


def demo_officials() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.email.like("official%@demo.kcc.test")).order_by(User.id)
        )
    )


def _at(day: date, hour: int) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour)), ZONE)


def finished_offering(
    instructor: User,
    *,
    titles: dict[str, tuple[str, str]],
    descriptions: dict[str, str],
    session_titles: Sequence[dict[str, str]],
    starts_on: date,
    days_apart: int,
    hours: tuple[int, int],
    location: str | None = None,
    topic: str = "resilience",
    **columns,
) -> Offering:
    """A published offering in the Taipei zone with one session per entry of
    ``session_titles``, ``days_apart`` days after each other from ``starts_on``, from
    ``hours[0]`` to ``hours[1]`` o'clock; ``columns`` are the offering's other columns."""
    offering = Offering(
        status="published", timezone=ZONE, fallback_locale="en", starts_on=starts_on, **columns
    )
    offering.titles = {code: title for code, (title, _) in titles.items()}
    offering.summaries = {code: summary for code, (_, summary) in titles.items() if summary}
    offering.descriptions = {code: descriptions[code] for code in titles if descriptions[code]}
    offering.topic_rows = [OfferingTopic(topic=topic)]
    offering.language_rows = [OfferingLanguage(locale="en")]
    offering.sessions = [
        OfferingSession(
            titles=session,
            location=location,
            starts_at=_at(starts_on + timedelta(days=days_apart * n), hours[0]),
            ends_at=_at(starts_on + timedelta(days=days_apart * n), hours[1]),
        )
        for n, session in enumerate(session_titles)
    ]
    offering.instructors = [instructor]
    db.session.add(offering)
    db.session.flush()
    return offering


def enrol_all(
    offering: Offering, people: Sequence[User], *, decided_by: User | None, days_ago: int
) -> list[Enrolment]:
    """Everyone enrolled (each holding a seat), decided ``days_ago`` days ago."""
    enrolments = [
        Enrolment(
            user_id=person.id,
            city_id=person.city_id,
            offering_id=offering.id,
            status=EnrolmentStatus.ENROLLED,
            decided_by_id=decided_by.id if decided_by else None,
            decided_at=utcnow() - timedelta(days=days_ago),
        )
        for person in people
    ]
    db.session.add_all(enrolments)
    offering.seats_taken = len(enrolments)
    db.session.flush()
    return enrolments
