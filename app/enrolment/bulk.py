"""Bulk enrolment (or nomination) from a list of e-mail addresses.

First a dry run: every line is read and every person's outcome is worked out with the same
rules as a single enrolment (an account that is an active official, not yet in the offering,
a seat left, the city's cap), nothing changed. Then the confirmed list is applied in one
transaction through the same services as one enrolment; long lists in a background job.
An offering filled by nomination gets nominations (each person confirms), any other one
enrolments decided by staff (a seat, or the waitlist when it is full).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from app.accounts.models import User
from app.catalogue.models import EnrolmentMode, Offering, OfferingStatus
from app.core.babel import gettext as _
from app.core.db import utcnow
from app.core.jobs import JobRecord, report_progress, start_tracked_job
from app.core.roles import Role
from app.enrolment import services
from app.enrolment.errors import EnrolmentClosed
from app.enrolment.models import ACTIVE, SEAT_HOLDING, STATUS_TITLES, Enrolment, EnrolmentStatus
from app.extensions import db

ENROLLED, WAITLISTED, NOMINATED, REFUSED = "enrolled", "waitlisted", "nominated", "refused"
HEADER_NAMES = {"email", "e-mail", "e-mail address", "email address", "mail"}


@dataclass
class Line:
    number: int  # line in the file (1 is the first line)
    email: str
    outcome: str = REFUSED
    reason: str = ""
    person: User | None = None


@dataclass
class Plan:
    action: str  # "enrol" or "nominate"
    lines: list[Line] = field(default_factory=list)
    # Lines that are not an address: (line number, what is wrong).
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(line.outcome for line in self.lines)

    @property
    def to_do(self) -> list[Line]:
        return [line for line in self.lines if line.outcome != REFUSED]


def action_for(offering: Offering) -> str:
    return "nominate" if offering.enrolment_mode == EnrolmentMode.NOMINATION else "enrol"


def read_addresses(data: bytes, max_rows: int) -> tuple[list[tuple[int, str]], list]:
    """The addresses of a CSV or plain list (first cell of each line; a header line naming the
    column is skipped), and the lines that are not an address, with their line numbers."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8”."))]
    addresses: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        value = next((c.strip() for c in cells if c.strip()), "")
        if not value or (number == 1 and value.lower() in HEADER_NAMES):
            continue
        if len(addresses) >= max_rows:
            problems.append(
                (number, _("The list is too long: at most %(max)d rows.", max=max_rows))
            )
            break
        try:
            email = validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            problems.append((number, _("“%(value)s” is not an e-mail address.", value=value[:80])))
            continue
        if email in first_seen:
            problems.append(
                (number, _("%(email)s repeats line %(line)d.", email=email, line=first_seen[email]))
            )
            continue
        first_seen[email] = number
        addresses.append((number, email))
    return addresses, problems


def _seats_by_city(offering: Offering) -> Counter:
    return Counter(
        dict(
            db.session.execute(
                select(Enrolment.city_id, func.count())
                .where(Enrolment.offering_id == offering.id, Enrolment.status.in_(SEAT_HOLDING))
                .group_by(Enrolment.city_id)
            ).all()
        )
    )


