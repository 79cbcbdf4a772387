"""The database holds the line on seats by itself: with the offering's row lock removed, many
enrolments at the same moment still give no more seats than the capacity, and every waiting
person has a place in line of their own.

The lock (``lock_offering``) is replaced in these tests by a plain read of the offering, the
mistake a later change could make; the database is the real one, with real connections from
real threads.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.catalogue.models import Offering
from app.enrolment import services
from app.enrolment.models import Enrolment, EnrolmentStatus

PEOPLE = 40
pytestmark = pytest.mark.real_commits  # threads with their own connections
SEATS = 10


@pytest.fixture
def unlocked(monkeypatch):
    """Enrolment changes without the row lock: the offering is only read."""
    from app.extensions import db

    def read_only(offering_id: int) -> Offering:
        offering = db.session.get(Offering, offering_id, populate_existing=True)
        if offering is None:
            raise services.EnrolmentClosed()
        return offering

    monkeypatch.setattr(services, "lock_offering", read_only)


def _all_at_once(app, work, items):
    """Run ``work(item)`` for every item in its own thread, application context and database
    connection, all released at the same moment; each commits its own transaction. Returns
    the errors (a refused transaction is allowed, a wrong count is not)."""
    from app.extensions import db

    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def run(item):
        with app.app_context():
            barrier.wait()
            try:
                work(item)
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    return errors


@pytest.fixture
def busy_app(app_factory):
    # Enough connections for every thread at once, so they really meet in the database.
    return app_factory(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": PEOPLE, "max_overflow": 10})


def test_without_the_lock_the_database_still_refuses_an_overbooking(
    busy_app, db, create_user, create_city, create_offering, unlocked
):
    """Guards the seat counter moving in SQL: 40 officials enrol at once for 10 seats with the
    row lock gone. Exactly as many people hold a seat as the counter says, and never more than
    the capacity; everyone else waits, each in a place of their own."""
    from app.accounts.models import User
    from app.extensions import db as app_db

    city = create_city()
    offering_id = create_offering(capacity=SEATS).id
    people = [create_user(city=city).id for _ in range(PEOPLE)]

    def enrol(user_id):  # only ids cross threads: each thread loads its own objects
        services.enrol(app_db.session.get(User, user_id), offering_id)

    errors = _all_at_once(busy_app, enrol, people)

    db.session.expire_all()
    rows = db.session.scalars(select(Enrolment).where(Enrolment.offering_id == offering_id)).all()
    enrolled = [r for r in rows if r.status == EnrolmentStatus.ENROLLED]
    waiting = [r for r in rows if r.status == EnrolmentStatus.WAITLISTED]
    seats_taken = db.session.get(Offering, offering_id).seats_taken
    assert len(enrolled) == seats_taken, f"{len(enrolled)} enrolled, counter says {seats_taken}"
    assert seats_taken <= SEATS
    assert len(enrolled) + len(waiting) == len(rows) == PEOPLE - len(errors)
    # The database may refuse some transactions under contention; most must get through, or
    # the test has proved nothing.
    assert len(rows) >= PEOPLE // 2, errors[:3]
    assert len(enrolled) == SEATS, "seats left free while people were turned to the waitlist"
    sequences = [r.waitlist_seq for r in waiting]
    assert len(set(sequences)) == len(sequences), "two people share a place in line"
