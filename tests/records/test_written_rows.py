"""The attendance sheet's and the records view's rows (attendance/sheet_rows.py and
overview/record_rows.py, written without a template): each person's own row, their names
and reasons escaped, their marks, check-in time in the reader's zone, links and labels in the
reader's language."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import force_locale

from app.core.babel import gettext, pgettext
from app.core.db import load_parts
from app.records.attendance.models import AttendanceMark
from app.records.attendance.services import save_marks
from app.records.completion.services import override
from tests.records.helpers import enrol_people, past_offering


def row_of(html: str, text: str) -> str:
    return next(row for row in html.split("<tr>")[2:] if text in row)


def test_attendance_sheet_rows(client, db, login, create_user, create_city, create_offering):
    instructor = create_user(roles=("instructor",), locale="ko", timezone="Asia/Seoul")
    offering = past_offering(create_offering, sessions=2, instructors=[instructor])
    session = load_parts(offering, "sessions").sessions[0]
    busan = create_city(names={"en": "Busan", "ko": "<부산>"})
    marked = create_user(name_native='<b>"金</b>', name_latin="Kim & Co", city=busan)
    excused = create_user(name_native="李", name_latin="Lee")
    unmarked = create_user(name_native="朴", name_latin="Park")
    a, b, c = enrol_people(db, offering, [marked, excused, unmarked])
    save_marks(instructor, session.id, {b.id: "excused"})
    db.session.add(
        AttendanceMark(
            enrolment_id=a.id,
            session_id=session.id,
            status="present",
            source="check_in",
            checked_in_at=datetime(2026, 5, 4, 0, 45, tzinfo=UTC),
        )
    )
    db.session.commit()
    login(instructor)

    html = client.get(f"/manage/sessions/{session.id}/attendance").get_data(as_text=True)

    assert html.count("<tr>") == 4  # the heading and three people
    with force_locale("ko"):
        name_label = pgettext("a person's name", "Name")
        present, checked_in = gettext("Present"), gettext("checked in")
    first = row_of(html, "Kim &amp; Co")
    assert f'<td data-label="{name_label}"><span id="name-{a.id}">' in first
    assert "&lt;b&gt;&#34;金&lt;/b&gt;" in first and "<b>" not in first
    assert "&lt;부산&gt;</td>" in first
    assert f'<input type="hidden" name="on_sheet" value="{a.id}">' in first
    assert f'aria-labelledby="name-{a.id}"' in first
    assert f'name="mark-{a.id}" value="present" checked> {present}</label>' in first
    assert first.count(" checked>") == 1
    assert f'<span class="muted">{checked_in} 09:45</span>' in first  # 00:45 UTC in Seoul
    second = row_of(html, ">Lee<")
    assert f'name="mark-{b.id}" value="excused" checked>' in second
    assert second.count(" checked>") == 1 and checked_in not in second
    third = row_of(html, ">Park<")
    assert " checked>" not in third and third.count('type="radio"') == 3
    assert f'name="mark-{c.id}" value="absent">' in third


def test_records_view_rows(client, db, login, create_user, create_city, create_offering):
    instructor = create_user(roles=("instructor",), locale="ja")
    offering = past_offering(create_offering, sessions=2, instructors=[instructor])
    first_session, second_session = load_parts(offering, "sessions").sessions
    tainan = create_city(names={"en": "Tainan", "ja": "台南 & <市>"})
    decided = create_user(name_native="<i>王</i>", name_latin='Wang "W"', city=tainan)
    undecided = create_user(name_native="周", name_latin="Chou")
    a, b = enrol_people(db, offering, [decided, undecided])
    save_marks(instructor, first_session.id, {a.id: "present", b.id: "absent"})
    save_marks(instructor, second_session.id, {a.id: "present"})
    override(instructor, a, "completed", "Attended <b>elsewhere</b>")
    db.session.commit()
    login(instructor)

    html = client.get(f"/manage/offerings/{offering.id}/records").get_data(as_text=True)

    assert html.count("<tr>") == 3  # the heading and two people
    with force_locale("ja"):
        present, absent = gettext("Present"), gettext("Absent")
        overridden, override_word = gettext("Overridden"), gettext("Override")
        completed = gettext("Completed")
    first = row_of(html, "Wang &#34;W&#34;")
    assert f'<a href="/records/enrolments/{a.id}">&lt;i&gt;王&lt;/i&gt;</a>' in first
    assert "<i>王" not in html and "<b>elsewhere" not in html
    assert "<td>台南 &amp; &lt;市&gt;</td>" in first
    assert f"<td>{present}</td><td>{present}</td>" in first
    assert "<td>2/2</td>" in first
    assert completed in first
    assert f"{overridden}：Attended &lt;b&gt;elsewhere&lt;/b&gt;" in first
    assert f'href="/manage/enrolments/{a.id}/completion">{override_word}' in first
    assert '<span class="visually-hidden"> Wang &#34;W&#34;</span>' in first
    second = row_of(html, ">Chou<")
    assert f"<td>{absent}</td><td>—</td>" in second
    assert f'href="/records/enrolments/{b.id}"' in second and "/completion" in second
    assert overridden not in second
