"""Two transactions count one offering's figures afresh at once (reports/figures.py): the
second waits for the first and counts again, instead of meeting the rows the first wrote.

Real connections from two threads, real commits: the first has written its figures and holds
them while the second starts writing its own; then the first commits."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from app.enrolment.models import Enrolment, EnrolmentStatus
from app.reports.models import ReportFigures

pytestmark = pytest.mark.real_commits  # two threads, each with its own connection


def test_two_enrolments_at_once_both_count(app, db, create_user, create_city, create_offering):
    city = create_city(country_code="TW")
    offering_id = create_offering(capacity=10).id
    people = [create_user(city=city).id for _ in range(3)]
    db.session.add(
        Enrolment(
            user_id=people[0],
            offering_id=offering_id,
            status=EnrolmentStatus.ENROLLED,
            city_id=city.id,
        )
    )
    db.session.commit()  # the offering's figures: one participant from Taiwan

    first_written, second_started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def enrol(user_id: int, before_commit) -> None:
        from app.extensions import db as app_db

        with app.app_context():
            try:
                app_db.session.add(
                    Enrolment(
                        user_id=user_id,
                        offering_id=offering_id,
                        status=EnrolmentStatus.ENROLLED,
                        city_id=city.id,
                    )
                )
                app_db.session.flush()  # the figures counted afresh, in this transaction
                before_commit()
                app_db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                app_db.session.remove()

    def first_waits() -> None:
        first_written.set()
        second_started.wait(timeout=30)
        time.sleep(0.5)  # the second is now waiting on the rows this one rewrote

    def second_goes() -> None:
        pass

    def second() -> None:
        first_written.wait(timeout=30)
        second_started.set()
        enrol(people[2], second_goes)

    threads = [
        threading.Thread(target=enrol, args=(people[1], first_waits)),
        threading.Thread(target=second),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    db.session.expire_all()
    figures = db.session.scalars(
        select(ReportFigures).where(ReportFigures.offering_id == offering_id)
    ).all()
    assert [(f.country_code, f.enrolments) for f in figures] == [("TW", 3)]
