"""The evaluation pages: answering once with translated errors, results behind the threshold,
the default questions kept by staff, and a bounded number of statements for the results."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.evaluation import services
from app.evaluation.models import EvaluationQuestion, EvaluationResponse, EvaluationSubmission
from tests.evaluation.helpers import finished_offering, known_questions
from tests.factories import csrf_token
from tests.records.helpers import enrol_people


def test_a_participant_answers_once(client, db, login, create_user, create_offering):
    overall, useful, say = known_questions(db)
    offering = finished_offering(create_offering)
    person = create_user(locale="ko")
    enrol_people(db, offering, [person])
    login(person)
    path = f"/offerings/{offering.id}/evaluation"
    page = client.get(path).get_data(as_text=True)
    assert page.count('type="radio"') == 10 and "전반?" in page
    token = csrf_token(client, path)
    refused = client.post(path, data={"csrf_token": token, f"q_{overall.id}": "5"})
    assert refused.status_code == 200
    assert "1점부터 5점 중에서 하나를 선택해 주십시오." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(EvaluationResponse)) == 0
    done = client.post(
        path,
        data={
            "csrf_token": token,
            f"q_{overall.id}": "5",
            f"q_{useful.id}": "4",
            f"q_{say.id}": "좋았습니다",
        },
    )
    assert done.status_code == 302
    again = client.post(path, data={"csrf_token": token, f"q_{overall.id}": "1"})
    assert again.status_code == 200 and "응답 완료" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(EvaluationResponse)) == 1
    assert db.session.scalar(select(func.count()).select_from(EvaluationSubmission)) == 1
    my = client.get("/my").get_data(as_text=True)
    assert path not in my  # answered: no longer waiting on My learning


def test_my_learning_and_the_offering_page_show_an_open_evaluation(
    client, db, login, create_user, create_offering
):
    known_questions(db)
    offering = finished_offering(create_offering)
    person = create_user()
    enrol_people(db, offering, [person])
    login(person)
    path = f"/offerings/{offering.id}/evaluation"
    assert path in client.get("/my").get_data(as_text=True)
    assert path in client.get(f"/offerings/{offering.id}").get_data(as_text=True)


def test_instructors_see_the_results_only_from_five_answers(
    client, db, login, create_user, create_offering
):
    overall, useful, _say = known_questions(db)
    instructor = create_user(roles=("instructor",))
    offering = finished_offering(create_offering, instructors=[instructor])
    people = [create_user() for _ in range(5)]
    enrolments = enrol_people(db, offering, people)
    for person, enrolment in zip(people[:4], enrolments[:4], strict=True):
        services.submit(person, enrolment, {overall.id: 4, useful.id: 2})
    db.session.commit()
    login(instructor)
    path = f"/manage/offerings/{offering.id}/evaluation"
    page = client.get(path).get_data(as_text=True)
    assert "4 participants have answered." in page and "Average" not in page
    services.submit(people[4], enrolments[4], {overall.id: 5, useful.id: 3})
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Average 4.2 out of 5 from 5 answers." in page
    assert "Average 2.2 out of 5 from 5 answers." in page


def test_staff_add_a_default_question(client, db, login, create_user):
    known_questions(db)
    staff = create_user(roles=("staff",))
    login(staff)
    path = "/staff/evaluation/questions/new"
    token = csrf_token(client, path)
    empty = client.post(path, data={"csrf_token": token, "kind": "rating"})
    assert "Write the question in at least one language." in empty.get_data(as_text=True)
    added = client.post(
        path,
        data={
            "csrf_token": token,
            "kind": "text",
            "text_en": "Anything else?",
            "text_ja": "その他",
            "active": "y",
        },
    )
    assert added.status_code == 302
    question = db.session.scalar(select(EvaluationQuestion).where(EvaluationQuestion.position == 4))
    assert question.texts == {"en": "Anything else?", "ja": "その他"}
    assert (question.kind, question.is_required, question.offering_id) == ("text", False, None)
    assert "Anything else?" in client.get("/staff/evaluation/questions").get_data(as_text=True)


@pytest.mark.parametrize("count", [5, 60])
def test_results_page_budget(client, db, login, create_user, create_offering, count_queries, count):
    overall, useful, say = known_questions(db)
    instructor = create_user(roles=("instructor",))
    offering = finished_offering(create_offering, instructors=[instructor])
    for n in range(count):
        db.session.add(
            EvaluationResponse(
                offering_id=offering.id,
                answers=[
                    services.EvaluationAnswer(question_id=overall.id, rating=1 + n % 5),
                    services.EvaluationAnswer(question_id=useful.id, rating=5),
                    services.EvaluationAnswer(question_id=say.id, text=f"Text {n}"),
                ],
            )
        )
    db.session.commit()
    login(instructor)
    with count_queries() as statements:
        response = client.get(f"/manage/offerings/{offering.id}/evaluation")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<li>Text ") == min(count, 50)
    assert 1 <= len(statements) <= 8, len(statements)


@pytest.mark.parametrize("value", ["\x00", "99999999999999999999", "0", "A" * 10_000, "²"])
def test_hostile_answers_are_refused_with_nothing_stored(
    client, db, login, create_user, create_offering, value
):
    overall, useful, say = known_questions(db)
    offering = finished_offering(create_offering)
    person = create_user()
    enrol_people(db, offering, [person])
    login(person)
    path = f"/offerings/{offering.id}/evaluation"
    token = csrf_token(client, path)
    fields = {f"q_{q.id}": value for q in (overall, useful)}
    response = client.post(path, data={"csrf_token": token, f"q_{say.id}": value, **fields})
    assert response.status_code in (200, 400)
    assert db.session.scalar(select(func.count()).select_from(EvaluationSubmission)) == 0
