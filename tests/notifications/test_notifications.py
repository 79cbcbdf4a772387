"""The bell, mail preferences, and mails rendered in the reader's language."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from app.notifications.models import Notification, OutboxMail
from tests.factories import csrf_token


@pytest.mark.parametrize("locale", ["en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN"])
def test_mail_is_in_the_readers_language_not_the_senders(
    app, client, db, create_user, login, mailbox, locale
):
    admin = create_user(roles=("admin", "staff"), locale="en")
    official = create_user(locale=locale)
    login(admin)
    token = csrf_token(client, f"/staff/users/{official.id}")
    client.post(
        f"/staff/users/{official.id}/roles",
        data={"csrf_token": token, "official": "y", "instructor": "y"},
    )
    [message] = mailbox.to(official.email)
    with app.test_request_context(), force_locale(locale):
        assert message["Subject"] == gettext("Your roles on KCC Academy were changed")
        assert gettext("Sign in") in message.get_body(("html",)).get_content()
    assert message["Content-Language"] == locale.replace("_", "-")
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None


def test_bell_counts_and_marks_read(app, client, db, create_user, login):
    from app.notifications.services import notify

    user = create_user()
    other = create_user()
    for _ in range(3):
        notify(user, "password_changed", mail=False, reset_url="x")
    theirs = notify(other, "password_changed", mail=False, reset_url="x")
    db.session.commit()
    login(user)
    html = client.get("/").get_data(as_text=True)
    assert '<span class="badge">3' in html
    mine = db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
    token = csrf_token(client, "/notifications")
    assert (
        client.post(f"/notifications/{theirs.id}/read", data={"csrf_token": token}).status_code
        == 404
    )
    client.post(f"/notifications/{mine[0].id}/read", data={"csrf_token": token})
    assert '<span class="badge">2' in client.get("/").get_data(as_text=True)
    client.post("/notifications/read-all", data={"csrf_token": token})
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)
    db.session.refresh(theirs)
    assert theirs.read_at is None  # another person's notification is untouched


def test_notification_text_follows_the_page_language(app, client, db, create_user, login):
    from app.notifications.services import notify

    user = create_user(locale="ja")
    notify(user, "password_changed", mail=False, reset_url="x")
    db.session.commit()
    login(user)
    html = client.get("/notifications").get_data(as_text=True)
    with app.test_request_context(), force_locale("ja"):
        assert gettext("Your password was changed.") in html


def test_reminder_mails_can_be_turned_off_transactional_cannot(app, client, db, create_user, login):
    from app.notifications.kinds import KINDS, Category, Kind
    from app.notifications.services import notify

    KINDS["test_reminder"] = Kind("test_reminder", "Reminder", Category.REMINDER)
    try:
        user = create_user()
        login(user)
        token = csrf_token(client, "/account/notifications")
        client.post("/account/notifications", data={"csrf_token": token})  # both unticked
        db.session.refresh(user)
        assert user.wants_reminders is False and user.wants_digests is False
        with app.test_request_context():
            notify(user, "test_reminder")
            notify(user, "password_changed", reset_url="x")
            kinds = [m.kind for m in db.session.scalars(select(OutboxMail))]
            db.session.rollback()
        assert kinds == ["password_changed"]
    finally:
        del KINDS["test_reminder"]


def test_rolled_back_change_sends_nothing(app_factory, db, create_user, mailbox):
    """A mail queued in a request that fails is rolled back with it."""
    from app.notifications.services import queue_mail

    app = app_factory()
    user = create_user()

    @app.route("/queue-then-fail")
    def queue_then_fail():
        queue_mail(to=user.email, locale="en", kind="password_changed", name="x", reset_url="x")
        raise RuntimeError("after the mail was queued")

    assert app.test_client().get("/queue-then-fail").status_code == 500
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
    assert mailbox.to(user.email) == []
