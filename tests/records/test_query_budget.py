"""The records view and the attendance sheet issue the same number of statements with 10 and
with 300 participants × 12 sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from app.core.db import load_parts, utcnow
from app.enrolment.models import Enrolment
from app.records.attendance.models import AttendanceMark
from app.records.completion.services import recompute
from tests.enrolment.test_query_budget import bulk_users, enrol_rows


@pytest.fixture
def big_offering(db, create_user, create_city, create_offering):
    def build(count: int):
        instructor = create_user(roles=("instructor",))
        offering = create_offering(
            sessions=12, kind="symposium", capacity=None, instructors=[instructor]
        )
        city = create_city()
        users = bulk_users(db, city.id, count)
        enrol_rows(db, [(u, offering.id) for u in users])
        enrolment_ids = db.session.scalars(
            select(Enrolment.id).where(Enrolment.offering_id == offering.id)
        ).all()
        now = utcnow()
        db.session.execute(
            insert(AttendanceMark),
            [
                {
                    "enrolment_id": e,
                    "session_id": s.id,
                    "status": "present" if (e + n) % 4 else "absent",
                    "source": "instructor",
                    "recorded_by_id": instructor.id,
                    "recorded_at": now,
                }
                for e in enrolment_ids
                for n, s in enumerate(load_parts(offering, "sessions").sessions[:8])
            ],
        )
        recompute(offering.id, actor=instructor)
        db.session.commit()
        # Plain ids: touching the expired objects inside the count would load them again.
        return offering.id, load_parts(offering, "sessions").sessions[0].id, instructor

    return build


@pytest.mark.parametrize("count", [10, 300])
def test_records_view_budget(client, big_offering, login, count_queries, count):
    offering_id, _session_id, instructor = big_offering(count)
    login(instructor)
    with count_queries() as statements:
        response = client.get(f"/manage/offerings/{offering_id}/records")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('<th scope="row">') == min(count, 50)
    assert 1 <= len(statements) <= 9, len(statements)


@pytest.mark.parametrize("count", [10, 300])
def test_attendance_sheet_budget(client, big_offering, login, count_queries, count):
    _offering_id, session_id, instructor = big_offering(count)
    login(instructor)
    with count_queries() as statements:
        response = client.get(f"/manage/sessions/{session_id}/attendance")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('name="on_sheet"') == count
    assert 1 <= len(statements) <= 6, len(statements)
