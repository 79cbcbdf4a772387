"""The records view, its Excel-safe CSV export, the CSV import with its dry run, overrides
over HTTP and who may read one participant's progress."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEvent
from app.core.db import load_parts
from app.records.attendance.models import AttendanceMark
from app.records.attendance.services import save_marks
from app.records.completion.models import CompletionRecord
from tests.factories import csrf_token, sign_in
from tests.records.helpers import enrol_people, past_offering


@pytest.fixture
def symposium(db, create_user, create_city, create_offering):
    instructor = create_user(roles=("instructor",))
    offering = past_offering(
        create_offering, sessions=3, kind="symposium", instructors=[instructor]
    )
    taipei, seoul = (
        create_city(names={"en": "Taipei"}),
        create_city(country_code="KR", names={"en": "Seoul"}),
    )
    people = [
        create_user(name_latin="Alice Chen", city=taipei, email="alice@example.org"),
        create_user(name_latin='=HYPERLINK("http://evil")', city=seoul, email="bob@example.org"),
        create_user(name_latin="Chris Kim", city=seoul, email="chris@example.org"),
    ]
    enrolments = enrol_people(db, offering, people)
    a, b, c = enrolments
    for session in load_parts(offering, "sessions").sessions:
        save_marks(instructor, session.id, {a.id: "present", b.id: "present", c.id: "absent"})
    db.session.commit()
    return offering, instructor, people, enrolments, (taipei, seoul)


def test_records_view_shows_grid_totals_and_filters(client, db, symposium, login):
    offering, instructor, _people, _enrolments, (_taipei, seoul) = symposium
    login(instructor)
    html = client.get(f"/manage/offerings/{offering.id}/records").get_data(as_text=True)
    assert "3 participant(s): 2 completed, 1 not completed, 0 not yet decided." in html
    assert "Alice Chen" in html and "Chris Kim" in html
    # Each row's marks, one cell per session in the sessions' order: Chris was absent.
    sessions = len(load_parts(offering, "sessions").sessions)
    chris = html[html.index("Chris Kim") : html.index("</tr>", html.index("Chris Kim"))]
    assert chris.count("<td>Absent</td>") == sessions and "<td>Present</td>" not in chris
    alice = html[html.index("Alice Chen") : html.index("</tr>", html.index("Alice Chen"))]
    assert alice.count("<td>Present</td>") == sessions
    html = client.get(
        f"/manage/offerings/{offering.id}/records?city={seoul.id}&status=completed"
    ).get_data(as_text=True)
    assert "Alice Chen" not in html and "Chris Kim" not in html
    assert "HYPERLINK" in html
    # The same filters with the other city: the statement is built once, the city bound anew.
    html = client.get(
        f"/manage/offerings/{offering.id}/records?city={_taipei.id}&status=completed"
    ).get_data(as_text=True)
    assert "Alice Chen" in html and "Chris Kim" not in html


def test_csv_export_is_excel_safe(client, db, symposium, login):
    offering, instructor, _people, _enrolments, _cities = symposium
    login(instructor)
    response = client.get(f"/manage/offerings/{offering.id}/records.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 4
    by_email = {row[2]: row for row in rows[1:]}
    assert by_email["bob@example.org"][1].startswith("'=HYPERLINK")  # never a formula
    assert by_email["alice@example.org"][5:8] == ["Present"] * 3
    assert "Completed" in by_email["alice@example.org"]
    assert "Not completed" in by_email["chris@example.org"]


def _import(client, offering_id, kind, text, action):
    path = f"/manage/offerings/{offering_id}/records/import"
    data = {
        "csrf_token": csrf_token(client, path),
        "kind": kind,
        "file": (io.BytesIO(text.encode("utf-8-sig")), "records.csv"),
        action: "1",
    }
    return client.post(path, data=data, content_type="multipart/form-data")


def test_import_with_one_bad_row_writes_nothing_and_lists_each_error(client, db, symposium, login):
    offering, instructor, _people, (_a, _b, c), _cities = symposium
    first = load_parts(offering, "sessions").sessions[0].id
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    login(instructor)
    text = (
        "email,session_id,status\n"
        f"chris@example.org,{first},present\n"
        f"nobody@example.org,{first},present\n"
        "alice@example.org,999999,late\n"
    )
    response = _import(client, offering.id, "attendance", text, "apply")
    html = response.get_data(as_text=True)
    assert "Line 3" in html and "nobody@example.org is not an enrolled participant." in html
    assert "Line 4" in html and "999999 is not a session of this offering." in html
    assert "The status must be present, absent or excused." in html
    db.session.expire_all()
    mark = db.session.scalar(
        select(AttendanceMark).where(
            AttendanceMark.enrolment_id == c.id, AttendanceMark.session_id == first
        )
    )
    assert mark.status == "absent"  # the valid row was not written either
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_import_dry_run_then_apply(client, db, symposium, login):
    offering, instructor, _people, (_a, _b, c), _cities = symposium
    login(instructor)
    text = "email,session_id,status\n" + "".join(
        f"CHRIS@example.org,{s.id},present\n" for s in load_parts(offering, "sessions").sessions
    )
    html = _import(client, offering.id, "attendance", text, "check").get_data(as_text=True)
    assert "All 3 row(s) are valid" in html
    db.session.expire_all()
    assert db.session.get(CompletionRecord, c.id).present_sessions == 0  # dry run: nothing
    response = _import(client, offering.id, "attendance", text, "apply")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CompletionRecord, c.id).present_sessions == 3
    db.session.refresh(c)
    assert c.completion == "completed"


def test_import_overrides(client, db, symposium, login):
    offering, instructor, _people, (_a, _b, c), _cities = symposium
    login(instructor)
    bad = "email,decision,reason\nchris@example.org,completed,\n"
    html = _import(client, offering.id, "overrides", bad, "apply").get_data(as_text=True)
    assert "A reason is needed." in html
    good = "email,decision,reason\nchris@example.org,completed,Joined online from Seoul\n"
    assert _import(client, offering.id, "overrides", good, "apply").status_code == 302
    db.session.expire_all()
    record = db.session.get(CompletionRecord, c.id)
    assert (record.override_state, record.override_reason) == (
        "completed",
        "Joined online from Seoul",
    )


def test_override_over_http_is_shown_with_who_and_why(client, db, symposium, login):
    _offering, instructor, _people, (_a, _b, c), _cities = symposium
    login(instructor)
    path = f"/manage/enrolments/{c.id}/completion"
    token = csrf_token(client, path)
    html = client.post(path, data={"csrf_token": token, "decision": "completed"}).get_data(
        as_text=True
    )
    assert "Please fill in this field." in html  # no reason: refused
    response = client.post(
        path,
        data={"csrf_token": token, "decision": "completed", "reason": "Medical leave, made up"},
    )
    assert response.status_code == 302
    html = client.get(f"/records/enrolments/{c.id}").get_data(as_text=True)
    assert "Medical leave, made up" in html
    assert instructor.name_latin in html
    db.session.refresh(c)
    assert c.completion == "completed"


def test_who_reads_one_participants_progress(app, db, symposium, create_user):
    """Officials their own only; a focal point of the person's city; not of another city."""
    _offering, _instructor, people, (a, b, _c), (taipei, _seoul) = symposium

    def status(user, enrolment):
        client = app.test_client()
        sign_in(client, user)
        return client.get(f"/records/enrolments/{enrolment.id}").status_code

    assert status(people[0], a) == 200
    assert status(people[0], b) == 404
    assert status(create_user(roles=("focal_point",), city=taipei), a) == 200
    assert status(create_user(roles=("focal_point",), city=taipei), b) == 404


def test_offering_page_and_my_learning_show_own_progress(
    client, db, create_user, create_offering, login
):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(sessions=4, kind="symposium", instructors=[instructor])
    official = create_user()
    (enrolment,) = enrol_people(db, offering, [official])
    save_marks(
        instructor, load_parts(offering, "sessions").sessions[0].id, {enrolment.id: "present"}
    )
    save_marks(
        instructor, load_parts(offering, "sessions").sessions[1].id, {enrolment.id: "absent"}
    )
    db.session.commit()
    login(official)
    html = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Your attendance and progress" in html
    assert "Attendance so far: 25 %. Best still reachable: 75 %." in html
    assert "This can no longer be reached." in html
    html = client.get("/my").get_data(as_text=True)
    assert "Attendance so far: 25 %. Best still reachable: 75 %." in html
    assert "Not completed" in html
