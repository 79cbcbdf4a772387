"""A person's own data (SECURITY.md M2): the JSON download gathers every layer's part; closing
the account anonymises the person, signs them out everywhere, frees their seats and keeps the
records that carry legal weight. Staff send a verification mail or a reset link for someone."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.accounts import personal_data
from app.accounts.errors import AccountMailTooSoon, AccountNotClosable, ActionNotPossible
from app.accounts.models import LoginSession
from app.core.audit import AuditEvent
from app.enrolment import services as enrolment
from app.notifications.models import Notification, OutboxMail
from tests.factories import DEFAULT_PASSWORD, csrf_token, sign_in


def test_download_has_every_part_and_only_the_persons_own(
    app, client, db, create_user, create_offering, login
):
    official = create_user(name_native="陳美玲", email="meiling@example.org")
    other = create_user(email="someone.else@example.org")
    offering = create_offering(titles={"en": ("Heat clinic", "")})
    enrolment.enrol(official, offering.id)
    enrolment.enrol(other, offering.id)
    db.session.commit()
    login(official)
    response = client.get("/account/my-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == "meiling@example.org"
    assert data["profile"]["name_native"] == "陳美玲"
    # Each layer adds its part through the registry (accounts imports none of them).
    assert {"enrolments", "attendance", "action_plans", "certificates"} <= set(data)
    assert [e["offering"] for e in data["enrolments"]] == ["Heat clinic"]
    assert data["enrolments"][0]["status"] == "enrolled"
    assert any(n["kind"] == "enrolment_enrolled" for n in data["notifications"])
    assert any(a["action"] == "enrolment.requested" for a in data["own_actions"])
    assert "someone.else@example.org" not in response.get_data(as_text=True)


def test_closing_anonymises_signs_out_and_frees_the_seat(app, db, create_user, create_offering):
    official = create_user(name_native="陳美玲", name_latin="Chen Mei-ling", job_title="Planner")
    waiting = create_user()
    offering = create_offering(capacity=1)
    held = enrolment.enrol(official, offering.id)
    enrolment.enrol(waiting, offering.id)
    db.session.commit()
    client = app.test_client()
    sign_in(client, official)
    other_browser = app.test_client()
    sign_in(other_browser, official)
    personal_data.close_account(official)
    db.session.commit()

    db.session.refresh(official)
    assert official.is_closed and not official.is_enabled
    assert official.email == f"closed-{official.id}@closed.invalid"
    assert (official.name_native, official.name_latin, official.job_title) == ("", "", "")
    assert official.display_name == "Closed account"
    count = select(func.count()).select_from(LoginSession)
    assert db.session.scalar(count.where(LoginSession.user_id == official.id)) == 0
    assert other_browser.get("/account").status_code == 302  # signed out everywhere
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == official.id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            select(func.count()).select_from(OutboxMail).where(OutboxMail.user_id == official.id)
        )
        == 0
    )
    # The enrolment stays as a record, cancelled; its seat went to the next person.
    db.session.refresh(held)
    assert held.status == "cancelled"
    assert enrolment.find_enrolment(waiting.id, offering.id).status == "enrolled"
    # The audit log keeps who did what, without the person's name in rows about the account.
    assert db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "account.closed", AuditEvent.target_id == official.id
        )
    )
    for event in db.session.scalars(select(AuditEvent).where(AuditEvent.target_type == "User")):
        assert "陳美玲" not in json.dumps(event.after or {}, ensure_ascii=False)


def test_staff_accounts_are_not_closed_here(db, create_user):
    staff = create_user(roles=("staff",))
    with pytest.raises(AccountNotClosable):
        personal_data.close_account(staff)


def test_close_page_needs_the_password_and_the_box_then_closes_and_signs_out(
    client, db, create_user, login
):
    official = create_user(email="leaving@example.org")
    login(official)
    page = client.get("/account/close")
    assert page.status_code == 200 and "Close your account" in page.get_data(as_text=True)
    token = csrf_token(client, "/account/close")
    refused = client.post("/account/close", data={"csrf_token": token})
    assert refused.status_code == 200
    assert "Please confirm that you understand." in refused.get_data(as_text=True)
    wrong = client.post(
        "/account/close", data={"csrf_token": token, "understood": "y", "password": "guess"}
    )
    assert "The password is not correct." in wrong.get_data(as_text=True)
    db.session.refresh(official)
    assert not official.is_closed
    done = client.post(
        "/account/close",
        data={"csrf_token": token, "understood": "y", "password": DEFAULT_PASSWORD},
    )
    assert done.status_code == 302
    db.session.refresh(official)
    assert official.is_closed and official.email != "leaving@example.org"
    assert client.get("/account").status_code == 302  # signed out


def test_staff_see_a_closed_account_as_such(client, db, create_user, login):
    official = create_user()
    personal_data.close_account(official)
    db.session.commit()
    login(create_user(roles=("staff",)))
    html = client.get(f"/staff/users/{official.id}").get_data(as_text=True)
    assert "Closed by its holder on" in html
    assert "Deactivate account" not in html and "Send a password-reset link" not in html
    listing = client.get("/staff/users").get_data(as_text=True)
    assert ">Closed<" in listing


def test_staff_send_a_reset_link_and_a_verification_mail_once_in_a_while(
    client, db, create_user, login, mailbox
):
    staff = create_user(roles=("staff",))
    stuck = create_user(email="stuck@example.org", verified=False)
    login(staff)
    token = csrf_token(client, f"/staff/users/{stuck.id}")
    page = client.get(f"/staff/users/{stuck.id}").get_data(as_text=True)
    assert "Send a new verification mail" in page and "Send a password-reset link" in page
    for kind in ("reset_password", "verify_email"):
        response = client.post(
            f"/staff/users/{stuck.id}/mail", data={"csrf_token": token, "kind": kind}
        )
        assert response.status_code == 302
    # The same mails as the self-service pages send, with working links.
    texts = [mailbox.text_of(m) for m in mailbox.to("stuck@example.org")]
    assert len(texts) == 2
    assert any("/reset-password/" in t for t in texts) and any("/verify/" in t for t in texts)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == staff.id)
    ).all()
    assert {"user.reset_link_sent", "user.verification_mail_sent"} <= set(actions)
    # A second click within the interval sends nothing and says why.
    again = client.post(
        f"/staff/users/{stuck.id}/mail",
        data={"csrf_token": token, "kind": "reset_password"},
        follow_redirects=True,
    )
    assert "Please wait before sending it again." in again.get_data(as_text=True)
    sent = select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "reset_password")
    assert db.session.scalar(sent) == 1


def test_only_an_admin_helps_a_staff_account_and_bad_kinds_are_refused(
    client, db, create_user, login
):
    from app.accounts.services.staff_mails import send_account_mail_for

    login(create_user(roles=("staff",)))
    colleague = create_user(roles=("staff",))
    token = csrf_token(client, f"/staff/users/{colleague.id}")
    data = {"csrf_token": token, "kind": "reset_password"}
    assert client.post(f"/staff/users/{colleague.id}/mail", data=data).status_code == 403
    official = create_user()
    data["kind"] = "anything"
    assert client.post(f"/staff/users/{official.id}/mail", data=data).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
    verified = create_user()
    with pytest.raises(ActionNotPossible):
        send_account_mail_for(colleague, verified, "verify_email")  # already verified
    send_account_mail_for(colleague, official, "reset_password")
    with pytest.raises(AccountMailTooSoon):
        send_account_mail_for(colleague, official, "reset_password")
