"""Attendance sheets, check-in codes and check-ins.

Every change to a session's marks starts by locking the session's row with an UPDATE
(PostgreSQL holds the row lock to the commit; SQLite takes its write lock), so two instructors
saving the same sheet, or a check-in racing a mark, run one after the other and the second
reads what the first wrote. One mark per enrolment and session (a unique constraint); marks
are changed in place, never deleted, and each change goes to the audit log.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from app.catalogue.lifecycle import session_records_counted
from app.catalogue.models import OfferingSession
from app.core.audit import record_event
from app.core.db import utcnow
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.attendance.models import AttendanceMark, AttendanceStatus, CheckInCode, MarkSource
from app.records.errors import (
    CheckInClosed,
    InvalidAttendanceStatus,
    InvalidCheckInCode,
    NotAParticipant,
    NotEnrolledHere,
    NotForAttendance,
)
from app.records.sessions import takes_attendance
from app.records.signals import record_changed

# No 0/O, 1/I/L: a code read aloud or from a projector is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)


def lock_session(session_id: int) -> OfferingSession | None:
    """Serialise changes to one session's marks; returns the session freshly loaded."""
    result = db.session.execute(
        update(OfferingSession)
        .where(OfferingSession.id == session_id)
        .values(counts_for_attendance=OfferingSession.counts_for_attendance)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    return db.session.get(OfferingSession, session_id, populate_existing=True)


def participants_statement(offering_id: int):
    """The offering's enrolled participants (those who take part and get a completion)."""
    return select(Enrolment).where(
        Enrolment.offering_id == offering_id, Enrolment.status == EnrolmentStatus.ENROLLED
    )


def marks_of_session(session_id: int) -> dict[int, AttendanceMark]:
    return {
        m.enrolment_id: m
        for m in db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.session_id == session_id)
        )
    }


def _audit_mark(actor, mark: AttendanceMark, before: dict | None, action: str) -> None:
    record_event(
        actor,
        action,
        mark,
        before=before,
        after={
            "enrolment_id": mark.enrolment_id,
            "session_id": mark.session_id,
            "status": mark.status,
            "source": mark.source,
        },
    )


def save_marks(
    actor, session_id: int, statuses: Mapping[int, str], *, source: str = MarkSource.INSTRUCTOR
) -> int:
    """Record an instructor's marks ({enrolment_id: status}) for one session in one go;
    returns how many marks changed. Every enrolment must be an enrolled participant of the
    session's offering, or nothing is saved."""
    for status in statuses.values():
        if status not in set(AttendanceStatus):
            raise InvalidAttendanceStatus()
    session = lock_session(session_id)
    if session is None:
        raise NotForAttendance()
    wanted = set(statuses)
    found = set(
        db.session.scalars(
            participants_statement(session.offering_id)
            .where(Enrolment.id.in_(sorted(wanted)))
            .with_only_columns(Enrolment.id)
        )
    )
    if found != wanted:
        raise NotAParticipant()
    existing = marks_of_session(session_id)
    now = utcnow()
    changed: list[int] = []
    added: list[AttendanceMark] = []
    for enrolment_id in sorted(statuses):
        status = statuses[enrolment_id]
        mark = existing.get(enrolment_id)
        if mark is None:
            mark = AttendanceMark(
                enrolment_id=enrolment_id,
                session_id=session_id,
                status=status,
                source=source,
                recorded_by_id=actor.id,
                recorded_at=now,
            )
            db.session.add(mark)
            added.append(mark)
            changed.append(enrolment_id)
        elif mark.status != status:  # the same status stays as recorded (a check-in stays one)
            before = {"status": mark.status, "source": mark.source, "by": mark.recorded_by_id}
            mark.status = status
            mark.source = source
            mark.recorded_by_id = actor.id
            mark.recorded_at = now
            _audit_mark(actor, mark, before, "attendance.marked")
            changed.append(enrolment_id)
    db.session.flush()
    for mark in added:  # audited once they have their ids
        _audit_mark(actor, mark, None, "attendance.marked")
    if changed:
        record_changed.send(
            None, offering_id=session.offering_id, enrolment_ids=changed, actor=actor
        )
    return len(changed)


