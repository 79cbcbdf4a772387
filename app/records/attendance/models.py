"""Attendance: one mark per enrolment and session, and the codes officials check in with."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.extensions import db


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"

    @property
    def title(self) -> str:
        return str(ATTENDANCE_TITLES[self])


ATTENDANCE_TITLES = {
    AttendanceStatus.PRESENT: _l("Present"),
    AttendanceStatus.ABSENT: _l("Absent"),
    AttendanceStatus.EXCUSED: _l("Excused"),
}


class MarkSource(enum.StrEnum):
    INSTRUCTOR = "instructor"  # on the sheet or by a CSV import: always wins
    CHECK_IN = "check_in"  # the official's own check-in: never replaces an instructor's mark


class AttendanceMark(db.Model):
    """Whether a participant attended a session. Changed in place (each change audited),
    never deleted."""

    __tablename__ = "attendance_marks"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "session_id"),
        Index("ix_attendance_marks_session_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="RESTRICT"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the participant checked in with a code (kept even when an instructor's mark stands).
    checked_in_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<AttendanceMark {self.enrolment_id}@{self.session_id} {self.status}>"


class CheckInCode(db.Model):
    """A session's check-in code. Rotating revokes the current one; none is ever deleted."""

    __tablename__ = "check_in_codes"
    __table_args__ = (Index("ix_check_in_codes_session_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"<CheckInCode {self.id} session={self.session_id} {state}>"
