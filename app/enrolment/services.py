"""Enrolment rules: seats, waitlist, approval, nomination, city caps.

Every change to an offering's enrolments starts by locking the offering's row with an UPDATE
(PostgreSQL holds a row lock until the commit; SQLite takes its write lock), so two requests
for the same offering are serialised and the seat count read afterwards is current. The
``seats_taken`` and ``waitlist_counter`` counters move in SQL, never written back from Python
(``UPDATE … SET seats_taken = seats_taken + 1 WHERE … AND seats_taken < capacity RETURNING``):
the database decides whether a seat is left, so even without the lock (a bug, a script) it
gives no more seats than the capacity, and a CHECK constraint refuses a value above it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, raiseload
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import User
from app.catalogue import lifecycle
from app.catalogue.calendar import build_calendar
from app.catalogue.models import EnrolmentMode, Offering, OfferingStatus
from app.catalogue.signals import capacity_raised
from app.core.audit import record_event
from app.core.db import load_parts, utcnow
from app.core.formatting import format_when
from app.core.i18n import reader_context
from app.core.roles import Role
from app.core.urls import absolute_url
from app.enrolment import notices  # noqa: F401 (registers the notification kinds sent here)
from app.enrolment.access import may_nominate_any_city, may_withdraw_nomination
from app.enrolment.errors import (
    ActionNotPossible,
    AlreadyEnrolled,
    CancellationClosed,
    EnrolmentClosed,
    NominationOnly,
    NotAnOfficial,
    NotInYourCity,
    OfferExpired,
)
from app.enrolment.models import (
    ACTIVE,
    SEAT_HOLDING,
    Enrolment,
    EnrolmentStatus,
    IllegalTransition,
)
from app.extensions import db
from app.notifications.services import notify


def lock_offering(offering_id: int) -> Offering:
    """Serialise enrolment changes of one offering; returns it freshly loaded."""
    result = db.session.execute(
        update(Offering)
        .where(Offering.id == offering_id)
        .values(waitlist_counter=Offering.waitlist_counter)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise EnrolmentClosed()
    return db.session.get(Offering, offering_id, populate_existing=True)


def _move_counters(offering: Offering, condition, **values) -> bool:
    """Change the offering's counters in one UPDATE decided by the database; the loaded
    object learns the new values without ever writing them back (no lost updates)."""
    # ``changed_at`` stays: the cached public pages show no counter but the catalogue cards'
    # seats, which are written afresh for each page (catalogue/cards.py, fill_seats).
    row = db.session.execute(
        update(Offering)
        .where(Offering.id == offering.id, condition)
        .values(**values)
        .returning(*(getattr(Offering, name) for name in values))
        .execution_options(synchronize_session=False)
    ).one_or_none()
    if row is None:
        return False
    for name, value in zip(values, row, strict=True):
        set_committed_value(offering, name, value)
    return True


def take_seat(offering: Offering) -> bool:
    """Take one seat if the database still has one; False when the offering is full."""
    return _move_counters(
        offering,
        or_(Offering.capacity.is_(None), Offering.seats_taken < Offering.capacity),
        seats_taken=Offering.seats_taken + 1,
    )


def release_seat(offering: Offering) -> None:
    """Give one seat back (the CHECK ``seats_taken >= 0`` refuses a counter below zero)."""
    _move_counters(offering, true(), seats_taken=Offering.seats_taken - 1)


def next_waitlist_seq(offering: Offering) -> int:
    """The next place in line, counted by the database (unique even without the lock)."""
    _move_counters(offering, true(), waitlist_counter=Offering.waitlist_counter + 1)
    return offering.waitlist_counter


# Reading ------------------------------------------------------------------------------------


def waitlist_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != EnrolmentStatus.WAITLISTED or enrolment.waitlist_seq is None:
        return None
    ahead = (
        db.session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(
                Enrolment.offering_id == enrolment.offering_id,
                Enrolment.status == EnrolmentStatus.WAITLISTED,
                Enrolment.waitlist_seq < enrolment.waitlist_seq,
            )
        )
        or 0
    )
    return ahead + 1


def waitlist_positions(enrolments) -> dict[int, int]:
    """Positions of several waitlisted enrolments in one statement (for dashboards)."""
    waiting = [e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED]
    if not waiting:
        return {}
    other = Enrolment.__table__.alias("ahead")
    ahead = (
        select(func.count())
        .select_from(other)
        .where(
            other.c.offering_id == Enrolment.offering_id,
            other.c.status == EnrolmentStatus.WAITLISTED,
            other.c.waitlist_seq < Enrolment.waitlist_seq,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Enrolment.id, ahead).where(Enrolment.id.in_([e.id for e in waiting]))
    )
    return {enrolment_id: count + 1 for enrolment_id, count in rows}


def find_enrolment(user_id: int, offering_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.offering_id == offering_id)
    )


def _city_seats(offering: Offering, city_id: int | None) -> int:
    """Seats held in the offering by people enrolled from ``city_id`` (their city as recorded
    on the enrolment, so changing one's city later frees no room under the cap)."""
    if city_id is None:
        return 0
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(
                Enrolment.offering_id == offering.id,
                Enrolment.city_id == city_id,
                Enrolment.status.in_(SEAT_HOLDING),
            )
        )
        or 0
    )


