"""Evaluation rules with known answers: results, the threshold of five, anonymity, one answer
per enrolment, the completion rule and the one reminder."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.db import load_parts, utcnow
from app.enrolment.models import Enrolment
from app.evaluation import services
from app.evaluation.errors import AlreadyAnswered, EvaluationNotOpen, NotAParticipant
from app.evaluation.models import (
    EvaluationAnswer,
    EvaluationResponse,
    EvaluationSubmission,
)
from app.evaluation.queries import average_rating_of, offering_ratings
from app.evaluation.reminders import send_evaluation_reminders
from app.evaluation.results import offering_results
from app.extensions import db as app_db
from app.notifications.models import Notification, OutboxMail
from app.records.completion.services import set_rule
from tests.evaluation.helpers import finished_offering, known_questions
from tests.records.helpers import enrol_people

# (overall, useful, text) of each participant.
ANSWERS = [(5, 4, "Great field visit"), (4, 4, ""), (3, 2, "Too short"), (5, 5, ""), (4, 3, "")]


def _answer(db, people, enrolments, questions, answers):
    overall, useful, say = questions
    for person, enrolment, (a, b, text) in zip(people, enrolments, answers, strict=False):
        services.submit(person, enrolment, {overall.id: a, useful.id: b, say.id: text})
        db.session.commit()


@pytest.fixture
def answered(db, create_user, create_offering):
    """An offering with six participants, an instructor, known questions; nobody answered."""
    questions = known_questions(db)
    instructor = create_user(roles=("instructor",))
    offering = finished_offering(create_offering, instructors=[instructor])
    people = [create_user() for _ in range(6)]
    enrolments = enrol_people(db, offering, people)
    return offering, instructor, people, enrolments, questions


def test_results_of_known_answers(db, answered, create_user):
    offering, instructor, people, enrolments, questions = answered
    _answer(db, people, enrolments, questions, ANSWERS)
    results = services.offering_results(offering.id, viewer=instructor)
    assert results.responses == 5 and results.visible
    overall, useful, say = results.questions
    assert overall.average == pytest.approx(4.2) and overall.answered == 5
    assert overall.distribution == {1: 0, 2: 0, 3: 1, 4: 2, 5: 2}
    assert useful.average == pytest.approx(3.6)
    assert useful.distribution == {1: 0, 2: 1, 3: 1, 4: 2, 5: 1}
    assert say.answered == 2 and not say.is_rating
    assert [row[1] for row in results.texts.items] == ["Great field visit", "Too short"]
    assert results.average == pytest.approx(39 / 10)
    # The SQL helpers for reports give the same average, per offering.
    average = db.session.scalar(select(average_rating_of(offering.id)))
    assert average == pytest.approx(3.9)
    ratings = offering_ratings()
    row = db.session.execute(select(ratings).where(ratings.c.offering_id == offering.id)).one()
    assert (row.responses, row.rating_sum, row.rating_count) == (5, 39, 10)
    assert row.average_rating == pytest.approx(3.9)
    # An official (even a participant) gets nothing, not even the count.
    assert offering_results(offering.id, viewer=people[0]).responses == 0


def test_below_five_answers_only_the_count_is_shown(db, answered, create_user):
    offering, instructor, people, enrolments, questions = answered
    staff = create_user(roles=("staff",))
    _answer(db, people, enrolments, questions, ANSWERS[:4])
    for viewer in (instructor, staff):
        results = offering_results(offering.id, viewer=viewer)
        assert (results.responses, results.visible, results.questions) == (4, False, [])
        assert results.texts is None
    assert db.session.scalar(select(average_rating_of(offering.id))) is None
    _answer(db, people[4:], enrolments[4:], questions, ANSWERS[4:])
    assert offering_results(offering.id, viewer=instructor).visible


def test_an_answer_names_no_person_and_no_time(db, answered):
    _offering, _instructor, people, enrolments, questions = answered
    _answer(db, people, enrolments, questions, ANSWERS[:2])
    for table in (EvaluationResponse.__table__, EvaluationAnswer.__table__):
        targets = {fk.column.table.name for fk in table.foreign_keys}
        assert targets <= {"offerings", "evaluation_responses", "evaluation_questions"}
        assert not {"user_id", "enrolment_id"} & set(table.columns.keys())
    assert {fk.column.table.name for fk in EvaluationSubmission.__table__.foreign_keys} == {
        "enrolments"
    }
    responses = db.session.scalars(select(EvaluationResponse)).all()
    submissions = db.session.scalars(select(EvaluationSubmission)).all()
    assert len(responses) == len(submissions) == 2
    for row in (*responses, *submissions):  # the day only: the time tells nothing
        assert (row.submitted_at.hour, row.submitted_at.minute, row.submitted_at.second) == (
            0,
            0,
            0,
        )
    assert {s.enrolment_id for s in submissions} == {enrolments[0].id, enrolments[1].id}


def test_one_answer_per_enrolment(db, answered):
    _offering, _instructor, people, enrolments, questions = answered
    overall, useful, _say = questions
    _answer(db, people[:1], enrolments[:1], questions, ANSWERS[:1])
    with pytest.raises(AlreadyAnswered):
        services.submit(people[0], enrolments[0], {overall.id: 1, useful.id: 1})
    app_db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EvaluationResponse)) == 1


def test_only_participants_after_the_last_session_starts(db, create_user, create_offering):
    overall, useful, _say = known_questions(db)
    later = create_offering(sessions=2)  # its sessions are ahead
    person, stranger = create_user(), create_user()
    enrolment = enrol_people(db, later, [person])[0]
    cancelled = enrol_people(db, later, [stranger], status="cancelled")[0]
    with pytest.raises(EvaluationNotOpen):
        services.submit(person, enrolment, {overall.id: 4, useful.id: 4})
    with pytest.raises(NotAParticipant):
        services.submit(stranger, cancelled, {overall.id: 4, useful.id: 4})
    with pytest.raises(NotAParticipant):
        services.submit(stranger, enrolment, {overall.id: 4, useful.id: 4})
    assert services.opens_at(later) == max(
        s.starts_at for s in load_parts(later, "sessions").sessions
    )


def test_completion_can_require_the_evaluation(db, answered):
    offering, instructor, people, enrolments, questions = answered
    set_rule(
        instructor,
        offering,
        min_attendance_percent=None,
        require_materials=False,
        require_action_plan=False,
        require_evaluation=True,
    )
    db.session.commit()
    db.session.refresh(enrolments[0])
    assert enrolments[0].completion != "completed"
    _answer(db, people[:1], enrolments[:1], questions, ANSWERS[:1])
    db.session.refresh(enrolments[0])
    db.session.refresh(enrolments[1])
    assert enrolments[0].completion == "completed"
    assert enrolments[1].completion != "completed"


def test_one_reminder_after_the_last_session_to_those_who_have_not_answered(db, answered):
    offering, _instructor, people, enrolments, questions = answered
    _answer(db, people[:2], enrolments[:2], questions, ANSWERS[:2])
    assert send_evaluation_reminders(utcnow()) == 4
    reminded = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "evaluation_reminder")
    ).all()
    assert sorted(reminded) == sorted(p.id for p in people[2:])
    mails = db.session.scalars(
        select(OutboxMail).where(OutboxMail.kind == "evaluation_reminder")
    ).all()
    assert len(mails) == 4 and all(
        f"/offerings/{offering.id}/evaluation" in m.body_text for m in mails
    )
    assert send_evaluation_reminders(utcnow()) == 0  # a second tick sends nothing
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 4


def test_no_reminder_before_the_last_session_ends(db, create_user, create_offering):
    known_questions(db)
    upcoming = create_offering(sessions=1)
    enrol_people(db, upcoming, [create_user()])
    assert send_evaluation_reminders(utcnow()) == 0
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1
