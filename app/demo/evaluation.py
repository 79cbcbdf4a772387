"""Demonstration evaluations: a finished course with enough anonymous answers to show its
results (with one question of its own), and the finished workshop with a single answer (its
instructors see only the count). The demo officials who have not answered find the
evaluation waiting on My learning."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select

from app.accounts.models import User, UserRole
from app.accounts.passwords import hash_password
from app.catalogue.models import Offering
from app.cities.models import City
from app.core.db import utcnow
from app.demo.attendance import WORKSHOP_TITLES
from app.demo.finished import demo_officials, enrol_all, finished_offering, offering_titled
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.evaluation import services
from app.evaluation.defaults import ensure_default_questions
from app.evaluation.models import EvaluationQuestion, QuestionKind
from app.extensions import db

COURSE_TITLES = {
    "en": ("Communicating Climate Risk to Residents", "Two sessions on warnings people act on."),
    "zh_Hant_TW": ("向市民溝通氣候風險", "兩場課程，學習讓市民採取行動的預警方式。"),
    "ko": ("주민과 기후 위험 소통하기", "2회 과정, 주민이 행동하는 경보 만들기."),
    "ja": ("住民への気候リスク・コミュニケーション", "全2回、行動につながる警報の伝え方。"),
    "zh_Hans_CN": ("向市民沟通气候风险", "两场课程，学习让市民采取行动的预警方式。"),
}
COURSE_DESCRIPTIONS = {
    "en": "<p>How to write heat, flood and typhoon warnings that residents understand and act"
    " on: plain wording, the right channel for each group, and checking that a message landed."
    "</p>",
    "zh_Hant_TW": "<p>如何撰寫市民看得懂、願意採取行動的高溫、淹水與颱風預警：淺白的用語、"
    "為不同族群選擇合適的管道，以及確認訊息確實送達。</p>",
    "ko": "<p>주민이 이해하고 행동으로 옮기는 폭염·침수·태풍 경보 작성법: 쉬운 표현, 대상별로"
    " 알맞은 전달 경로, 메시지가 제대로 전달되었는지 확인하는 방법을 다룹니다.</p>",
    "ja": "<p>住民が理解し行動に移せる猛暑・浸水・台風の警報の書き方。平易な言葉づかい、"
    "対象ごとに適した伝達手段、情報が確実に届いたかの確認方法を学びます。</p>",
    "zh_Hans_CN": "<p>如何撰写市民看得懂、愿意采取行动的高温、内涝与台风预警：通俗的用语、"
    "为不同群体选择合适的渠道，以及确认信息确实送达。</p>",
}
PART_TITLES = {
    "en": "Part {n}",
    "zh_Hant_TW": "第 {n} 講",
    "ko": "제{n}강",
    "ja": "第{n}回",
    "zh_Hans_CN": "第 {n} 讲",
}
OWN_QUESTION = {
    "en": "Would you recommend this course to a colleague?",
    "zh_Hant_TW": "您會向同事推薦本課程嗎？",
    "ko": "이 과정을 동료에게 추천하시겠습니까?",
    "ja": "この研修を同僚に勧めたいと思いますか。",
    "zh_Hans_CN": "您会向同事推荐本课程吗？",
}
# Extra participants of the course (no password handed out): enough answers for results.
PARTICIPANTS = (
    ("participant.1@demo.kcc.test", "黃志豪", "Huang Chih-hao", "zh_Hant_TW", "Asia/Taipei"),
    ("participant.2@demo.kcc.test", "이서연", "Lee Seo-yeon", "ko", "Asia/Seoul"),
    ("participant.3@demo.kcc.test", "鈴木 健", "Suzuki Ken", "ja", "Asia/Tokyo"),
    ("participant.4@demo.kcc.test", "王芳", "Wang Fang", "zh_Hans_CN", "Asia/Shanghai"),
    ("participant.5@demo.kcc.test", "Maria Santos", "Maria Santos", "en", "Asia/Manila"),
)
PARTICIPANT_CITIES = (
    "Kaohsiung City Government",
    "Busan Metropolitan City",
    "City of Yokohama",
    "Shanghai Municipality",
    "Quezon City",
)
# Ratings of the default rating questions (in order), the course's own rating, and a text.
ANSWERS = (
    ((5, 5, 4, 4), 5, "實際的警報範例很有幫助。"),
    ((4, 5, 5, 4), 4, "다른 도시의 사례를 더 듣고 싶습니다."),
    ((4, 3, 4, 3), 3, ""),
    ((5, 4, 4, 5), 5, "模拟演练很实用。"),
    ((3, 4, 4, 3), 4, "More time for questions, please."),
    ((4, 4, 5, 4), 4, ""),
)


def _person(email: str, native: str, latin: str, locale: str, zone: str, city: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(
            city_id=db.session.scalar(select(City.id).where(City.names["en"].as_string() == city)),
            email=email,
            password_hash=hash_password(secrets.token_urlsafe(24)),
            name_native=native,
            name_latin=latin,
            locale=locale,
            timezone=zone,
            email_verified_at=utcnow(),
            department="Demo",
            job_title="Demo",
        )
        user.role_rows.append(UserRole(role="official"))
        db.session.add(user)
        db.session.flush()
    return user


def _course(instructor: User) -> Offering:
    starts_on = date.today() - timedelta(days=12)
    return finished_offering(
        instructor,
        titles=COURSE_TITLES,
        descriptions=COURSE_DESCRIPTIONS,
        session_titles=[
            {code: label.format(n=n + 1) for code, label in PART_TITLES.items()} for n in range(2)
        ],
        starts_on=starts_on,
        days_apart=7,
        hours=(14, 16),
        kind="course",
        format="online",
        ends_on=starts_on + timedelta(days=7),
        capacity=30,
        enrolment_mode="open",
        online_url="https://meet.example.org/kcc",
        enrol_opens_at=utcnow() - timedelta(days=40),
        enrol_closes_at=utcnow() - timedelta(days=14),
        published_at=utcnow() - timedelta(days=40),
    )


def _answer(person: User, enrolment: Enrolment, questions, answer) -> None:
    ratings, own, text = answer
    rating_questions = [q for q in questions if q.kind == QuestionKind.RATING]
    values: dict[int, int | str | None] = dict(
        zip([q.id for q in rating_questions], [*ratings, own], strict=False)
    )
    texts = [q for q in questions if q.kind == QuestionKind.TEXT]
    if texts and text:
        values[texts[0].id] = text
    services.submit(person, enrolment, values)


def seed_evaluation_demo(instructor: User | None) -> str:
    """Once (matched by the course's English title); returns what it added."""
    if instructor is None or offering_titled(COURSE_TITLES["en"][0]) is not None:
        return "Evaluations: nothing added."
    officials = demo_officials()
    ensure_default_questions()
    course = _course(instructor)
    db.session.add(
        EvaluationQuestion(
            offering_id=course.id, position=1, kind="rating", is_required=False, texts=OWN_QUESTION
        )
    )
    extras = [
        _person(*row, city) for row, city in zip(PARTICIPANTS, PARTICIPANT_CITIES, strict=True)
    ]
    people = [*extras, *officials]
    enrolments = enrol_all(course, people, decided_by=None, days_ago=20)
    questions = services.questions_for(course.id)
    # The extra participants and the Korean demo official answer; the others find it open.
    answering = [(p, e) for p, e in zip(people, enrolments, strict=True)]
    answering = [pe for pe in answering if pe[0].email != "official@demo.kcc.test"]
    answering = [pe for pe in answering if pe[0].email != "official.ja@demo.kcc.test"]
    for (person, enrolment), answer in zip(answering, ANSWERS, strict=False):
        _answer(person, enrolment, questions, answer)
    answered = min(len(answering), len(ANSWERS))
    # The finished workshop: one answer (the Japanese demo official); results stay hidden.
    workshop_answers = 0
    workshop = offering_titled(WORKSHOP_TITLES["en"][0])
    official_ja = next((o for o in officials if o.email == "official.ja@demo.kcc.test"), None)
    if workshop is not None and official_ja is not None:
        enrolment = db.session.scalar(
            select(Enrolment).where(
                Enrolment.offering_id == workshop, Enrolment.user_id == official_ja.id
            )
        )
        if enrolment is not None and enrolment.status == EnrolmentStatus.ENROLLED:
            _answer(official_ja, enrolment, services.questions_for(workshop), ANSWERS[2])
            workshop_answers = 1
    db.session.commit()
    return (
        f"Added a finished course with {answered} evaluation answers "
        f"and {workshop_answers} answer to the workshop's evaluation."
    )