def _city_cap_reached(offering: Offering, enrolment: Enrolment) -> bool:
    return offering.city_cap is not None and _city_seats(offering, enrolment.city_id) >= (
        offering.city_cap
    )


# Changing -----------------------------------------------------------------------------------


def _link(offering: Offering) -> str:
    return absolute_url("enrolment.my_learning")


def _tell(enrolment: Enrolment, kind: str, with_calendar: bool = False, **params) -> None:
    load_parts(enrolment, "offering", "user")
    offering, user = enrolment.offering, enrolment.user
    sessions = load_parts(offering, "sessions").sessions if with_calendar else []
    calendar = (
        build_calendar(offering.title(user.locale), sessions, user.locale) if sessions else None
    )
    notify(
        user,
        kind,
        link=_link(offering),
        calendar=calendar,
        offering=offering.title(user.locale),
        **params,
    )


def _set_status(actor, enrolment: Enrolment, status: EnrolmentStatus, **audit) -> None:
    try:
        previous = enrolment.move_to(status)
    except IllegalTransition as error:
        raise ActionNotPossible() from error
    record_event(
        actor,
        "enrolment.status_changed",
        enrolment,
        before={"status": previous},
        after={"status": status, **audit},
    )


def _place(actor, offering: Offering, enrolment: Enrolment, *, promoted=False) -> None:
    """Give a seat when one is free (and the city's cap allows), else join the waitlist."""
    capped = _city_cap_reached(offering, enrolment)
    if not capped and take_seat(offering):
        _set_status(actor, enrolment, EnrolmentStatus.ENROLLED)
        enrolment.waiting_reason = ""
        _tell(
            enrolment,
            "enrolment_promoted" if promoted else "enrolment_enrolled",
            with_calendar=True,
        )
        return
    seat_free = offering.capacity is None or offering.seats_taken < offering.capacity
    enrolment.waitlist_seq = next_waitlist_seq(offering)
    enrolment.waiting_reason = "city_cap" if seat_free and capped else ""
    _set_status(actor, enrolment, EnrolmentStatus.WAITLISTED)
    db.session.flush()
    _tell(enrolment, "enrolment_waitlisted", position=waitlist_position(enrolment))


def promote_waitlist(actor, offering: Offering, now: datetime | None = None) -> list[Enrolment]:
    """Fill free seats from the waitlist in order, skipping people whose city is at its cap.

    With ``offer_hours`` set the seat is offered (and held) until the offer expires;
    otherwise the person is enrolled at once.
    """
    now = now or utcnow()
    promoted = []
    waiting = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.offering_id == offering.id, Enrolment.status == EnrolmentStatus.WAITLISTED)
        .order_by(Enrolment.waitlist_seq)
        # Each person is told: their row comes with the list; a query per person is a bug.
        .options(joinedload(Enrolment.user), raiseload("*", sql_only=True))
    ).all()
    # One pass in order is enough: promoting someone never frees room under a city's cap, so a
    # person skipped for their city stays skipped until the next change.
    for chosen in waiting:
        if offering.capacity is not None and offering.seats_taken >= offering.capacity:
            break
        if _city_cap_reached(offering, chosen):
            continue
        if not take_seat(offering):
            break
        if offering.offer_hours:
            _set_status(actor, chosen, EnrolmentStatus.OFFERED)
            chosen.offer_expires_at = now + timedelta(hours=offering.offer_hours)
            with reader_context(chosen.user.locale, chosen.user.timezone):
                deadline = format_when(chosen.offer_expires_at, zone=True)
            _tell(chosen, "enrolment_offered", deadline=deadline)
        else:
            _set_status(actor, chosen, EnrolmentStatus.ENROLLED)
            _tell(chosen, "enrolment_promoted", with_calendar=True)
        chosen.waiting_reason = ""
        chosen.waitlist_seq = None
        db.session.flush()
        promoted.append(chosen)
    return promoted


