"""Enrolments: one per person per offering, moving through a small state machine."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.extensions import db


class EnrolmentStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for approval by staff or an instructor
    NOMINATED = "nominated"  # nominated by the city; waiting for the official to confirm
    OFFERED = "offered"  # a seat is held for a waitlisted person until the offer expires
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def title(self) -> str:
        return str(STATUS_TITLES[self])


STATUS_TITLES = {
    EnrolmentStatus.PENDING: _l("Pending approval"),
    EnrolmentStatus.NOMINATED: _l("Nominated: please confirm"),
    EnrolmentStatus.OFFERED: _l("Seat offered"),
    EnrolmentStatus.ENROLLED: _l("Enrolled"),
    EnrolmentStatus.WAITLISTED: _l("Waitlisted"),
    EnrolmentStatus.REJECTED: _l("Not approved"),
    EnrolmentStatus.CANCELLED: _l("Cancelled"),
}

# Statuses that hold one of the offering's seats.
SEAT_HOLDING = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED})
# Statuses in which the person is still "in" (not rejected or cancelled).
ACTIVE = frozenset(
    {
        EnrolmentStatus.PENDING,
        EnrolmentStatus.NOMINATED,
        EnrolmentStatus.OFFERED,
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.WAITLISTED,
    }
)

TRANSITIONS: dict[EnrolmentStatus, frozenset[EnrolmentStatus]] = {
    EnrolmentStatus.PENDING: frozenset(
        {
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.REJECTED,
            EnrolmentStatus.CANCELLED,
        }
    ),
    EnrolmentStatus.NOMINATED: frozenset(
        {
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.PENDING,
            EnrolmentStatus.REJECTED,
            EnrolmentStatus.CANCELLED,
        }
    ),
    EnrolmentStatus.WAITLISTED: frozenset(
        {
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.OFFERED,
            EnrolmentStatus.REJECTED,
            EnrolmentStatus.CANCELLED,
        }
    ),
    EnrolmentStatus.OFFERED: frozenset(
        {
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.CANCELLED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.REJECTED,
        }
    ),
    EnrolmentStatus.ENROLLED: frozenset({EnrolmentStatus.CANCELLED, EnrolmentStatus.REJECTED}),
    EnrolmentStatus.REJECTED: frozenset(
        {
            EnrolmentStatus.PENDING,
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.NOMINATED,
        }
    ),
    EnrolmentStatus.CANCELLED: frozenset(
        {
            EnrolmentStatus.PENDING,
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.NOMINATED,
        }
    ),
}


class CompletionState(enum.StrEnum):
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


class IllegalTransition(Exception):
    pass


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("user_id", "offering_id"),
        Index("ix_enrolments_offering_status", "offering_id", "status"),
        Index("ix_enrolments_offering_city", "offering_id", "city_id"),
        # A city's or a country's participants (reports), whatever the offering: the offering
        # and completion in the index too, so counting them per city reads the index alone.
        Index("ix_enrolments_city_participants", "city_id", "status", "offering_id", "completion"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # An enrolment is a record: it never goes away with its offering (and no ORM cascade).
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16))
    # The person's city when they enrolled (or were nominated): the per-city cap and a focal
    # point's scope are decided on this, never on a value that can change afterwards.
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="RESTRICT"))
    # Order in the waitlist (first come, first served); set when the person joins it.
    waitlist_seq: Mapped[int | None]
    # Why someone waits although seats are free (the city cap), shown to them.
    waiting_reason: Mapped[str] = mapped_column(String(32), default="")
    offer_expires_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(String(500), default="")  # e.g. why not approved
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    # Completion, decided by the records domain from the offering's rule (or an override):
    # None until decided, then one of CompletionState. Certificates are issued only for
    # "completed"; attended_minutes (sessions attended that count) is printed on them.
    completion: Mapped[str | None] = mapped_column(String(16), index=True)
    completed_at: Mapped[datetime | None]
    attended_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="raise_on_sql")
    offering = relationship("Offering", lazy="raise_on_sql")

    def __repr__(self) -> str:
        return (
            f"<Enrolment {self.id} user={self.user_id} offering={self.offering_id} {self.status}>"
        )

    def move_to(self, status: EnrolmentStatus) -> EnrolmentStatus:
        """Change status along an allowed transition; returns the previous status."""
        current = EnrolmentStatus(self.status)
        if status not in TRANSITIONS[current]:
            raise IllegalTransition(f"{current} → {status}")
        self.status = status
        return current