def plan(
    offering: Offering, addresses: list[tuple[int, str]], problems: list | None = None
) -> Plan:
    """What would happen to each address, in order, without changing anything (four
    statements whatever the length of the list); ``problems`` are the lines of the file that
    are not an address."""
    result = Plan(action=action_for(offering), problems=problems or [])
    if offering.status != OfferingStatus.PUBLISHED or not offering.is_enrolment_open(utcnow()):
        raise EnrolmentClosed()
    emails = [email for _, email in addresses]
    people = (
        {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
        if emails
        else {}
    )
    existing = (
        {
            e.user_id: e
            for e in db.session.scalars(
                select(Enrolment).where(
                    Enrolment.offering_id == offering.id,
                    Enrolment.user_id.in_([u.id for u in people.values()]),
                )
            )
        }
        if people
        else {}
    )
    seats_left = (
        None if offering.capacity is None else max(0, offering.capacity - offering.seats_taken)
    )
    by_city = _seats_by_city(offering)
    for number, email in addresses:
        line = Line(number, email, person=people.get(email))
        result.lines.append(line)
        person = line.person
        if person is None:
            line.reason = _("No account uses this address.")
        elif person.is_closed or not person.is_enabled:
            line.reason = _("The account is deactivated.")
        elif not person.has_role(Role.OFFICIAL):
            line.reason = _("The account is not an official's.")
        elif person.id in existing and existing[person.id].status in ACTIVE:
            line.reason = _(
                "Already in this offering: %(status)s.",
                status=STATUS_TITLES[EnrolmentStatus(existing[person.id].status)],
            )
        elif result.action == "nominate":
            line.outcome = NOMINATED
        elif offering.city_cap is not None and by_city[person.city_id] >= offering.city_cap:
            line.outcome, line.reason = WAITLISTED, _("Their city has used its seats.")
        elif seats_left is not None and seats_left <= 0:
            line.outcome, line.reason = WAITLISTED, _("No seat is left.")
        else:
            line.outcome = ENROLLED
            by_city[person.city_id] += 1
            if seats_left is not None:
                seats_left -= 1
    return result


def apply(actor: User, offering_id: int, emails: list[str]) -> Counter:
    """Do what the dry run showed, in the caller's transaction: the offering is locked, the
    list is planned again on the current seats, and each person goes through the service of a
    single enrolment or nomination. Returns the outcomes as they happened."""
    offering = services.lock_offering(offering_id)
    checked = plan(offering, list(enumerate(emails, start=1)))
    done: Counter = Counter({REFUSED: len(checked.lines) - len(checked.to_do)})
    if checked.action == "nominate":
        ids = [line.person.id for line in checked.to_do]
        done[NOMINATED] += len(services.nominate(actor, offering.id, ids)) if ids else 0
        return done
    for line in checked.to_do:
        enrolment = services.enrol_by_staff(actor, offering, line.person)
        done[enrolment.status] += 1
    return done


@dataclass
class Applied:
    """A confirmed list: applied at once (``done``: the outcomes), or a ``job`` started for a
    long one."""

    done: Counter | None = None
    job: JobRecord | None = None


def apply_list(actor: User, offering_id: int, emails: list[str], inline_rows: int) -> Applied:
    """Apply a confirmed list now when it has at most ``inline_rows`` addresses, else in a
    background job (``apply_job``) whose progress a page shows."""
    if len(emails) <= inline_rows:
        return Applied(done=apply(actor, offering_id, emails))
    job = start_tracked_job(
        "enrolment.bulk",
        "app.enrolment.bulk.apply_job",
        actor=actor,
        total=len(emails),
        offering_id=offering_id,
        actor_id=actor.id,
        emails=emails,
    )
    return Applied(job=job)


def done_summary(done: Counter) -> str:
    return _(
        "Done: %(enrolled)d enrolled, %(waitlisted)d on the waitlist, %(nominated)d "
        "nominated, %(refused)d refused.",
        enrolled=done[ENROLLED],
        waitlisted=done[WAITLISTED],
        nominated=done[NOMINATED],
        refused=done[REFUSED],
    )


def apply_job(job_id: int, offering_id: int, actor_id: int, emails: list[str]) -> None:
    """The background form of ``apply`` for long lists: one transaction, committed with the
    job's final progress."""
    actor = db.session.get(User, actor_id)
    if actor is None or not actor.has_role(Role.STAFF, Role.ADMIN):
        raise PermissionError("the person who started the job is no longer staff")
    report_progress(job_id, 0, len(emails))
    apply(actor, offering_id, emails)
    report_progress(job_id, len(emails), status="done")