def _check_can_enrol(user: User, offering: Offering, now: datetime) -> None:
    if offering.status != OfferingStatus.PUBLISHED or not offering.is_enrolment_open(now):
        raise EnrolmentClosed()
    if not user.has_role(Role.OFFICIAL):
        raise NotAnOfficial()


def enrol(user: User, offering_id: int, now: datetime | None = None) -> Enrolment:
    """An official asks for a place. Safe to repeat: a second request returns the first."""
    now = now or utcnow()
    offering = lock_offering(offering_id)
    _check_can_enrol(user, offering, now)
    if offering.enrolment_mode == EnrolmentMode.NOMINATION:
        raise NominationOnly()
    enrolment = find_enrolment(user.id, offering.id)
    if enrolment is not None and enrolment.status in ACTIVE:
        return enrolment
    if enrolment is None:
        enrolment = Enrolment(
            user=user, offering=offering, status=EnrolmentStatus.PENDING, city_id=user.city_id
        )
        db.session.add(enrolment)
        try:
            db.session.flush()
        except IntegrityError as error:  # the same person, twice at once
            raise AlreadyEnrolled() from error
        record_event(user, "enrolment.requested", enrolment)
        if offering.enrolment_mode == EnrolmentMode.APPROVAL:
            _tell(enrolment, "enrolment_pending")
            return enrolment
    else:
        enrolment.city_id = user.city_id  # enrolling again: the city of this enrolment
        if offering.enrolment_mode == EnrolmentMode.APPROVAL:
            _set_status(user, enrolment, EnrolmentStatus.PENDING)
            _tell(enrolment, "enrolment_pending")
            return enrolment
    _place(user, offering, enrolment)
    return enrolment


def enrol_by_staff(actor: User, offering: Offering, person: User) -> Enrolment:
    """Staff enrol an official (bulk enrolment): the staff member's decision stands for an
    approval, and the seat, the city's cap and the waitlist follow the rules of ``enrol``.
    The caller has locked the offering and checked that it takes enrolments."""
    if not person.has_role(Role.OFFICIAL) or not person.is_enabled:
        raise NotAnOfficial()
    enrolment = find_enrolment(person.id, offering.id)
    if enrolment is not None and enrolment.status in ACTIVE:
        raise AlreadyEnrolled()
    if enrolment is None:
        enrolment = Enrolment(
            user=person, offering=offering, status=EnrolmentStatus.PENDING, city_id=person.city_id
        )
        db.session.add(enrolment)
        db.session.flush()
        record_event(actor, "enrolment.requested", enrolment, after={"by_staff": True})
    else:
        enrolment.city_id = person.city_id
    enrolment.decided_by_id = actor.id
    enrolment.decided_at = utcnow()
    _place(actor, offering, enrolment)
    return enrolment


def _free_seat_and_promote(actor, offering: Offering, previous: EnrolmentStatus) -> None:
    if previous in SEAT_HOLDING:
        release_seat(offering)
        if offering.status == OfferingStatus.PUBLISHED:  # nobody moves up into a cancelled one
            promote_waitlist(actor, offering)


def cancel(actor, enrolment_id: int, now: datetime | None = None, *, by_staff=False) -> Enrolment:
    now = now or utcnow()
    enrolment = _locked_enrolment(enrolment_id)
    offering = enrolment.offering
    if not by_staff and offering.cancel_until and now > offering.cancel_until:
        raise CancellationClosed()
    previous = EnrolmentStatus(enrolment.status)
    _set_status(actor, enrolment, EnrolmentStatus.CANCELLED)
    enrolment.waitlist_seq = None
    _tell(enrolment, "enrolment_cancelled")
    _free_seat_and_promote(actor, offering, previous)
    return enrolment


def _locked_enrolment(enrolment_id: int) -> Enrolment:
    offering_id = db.session.scalar(
        select(Enrolment.offering_id).where(Enrolment.id == enrolment_id)
    )
    if offering_id is None:
        raise ActionNotPossible()
    offering = lock_offering(offering_id)
    enrolment = db.session.get(Enrolment, enrolment_id, populate_existing=True)
    set_committed_value(enrolment, "offering", offering)  # the row just locked
    return enrolment


