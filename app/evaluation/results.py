"""The results of an offering's evaluation, as its instructors and staff (and the reports)
read them: how many answered always; per rating question the average and the distribution
over 1–5, and the free texts, only as access.shows_aggregates allows (at least 5 answers).

Read in a fixed number of statements whatever the number of answers; free texts come a page
at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.catalogue.models import Offering
from app.core.pagination import Page, paginate_rows
from app.evaluation import access
from app.evaluation.models import (
    RATINGS,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    QuestionKind,
)
from app.evaluation.queries import questions_statement
from app.extensions import db

TEXTS_PER_PAGE = 50


@dataclass
class QuestionResult:
    question: EvaluationQuestion
    answered: int = 0  # how many responses answered this question
    average: float | None = None  # rating questions
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))

    @property
    def is_rating(self) -> bool:
        return self.question.kind == QuestionKind.RATING

    def percent(self, rating: int) -> int:
        return round(100 * self.distribution[rating] / self.answered) if self.answered else 0


@dataclass
class OfferingResults:
    offering_id: int
    responses: int
    visible: bool  # whether the aggregates below may be shown to the viewer
    questions: list[QuestionResult] = field(default_factory=list)
    texts: Page | None = None  # rows of (question_id, text), when visible

    @property
    def average(self) -> float | None:
        """The mean of every rating given (all rating questions together)."""
        count = sum(q.answered for q in self.questions if q.is_rating)
        if not count:
            return None
        total = sum(r * n for q in self.questions if q.is_rating for r, n in q.distribution.items())
        return total / count


def response_count(offering_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(EvaluationResponse)
            .where(EvaluationResponse.offering_id == offering_id)
        )
        or 0
    )


def offering_results(
    offering_id: int, *, viewer, text_page: str | None = None, offering: Offering | None = None
) -> OfferingResults:
    """The results as ``viewer`` may see them: nothing but the count below the threshold or
    for someone who may not see results at all (then the count is 0 as well)."""
    if offering is None:
        offering = db.session.get(
            Offering, offering_id, options=[selectinload(Offering.instructors)]
        )
    if offering is None or not access.can_see_results(viewer, offering):
        return OfferingResults(offering_id=offering_id, responses=0, visible=False)
    responses = response_count(offering_id)
    if not access.shows_aggregates(viewer, offering, responses):
        return OfferingResults(offering_id=offering_id, responses=responses, visible=False)
    # Questions that were asked: active ones and any that has answers here.
    answered_ids = (
        select(EvaluationAnswer.question_id)
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .where(EvaluationResponse.offering_id == offering_id)
    )
    questions = db.session.scalars(
        questions_statement(offering_id, active_only=False).where(
            EvaluationQuestion.is_active.is_(True) | EvaluationQuestion.id.in_(answered_ids)
        )
    ).all()
    results = {q.id: QuestionResult(question=q) for q in questions}
    counts = db.session.execute(
        select(EvaluationAnswer.question_id, EvaluationAnswer.rating, func.count())
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .where(EvaluationResponse.offering_id == offering_id)
        .group_by(EvaluationAnswer.question_id, EvaluationAnswer.rating)
    )
    for question_id, rating, count in counts:
        result = results.get(question_id)
        if result is None:
            continue
        result.answered += count
        if rating in result.distribution:
            result.distribution[rating] += count
    for result in results.values():
        if result.is_rating and result.answered:
            total = sum(r * n for r, n in result.distribution.items())
            result.average = total / result.answered
    texts = paginate_rows(
        select(EvaluationAnswer.question_id, EvaluationAnswer.text)
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .join(EvaluationQuestion, EvaluationQuestion.id == EvaluationAnswer.question_id)
        .where(EvaluationResponse.offering_id == offering_id, EvaluationAnswer.text.is_not(None))
        .order_by(
            EvaluationQuestion.offering_id.is_not(None),
            EvaluationQuestion.position,
            EvaluationQuestion.id,
            EvaluationAnswer.text,  # not the answer's id: the order tells nothing either
        ),
        text_page,
        TEXTS_PER_PAGE,
    )
    return OfferingResults(
        offering_id=offering_id,
        responses=responses,
        visible=True,
        questions=list(results.values()),
        texts=texts,
    )
