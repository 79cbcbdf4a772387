"""Two instructors saving the same sheet, and check-ins racing a mark, leave one consistent
state: real gunicorn workers, real concurrent HTTP requests (as in the enrolment races)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.db import load_parts
from app.records.attendance.models import AttendanceMark
from app.records.attendance.services import new_code
from tests.enrolment.test_concurrency import Browser, gunicorn, run_together
from tests.records.helpers import enrol_people, running_session_offering

# Other threads or processes read what the test writes: real commits (tests/conftest.py).
pytestmark = pytest.mark.real_commits

__all__ = ["gunicorn"]  # the fixture, used by name


def _sheet_form(browser, session_id, enrolment_ids, status):
    token = browser.token(f"/manage/sessions/{session_id}/attendance")
    form = {"csrf_token": token, "on_sheet": enrolment_ids, "action": "save"}
    form.update({f"mark-{i}": status for i in enrolment_ids})
    return form


def _marks(db, session_id):
    db.session.expire_all()
    return db.session.scalars(
        select(AttendanceMark).where(AttendanceMark.session_id == session_id)
    ).all()


def test_two_instructors_save_the_same_sheet_at_once(gunicorn, db, create_user, create_offering):
    first, second = create_user(roles=("instructor",)), create_user(roles=("instructor",))
    offering = running_session_offering(
        db, create_offering, kind="symposium", instructors=[first, second]
    )
    enrolments = enrol_people(db, offering, [create_user() for _ in range(30)])
    ids = [e.id for e in enrolments]
    session_id = load_parts(offering, "sessions").sessions[0].id
    browsers = []
    for person in (first, second):
        browser = Browser(gunicorn)
        browser.sign_in(person.email)
        browsers.append(browser)
    for round_number in range(3):
        forms = [
            _sheet_form(browsers[0], session_id, ids, "present"),
            _sheet_form(browsers[1], session_id, ids, "absent"),
        ]
        statuses = run_together(
            [
                (
                    lambda b=b, f=f: b.request(
                        "POST", f"/manage/sessions/{session_id}/attendance", f
                    )[0]
                )
                for b, f in zip(browsers, forms, strict=True)
            ]
        )
        assert statuses == [302, 302], (round_number, statuses)
        marks = _marks(db, session_id)
        assert len(marks) == 30 and {m.enrolment_id for m in marks} == set(ids)
        # One whole sheet won: never a mix of the two.
        assert len({m.status for m in marks}) == 1, round_number
        assert len({m.recorded_by_id for m in marks}) == 1, round_number


def test_check_ins_racing_the_instructors_marks(gunicorn, db, create_user, create_offering):
    """Twenty officials check in while the instructor marks all of them absent: whoever comes
    first, the instructor's mark stands and every check-in is kept as evidence."""
    instructor = create_user(roles=("instructor",))
    offering = running_session_offering(
        db, create_offering, kind="symposium", instructors=[instructor]
    )
    people = [create_user() for _ in range(20)]
    enrolments = enrol_people(db, offering, people)
    session = load_parts(offering, "sessions").sessions[0]
    code = new_code(instructor, session).code
    db.session.commit()
    officials = []
    for person in people:
        browser = Browser(gunicorn)
        browser.sign_in(person.email)
        browser.check_in_token = browser.token("/check-in")
        officials.append(browser)
    teacher = Browser(gunicorn)
    teacher.sign_in(instructor.email)
    form = _sheet_form(teacher, session.id, [e.id for e in enrolments], "absent")
    actions = [
        (
            lambda b=b: b.request(
                "POST", "/check-in", {"csrf_token": b.check_in_token, "code": code}
            )[0]
        )
        for b in officials
    ]
    actions.insert(
        10, lambda: teacher.request("POST", f"/manage/sessions/{session.id}/attendance", form)[0]
    )
    statuses = run_together(actions)
    assert statuses.pop(10) == 302
    assert statuses == [200] * 20
    marks = _marks(db, session.id)
    assert len(marks) == 20
    assert {(m.status, m.source) for m in marks} == {("absent", "instructor")}
    assert all(m.checked_in_at is not None for m in marks)
    assert db.session.scalar(select(func.count()).select_from(AttendanceMark)) == 20
