"""Follow-up reports: scheduled at approval when the offering asks for one, a reminder mail
through the outbox when due (once), progress written by the author alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.core.audit import AuditEvent
from app.notifications.models import OutboxMail
from app.records.plans import followup, services
from app.records.plans.models import FollowUpReport
from tests.factories import csrf_token, sign_in
from tests.records.helpers import approved_plan, enrol, submitted_plan


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_add_months_keeps_the_day_or_the_months_last_day():
    moment = datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    assert followup.add_months(moment, 1) == datetime(2027, 2, 28, 9, 0, tzinfo=UTC)
    assert followup.add_months(moment, 6) == datetime(2027, 7, 31, 9, 0, tzinfo=UTC)
    assert followup.add_months(moment, 12) == datetime(2028, 1, 31, 9, 0, tzinfo=UTC)


def test_setting_schedules_reports_forapproved_plans_and_later_approvals(
    app, db, workshop, create_user
):
    offering, instructor = workshop
    first, second = create_user(), create_user()
    approved = approved_plan(db, first, enrol(db, first, offering), instructor, offering)
    pending = submitted_plan(db, second, enrol(db, second, offering))
    assert db.session.scalar(select(func.count(FollowUpReport.id))) == 0

    reviewer = signed_in(app, instructor)
    listing = f"/offerings/{offering.id}/plans"
    response = reviewer.post(
        f"{listing}/follow-up-settings",
        data={"csrf_token": csrf_token(reviewer, listing), "months": "6"},
    )
    assert response.status_code == 302
    report = db.session.scalars(select(FollowUpReport)).one()
    assert report.plan_id == approved.id
    assert report.due_at == followup.add_months(approved.approved_at, 6)
    assert [row["action"] for row in report.progress] == ["Insulate"]

    services.review(instructor, offering, pending, "approved", "")
    db.session.commit()
    assert db.session.scalar(select(func.count(FollowUpReport.id))) == 2
    assert "plan.follow_up_settings" in db.session.scalars(select(AuditEvent.action)).all()

    official = signed_in(app, create_user())
    refused = official.post(
        f"{listing}/follow-up-settings",
        data={"csrf_token": csrf_token(official, "/forgot-password"), "months": "1"},
    )
    assert refused.status_code == 403


def test_reminder_mail_is_queued_once_when_due(app, db, workshop, create_user):
    offering, instructor = workshop
    author = create_user(locale="ko")
    plan = approved_plan(db, author, enrol(db, author, offering), instructor, offering)
    followup.set_follow_up_months(instructor, offering, 3)
    db.session.commit()
    report = followup.report_of(plan)
    assert followup.send_follow_up_reminders(report.due_at - timedelta(days=1)) == 0
    assert followup.send_follow_up_reminders(report.due_at + timedelta(hours=1)) == 1
    assert followup.send_follow_up_reminders(report.due_at + timedelta(days=2)) == 0
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "plan_follow_up")).one()
    assert mail.to_address == author.email
    assert mail.locale == "ko"
    assert f"/offerings/{offering.id}/plan/follow-up" in mail.body_text
    assert "Dear" not in mail.body_text  # rendered in Korean


def test_author_reports_progress_and_submits_once(app, db, workshop, create_user):
    offering, instructor = workshop
    author = create_user()
    plan = approved_plan(db, author, enrol(db, author, offering), instructor, offering)
    followup.set_follow_up_months(instructor, offering, 6)
    db.session.commit()
    path = f"/offerings/{offering.id}/plan/follow-up"
    assert signed_in(app, create_user()).get(path).status_code == 404
    client = signed_in(app, author)
    assert "Insulate" in client.get(path).get_data(as_text=True)
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "rows-0-status": "in_progress",
            "rows-0-note": "Three schools insulated.",
            "summary": "On track.",
            "send": "1",
        },
    )
    assert response.status_code == 302
    report = followup.report_of(plan)
    db.session.refresh(report)
    assert report.submitted_at is not None
    assert report.progress == [
        {"action": "Insulate", "status": "in_progress", "note": "Three schools insulated."}
    ]
    client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "rows-0-status": "done", "send": "1"},
    )
    db.session.refresh(report)
    assert report.progress[0]["status"] == "in_progress"  # final once submitted
    page = signed_in(app, instructor).get(f"/offerings/{offering.id}/plans/{plan.id}")
    assert "Three schools insulated." in page.get_data(as_text=True)
