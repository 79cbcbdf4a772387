"""Offering use cases: settings, text per language, sessions, modules, status, cloning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.accounts.models import User, UserRole
from app.catalogue.errors import (
    CapacityBelowSeatsTaken,
    EndsBeforeStart,
    OfferingHasParticipants,
    OfferingIncomplete,
    OfferingTextWithoutTitle,
    SessionOutsideOffering,
    StatusChangeNotAllowed,
)
from app.catalogue.lifecycle import (
    offering_cancelled,
    participant_count,
    session_cancelled,
    session_record_count,
)
from app.catalogue.models import (
    STATUS_TRANSITIONS,
    Module,
    Offering,
    OfferingLanguage,
    OfferingSession,
    OfferingStatus,
    OfferingTopic,
)
from app.catalogue.signals import capacity_raised
from app.core.audit import record_event
from app.core.db import load_parts, utcnow
from app.core.html import sanitize_html
from app.core.localized import only_filled
from app.core.roles import Role
from app.extensions import db


def local_to_utc(value: datetime, zone: str) -> datetime:
    """A naive wall-clock time in ``zone`` (as typed in a form) as an aware UTC datetime."""
    return value.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def utc_to_local(value: datetime | None, zone: str) -> datetime | None:
    """For form defaults: an aware UTC datetime as naive wall-clock time in ``zone``."""
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if value else None


@dataclass
class OfferingSettings:
    kind: str
    format: str
    topics: list[str]
    languages: list[str]
    venue: str
    online_url: str
    timezone: str
    capacity: int | None
    starts_on: date
    ends_on: date
    enrol_opens_local: datetime | None
    enrol_closes_local: datetime | None
    enrolment_mode: str
    fallback_locale: str
    instructor_ids: list[int]
    city_cap: int | None = None
    offer_hours: int | None = None
    cancel_until_local: datetime | None = None


def instructor_candidates() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == Role.INSTRUCTOR, User.is_enabled.is_(True))
            .order_by(User.name_latin)
        )
    )


def _snapshot(offering: Offering) -> dict:
    load_parts(offering, "topic_rows", "language_rows", "instructors")
    return {
        "kind": offering.kind,
        "format": offering.format,
        "topics": offering.topics,
        "languages": offering.languages,
        "venue": offering.venue,
        "online_url": offering.online_url,
        "timezone": offering.timezone,
        "capacity": offering.capacity,
        "starts_on": str(offering.starts_on),
        "ends_on": str(offering.ends_on),
        "enrolment_mode": offering.enrolment_mode,
        "fallback_locale": offering.fallback_locale,
        "city_cap": offering.city_cap,
        "offer_hours": offering.offer_hours,
        "instructors": sorted(i.id for i in offering.instructors),
    }


def save_offering(actor, offering: Offering | None, settings: OfferingSettings) -> Offering:
    if settings.ends_on < settings.starts_on:
        raise EndsBeforeStart()
    creating = offering is None
    if creating:
        offering = Offering(status=OfferingStatus.DRAFT)
        db.session.add(offering)
    before = None if creating else _snapshot(offering)
    offering.kind = settings.kind
    offering.format = settings.format
    offering.venue = settings.venue.strip()
    offering.online_url = settings.online_url.strip()
    offering.timezone = settings.timezone
    if not creating and settings.capacity is not None and settings.capacity < offering.seats_taken:
        raise CapacityBelowSeatsTaken()
    capacity_grew = not creating and (
        settings.capacity is None
        or (offering.capacity is not None and settings.capacity > offering.capacity)
    )
    offering.capacity = settings.capacity
    offering.city_cap = settings.city_cap
    offering.offer_hours = settings.offer_hours
    offering.cancel_until = (
        local_to_utc(settings.cancel_until_local, settings.timezone)
        if settings.cancel_until_local
        else None
    )
    offering.starts_on = settings.starts_on
    offering.ends_on = settings.ends_on
    offering.enrolment_mode = settings.enrolment_mode
    offering.fallback_locale = settings.fallback_locale
    offering.enrol_opens_at = (
        local_to_utc(settings.enrol_opens_local, settings.timezone)
        if settings.enrol_opens_local
        else None
    )
    offering.enrol_closes_at = (
        local_to_utc(settings.enrol_closes_local, settings.timezone)
        if settings.enrol_closes_local
        else None
    )
    if (
        offering.enrol_opens_at
        and offering.enrol_closes_at
        and offering.enrol_closes_at <= offering.enrol_opens_at
    ):
        raise EndsBeforeStart()
    offering.topic_rows = [OfferingTopic(topic=t) for t in sorted(set(settings.topics))]
    offering.language_rows = [
        OfferingLanguage(locale=code) for code in sorted(set(settings.languages))
    ]
    allowed = {u.id: u for u in instructor_candidates()}
    offering.instructors = [allowed[i] for i in settings.instructor_ids if i in allowed]
    db.session.flush()
    record_event(
        actor,
        "offering.created" if creating else "offering.updated",
        offering,
        before=before,
        after=_snapshot(offering),
    )
    if capacity_grew:
        capacity_raised.send(offering, actor=actor)
    return offering


def _without(texts: dict | None, locale: str) -> dict:
    return {code: text for code, text in (texts or {}).items() if code != locale}


def save_translation(
    actor, offering: Offering, locale: str, *, title: str, summary: str, description: str
) -> None:
    """The offering's text in one language (the three dicts are assigned anew, so the change
    is seen: JSON columns do not track changes inside). A language left wholly empty is
    removed; a summary or description without a title is refused."""
    title, summary, description = title.strip(), summary.strip(), sanitize_html(description)
    if not title:
        if summary or description.strip():
            raise OfferingTextWithoutTitle()
        delete_translation(actor, offering, locale)
        return
    titles = offering.titles or {}
    before = (
        {"title": titles[locale], "summary": (offering.summaries or {}).get(locale, "")}
        if titles.get(locale)
        else None
    )
    offering.titles = {**titles, locale: title}
    offering.summaries = (
        {**(offering.summaries or {}), locale: summary}
        if summary
        else _without(offering.summaries, locale)
    )
    offering.descriptions = (
        {**(offering.descriptions or {}), locale: description}
        if description.strip()
        else _without(offering.descriptions, locale)
    )
    offering.updated_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "offering.text_saved",
        offering,
        before=before,
        after={"locale": locale, "title": title, "summary": summary},
    )


def delete_translation(actor, offering: Offering, locale: str) -> None:
    if locale == offering.fallback_locale:
        raise OfferingIncomplete()
    if locale in (offering.titles or {}):
        offering.titles = _without(offering.titles, locale)
        offering.summaries = _without(offering.summaries, locale)
        offering.descriptions = _without(offering.descriptions, locale)
        record_event(actor, "offering.text_deleted", offering, before={"locale": locale})


def change_status(actor, offering: Offering, status: OfferingStatus) -> None:
    current = OfferingStatus(offering.status)
    if status not in STATUS_TRANSITIONS[current]:
        raise StatusChangeNotAllowed()
    if status == OfferingStatus.PUBLISHED and offering.fallback_locale not in (
        offering.content_locales
    ):
        raise OfferingIncomplete()
    if status == OfferingStatus.DRAFT and participant_count(offering):
        raise OfferingHasParticipants()
    offering.status = status
    if status == OfferingStatus.PUBLISHED and offering.published_at is None:
        offering.published_at = utcnow()
    record_event(
        actor,
        "offering.status_changed",
        offering,
        before={"status": current},
        after={"status": status},
    )
    if status == OfferingStatus.CANCELLED:
        db.session.flush()
        offering_cancelled.send(offering, actor=actor)  # participants are told


@dataclass
class SessionData:
    titles: dict[str, str]
    starts_local: datetime
    ends_local: datetime
    location: str
    online_url: str
    counts_for_attendance: bool


def save_session(
    actor, offering: Offering, session: OfferingSession | None, data: SessionData
) -> OfferingSession:
    """Times are typed in the offering's zone and stored in UTC; they must fall in its dates."""
    starts_at = local_to_utc(data.starts_local, offering.timezone)
    ends_at = local_to_utc(data.ends_local, offering.timezone)
    if ends_at <= starts_at:
        raise EndsBeforeStart()
    first = local_to_utc(datetime.combine(offering.starts_on, time.min), offering.timezone)
    last = local_to_utc(
        datetime.combine(offering.ends_on + timedelta(days=1), time.min), offering.timezone
    )
    if starts_at < first or ends_at > last:
        raise SessionOutsideOffering()
    creating = session is None
    if creating:
        session = OfferingSession(offering=offering)
        db.session.add(session)
    before = (
        None
        if creating
        else {"starts_at": session.starts_at.isoformat(), "ends_at": session.ends_at.isoformat()}
    )
    session.titles = only_filled(data.titles)
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.location = data.location.strip()
    session.online_url = data.online_url.strip()
    session.counts_for_attendance = data.counts_for_attendance
    db.session.flush()
    record_event(
        actor,
        "session.created" if creating else "session.updated",
        session,
        before=before,
        after={
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "offering_id": offering.id,
        },
    )
    return session


