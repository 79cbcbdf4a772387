"""Evaluations for the benchmark data set: four in ten participants who completed an offering
that has ended answered its evaluation (every active default rating question, ratings spread
from 2 to 5). What the reports' evaluation figures are measured against.

Written like the rest of the scale data, in bulk past the ORM (``flask scale-data``); response
ids are random as in the platform, so a response cannot be traced back to an enrolment.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import insert, select

from app.catalogue.models import Offering
from app.enrolment.models import Enrolment
from app.evaluation.defaults import ensure_default_questions
from app.evaluation.models import (
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationSubmission,
    answer_day,
)
from app.extensions import db

CHUNK = 5_000
RATINGS = (2, 3, 4, 4, 5, 5)


def answer_evaluations(seed: int, now: datetime, today: date) -> int:
    """Write the responses; returns how many."""
    ensure_default_questions()  # the migration seeds them; a database made otherwise may not
    questions = db.session.scalars(
        select(EvaluationQuestion.id)
        .where(
            EvaluationQuestion.offering_id.is_(None),
            EvaluationQuestion.is_active,
            EvaluationQuestion.kind == "rating",
        )
        .order_by(EvaluationQuestion.position)
    ).all()
    answered = db.session.execute(
        select(Enrolment.id, Enrolment.offering_id)
        .join(Offering, Offering.id == Enrolment.offering_id)
        .outerjoin(EvaluationSubmission, EvaluationSubmission.enrolment_id == Enrolment.id)
        .where(
            Enrolment.completion == "completed",
            Offering.ends_on < today,
            Enrolment.id % 10 < 4,
            EvaluationSubmission.enrolment_id.is_(None),
        )
        .order_by(Enrolment.id)
    ).all()
    if not questions or not answered:
        return 0
    rng = random.Random(seed)  # noqa: S311 (reproducible benchmark data, not a secret)
    day = answer_day(now)
    response_ids: set[int] = set()
    while len(response_ids) < len(answered):
        response_ids.add(rng.randrange(1, 2**53 - 1))
    # Shuffled, so the order of the ids says nothing about the order of the enrolments.
    ids = list(response_ids)
    rng.shuffle(ids)
    for start in range(0, len(answered), CHUNK):
        part = answered[start : start + CHUNK]
        part_ids = ids[start : start + CHUNK]
        db.session.execute(
            insert(EvaluationSubmission),
            [{"enrolment_id": e, "submitted_at": day} for e, _ in part],
        )
        db.session.execute(
            insert(EvaluationResponse),
            [
                {"id": rid, "offering_id": offering, "submitted_at": day}
                for rid, (_, offering) in zip(part_ids, part, strict=True)
            ],
        )
        db.session.execute(
            insert(EvaluationAnswer),
            [
                {
                    "response_id": rid,
                    "question_id": question,
                    "rating": RATINGS[rng.randrange(len(RATINGS))],
                }
                for rid in part_ids
                for question in questions
            ],
        )
    return len(answered)