def approve(actor, enrolment_id: int) -> Enrolment:
    enrolment = _locked_enrolment(enrolment_id)
    if enrolment.status != EnrolmentStatus.PENDING:
        raise ActionNotPossible()
    enrolment.decided_by_id = actor.id
    enrolment.decided_at = utcnow()
    _place(actor, enrolment.offering, enrolment)
    return enrolment


def reject(actor, enrolment_id: int, reason: str) -> Enrolment:
    enrolment = _locked_enrolment(enrolment_id)
    previous = EnrolmentStatus(enrolment.status)
    _set_status(actor, enrolment, EnrolmentStatus.REJECTED, reason=reason)
    enrolment.reason = reason.strip()[:500]
    enrolment.decided_by_id = actor.id
    enrolment.decided_at = utcnow()
    enrolment.waitlist_seq = None
    _tell(enrolment, "enrolment_rejected", reason=enrolment.reason or "—")
    _free_seat_and_promote(actor, enrolment.offering, previous)
    return enrolment


def accept_offer(user: User, enrolment_id: int, now: datetime | None = None) -> Enrolment:
    now = now or utcnow()
    enrolment = _locked_enrolment(enrolment_id)
    if enrolment.status != EnrolmentStatus.OFFERED:
        raise ActionNotPossible()
    if enrolment.offer_expires_at and now > enrolment.offer_expires_at:
        raise OfferExpired()
    _set_status(user, enrolment, EnrolmentStatus.ENROLLED)  # the seat was already held
    enrolment.offer_expires_at = None
    _tell(enrolment, "enrolment_enrolled", with_calendar=True)
    return enrolment


def expire_offers(now: datetime | None = None) -> int:
    """Offers not taken in time pass to the next person (run by the periodic tick)."""
    now = now or utcnow()
    expired = db.session.scalars(
        select(Enrolment.id).where(
            Enrolment.status == EnrolmentStatus.OFFERED, Enrolment.offer_expires_at < now
        )
    ).all()
    for enrolment_id in expired:
        enrolment = _locked_enrolment(enrolment_id)
        if enrolment.status == EnrolmentStatus.OFFERED and enrolment.offer_expires_at < now:
            cancel(None, enrolment_id, now, by_staff=True)
        db.session.commit()
    return len(expired)


@capacity_raised.connect
def capacity_changed(offering: Offering, *, actor) -> list[Enrolment]:
    """After the capacity was raised (catalogue's signal): fill the new seats from the waitlist."""
    lock_offering(offering.id)
    return promote_waitlist(actor, offering)


def nominate(
    actor: User, offering_id: int, user_ids: list[int], now: datetime | None = None
) -> list[Enrolment]:
    """A focal point (for their own city) or staff nominate officials."""
    now = now or utcnow()
    offering = lock_offering(offering_id)
    if offering.status != OfferingStatus.PUBLISHED or not offering.is_enrolment_open(now):
        raise EnrolmentClosed()
    people = db.session.scalars(select(User).where(User.id.in_(user_ids))).all()
    if len(people) != len(set(user_ids)):
        raise NotInYourCity()
    if not may_nominate_any_city(actor) and any(
        p.city_id != actor.city_id or actor.city_id is None for p in people
    ):
        raise NotInYourCity()  # every id in the list is checked, not only the first
    nominated = []
    for person in people:
        if not person.has_role(Role.OFFICIAL) or not person.is_enabled:
            continue
        enrolment = find_enrolment(person.id, offering.id)
        if enrolment is not None and enrolment.status in ACTIVE:
            continue
        if enrolment is None:
            enrolment = Enrolment(
                user=person,
                offering=offering,
                status=EnrolmentStatus.NOMINATED,
                city_id=person.city_id,
            )
            db.session.add(enrolment)
            db.session.flush()
            record_event(actor, "enrolment.nominated", enrolment)
        else:
            _set_status(actor, enrolment, EnrolmentStatus.NOMINATED)
            enrolment.city_id = person.city_id
        enrolment.nominated_by_id = actor.id
        _tell(enrolment, "enrolment_nominated")
        nominated.append(enrolment)
    return nominated


def withdraw_nomination(actor: User, enrolment_id: int) -> Enrolment:
    """The focal point who nominated someone (or staff) takes the nomination back, as long as
    the person has not confirmed it; the person is told."""
    enrolment = _locked_enrolment(enrolment_id)
    if enrolment.status != EnrolmentStatus.NOMINATED or not may_withdraw_nomination(
        actor, enrolment
    ):
        raise ActionNotPossible()
    _set_status(actor, enrolment, EnrolmentStatus.CANCELLED, reason="nomination_withdrawn")
    _tell(enrolment, "enrolment_nomination_withdrawn")
    return enrolment


