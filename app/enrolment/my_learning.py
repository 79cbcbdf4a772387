"""What an official sees on "My learning": their enrolments sorted into what waits for them,
what is current and what is past, and their next sessions.

Read as plain rows in a fixed number of statements: an official may have dozens of
enrolments, and building an ORM object for every enrolment and offering cost
more than the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, bindparam, select

from app.catalogue.models import (
    Offering,
    OfferingSession,
    OfferingStatus,
)
from app.core.localized import localized
from app.core.reads import read
from app.enrolment.models import ACTIVE, Enrolment, EnrolmentStatus
from app.enrolment.services import waitlist_positions

WAITING_FOR_THE_OFFICIAL = (EnrolmentStatus.OFFERED, EnrolmentStatus.NOMINATED)
UPCOMING_SESSIONS = 10


@dataclass(frozen=True)
class Entry:
    """One enrolment with what the page shows of its offering."""

    id: int
    offering_id: int
    status: str
    offer_expires_at: datetime | None
    title: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class UpcomingSession:
    offering_id: int
    offering_title: str
    title: str
    starts_at: datetime
    ends_at: datetime


@dataclass
class MyLearning:
    actions: list[Entry] = field(default_factory=list)
    current: list[Entry] = field(default_factory=list)
    history: list[Entry] = field(default_factory=list)
    upcoming: list[UpcomingSession] = field(default_factory=list)
    positions: dict[int, int] = field(default_factory=dict)


# Both statements are built once, their values bound per request: building them cost about
# as much as running them.
ENTRIES = (
    select(
        Enrolment.id,
        Enrolment.offering_id,
        Enrolment.status,
        Enrolment.offer_expires_at,
        Offering.fallback_locale,
        Offering.titles,
        Offering.starts_on,
        Offering.ends_on,
        Offering.status.label("offering_status"),
    )
    .join(Offering, Offering.id == Enrolment.offering_id)
    .where(Enrolment.user_id == bindparam("user_id"))
    .order_by(Enrolment.created_at.desc(), Enrolment.id.desc())
)
NEXT_SESSIONS = (
    select(
        OfferingSession.offering_id,
        OfferingSession.titles,
        OfferingSession.starts_at,
        OfferingSession.ends_at,
    )
    .where(
        OfferingSession.offering_id.in_(bindparam("offering_ids", expanding=True)),
        OfferingSession.ends_at >= bindparam("now"),
        OfferingSession.cancelled_at.is_(None),
    )
    .order_by(OfferingSession.starts_at, OfferingSession.id)
    .limit(UPCOMING_SESSIONS)
)


def _offering_title(offering_id: int, texts: dict, locale: str, fallback: str) -> str:
    return localized(texts, locale, fallback) or f"#{offering_id}"


def _entry(row, locale: str) -> Entry:
    """An ``ENTRIES`` row as the page shows it."""
    return Entry(
        id=row.id,
        offering_id=row.offering_id,
        status=row.status,
        offer_expires_at=row.offer_expires_at,
        title=_offering_title(row.offering_id, row.titles, locale, row.fallback_locale),
        starts_on=row.starts_on,
        ends_on=row.ends_on,
    )


def _upcoming(session, offering_titles: dict, fallback: str, locale: str) -> UpcomingSession:
    """A session row with its offering's titles, in ``locale``."""
    return UpcomingSession(
        offering_id=session.offering_id,
        offering_title=_offering_title(session.offering_id, offering_titles, locale, fallback),
        title=localized(session.titles, locale, fallback),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
    )


def my_learning(user_id: int, locale: str, now: datetime, today: date) -> MyLearning:
    rows = read(ENTRIES, {"user_id": user_id}).all()
    titles = {row.offering_id: (row.titles, row.fallback_locale) for row in rows}

    page = MyLearning()
    for row in rows:
        entry = _entry(row, locale)
        if entry.status in WAITING_FOR_THE_OFFICIAL:
            page.actions.append(entry)
        elif (
            entry.status in ACTIVE
            and entry.ends_on >= today
            and row.offering_status != OfferingStatus.CANCELLED  # it will not take place
        ):
            page.current.append(entry)
        else:
            page.history.append(entry)
    page.positions = waitlist_positions([*page.actions, *page.current, *page.history])

    enrolled = sorted(
        {
            row.offering_id
            for row in rows
            if row.status == EnrolmentStatus.ENROLLED
            and row.offering_status != OfferingStatus.CANCELLED
        }
    )
    if enrolled:
        sessions = read(NEXT_SESSIONS, {"offering_ids": enrolled, "now": now}).all()
        page.upcoming = [_upcoming(s, *titles[s.offering_id], locale) for s in sessions]
    return page


# The home page's welcome: what waits for the official and their next sessions, a few of each.
# Two statements that read only those rows: My learning's reads every enrolment (30 for a
# regular participant), their waitlist places and their offerings' sessions.
WAITING = ENTRIES.where(Enrolment.status.in_(WAITING_FOR_THE_OFFICIAL)).limit(bindparam("count"))
FIRST_SESSIONS = (
    select(
        OfferingSession.offering_id,
        OfferingSession.titles,
        OfferingSession.starts_at,
        OfferingSession.ends_at,
        Offering.titles.label("offering_titles"),
        Offering.fallback_locale,
    )
    .join(Offering, Offering.id == OfferingSession.offering_id)
    .join(  # one enrolment a person and offering (a unique key): no session twice
        Enrolment,
        and_(
            Enrolment.offering_id == OfferingSession.offering_id,
            Enrolment.user_id == bindparam("user_id"),
            Enrolment.status == EnrolmentStatus.ENROLLED,
        ),
    )
    .where(
        Offering.status != OfferingStatus.CANCELLED,
        OfferingSession.ends_at >= bindparam("now"),
        OfferingSession.cancelled_at.is_(None),
    )
    .order_by(OfferingSession.starts_at, OfferingSession.id)
    .limit(bindparam("count"))
)


def home_summary(user_id: int, locale: str, now: datetime, count: int) -> MyLearning:
    """The first ``count`` enrolments waiting for the official (newest first, as on My
    learning) and their next ``count`` sessions; nothing else of My learning is read."""
    page = MyLearning()
    waiting = read(WAITING, {"user_id": user_id, "count": count}).all()
    page.actions = [_entry(row, locale) for row in waiting]
    values = {"user_id": user_id, "now": now, "count": count}
    page.upcoming = [
        _upcoming(s, s.offering_titles, s.fallback_locale, locale)
        for s in read(FIRST_SESSIONS, values).all()
    ]
    return page
