"""The attendance sheet, the check-in code page and the officials' check-in, over HTTP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEvent
from app.core.db import load_parts, utcnow
from app.records.attendance.models import AttendanceMark, CheckInCode
from app.records.attendance.services import CODE_ALPHABET, check_in, save_marks
from app.records.errors import CheckInClosed, NotEnrolledHere
from tests.factories import csrf_token, sign_in
from tests.records.helpers import enrol_people, running_session_offering


@pytest.fixture
def course(db, create_user, create_offering):
    instructor = create_user(roles=("instructor",))
    offering = running_session_offering(
        db, create_offering, kind="symposium", instructors=[instructor]
    )
    people = [create_user(name_latin=f"Person {n}") for n in range(3)]
    enrolments = enrol_people(db, offering, people)
    return offering, instructor, people, enrolments


def _marks(db, session_id):
    db.session.expire_all()
    return {
        m.enrolment_id: (m.status, m.source)
        for m in db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.session_id == session_id)
        )
    }


def test_sheet_lists_the_roster_and_saves_in_one_post(client, db, course, login):
    offering, instructor, people, (a, b, c) = course
    session = load_parts(offering, "sessions").sessions[0]
    login(instructor)
    html = client.get(f"/manage/sessions/{session.id}/attendance").get_data(as_text=True)
    for person in people:
        assert person.name_latin in html
    assert html.count('type="radio"') == 9  # three choices for each of three people
    token = csrf_token(client, f"/manage/sessions/{session.id}/attendance")
    response = client.post(
        f"/manage/sessions/{session.id}/attendance",
        data={
            "csrf_token": token,
            "on_sheet": [a.id, b.id, c.id],
            f"mark-{a.id}": "present",
            f"mark-{b.id}": "excused",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert _marks(db, session.id) == {
        a.id: ("present", "instructor"),
        b.id: ("excused", "instructor"),
    }
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == "attendance.marked")) == 2
    )


def test_mark_all_present_keeps_the_choices_made(client, db, course, login):
    """Works without JavaScript: a submit button; explicit choices are kept."""
    offering, instructor, _people, (a, b, c) = course
    session = load_parts(offering, "sessions").sessions[0]
    login(instructor)
    token = csrf_token(client, f"/manage/sessions/{session.id}/attendance")
    client.post(
        f"/manage/sessions/{session.id}/attendance",
        data={
            "csrf_token": token,
            "on_sheet": [a.id, b.id, c.id],
            f"mark-{b.id}": "absent",
            "action": "all_present",
        },
    )
    assert {k: v[0] for k, v in _marks(db, session.id).items()} == {
        a.id: "present",
        b.id: "absent",
        c.id: "present",
    }


def test_sheet_refuses_someone_of_another_offering(
    client, db, course, create_offering, login, create_user
):
    offering, instructor, _people, (a, _b, _c) = course
    other = create_offering()
    (stranger,) = enrol_people(db, other, [create_user()])
    session = load_parts(offering, "sessions").sessions[0]
    login(instructor)
    token = csrf_token(client, f"/manage/sessions/{session.id}/attendance")
    client.post(
        f"/manage/sessions/{session.id}/attendance",
        data={
            "csrf_token": token,
            "on_sheet": [a.id, stranger.id],
            f"mark-{a.id}": "present",
            f"mark-{stranger.id}": "present",
        },
    )
    assert _marks(db, session.id) == {}  # nothing saved, not even the valid row


def test_instructor_of_another_offering_is_refused(client, db, course, create_user, login):
    offering, _instructor, _people, _enrolments = course
    login(create_user(roles=("instructor",)))
    assert (
        client.get(
            f"/manage/sessions/{load_parts(offering, 'sessions').sessions[0].id}/attendance"
        ).status_code
        == 403
    )


def _code_on_page(client, session_id) -> str:
    html = client.get(f"/manage/sessions/{session_id}/check-in-code").get_data(as_text=True)
    match = re.search(r'id="check-in-code">([A-Z0-9-]+)<', html)
    return match.group(1) if match else ""


def test_check_in_with_the_code_and_rotation(client, app, db, course, login):
    offering, instructor, people, (a, _b, _c) = course
    session = load_parts(offering, "sessions").sessions[0]
    login(instructor)
    assert _code_on_page(client, session.id) == ""
    client.post(
        f"/manage/sessions/{session.id}/check-in-code",
        data={"csrf_token": csrf_token(client, f"/manage/sessions/{session.id}/check-in-code")},
    )
    html = client.get(f"/manage/sessions/{session.id}/check-in-code").get_data(as_text=True)
    code = _code_on_page(client, session.id)
    assert len(code.replace("-", "")) >= 8
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
    assert "<svg" in html and "check-in?code=" in html.replace("&amp;", "&")

    official = app.test_client()
    sign_in(official, people[0])
    page = official.get(f"/check-in?code={code}").get_data(as_text=True)
    assert f'value="{code}"' in page  # the QR code's address fills the code in
    response = official.post(
        "/check-in", data={"csrf_token": csrf_token(official, "/check-in"), "code": code.lower()}
    )
    assert "You are checked in" in response.get_data(as_text=True)
    assert _marks(db, session.id) == {a.id: ("present", "check_in")}

    # Rotating: the old code stops at once.
    client.post(
        f"/manage/sessions/{session.id}/check-in-code",
        data={"csrf_token": csrf_token(client, f"/manage/sessions/{session.id}/check-in-code")},
    )
    assert _code_on_page(client, session.id) != code
    second = app.test_client()
    sign_in(second, people[1])
    response = second.post(
        "/check-in", data={"csrf_token": csrf_token(second, "/check-in"), "code": code}
    )
    assert "not valid" in response.get_data(as_text=True)
    assert len(_marks(db, session.id)) == 1
    assert db.session.scalar(select(func.count()).select_from(CheckInCode)) == 2  # kept


def test_check_in_refused_outside_the_window_and_for_others(client, db, course, create_user, login):
    offering, instructor, people, _enrolments = course
    session = load_parts(offering, "sessions").sessions[1]  # tomorrow
    from app.records.attendance.services import new_code

    code = new_code(instructor, session).code
    db.session.commit()
    login(people[0])
    response = client.post(
        "/check-in", data={"csrf_token": csrf_token(client, "/check-in"), "code": code}
    )
    assert "30 minutes before" in response.get_data(as_text=True)
    # The window, at its edges (the service takes the clock as an argument).
    with pytest.raises(CheckInClosed):
        check_in(people[0], code, now=session.starts_at - timedelta(minutes=31))
    with pytest.raises(CheckInClosed):
        check_in(people[0], code, now=session.ends_at + timedelta(seconds=1))
    assert check_in(people[0], code, now=session.starts_at - timedelta(minutes=29)).outcome == (
        "checked_in"
    )
    db.session.commit()
    with pytest.raises(NotEnrolledHere):
        check_in(create_user(), code, now=session.starts_at)
    assert len(_marks(db, session.id)) == 1


def test_check_in_never_overrides_the_instructor(client, db, course, login):
    offering, instructor, people, (a, _b, _c) = course
    session = load_parts(offering, "sessions").sessions[0]
    from app.records.attendance.services import new_code

    code = new_code(instructor, session).code
    save_marks(instructor, session.id, {a.id: "absent"})
    db.session.commit()
    login(people[0])
    response = client.post(
        "/check-in", data={"csrf_token": csrf_token(client, "/check-in"), "code": code}
    )
    assert "already recorded your attendance" in response.get_data(as_text=True)
    mark = db.session.scalar(select(AttendanceMark).where(AttendanceMark.enrolment_id == a.id))
    db.session.refresh(mark)
    assert (mark.status, mark.source) == ("absent", "instructor")
    assert mark.checked_in_at is not None  # the check-in itself is kept as evidence


def test_no_code_for_a_session_that_does_not_count(client, db, course, login):
    offering, instructor, _people, _enrolments = course
    session = load_parts(offering, "sessions").sessions[0]
    session.counts_for_attendance = False
    db.session.commit()
    login(instructor)
    client.post(
        f"/manage/sessions/{session.id}/check-in-code",
        data={"csrf_token": csrf_token(client, f"/manage/sessions/{session.id}/attendance")},
    )
    assert db.session.scalar(select(func.count()).select_from(CheckInCode)) == 0
    assert utcnow()  # the clock is real here