def delete_session(actor, session: OfferingSession) -> bool:
    """Remove a session; when people take part in the offering, cancel it instead (it stays
    in the programme, marked cancelled, no longer counts for attendance, and they are told).
    Returns True when the session was cancelled rather than removed."""
    if participant_count(session.offering) or session_record_count(session):
        if session.cancelled_at is None:
            session.cancelled_at = utcnow()
            session.counts_for_attendance = False
            record_event(
                actor,
                "session.cancelled",
                session,
                before={"offering_id": session.offering_id, "titles": session.titles},
                after={"starts_at": session.starts_at.isoformat()},
            )
            db.session.flush()
            session_cancelled.send(session, actor=actor)
        return True
    record_event(
        actor,
        "session.deleted",
        session,
        before={
            "offering_id": session.offering_id,
            "starts_at": session.starts_at.isoformat(),
            "titles": session.titles,
        },
    )
    db.session.delete(session)
    return False


def save_module(actor, offering: Offering, module: Module | None, titles: dict) -> Module:
    if module is None:
        modules = load_parts(offering, "modules").modules
        position = max((m.position for m in modules), default=0) + 1
        module = Module(offering=offering, position=position)
        db.session.add(module)
    module.titles = only_filled(titles)
    db.session.flush()
    record_event(actor, "module.saved", module, after={"titles": module.titles})
    return module


