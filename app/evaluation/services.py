"""Evaluation use cases: the questions an offering asks, when it is open, answering it once
(anonymously), and the questions staff and instructors keep.

Services flush and raise the domain's errors; they never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.catalogue.models import Offering, OfferingSession
from app.core.audit import record_event
from app.core.db import load_parts, utcnow
from app.core.i18n import LOCALES
from app.enrolment.models import Enrolment
from app.evaluation import access
from app.evaluation.errors import (
    AlreadyAnswered,
    AnswerMissing,
    EvaluationNotOpen,
    NotAParticipant,
    QuestionNotAllowed,
)
from app.evaluation.models import (
    RATINGS,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationSubmission,
    QuestionKind,
)
from app.evaluation.queries import questions_statement
from app.evaluation.results import offering_results  # noqa: F401 (reports call it from here)
from app.extensions import db
from app.records.signals import record_changed

MAX_TEXT = 2000
MAX_QUESTION = 300


# Questions -----------------------------------------------------------------------------------


def questions_for(offering_id: int) -> list[EvaluationQuestion]:
    return list(db.session.scalars(questions_statement(offering_id)))


def own_questions(offering_id: int | None) -> list[EvaluationQuestion]:
    """Every question of the default set (``None``) or of one offering, active or not."""
    scope = (
        EvaluationQuestion.offering_id.is_(None)
        if offering_id is None
        else EvaluationQuestion.offering_id == offering_id
    )
    return list(
        db.session.scalars(
            select(EvaluationQuestion)
            .where(scope)
            .order_by(EvaluationQuestion.position, EvaluationQuestion.id)
        )
    )


def save_question(
    actor,
    offering: Offering | None,
    question: EvaluationQuestion | None,
    *,
    kind: str,
    texts: Mapping[str, str],
    required: bool,
    active: bool,
    position: int | None = None,
) -> EvaluationQuestion:
    """Add a question to the default set (``offering=None``, staff) or to an offering (its
    instructors and staff), or change one. A question's kind stays what it was once asked."""
    allowed = (
        access.can_edit_default_questions(actor)
        if offering is None
        else access.can_edit_offering_questions(actor, offering)
    )
    offering_id = offering.id if offering is not None else None
    if not allowed or (question is not None and question.offering_id != offering_id):
        raise QuestionNotAllowed()
    clean = {
        loc.code: (texts.get(loc.code) or "").strip()[:MAX_QUESTION]
        for loc in LOCALES
        if (texts.get(loc.code) or "").strip()
    }
    before = None
    if question is None:
        if kind not in set(QuestionKind):
            raise ValueError(kind)
        last = db.session.scalar(
            select(func.max(EvaluationQuestion.position)).where(
                EvaluationQuestion.offering_id.is_(None)
                if offering_id is None
                else EvaluationQuestion.offering_id == offering_id
            )
        )
        question = EvaluationQuestion(offering_id=offering_id, kind=kind, position=(last or 0) + 1)
        db.session.add(question)
    else:
        before = _as_dict(question)
    question.texts = clean
    question.is_required = required
    question.is_active = active
    if position is not None:
        question.position = position
    db.session.flush()
    record_event(
        actor,
        "evaluation.question_saved",
        question,
        before=before,
        after=_as_dict(question),
    )
    return question


def _as_dict(question: EvaluationQuestion) -> dict:
    return {
        "offering_id": question.offering_id,
        "kind": question.kind,
        "texts": dict(question.texts or {}),
        "required": question.is_required,
        "active": question.is_active,
        "position": question.position,
    }


# When an evaluation is open ------------------------------------------------------------------


def opens_at(offering: Offering) -> datetime:
    """The start of the offering's last session that is not cancelled; without sessions, the
    beginning (UTC) of its last day."""
    last_start = db.session.scalar(
        select(func.max(OfferingSession.starts_at)).where(
            OfferingSession.offering_id == offering.id, OfferingSession.cancelled_at.is_(None)
        )
    )
    if last_start is not None:
        return last_start
    return datetime.combine(offering.ends_on, time.min, tzinfo=UTC)


def is_open(offering: Offering, now: datetime | None = None) -> bool:
    return (now or utcnow()) >= opens_at(offering)


def has_answered(enrolment_id: int) -> bool:
    return db.session.get(EvaluationSubmission, enrolment_id) is not None


def answered_among(enrolment_ids: Sequence[int]) -> set[int]:
    """Which of the enrolments have answered (one statement)."""
    if not enrolment_ids:
        return set()
    return set(
        db.session.scalars(
            select(EvaluationSubmission.enrolment_id).where(
                EvaluationSubmission.enrolment_id.in_(list(enrolment_ids))
            )
        )
    )


# Answering -----------------------------------------------------------------------------------


def submit(
    user,
    enrolment: Enrolment | None,
    answers: Mapping[int, int | str | None],
    now: datetime | None = None,
) -> EvaluationResponse:
    """Record one participant's answers ({question id: rating or text}) anonymously, and that
    they answered. A second answer for the same enrolment is refused, also when two arrive
    at once (the submission's primary key is the enrolment)."""
    if not access.is_participant(user, enrolment):
        raise NotAParticipant()
    offering = load_parts(enrolment, "offering").offering
    if not is_open(offering, now):
        raise EvaluationNotOpen()
    if has_answered(enrolment.id):
        raise AlreadyAnswered()
    questions = questions_for(offering.id)
    rows = _answer_rows(questions, answers)
    try:
        with db.session.begin_nested():
            db.session.add(EvaluationSubmission(enrolment_id=enrolment.id))
    except IntegrityError:
        raise AlreadyAnswered() from None
    response = EvaluationResponse(offering_id=offering.id, answers=rows)
    db.session.add(response)
    db.session.flush()
    record_changed.send(None, offering_id=offering.id, enrolment_ids=[enrolment.id], actor=user)
    return response


def _answer_rows(
    questions: Sequence[EvaluationQuestion], answers: Mapping[int, int | str | None]
) -> list[EvaluationAnswer]:
    """The answers worth keeping; the form has checked them, this keeps the rules whatever
    the caller (a rating outside 1–5 or an empty text is no answer)."""
    rows = []
    for question in questions:
        value = answers.get(question.id)
        if question.kind == QuestionKind.RATING:
            rating = int(value) if isinstance(value, int | str) and str(value).isdigit() else None
            if rating in RATINGS:
                rows.append(EvaluationAnswer(question_id=question.id, rating=rating))
            elif question.is_required:
                raise AnswerMissing()
        else:
            text = str(value or "").strip()[:MAX_TEXT]
            if text:
                rows.append(EvaluationAnswer(question_id=question.id, text=text))
            elif question.is_required:
                raise AnswerMissing()
    return rows
