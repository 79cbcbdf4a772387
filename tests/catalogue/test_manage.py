"""Staff build offerings; instructors edit only the offerings they are assigned to."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.catalogue.models import Offering, OfferingSession
from app.core.audit import AuditEvent
from app.core.db import load_parts
from tests.factories import csrf_token, sign_in


def settings_form(token, **overrides):
    start = date.today() + timedelta(days=30)
    data = {
        "csrf_token": token,
        "kind": "symposium",
        "format": "hybrid",
        "topics": ["resilience", "urban_planning"],
        "languages": ["en", "ko"],
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=1)).isoformat(),
        "timezone": "Asia/Taipei",
        "venue": "Kaohsiung Music Center",
        "online_url": "https://meet.example.org/abc",
        "capacity": "120",
        "enrolment_mode": "approval",
        "enrol_opens_local": "",
        "enrol_closes_local": f"{(start - timedelta(days=2)).isoformat()}T17:00",
        "fallback_locale": "en",
    }
    data.update(overrides)
    return data


def test_staff_create_write_publish(client, db, create_user, login):
    instructor = create_user(roles=("instructor",))
    login(create_user(roles=("staff",)))
    token = csrf_token(client, "/manage/offerings/new")
    response = client.post(
        "/manage/offerings/new", data=settings_form(token, instructors=[str(instructor.id)])
    )
    assert response.status_code == 302
    offering = load_parts(db.session.scalar(select(Offering)), "topic_rows", "instructors")
    assert offering.status == "draft" and offering.topics == ["resilience", "urban_planning"]
    assert offering.instructors == [instructor] and offering.capacity == 120
    # 17:00 in Taipei is 09:00 UTC.
    assert offering.enrol_closes_at.hour == 9

    # Publishing needs the text in the fallback language.
    client.post(
        f"/manage/offerings/{offering.id}/status", data={"csrf_token": token, "status": "published"}
    )
    db.session.refresh(offering)
    assert offering.status == "draft"
    client.post(
        f"/manage/offerings/{offering.id}/text/en",
        data={
            "csrf_token": token,
            "title": "Resilience Symposium",
            "summary": "Short.",
            "description": "<p>Long <strong>text</strong></p>",
        },
    )
    client.post(
        f"/manage/offerings/{offering.id}/status", data={"csrf_token": token, "status": "published"}
    )
    db.session.refresh(offering)
    assert offering.status == "published" and offering.published_at is not None
    assert "Resilience Symposium" in client.get("/offerings").get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"offering.created", "offering.text_saved", "offering.status_changed"} <= actions


def test_settings_validation(client, db, create_user, login):
    login(create_user(roles=("staff",)))
    token = csrf_token(client, "/manage/offerings/new")
    start = date.today()
    for bad in (
        {"ends_on": (start - timedelta(days=3)).isoformat()},
        {"online_url": "javascript:alert(1)"},
        {"online_url": "//evil.example"},
        {"capacity": "-4"},
        {"languages": []},
        {"kind": "party"},
        {"timezone": "Mars/Base"},
        {"enrol_opens_local": "2030-01-02T10:00", "enrol_closes_local": "2030-01-01T10:00"},
    ):
        response = client.post("/manage/offerings/new", data=settings_form(token, **bad))
        assert response.status_code == 200, bad
        assert 'class="error-message"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Offering)) is None


def test_assigned_instructor_edits_content_not_settings(app, db, create_user, create_offering):
    mine = create_user(roles=("instructor",))
    offering = create_offering(instructors=[mine])
    other = create_offering()
    client = app.test_client()
    sign_in(client, mine)
    token = csrf_token(client, f"/manage/offerings/{offering.id}")
    response = client.post(
        f"/manage/offerings/{offering.id}/text/ko",
        data={"csrf_token": token, "title": "한국어 제목", "summary": "", "description": ""},
    )
    assert response.status_code == 302
    db.session.refresh(offering)
    assert offering.text("ko").title == "한국어 제목"
    # Settings and status are for staff.
    assert (
        client.post(f"/manage/offerings/{offering.id}", data=settings_form(token)).status_code
        == 403
    )
    assert (
        client.post(
            f"/manage/offerings/{offering.id}/status",
            data={"csrf_token": token, "status": "archived"},
        ).status_code
        == 403
    )
    # Another offering is out of reach, whatever the request says (C3).
    for url in (
        f"/manage/offerings/{other.id}",
        f"/manage/offerings/{other.id}/text/en",
        f"/manage/offerings/{other.id}/sessions/new",
    ):
        assert client.get(url).status_code == 403
    response = client.post(
        f"/manage/offerings/{offering.id}/sessions/{load_parts(other, 'sessions').sessions[0].id}",
        data={"csrf_token": token},
    )
    assert response.status_code == 404  # a session of another offering through mine
    listing = client.get("/manage/offerings").get_data(as_text=True)
    assert f'/manage/offerings/{offering.id}"' in listing
    assert f'/manage/offerings/{other.id}"' not in listing


def test_instructor_adds_a_session_in_the_offering_zone(app, db, create_user, create_offering):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(instructors=[instructor], timezone="Asia/Tokyo", sessions=0)
    client = app.test_client()
    sign_in(client, instructor)
    page = client.get(f"/manage/offerings/{offering.id}/sessions/new").get_data(as_text=True)
    # The hint names the zone as people say it, never the database's key.
    assert "Japan Time (GMT+9)" in page and "Asia/Tokyo" not in page
    token = csrf_token(client, f"/manage/offerings/{offering.id}/sessions/new")
    day = offering.starts_on.isoformat()
    response = client.post(
        f"/manage/offerings/{offering.id}/sessions/new",
        data={
            "csrf_token": token,
            "title_ja": "開会",
            "title_en": "Opening",
            "starts_local": f"{day}T09:00",
            "ends_local": f"{day}T10:30",
            "location": "Room 301",
            "counts_for_attendance": "y",
        },
    )
    assert response.status_code == 302
    session = db.session.scalar(select(OfferingSession))
    assert session.starts_at.hour == 0 and session.starts_at.minute == 0  # 09:00 JST = 00:00 UTC
    assert session.titles == {"ja": "開会", "en": "Opening"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("T10:00", "T09:00"),  # ends before it starts
        ("T10:00", "T10:00"),
    ],
)
def test_session_times_are_checked(app, db, create_user, create_offering, start, end):
    staff = create_user(roles=("staff",))
    offering = create_offering(sessions=0)
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/manage/offerings/{offering.id}/sessions/new")
    day = offering.starts_on.isoformat()
    response = client.post(
        f"/manage/offerings/{offering.id}/sessions/new",
        data={
            "csrf_token": token,
            "title_en": "x",
            "starts_local": day + start,
            "ends_local": day + end,
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(select(OfferingSession)) is None


def test_session_outside_the_offering_dates_is_refused(app, db, create_user, create_offering):
    staff = create_user(roles=("staff",))
    offering = create_offering(sessions=0)
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/manage/offerings/{offering.id}/sessions/new")
    late = (offering.ends_on + timedelta(days=1)).isoformat()
    response = client.post(
        f"/manage/offerings/{offering.id}/sessions/new",
        data={
            "csrf_token": token,
            "title_en": "x",
            "starts_local": f"{late}T09:00",
            "ends_local": f"{late}T10:00",
        },
    )
    assert response.status_code == 200
    assert "first and the last day" in response.get_data(as_text=True)
    assert db.session.scalar(select(OfferingSession)) is None
    response = client.post(
        f"/manage/offerings/{offering.id}/sessions/new",
        data={
            "csrf_token": token,
            "starts_local": f"{offering.starts_on}T09:00",
            "ends_local": f"{offering.starts_on}T10:00",
        },
    )
    assert "at least one language" in response.get_data(as_text=True)


def test_modules_reorder_without_javascript(app, db, create_user, create_offering):
    staff = create_user(roles=("staff",))
    offering = create_offering(modules=3)
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/manage/offerings/{offering.id}")
    third = load_parts(offering, "modules").modules[2]
    client.post(
        f"/manage/offerings/{offering.id}/modules/{third.id}/move",
        data={"csrf_token": token, "direction": "up"},
    )
    client.post(
        f"/manage/offerings/{offering.id}/modules/{third.id}/move",
        data={"csrf_token": token, "direction": "up"},
    )
    db.session.expire_all()
    load_parts(offering, "modules")
    titles = [m.titles["en"] for m in sorted(offering.modules, key=lambda m: m.position)]
    assert titles == ["Module 3", "Module 1", "Module 2"]
    first = offering.modules[0]
    client.post(
        f"/manage/offerings/{offering.id}/modules/{first.id}/delete",
        data={"csrf_token": token},
    )
    db.session.expire_all()
    assert [m.position for m in load_parts(offering, "modules").modules] == [1, 2]


def test_clone_shifts_sessions_and_keeps_text(app, db, create_user, create_offering):
    staff = create_user(roles=("staff",))
    instructor = create_user(roles=("instructor",))
    source = create_offering(
        sessions=2,
        modules=2,
        instructors=[instructor],
        titles={"en": ("Cohort 1", "s"), "ko": ("1기", "s")},
    )
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/manage/offerings/{source.id}/clone")
    new_start = source.starts_on + timedelta(days=91)
    response = client.post(
        f"/manage/offerings/{source.id}/clone",
        data={"csrf_token": token, "starts_on": new_start.isoformat()},
    )
    assert response.status_code == 302
    copy = db.session.scalar(select(Offering).where(Offering.id != source.id))
    load_parts(copy, "sessions", "modules", "instructors")
    load_parts(source, "sessions")
    assert copy.status == "draft" and copy.starts_on == new_start
    assert copy.ends_on - copy.starts_on == source.ends_on - source.starts_on
    assert [s.starts_at - timedelta(days=91) for s in copy.sessions] == [
        s.starts_at for s in source.sessions
    ]
    assert copy.text("ko").title == "1기" and copy.instructors == [instructor]
    assert len(copy.modules) == 2


XSS = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt&colon;alert(1)">y</a>',
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="//evil"><button>go</button></form>',
    "<script>alert(1)</script>",
]


class _MarkupAudit(HTMLParser):
    """Collects what a browser would run: script-like tags, event handlers, javascript: URLs.
    Escaped text (&lt;script&gt;) and quoted attribute values are data, not markup."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "svg", "img", "math", "style", "object", "embed"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if (
                name in {"href", "src", "action", "formaction"}
                and value
                and (value.strip().lower().startswith(("javascript", "data:")))
            ):
                self.found.append(f"{tag}[{name}={value}]")
            if tag == "form" and name == "action" and value and not value.startswith("/"):
                self.found.append(f"form[action={value}]")