# Check-in codes ------------------------------------------------------------------------------


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def display_code(code: str) -> str:
    """ABCD-EFGH: easier to read from a projector."""
    return f"{code[:4]}-{code[4:]}"


def current_code(session_id: int) -> CheckInCode | None:
    return db.session.scalar(
        select(CheckInCode)
        .where(CheckInCode.session_id == session_id, CheckInCode.revoked_at.is_(None))
        .order_by(CheckInCode.id.desc())
        .limit(1)
    )


def new_code(actor, session: OfferingSession) -> CheckInCode:
    """Issue a code for the session; the one it had stops working at once."""
    if not takes_attendance(session):
        raise NotForAttendance()
    lock_session(session.id)
    now = utcnow()
    for old in db.session.scalars(
        select(CheckInCode).where(
            CheckInCode.session_id == session.id, CheckInCode.revoked_at.is_(None)
        )
    ):
        old.revoked_at = now
        record_event(actor, "check_in_code.revoked", old, after={"session_id": session.id})
    code = CheckInCode(
        session_id=session.id,
        code="".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
        created_by_id=actor.id,
        created_at=now,
    )
    db.session.add(code)
    db.session.flush()
    record_event(actor, "check_in_code.issued", code, after={"session_id": session.id})
    return code


def check_in_window(session: OfferingSession) -> tuple[datetime, datetime]:
    return session.starts_at - CHECK_IN_OPENS_BEFORE, session.ends_at


@dataclass
class CheckInResult:
    session: OfferingSession
    mark: AttendanceMark
    # "checked_in", "already" (checked in before) or "kept" (an instructor's mark stands)
    outcome: str


def check_in(user, raw_code: str, now: datetime | None = None) -> CheckInResult:
    """The official checks in to the session of a valid code."""
    now = now or utcnow()
    code = db.session.scalar(
        select(CheckInCode).where(
            CheckInCode.code == normalise_code(raw_code), CheckInCode.revoked_at.is_(None)
        )
    )
    if code is None:
        raise InvalidCheckInCode()
    session = db.session.get(OfferingSession, code.session_id)
    if not takes_attendance(session):
        raise NotForAttendance()
    opens, closes = check_in_window(session)
    if not opens <= now <= closes:
        raise CheckInClosed()
    enrolment = db.session.scalar(
        participants_statement(session.offering_id).where(Enrolment.user_id == user.id)
    )
    if enrolment is None:
        raise NotEnrolledHere()
    lock_session(session.id)
    mark = db.session.scalar(
        select(AttendanceMark).where(
            AttendanceMark.enrolment_id == enrolment.id, AttendanceMark.session_id == session.id
        )
    )
    if mark is not None:
        outcome = "already" if mark.source == MarkSource.CHECK_IN else "kept"
        if mark.checked_in_at is None:
            mark.checked_in_at = now
            _audit_mark(user, mark, {"status": mark.status}, "attendance.checked_in")
        db.session.flush()
        return CheckInResult(session, mark, outcome)
    mark = AttendanceMark(
        enrolment_id=enrolment.id,
        session_id=session.id,
        status=AttendanceStatus.PRESENT,
        source=MarkSource.CHECK_IN,
        recorded_by_id=user.id,
        recorded_at=now,
        checked_in_at=now,
    )
    db.session.add(mark)
    db.session.flush()
    _audit_mark(user, mark, None, "attendance.checked_in")
    record_changed.send(
        None, offering_id=session.offering_id, enrolment_ids=[enrolment.id], actor=user
    )
    return CheckInResult(session, mark, "checked_in")


@session_records_counted.connect
def count_session_records(session, **_) -> int:
    """Attendance marks and check-in codes of a session: records kept, so the session is
    cancelled rather than removed (catalogue asks through its lifecycle signal)."""
    marks = db.session.scalar(
        select(func.count())
        .select_from(AttendanceMark)
        .where(AttendanceMark.session_id == session.id)
    )
    codes = db.session.scalar(
        select(func.count()).select_from(CheckInCode).where(CheckInCode.session_id == session.id)
    )
    return (marks or 0) + (codes or 0)
