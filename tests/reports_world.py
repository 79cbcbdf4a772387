"""The fixture `world`: a small hand-built data set with known answers for the reports.

Cities: Seoul and Busan (Korea), Taipei (Taiwan). Offerings (the city is the enrolment's):
- O1 workshop, climate resilience, Korean + English, starts 2027-03-10, two sessions:
  Seoul s1 (completed, certificate), s2 (completed), s3 (enrolled), s4 (cancelled);
  Busan b1 (completed, certificate); Taipei t1 (completed, certificate), t2 (waitlisted)
- O2 course, resilience + low carbon, English, 2027-06-01, archived:
  Seoul s1 (completed, certificate); Busan b2 (completed, certificate revoked); Taipei t1
- O3 symposium, energy, 2026-05-05: Seoul s2 (completed, certificate); Taipei t3 (completed)
- O4 a draft and O5 a cancelled offering on resilience in 2027: never counted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.core.db import load_parts


@pytest.fixture
def world(db, create_city, create_user, create_offering):
    from app.certificates.models import Certificate
    from app.enrolment.models import Enrolment
    from app.records.attendance.models import AttendanceMark
    from app.records.plans.models import ActionPlan

    seoul = create_city(country_code="KR", names={"en": "Seoul", "ko": "서울특별시"})
    busan = create_city(country_code="KR", names={"en": "Busan", "ko": "부산광역시"})
    taipei = create_city(country_code="TW", names={"en": "Taipei", "ko": "타이베이"})
    people = {}
    for key, city in (
        ("s1", seoul), ("s2", seoul), ("s3", seoul), ("s4", seoul),
        ("b1", busan), ("b2", busan),
        ("t1", taipei), ("t2", taipei), ("t3", taipei),
    ):  # fmt: skip
        people[key] = create_user(city=city, locale="ko" if city is not taipei else "en")

    def offering(kind, topics, languages, starts, status="published", title="Offering"):
        return create_offering(
            kind=kind,
            topics=topics,
            languages=languages,
            starts_on=starts,
            ends_on=starts + timedelta(days=1),
            status=status,
            sessions=2,
            capacity=None,
            titles={"en": (title, "…"), "ko": (title + " (ko)", "…")},
        )

    o1 = offering("workshop", ["resilience"], ["ko", "en"], date(2027, 3, 10), title="=Resilient")
    o2 = offering("course", ["resilience", "low_carbon"], ["en"], date(2027, 6, 1), "archived")
    o3 = offering("symposium", ["energy"], ["en"], date(2026, 5, 5))
    o4 = offering("workshop", ["resilience"], ["ko"], date(2027, 4, 1), "draft")
    o5 = offering("workshop", ["resilience"], ["ko"], date(2027, 5, 1), "cancelled")
    city_of = {"s": seoul, "b": busan, "t": taipei}
    enrolments = {}
    serial = iter(range(1, 100))

    def enrol(key, o, status="enrolled", completed=False, certificate=None, minutes=0):
        person = people[key]
        e = Enrolment(
            user_id=person.id,
            offering_id=o.id,
            status=status,
            city_id=city_of[key[0]].id,
            waiting_reason="",
            reason="",
            completion="completed" if completed else None,
            completed_at=datetime(2027, 7, 1, tzinfo=UTC) if completed else None,
            attended_minutes=minutes,
        )
        db.session.add(e)
        db.session.flush()
        if certificate:
            n = next(serial)
            db.session.add(
                Certificate(
                    serial=f"KCC-2027-{n:06d}",
                    year=2027,
                    number=n,
                    code=f"CODE{n:028d}",
                    enrolment_id=e.id,
                    user_id=person.id,
                    offering_id=o.id,
                    holder_name_native=person.name_native,
                    holder_name_latin=person.name_latin,
                    holder_locale=person.locale,
                    title="t",
                    title_en="t",
                    status=certificate,
                )
            )
        enrolments[(key, o)] = e
        return e

    enrol("s1", o1, completed=True, certificate="valid", minutes=120)
    enrol("s2", o1, completed=True)
    enrol("s3", o1)
    enrol("s4", o1, status="cancelled")
    enrol("b1", o1, completed=True, certificate="valid")
    enrol("t1", o1, completed=True, certificate="valid")
    enrol("t2", o1, status="waitlisted")
    enrol("s1", o2, completed=True, certificate="valid", minutes=90)
    enrol("b2", o2, completed=True, certificate="revoked")
    enrol("t1", o2)
    enrol("s2", o3, completed=True, certificate="valid")
    enrol("t3", o3, completed=True)
    enrol("s3", o4, completed=True)
    enrol("b1", o5, completed=True)

    first, second = load_parts(o1, "sessions").sessions
    for key, session, status in (
        ("s1", first, "present"), ("s1", second, "present"),
        ("s2", first, "present"), ("s2", second, "absent"),
        ("s3", first, "absent"), ("s3", second, "absent"),
        ("b1", first, "present"),
        ("t1", first, "excused"), ("t1", second, "present"),
    ):  # fmt: skip
        db.session.add(
            AttendanceMark(
                enrolment_id=enrolments[(key, o1)].id,
                session_id=session.id,
                status=status,
                source="instructor",
            )
        )
    for key, status, approved, published in (
        ("s1", "approved", datetime(2027, 4, 1, tzinfo=UTC), 2027),
        ("s2", "approved", datetime(2026, 6, 1, tzinfo=UTC), None),
        ("s3", "draft", None, None),
        ("b1", "approved", datetime(2027, 4, 2, tzinfo=UTC), 2027),
    ):
        db.session.add(
            ActionPlan(
                offering_id=o1.id,
                user_id=people[key].id,
                status=status,
                city_id=city_of[key[0]].id,
                country_code="KR",
                approved_at=approved,
                is_published=published is not None,
                published_year=published,
            )
        )
    db.session.commit()
    return {
        "cities": {"seoul": seoul, "busan": busan, "taipei": taipei},
        "people": people,
        "offerings": {"o1": o1, "o2": o2, "o3": o3, "o4": o4, "o5": o5},
    }


@pytest.fixture
def ratings(db, world):
    """O1: five responses rated 5, 4, 4, 3, 5 (mean 4.2); O2: four responses (below the
    threshold of five: never shown); O3: five responses rated 2."""
    from app.evaluation.models import EvaluationAnswer, EvaluationQuestion, EvaluationResponse

    question = EvaluationQuestion(offering_id=None, kind="rating", texts={"en": "Overall?"})
    db.session.add(question)
    db.session.flush()
    o = world["offerings"]
    for offering, values in (
        (o["o1"], [5, 4, 4, 3, 5]),
        (o["o2"], [1, 1, 1, 1]),
        (o["o3"], [2] * 5),
    ):
        for value in values:
            response = EvaluationResponse(offering_id=offering.id)
            db.session.add(response)
            db.session.flush()
            db.session.add(
                EvaluationAnswer(response_id=response.id, question_id=question.id, rating=value)
            )
    db.session.commit()
