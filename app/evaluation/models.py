"""Evaluation questions, anonymous responses and their answers, and who has answered.

Anonymity is in the schema: a response names its offering, never a person or an enrolment.
That a participant answered is kept apart, in ``EvaluationSubmission`` (one row per enrolment,
which also makes a second answer impossible). Nothing joins the two: a response's id is
random (so the order of the ids tells nothing) and both tables keep only the day of the
answer, so neither the order nor the time of an answer points to the person who gave it.
"""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.core.localized import localized
from app.extensions import db

RATINGS = (1, 2, 3, 4, 5)
DEFAULT_FALLBACK = "en"  # the language of the default questions when a reader's is missing


class QuestionKind(enum.StrEnum):
    RATING = "rating"  # 1 (poor) to 5 (excellent)
    TEXT = "text"  # free text

    @property
    def title(self) -> str:
        return str(KIND_TITLES[self])


KIND_TITLES = {
    QuestionKind.RATING: _l("Rating from 1 to 5"),
    QuestionKind.TEXT: _l("Free text"),
}


def answer_day(moment: datetime | None = None) -> datetime:
    """The day (midnight UTC) an answer is kept with: never its exact time."""
    moment = moment or utcnow()
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def random_response_id() -> int:
    return secrets.randbelow(2**53 - 2) + 1  # exact in JSON numbers too


class EvaluationQuestion(db.Model):
    """A question of the default set (``offering_id`` NULL, kept by staff) or one of an
    offering's own extra questions. Texts per language like session and module titles
    (``{locale: text}``). Never deleted once answered: it is made inactive instead."""

    __tablename__ = "evaluation_questions"
    __table_args__ = (CheckConstraint("kind IN ('rating', 'text')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int | None] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(8))
    is_required: Mapped[bool] = mapped_column("required", default=True)
    is_active: Mapped[bool] = mapped_column("active", default=True)
    texts: Mapped[dict] = mapped_column(JSON, default=dict)  # {locale: question}
    # The column names, for queries written against the table (reports).
    required = synonym("is_required")
    active = synonym("is_active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        scope = self.offering_id or "default"
        return f"<EvaluationQuestion {self.id} {scope} {self.kind} #{self.position}>"

    def text(self, locale: str, fallback: str = DEFAULT_FALLBACK) -> str:
        return localized(self.texts or {}, locale, fallback) or f"#{self.id}"


class EvaluationResponse(db.Model):
    """One anonymous set of answers to an offering's evaluation."""

    __tablename__ = "evaluation_responses"

    id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, default=random_response_id
    )
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    submitted_at: Mapped[datetime] = mapped_column(default=answer_day)  # the day only

    # Written with the response; read as figures (evaluation/results.py), never lazily.
    answers: Mapped[list[EvaluationAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", lazy="raise_on_sql"
    )

    def __repr__(self) -> str:
        return f"<EvaluationResponse {self.id} offering={self.offering_id}>"


class EvaluationAnswer(db.Model):
    __tablename__ = "evaluation_answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("evaluation_responses.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_questions.id", ondelete="RESTRICT"), index=True
    )
    rating: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[EvaluationResponse] = relationship(back_populates="answers")

    def __repr__(self) -> str:
        return f"<EvaluationAnswer {self.id} q={self.question_id} rating={self.rating}>"


class EvaluationSubmission(db.Model):
    """That a participant answered (never what): one per enrolment."""

    __tablename__ = "evaluation_submissions"

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="RESTRICT"), primary_key=True
    )
    submitted_at: Mapped[datetime] = mapped_column(default=answer_day)  # the day only

    def __repr__(self) -> str:
        return f"<EvaluationSubmission {self.enrolment_id}>"


class EvaluationReminder(db.Model):
    """The one reminder a participant gets to answer (written with its notification)."""

    __tablename__ = "evaluation_reminders"

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), primary_key=True
    )
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<EvaluationReminder {self.enrolment_id}>"
