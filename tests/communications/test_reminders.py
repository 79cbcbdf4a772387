"""Reminders a day and an hour before each session: once, in the reader's language and zone."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.communications.models import SessionReminder
from app.core.db import load_parts
from app.notifications.models import Notification


def tick(app):
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output


def test_day_and_hour_reminders_are_sent_once(
    app, db, create_user, create_offering, create_enrolment, mailbox, time_machine
):
    offering = create_offering(sessions=1, titles={"en": ("Harbour workshop", "")})
    session = load_parts(offering, "sessions").sessions[0]
    reader = create_user(locale="ja", timezone="Asia/Tokyo")
    create_enrolment(user=reader, offering=offering)
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
    app, db, create_user, create_offering, create_enrolment, mailbox, time_machine
):
    offering = create_offering(sessions=1)
    reader = create_user(wants_reminders=False)
    create_enrolment(user=reader, offering=offering)
    time_machine.move_to(
        load_parts(offering, "sessions").sessions[0].starts_at - timedelta(minutes=30), tick=True
    )
    tick(app)
    assert mailbox.to(reader.email) == []
    assert (
        db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == reader.id)
        )
        == 1
    )


def test_only_enrolled_people_are_reminded(
    app, db, create_user, create_offering, create_enrolment, mailbox, time_machine
):
    """Guards who is reminded: the enrolled person (the control) gets the reminder, the
    person on the waitlist of the same offering does not."""
    offering = create_offering(sessions=1)
    reader = create_user()
    create_enrolment(user=reader, offering=offering)
    waiting = create_user()
    create_enrolment(user=waiting, offering=offering, status="waitlisted")
    time_machine.move_to(
        load_parts(offering, "sessions").sessions[0].starts_at - timedelta(minutes=30), tick=True
    )
    tick(app)
    assert len(mailbox.to(reader.email)) == 1  # positive control
    assert mailbox.to(waiting.email) == []


@pytest.mark.real_commits  # two threads, two connections
def test_two_schedulers_at_once_send_one_reminder(
    app_factory, db, create_user, create_offering, create_enrolment, mailbox, time_machine
):
    """The unique key, not a check in Python, stops the second writer: two schedulers (two
    applications, two connections) both get past everything they read before writing, then
    write the same reminder at the same moment; one reminder, one notification."""
    from app.communications.reminders import _remind

    offering = create_offering(sessions=1)
    reader = create_user()
    create_enrolment(user=reader, offering=offering)
    session_id, reader_id = load_parts(offering, "sessions").sessions[0].id, reader.id
    session_class, user_class = type(load_parts(offering, "sessions").sessions[0]), type(reader)
    schedulers = [app_factory(), app_factory()]
    both_ready = threading.Barrier(2, timeout=30)
    waiting = {}  # thread -> still to wait at its first flush

    def meet_before_writing(session, flush_context, instances):
        if waiting.pop(threading.current_thread(), False):
            both_ready.wait()

    results = {}

    def run(scheduler):
        from app.extensions import db as database

        waiting[threading.current_thread()] = True
        with scheduler.app_context():
            session = database.session.get(session_class, session_id)
            user = database.session.get(user_class, reader_id)
            results[id(scheduler)] = _remind(session, user, "hour")
            database.session.remove()

    event.listen(Session, "before_flush", meet_before_writing)
    try:
        threads = [threading.Thread(target=run, args=(s,)) for s in schedulers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(Session, "before_flush", meet_before_writing)
    assert sorted(results.values()) == [False, True]  # the database refused one
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
    assert db.session.scalar(select(func.count()).select_from(SessionReminder)) == 1
