"""Records that are never lost: sessions, modules and offerings with participants are
cancelled (kept, marked, participants told in their language), never deleted; enrolments never
go away with their offering; a participant can always read their offering's page."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from icalendar import Calendar
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.catalogue.models import Module, Offering, OfferingSession
from app.core.db import load_parts
from app.enrolment.models import Enrolment
from app.notifications.models import Notification, OutboxMail
from tests.factories import csrf_token, sign_in


def enrol(db, user, offering, status="enrolled", **extra):
    enrolment = Enrolment(
        user_id=user.id, offering_id=offering.id, status=status, waiting_reason="", reason=""
    )
    for key, value in extra.items():
        setattr(enrolment, key, value)
    db.session.add(enrolment)
    if status == "enrolled":
        db.session.get(Offering, offering.id).seats_taken += 1
    db.session.commit()
    return enrolment


def staff_client(app, create_user):
    client = app.test_client()
    sign_in(client, create_user(roles=("staff",)))
    return client, csrf_token(client, "/manage/offerings")


def in_language(app, locale: str, text: str, **params) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(text, **params)


def test_a_session_with_participants_is_cancelled_not_deleted(
    app, db, create_user, create_offering, mailbox
):
    """It stays in the programme marked cancelled, stops counting for attendance, calendars
    mark it cancelled, and each participant is told in their language."""
    offering = create_offering(sessions=2)
    reader = create_user(locale="ko", timezone="Asia/Seoul")
    enrol(db, reader, offering)
    session_id = load_parts(offering, "sessions").sessions[0].id
    client, token = staff_client(app, create_user)
    response = client.post(
        f"/manage/offerings/{offering.id}/sessions/{session_id}/delete",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert response.status_code == 200
    db.session.expire_all()
    session = db.session.get(OfferingSession, session_id)
    assert session is not None and session.cancelled_at is not None
    assert session.counts_for_attendance is False
    # The participant is told, in Korean.
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.user_id == reader.id))
    assert mail.locale == "ko"
    assert mailbox.wait_for(reader.email)
    told = db.session.scalar(select(Notification).where(Notification.user_id == reader.id))
    assert told.kind == "session_cancelled"
    assert (
        in_language(
            app,
            "ko",
            "“%(offering)s”: the session of %(when)s has been cancelled.",
            **{
                "offering": "A test offering",
                "when": told.params["when"],
            },
        )
        in mail.body_text
    )
    # The programme still lists it, marked cancelled; the calendar says CANCELLED.
    programme = app.test_client().get(f"/offerings/{offering.id}/programme").get_data(True)
    assert "Session 0" in programme and "Session 1" in programme
    assert gettext("Cancelled") in programme
    ics = Calendar.from_ical(app.test_client().get(f"/offerings/{offering.id}/calendar.ics").data)
    statuses = {str(e["uid"]): str(e.get("status", "")) for e in ics.walk("VEVENT")}
    assert statuses[f"session-{session_id}@kcc-academy"] == "CANCELLED"
    assert statuses[f"session-{load_parts(offering, 'sessions').sessions[1].id}@kcc-academy"] == ""


def test_a_session_without_participants_is_still_removed(app, db, create_user, create_offering):
    offering = create_offering(sessions=1)
    session_id = load_parts(offering, "sessions").sessions[0].id
    client, token = staff_client(app, create_user)
    client.post(
        f"/manage/offerings/{offering.id}/sessions/{session_id}/delete", data={"csrf_token": token}
    )
    db.session.expire_all()
    assert db.session.get(OfferingSession, session_id) is None


def test_a_module_with_participants_is_marked_cancelled(app, db, create_user, create_offering):
    offering = create_offering(modules=2)
    enrol(db, create_user(), offering, status="waitlisted", waitlist_seq=1)
    module_id = load_parts(offering, "modules").modules[0].id
    client, token = staff_client(app, create_user)
    client.post(
        f"/manage/offerings/{offering.id}/modules/{module_id}/delete", data={"csrf_token": token}
    )
    db.session.expire_all()
    module = db.session.get(Module, module_id)
    assert module is not None and module.cancelled_at is not None
    page = app.test_client().get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Module 1" in page and gettext("Cancelled") in page


def test_an_offering_with_participants_is_cancelled_instead_of_going_back_to_draft(
    app, db, create_user, create_offering, mailbox
):
    """Back to draft is refused with the reason; cancelling keeps the offering readable to
    its participants, tells each of them in their language and promotes nobody."""
    offering = create_offering(capacity=1)
    enrolled = create_user(locale="ja")
    waiting = create_user(locale="zh_Hant_TW")
    enrolment = enrol(db, enrolled, offering)
    enrol(db, waiting, offering, status="waitlisted", waitlist_seq=1)
    client, token = staff_client(app, create_user)
    page = client.get(f"/manage/offerings/{offering.id}").get_data(as_text=True)
    assert gettext("Cancel the offering") in page and gettext("Back to draft") not in page

    response = client.post(
        f"/manage/offerings/{offering.id}/status",
        data={"csrf_token": token, "status": "draft"},
        follow_redirects=True,
    )
    assert "cannot go back to draft" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Offering, offering.id).status == "published"

    client.post(
        f"/manage/offerings/{offering.id}/status",
        data={"csrf_token": token, "status": "cancelled"},
    )
    db.session.expire_all()
    assert db.session.get(Offering, offering.id).status == "cancelled"
    mails = {m.user_id: m for m in db.session.scalars(select(OutboxMail))}
    assert mails[enrolled.id].locale == "ja" and mails[waiting.id].locale == "zh_Hant_TW"
    expected = in_language(
        app,
        "ja",
        "“%(offering)s” has been cancelled and will not take place.",
        offering="A test offering",
    )
    assert expected in mails[enrolled.id].body_text
    # Still readable to the participant, with the reason in words.
    reader = app.test_client()
    sign_in(reader, enrolled)
    page = reader.get(f"/offerings/{offering.id}")
    assert page.status_code == 200
    assert in_language(app, "ja", "Cancelled: this offering will not take place") in (
        page.get_data(as_text=True)
    )
    # Cancelling one's enrolment there frees a seat, but nobody moves up into it.
    reader.post(
        f"/enrolments/{enrolment.id}/cancel", data={"csrf_token": csrf_token(reader, "/my")}
    )
    db.session.expire_all()
    statuses = dict(db.session.execute(select(Enrolment.user_id, Enrolment.status)).all())
    assert statuses == {enrolled.id: "cancelled", waiting.id: "waitlisted"}


def test_an_enrolled_official_reads_an_unpublished_offering(app, db, create_user, create_offering):
    """An offering taken back to draft (before this rule existed) stays readable to the people
    enrolled in it; to anyone else it still does not exist."""
    offering = create_offering(status="draft")
    enrolled, stranger = create_user(), create_user()
    enrol(db, enrolled, offering)
    reader = app.test_client()
    sign_in(reader, enrolled)
    assert reader.get(f"/offerings/{offering.id}").status_code == 200
    other = app.test_client()
    sign_in(other, stranger)
    assert other.get(f"/offerings/{offering.id}").status_code == 404
    assert app.test_client().get(f"/offerings/{offering.id}").status_code == 404


def test_enrolments_never_go_away_with_their_offering(db, create_user, create_offering):
    """The database refuses to delete an offering that has enrolments (no cascade)."""
    offering = create_offering()
    enrol(db, create_user(), offering, status="cancelled")
    with pytest.raises(IntegrityError):
        db.session.execute(delete(Offering).where(Offering.id == offering.id))
    db.session.rollback()
    assert db.session.scalar(select(Enrolment.offering_id)) == offering.id


def test_a_cancelled_session_sends_no_reminders(app, db, create_user, create_offering):
    """Reminders go out for the sessions that take place, not for a cancelled one."""
    from datetime import timedelta

    from app.communications.reminders import send_due_reminders
    from app.core.db import utcnow

    offering = create_offering(sessions=2)
    enrol(db, create_user(), offering)
    first, second = load_parts(offering, "sessions").sessions
    first.cancelled_at = utcnow()
    db.session.commit()
    with app.test_request_context():
        send_due_reminders(first.starts_at - timedelta(minutes=30))
        send_due_reminders(second.starts_at - timedelta(minutes=30))
    reminded = [p["session"] for p in db.session.scalars(select(Notification.params))]
    assert reminded and set(reminded) == {"Session 1"}  # a day before and an hour before


def test_my_learning_leaves_out_what_will_not_take_place(db, create_user, create_offering):
    """A cancelled session is no upcoming session; a cancelled offering moves to the history."""
    from app.core.db import utcnow
    from app.enrolment.my_learning import my_learning

    reader = create_user()
    kept = create_offering(sessions=2, titles={"en": ("Kept course", "")})
    called_off = create_offering(sessions=1, titles={"en": ("Called-off course", "")})
    enrol(db, reader, kept)
    enrol(db, reader, called_off)
    load_parts(kept, "sessions").sessions[0].cancelled_at = utcnow()
    db.session.get(Offering, called_off.id).status = "cancelled"
    db.session.commit()
    now = utcnow()
    page = my_learning(reader.id, "en", now, now.date())
    assert [s.title for s in page.upcoming] == ["Session 1"]
    assert [e.title for e in page.current] == ["Kept course"]
    assert [e.title for e in page.history] == ["Called-off course"]
