"""Tracked jobs: progress stored for pages, visible to the person who started it and to staff."""

from __future__ import annotations

from sqlalchemy import select

from app.core.jobs import JobRecord
from app.notifications.models import MailStatus, OutboxMail
from tests.factories import csrf_token


def test_bulk_resend_is_a_tracked_job(app, client, db, create_user, login, mailbox):
    """Staff start a job; it runs after the response (no Redis) and its page shows progress."""
    for n in range(3):
        db.session.add(
            OutboxMail(
                kind="x",
                to_address=f"r{n}@example.org",
                locale="en",
                subject="s",
                body_text="t",
                body_html="h",
                status=MailStatus.FAILED,
                attempts=6,
            )
        )
    db.session.commit()
    staff = create_user(roles=("staff",))
    login(staff)
    token = csrf_token(client, "/staff/mail?status=failed")
    response = client.post("/staff/mail/retry-all", data={"csrf_token": token})
    job_url = response.headers["Location"]
    record = db.session.scalar(select(JobRecord))
    assert job_url.endswith(f"/jobs/{record.id}")
    progress = client.get(job_url, headers={"Accept": "application/json"}).json
    assert progress["status"] == "done" and progress["done"] == progress["total"] == 3
    assert len(mailbox.messages) == 3
    assert {m.status for m in db.session.scalars(select(OutboxMail))} == {MailStatus.SENT}


def test_progress_page_is_private(app, client, db, create_user, login):
    owner, stranger, staff = create_user(), create_user(), create_user(roles=("staff",))
    record = JobRecord(
        kind="certificates", created_by_id=owner.id, total=4, done=1, status="running"
    )
    db.session.add(record)
    db.session.commit()
    login(stranger)
    assert client.get(f"/jobs/{record.id}").status_code == 404
    for person in (owner, staff):
        other = app.test_client()
        from tests.factories import sign_in

        sign_in(other, person)
        response = other.get(f"/jobs/{record.id}", headers={"Accept": "application/json"})
        assert response.json == {
            "id": record.id,
            "kind": "certificates",
            "status": "running",
            "done": 1,
            "total": 4,
            "percent": 25,
        }
        assert "<progress" in other.get(f"/jobs/{record.id}").get_data(as_text=True)