def confirm_nomination(user: User, enrolment_id: int, now: datetime | None = None) -> Enrolment:
    now = now or utcnow()
    enrolment = _locked_enrolment(enrolment_id)
    if enrolment.status != EnrolmentStatus.NOMINATED or enrolment.user_id != user.id:
        raise ActionNotPossible()
    # A nomination is confirmed only while the offering takes enrolments (not once it is
    # archived, closed or its enrolment window has passed).
    if not enrolment.offering.is_enrolment_open(now):
        raise EnrolmentClosed()
    _place(user, enrolment.offering, enrolment)
    return enrolment


def offerings_taking_nominations(limit: int = 100) -> list[Offering]:
    """Published offerings filled by nomination that have not ended yet, soonest first."""
    return list(
        db.session.scalars(
            select(Offering)
            .where(
                Offering.status == OfferingStatus.PUBLISHED,
                Offering.enrolment_mode == EnrolmentMode.NOMINATION,
                Offering.ends_on >= date.today(),
            )
            .order_by(Offering.starts_on)
            .limit(limit)
        )
    )


def nomination_candidates(
    actor: User, offering: Offering, city_id: int | None = None, limit: int = 500
) -> tuple[list[User], dict[int, Enrolment]]:
    """The officials ``actor`` may nominate (a focal point: their own city, whatever is asked;
    staff: any city, or ``city_id``), with their enrolments in the offering by user id."""
    statement = select(User).where(User.is_enabled.is_(True)).order_by(User.name_latin)
    if not may_nominate_any_city(actor):
        statement = statement.where(User.city_id == actor.city_id)
    elif city_id is not None:
        statement = statement.where(User.city_id == city_id)
    people = [p for p in db.session.scalars(statement.limit(limit)) if p.has_role(Role.OFFICIAL)]
    existing = {
        e.user_id: e
        for e in db.session.scalars(
            select(Enrolment).where(
                Enrolment.offering_id == offering.id, Enrolment.user_id.in_([p.id for p in people])
            )
        )
    }
    return people, existing


def all_in_offering(offering_id: int, enrolment_ids: list[int]) -> bool:
    """Whether every id names an enrolment of this offering (not only the first one)."""
    found = set(
        db.session.scalars(
            select(Enrolment.id).where(
                Enrolment.id.in_(enrolment_ids), Enrolment.offering_id == offering_id
            )
        )
    )
    return found == set(enrolment_ids)


def decide(actor, enrolment_ids: list[int], approve_them: bool, reason: str = "") -> int:
    """Approve or reject several requests at once; one refusal undoes them all."""
    for enrolment_id in sorted(enrolment_ids):
        if approve_them:
            approve(actor, enrolment_id)
        else:
            reject(actor, enrolment_id, reason)
    return len(enrolment_ids)


# What the catalogue asks and tells (app/catalogue/lifecycle.py) -------------------------------


def _participants(offering_id: int) -> list[Enrolment]:
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.offering_id == offering_id, Enrolment.status.in_(ACTIVE))
            .order_by(Enrolment.id)
            .options(joinedload(Enrolment.user))  # each person is told, in their language
        )
    )


@lifecycle.participants_counted.connect
def count_participants(offering: Offering, **_) -> int:
    """People still in an offering (asked, nominated, waiting, offered or enrolled)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(Enrolment.offering_id == offering.id, Enrolment.status.in_(ACTIVE))
        )
        or 0
    )


@lifecycle.participation_asked.connect
def has_enrolment(offering: Offering, user=None, **_) -> bool:
    """Anyone with an enrolment in an offering may read its page, whatever its status."""
    return user is not None and find_enrolment(user.id, offering.id) is not None


@lifecycle.offering_cancelled.connect
def tell_offering_cancelled(offering: Offering, actor=None, **_) -> None:
    """Everyone still in a cancelled offering is told, in their own language."""
    for enrolment in _participants(offering.id):
        _tell(enrolment, "offering_cancelled")


@lifecycle.session_cancelled.connect
def tell_session_cancelled(session, actor=None, **_) -> None:
    """Everyone still in the offering is told that one of its sessions will not take place,
    with its day and time in their own language and time zone."""
    for enrolment in _participants(session.offering_id):
        user = enrolment.user
        with reader_context(user.locale, user.timezone):
            when = format_when(session.starts_at, zone=True)
        _tell(enrolment, "session_cancelled", when=when, session=session.title(user.locale))
