"""A double submit (five at once here, from real gunicorn workers) keeps one answer per
enrolment: the second submission's primary key is refused and its response rolled back."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.evaluation.models import EvaluationAnswer, EvaluationResponse, EvaluationSubmission
from tests.enrolment.test_concurrency import Browser, gunicorn, run_together
from tests.evaluation.helpers import finished_offering, known_questions
from tests.records.helpers import enrol_people

pytestmark = pytest.mark.real_commits

__all__ = ["gunicorn"]  # the fixture, used by name


def test_five_submits_at_once_give_one_answer(gunicorn, db, create_user, create_offering):
    overall, useful, _say = known_questions(db)
    offering = finished_offering(create_offering)
    person = create_user()
    enrol_people(db, offering, [person])
    browser = Browser(gunicorn)
    browser.sign_in(person.email)
    path = f"/offerings/{offering.id}/evaluation"
    token = browser.token(path)
    form = {"csrf_token": token, f"q_{overall.id}": "4", f"q_{useful.id}": "5"}
    statuses = run_together([lambda: browser.request("POST", path, form)[0] for _ in range(5)])
    # The first is thanked (redirect); the others are refused (redirect with the message) or,
    # arriving after the commit, shown the "already answered" page.
    assert all(s in (200, 302) for s in statuses), statuses
    db.session.expire_all()
    count = db.session.scalar
    assert count(select(func.count()).select_from(EvaluationSubmission)) == 1
    assert count(select(func.count()).select_from(EvaluationResponse)) == 1
    assert count(select(func.count()).select_from(EvaluationAnswer)) == 2
