"""Issuing under concurrency, through real gunicorn workers on SQLite and PostgreSQL:
twenty simultaneous issue requests for one enrolment give one certificate; simultaneous issues
for many enrolments give unique serials with no gap."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from app.certificates.models import Certificate, SerialCounter
from tests.enrolment.test_concurrency import Browser, run_together, served_by_gunicorn
from tests.factories import totp_code_for

# Other threads or processes read what the test writes: real commits (tests/conftest.py).
pytestmark = pytest.mark.real_commits

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn(database_url, smtp_server, db, cert_settings):
    """gunicorn as for the enrolment races, with the certificates' key and storage folders."""
    with served_by_gunicorn(database_url, smtp_server, **cert_settings) as port:
        yield port


def _staff_browser(port, db, staff) -> Browser:
    browser = Browser(port)
    browser.sign_in(staff.email)
    token = browser.token("/login/second-factor")
    db.session.refresh(staff)
    status, _ = browser.request(
        "POST", "/login/second-factor", {"csrf_token": token, "code": totp_code_for(staff)}
    )
    assert status == 302
    return browser


def test_twenty_requests_for_one_enrolment_give_one_certificate(
    gunicorn, db, staff, completed_enrolment
):
    enrolment = completed_enrolment("zh_Hant_TW")
    enrolment_id = enrolment.id
    browser = _staff_browser(gunicorn, db, staff)
    token = browser.token(f"/staff/offerings/{enrolment.offering_id}/certificates")
    statuses = run_together(
        [
            lambda: browser.request(
                "POST", f"/staff/enrolments/{enrolment_id}/certificate", {"csrf_token": token}
            )[0]
            for _ in range(20)
        ]
    )
    assert statuses == [302] * 20, statuses
    db.session.expire_all()
    rows = db.session.scalars(select(Certificate)).all()
    assert len(rows) == 1 and rows[0].number == 1
    assert db.session.scalar(select(SerialCounter.last_number)) == 1  # no number lost


def test_simultaneous_issues_give_gap_free_unique_serials(
    gunicorn, db, create_user, completed_enrolment, create_offering
):
    offering = create_offering(titles={"en": ("Shared", "")})
    enrolments = [completed_enrolment("en", offering=offering) for _ in range(16)]
    browsers = [_staff_browser(gunicorn, db, create_user(roles=("staff",))) for _ in range(4)]
    token = {id(b): b.token(f"/staff/offerings/{offering.id}/certificates") for b in browsers}
    ids = [e.id for e in enrolments]  # plain values: the threads do not touch the ORM
    actions = []
    for n, enrolment_id in enumerate(ids):
        b = browsers[n % len(browsers)]
        for _ in range(2):  # each one asked for twice, at the same moment as all the others
            actions.append(
                lambda b=b, e=enrolment_id: b.request(
                    "POST", f"/staff/enrolments/{e}/certificate", {"csrf_token": token[id(b)]}
                )[0]
            )
    statuses = run_together(actions)
    assert statuses == [302] * len(actions), statuses
    db.session.expire_all()
    rows = db.session.scalars(select(Certificate)).all()
    assert sorted(r.enrolment_id for r in rows) == sorted(ids)
    numbers = sorted(r.number for r in rows)
    assert numbers == list(range(1, 17))
    assert len({r.serial for r in rows}) == 16 and len({r.code for r in rows}) == 16
    assert all(re.fullmatch(rf"KCC-{r.year}-{r.number:06d}", r.serial) for r in rows)
    assert len({r.status_index for r in rows}) == 16


def test_simultaneous_bulk_jobs_give_one_certificate_each_and_gap_free_serials(
    app, db, staff, completed_enrolment, create_offering
):
    """Four bulk jobs at once, two per offering (a job started twice), each in its own thread
    and transaction, batch after batch: every completed participant gets exactly one
    certificate, the serials and status indexes run from 1 with no gap, and every issue is
    audited and mailed through the outbox."""
    from app.certificates.jobs import BATCH, bulk_issue
    from app.core.audit import AuditEvent
    from app.core.jobs import JobRecord
    from app.notifications.models import OutboxMail

    offerings = [create_offering(titles={"en": (f"Bulk {n}", "")}) for n in range(2)]
    per_offering = 2 * BATCH + 3  # whole batches and a part of one
    ids = {
        o.id: [completed_enrolment("en", offering=o).id for _ in range(per_offering)]
        for o in offerings
    }
    jobs = []
    for offering in offerings:
        for _ in range(2):
            record = JobRecord(kind="certificates.bulk_issue", created_by_id=staff.id)
            db.session.add(record)
            db.session.commit()
            jobs.append((record.id, offering.id))
    staff_id = staff.id
    issued = [0] * len(jobs)

    def run(index, job_id, offering_id):
        with app.app_context():
            issued[index] = bulk_issue(job_id, offering_id, staff_id)

    barrier = threading.Barrier(len(jobs))
    threads = [
        threading.Thread(target=lambda i=i, j=j: (barrier.wait(), run(i, *j)))
        for i, j in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    db.session.expire_all()
    rows = db.session.scalars(select(Certificate)).all()
    total = 2 * per_offering
    assert sum(issued) == total == len(rows)
    assert sorted(r.enrolment_id for r in rows) == sorted(i for v in ids.values() for i in v)
    assert sorted(r.number for r in rows) == list(range(1, total + 1))
    assert sorted(r.status_index for r in rows) == list(range(total))
    assert db.session.scalar(select(SerialCounter.last_number)) == total  # no number lost
    audited = db.session.scalars(
        select(AuditEvent.target_id).where(AuditEvent.action == "certificate.issued")
    ).all()
    assert sorted(audited) == sorted(r.id for r in rows)
    mailed = db.session.scalars(select(OutboxMail.user_id)).all()
    assert sorted(mailed) == sorted(r.user_id for r in rows)
    for job_id, _ in jobs:
        record = db.session.get(JobRecord, job_id)
        assert record.status == "done" and record.done == record.total
