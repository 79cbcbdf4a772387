"""Enrolments: one per person per offering, moving through a small state machine."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class IllegalTransition(Exception):
    pass


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("user_id", "offering_id"),
        Index("ix_enrolments_offering_status", "offering_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    # Order in the waitlist (first come, first served); set when the person joins it.
    waitlist_seq: Mapped[int | None]
    # Why someone waits although seats are free (the city cap), shown to them.
    waiting_reason: Mapped[str] = mapped_column(String(32), default="")
    offer_expires_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(String(500), default="")  # e.g. why not approved
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    offering = relationship("Offering", lazy="joined")

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
