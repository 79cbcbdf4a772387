"""What communications keep: announcements and who received them, and reminders already sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import utcnow
from app.extensions import db


class SessionReminder(db.Model):
    """A reminder that was sent: the unique key makes a second scheduler run send nothing."""

    __tablename__ = "session_reminders"
    __table_args__ = (UniqueConstraint("session_id", "user_id", "lead"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lead: Mapped[str] = mapped_column(String(8))  # "day" or "hour"
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SessionReminder session={self.session_id} user={self.user_id} {self.lead}>"


class Announcement(db.Model):
    """A message from the centre to the participants of an offering, written in one or more
    languages; each person receives their own language when it was written."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    subjects: Mapped[dict] = mapped_column(JSON, default=dict)  # {locale: subject}
    bodies: Mapped[dict] = mapped_column(JSON, default=dict)  # {locale: plain text}
    statuses: Mapped[list] = mapped_column(JSON, default=list)  # enrolment statuses addressed

    def __repr__(self) -> str:
        return f"<Announcement {self.id} offering={self.offering_id}>"


class AnnouncementDelivery(db.Model):
    """One row per person told: a job that runs twice tells nobody twice."""

    __tablename__ = "announcement_deliveries"
    __table_args__ = (UniqueConstraint("announcement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(16))

    def __repr__(self) -> str:
        return f"<AnnouncementDelivery {self.announcement_id} → {self.user_id}>"