def move_module(actor, module: Module, direction: int) -> None:
    """Swap a module with its neighbour (direction -1 up, +1 down)."""
    ordered = sorted(load_parts(module.offering, "modules").modules, key=lambda m: m.position)
    index = ordered.index(module)
    other = index + direction
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
        record_event(actor, "module.moved", module, after={"position": module.position})


def delete_module(actor, module: Module) -> bool:
    """Remove a module; when people take part in the offering, mark it cancelled instead.
    Returns True when the module was cancelled rather than removed."""
    offering = module.offering
    if participant_count(offering):
        if module.cancelled_at is None:
            module.cancelled_at = utcnow()
            record_event(actor, "module.cancelled", module, before={"titles": module.titles})
        return True
    record_event(actor, "module.deleted", module, before={"titles": module.titles})
    load_parts(offering, "modules").modules.remove(module)
    for position, item in enumerate(sorted(offering.modules, key=lambda m: m.position), 1):
        item.position = position


def clone_offering(actor, source: Offering, new_start: date) -> Offering:
    """A draft copy for the next cohort: text, topics, languages, instructors, modules, and
    sessions and enrolment window shifted by the same number of days."""
    shift = new_start - source.starts_on
    load_parts(source, "topic_rows", "language_rows", "instructors", "modules", "sessions")
    copy = Offering(
        kind=source.kind,
        status=OfferingStatus.DRAFT,
        format=source.format,
        timezone=source.timezone,
        starts_on=source.starts_on + shift,
        ends_on=source.ends_on + shift,
        capacity=source.capacity,
        enrol_opens_at=source.enrol_opens_at + shift if source.enrol_opens_at else None,
        enrol_closes_at=source.enrol_closes_at + shift if source.enrol_closes_at else None,
        enrolment_mode=source.enrolment_mode,
        fallback_locale=source.fallback_locale,
        venue=source.venue,
        online_url=source.online_url,
    )
    copy.titles = dict(source.titles or {})
    copy.summaries = dict(source.summaries or {})
    copy.descriptions = dict(source.descriptions or {})
    copy.topic_rows = [OfferingTopic(topic=t) for t in source.topics]
    copy.language_rows = [OfferingLanguage(locale=code) for code in source.languages]
    copy.instructors = list(source.instructors)
    kept_modules = [m for m in source.modules if m.cancelled_at is None]
    copy.modules = [
        Module(position=position, titles=dict(m.titles))
        for position, m in enumerate(kept_modules, start=1)
    ]
    copy.sessions = [
        OfferingSession(
            titles=dict(s.titles),
            starts_at=s.starts_at + shift,
            ends_at=s.ends_at + shift,
            location=s.location,
            online_url=s.online_url,
            counts_for_attendance=s.counts_for_attendance,
        )
        for s in source.sessions
        if s.cancelled_at is None
    ]
    db.session.add(copy)
    db.session.flush()
    record_event(
        actor,
        "offering.cloned",
        copy,
        before={"source_id": source.id},
        after={"starts_on": str(copy.starts_on)},
    )
    return copy
