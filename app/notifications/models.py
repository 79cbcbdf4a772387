"""The outbox: every mail is a row written in the transaction of the change that causes it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import utcnow
from app.extensions import db
from app.notifications.kinds import kind_text


class MailStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class OutboxMail(db.Model):
    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(64))
    to_address: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    calendar: Mapped[str | None] = mapped_column(Text)  # an .ics attachment, when sessions matter
    status: Mapped[str] = mapped_column(String(16), default=MailStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.kind} to={self.to_address} {self.status}>"


class Notification(db.Model):
    """What a person was told in the app. The text is rendered when read, in the reader's
    current language, from the kind and its parameters."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} user={self.user_id}>"

    @property
    def text(self) -> str:
        return kind_text(self.kind, self.params)
