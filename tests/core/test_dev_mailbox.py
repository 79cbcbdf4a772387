"""Without a mail server, development keeps mails and shows them; production has no such page."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.models import User
from app.notifications.models import MailStatus, OutboxMail
from tests.accounts.test_registration import registration_data


def test_a_newcomer_follows_the_link_from_the_development_mailbox(
    app_factory, db, create_city, mailbox
):
    app = app_factory(SHOW_DEV_MAILBOX=True, MAIL_DEV_MAILBOX=True)
    client = app.test_client()
    city = create_city()
    client.post("/register", data=registration_data(client, city))
    assert mailbox.messages == []  # nothing went to an SMTP server
    mail = db.session.scalar(select(OutboxMail))
    assert mail.status == MailStatus.SENT and mail.to_address == "new.official@example.org"
    listing = client.get("/dev/mail").get_data(as_text=True)
    assert f"/dev/mail/{mail.id}" in listing
    page = client.get(f"/dev/mail/{mail.id}").get_data(as_text=True)
    link = re.search(r'href="(http://localhost/verify/[^"]+)"', page).group(1)
    assert client.get(link.removeprefix("http://localhost")).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new.official@example.org"))
    assert user.email_verified_at is not None


def test_no_development_mailbox_unless_configured(client):
    assert client.get("/dev/mail").status_code == 404


def test_demo_data_has_one_verified_user_per_role(app, db):
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    users = db.session.scalars(select(User)).all()
    roles = set().union(*(u.roles for u in users))
    assert {r.value for r in roles} == {"official", "instructor", "staff", "admin", "focal_point"}
    assert all(u.is_email_verified for u in users)
    # Every account of the README's list has its password printed (the evaluation's extra
    # participants, who only supply anonymous answers, have none).
    signing_in = [u for u in users if not u.email.startswith("participant")]
    assert result.output.count("demo-") == len(signing_in)
