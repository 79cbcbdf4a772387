"""Reminders a day and an hour before each session: once, in the reader's language and zone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.enrolment.models import Enrolment
from app.notifications.models import Notification, SessionReminder


def enrolled(db, user, offering):
    db.session.add(
        Enrolment(
            user_id=user.id,
            offering_id=offering.id,
            status="enrolled",
            waiting_reason="",
            reason="",
        )
    )
    db.session.commit()


def tick(app):
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output


def test_day_and_hour_reminders_are_sent_once(
    app, db, create_user, create_offering, mailbox, time_machine
):
    offering = create_offering(sessions=1, titles={"en": ("Harbour workshop", "")})
    session = offering.sessions[0]
    reader = create_user(locale="ja", timezone="Asia/Tokyo")
    enrolled(db, reader, offering)
    time_machine.move_to(session.starts_at - timedelta(hours=30), tick=True)
    tick(app)
    assert mailbox.to(reader.email) == []  # too early

    time_machine.move_to(session.starts_at - timedelta(hours=20), tick=True)
    tick(app)
    tick(app)  # the scheduler runs twice
    assert len(mailbox.to(reader.email)) == 1
    message = mailbox.to(reader.email)[0]
    assert message["Content-Language"] == "ja"
    tokyo = session.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert f"{tokyo.hour}:{tokyo.minute:02d}" in mailbox.text_of(message)
    assert any(p.get_content_type() == "text/calendar" for p in message.iter_attachments())

    time_machine.move_to(session.starts_at - timedelta(minutes=40), tick=True)
    tick(app)
    tick(app)
    assert len(mailbox.to(reader.email)) == 2
    assert db.session.scalar(select(func.count()).select_from(SessionReminder)) == 2


def test_reminders_respect_the_preference_but_stay_in_the_app(
    app, db, create_user, create_offering, mailbox, time_machine
):
    offering = create_offering(sessions=1)
    reader = create_user(wants_reminders=False)
    enrolled(db, reader, offering)
    time_machine.move_to(offering.sessions[0].starts_at - timedelta(minutes=30), tick=True)
    tick(app)
    assert mailbox.to(reader.email) == []
    assert (
        db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == reader.id)
        )
        == 1
    )


def test_only_enrolled_people_are_reminded(
    app, db, create_user, create_offering, mailbox, time_machine
):
    offering = create_offering(sessions=1)
    waiting = create_user()
    db.session.add(
        Enrolment(
            user_id=waiting.id,
            offering_id=offering.id,
            status="waitlisted",
            waitlist_seq=1,
            waiting_reason="",
            reason="",
        )
    )
    db.session.commit()
    time_machine.move_to(offering.sessions[0].starts_at - timedelta(minutes=30), tick=True)
    tick(app)
    assert mailbox.to(waiting.email) == []


def test_two_schedulers_at_once_send_one_reminder(
    app_factory, db, create_user, create_offering, mailbox, time_machine
):
    """The unique key, not a check in Python, stops the second writer."""
    from app.notifications.reminders import _remind

    offering = create_offering(sessions=1)
    reader = create_user()
    enrolled(db, reader, offering)
    first, second = app_factory(), app_factory()
    with first.app_context():
        from app.extensions import db as database

        session = database.session.get(type(offering.sessions[0]), offering.sessions[0].id)
        user = database.session.get(type(reader), reader.id)
        assert _remind(session, user, "hour") is True
        database.session.remove()
    with second.app_context():
        session = database.session.get(type(offering.sessions[0]), offering.sessions[0].id)
        user = database.session.get(type(reader), reader.id)
        assert _remind(session, user, "hour") is False  # refused by the database
        database.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