def dangerous_markup(html: str) -> list[str]:
    audit = _MarkupAudit()
    audit.feed(html)
    return audit.found


@pytest.mark.parametrize("payload", XSS)
def test_no_script_survives_in_offering_text(app, db, create_user, create_offering, payload):
    """D1: titles, summaries, descriptions in each language, venue and session text."""
    staff = create_user(roles=("staff",))
    offering = create_offering(sessions=0)
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/manage/offerings/{offering.id}")
    for locale in ("en", "ja"):
        client.post(
            f"/manage/offerings/{offering.id}/text/{locale}",
            data={
                "csrf_token": token,
                "title": payload,
                "summary": payload,
                "description": f"<p>Kept</p>{payload}",
            },
        )
    day = offering.starts_on.isoformat()
    client.post(
        f"/manage/offerings/{offering.id}/sessions/new",
        data={
            "csrf_token": token,
            "title_en": payload,
            "location": payload,
            "starts_local": f"{day}T09:00",
            "ends_local": f"{day}T10:00",
        },
    )
    client.post(
        f"/manage/offerings/{offering.id}",
        data=settings_form(
            token,
            venue=payload,
            starts_on=offering.starts_on.isoformat(),
            ends_on=offering.ends_on.isoformat(),
        ),
    )
    for url in (
        f"/offerings/{offering.id}",
        f"/offerings/{offering.id}/programme",
        "/offerings",
        f"/manage/offerings/{offering.id}",
    ):
        html = client.get(url).get_data(as_text=True)
        assert dangerous_markup(html.split("<body>", 1)[1]) == [], url
    db.session.expire_all()
    stored = offering.text("en").description
    assert "<p>Kept</p>" in stored and "onerror" not in stored and "<script" not in stored


