"""Known questions and an offering whose last session has started, for the evaluation tests."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete

from app.evaluation.models import EvaluationQuestion


def known_questions(db) -> tuple[EvaluationQuestion, EvaluationQuestion, EvaluationQuestion]:
    """Replace the default set (the migration's, on PostgreSQL) with two required rating
    questions and one optional text question."""
    db.session.execute(delete(EvaluationQuestion))
    questions = (
        EvaluationQuestion(
            offering_id=None, position=1, kind="rating", texts={"en": "Overall?", "ko": "전반?"}
        ),
        EvaluationQuestion(offering_id=None, position=2, kind="rating", texts={"en": "Useful?"}),
        EvaluationQuestion(
            offering_id=None, position=3, kind="text", is_required=False, texts={"en": "Say?"}
        ),
    )
    db.session.add_all(questions)
    db.session.commit()
    return questions


def finished_offering(create_offering, days_ago: int = 3, **overrides):
    """An offering whose one session was ``days_ago`` days ago."""
    start = date.today() - timedelta(days=days_ago)
    return create_offering(sessions=1, starts_on=start, ends_on=start, **overrides)