def test_offering_calendar_is_valid_with_utc_instants(client, db, create_offering):
    offering = create_offering(sessions=2, titles={"en": ("Calendar test", "")})
    response = client.get(f"/offerings/{offering.id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 2
    for event, session in zip(events, load_parts(offering, "sessions").sessions, strict=True):
        assert event.decoded("dtstart") == session.starts_at
        assert event.decoded("dtend") == session.ends_at
        assert event.decoded("dtstart").utcoffset().total_seconds() == 0
        assert str(event["uid"]) == f"session-{session.id}@kcc-academy"
        assert "Calendar test" in str(event["summary"])
    assert b"DTSTART:" in response.data and b"Z\r\n" in response.data


def test_personal_feed_secret_can_be_replaced(app, db, create_user, create_offering):
    instructor = create_user(roles=("instructor",))
    create_offering(sessions=3, instructors=[instructor])
    create_offering(sessions=2)  # not theirs
    create_offering(sessions=1, instructors=[instructor], status="draft")  # not published
    client = app.test_client()
    sign_in(client, instructor)
    token = csrf_token(client, "/account/calendar")
    html = client.post("/account/calendar", data={"csrf_token": token}).get_data(as_text=True)
    first_url = html.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = first_url.removeprefix("http://localhost")
    events = Calendar.from_ical(app.test_client().get(path).data).walk("VEVENT")
    assert len(events) == 3
    client.post("/account/calendar", data={"csrf_token": token})
    assert app.test_client().get(path).status_code == 404  # the old address is revoked
    db.session.refresh(instructor)
    assert instructor.calendar_token_hash and path.split("/")[-1][:-4] not in (
        instructor.calendar_token_hash
    )


def test_enrolment_rules_are_saved_in_the_offering_zone(client, db, create_user, login):
    login(create_user(roles=("staff",)))
    token = csrf_token(client, "/manage/offerings/new")
    start = date.today() + timedelta(days=30)
    response = client.post(
        "/manage/offerings/new",
        data=settings_form(
            token,
            city_cap="2",
            offer_hours="48",
            timezone="Asia/Seoul",
            cancel_until_local=f"{(start - timedelta(days=1)).isoformat()}T18:00",
        ),
    )
    assert response.status_code == 302
    offering = db.session.scalar(select(Offering))
    assert offering.city_cap == 2 and offering.offer_hours == 48
    assert offering.cancel_until.hour == 9  # 18:00 in Seoul is 09:00 UTC
    html = client.get(f"/manage/offerings/{offering.id}").get_data(as_text=True)
    assert 'name="city_cap" type="number" value="2"' in html
    assert f"{(start - timedelta(days=1)).isoformat()}T18:00" in html
