"""The outbox survives SMTP outages and worker crashes; nothing is lost, nothing sent twice.

These tests use a real SMTP server (aiosmtpd) whose answers they control, the run's own
redis-server (``redis`` fixture) and real RQ worker processes.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import zlib
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.db import utcnow
from app.notifications.models import MailStatus, OutboxMail
from tests.conftest import SMTPController, bound_socket, child_env

ROOT = Path(__file__).resolve().parents[2]


class ScriptedSMTP:
    """An SMTP server that accepts, refuses for now (421), refuses for good (550) or stalls."""

    def __init__(self):
        self.mode = "accept"
        self.received: list = []
        # Called (in the server's thread) when a message's data arrives, before answering.
        self.on_data = None
        self.data_seen = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.data_seen.set()
        if self.on_data is not None:
            self.on_data()
        if self.mode == "temporary":
            return "421 4.3.0 Service not available, try again later"
        if self.mode == "permanent":
            return "550 5.1.1 No such user here"
        if self.mode == "stall":
            await asyncio.sleep(20)
            return "451 4.3.0 Too slow"
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    handler = ScriptedSMTP()
    controller = SMTPController(handler)
    controller.start()
    yield controller, handler
    controller.stop()


def _queue_one(app, email="reader@example.org"):
    from app.notifications.services import queue_mail

    with app.test_request_context():
        queue_mail(to=email, locale="ko", kind="password_changed", name="김민준", reset_url="x")
        from app.extensions import db

        db.session.commit()


def _deliver(app):
    from app.extensions import db
    from app.notifications.services import deliver_due

    with app.app_context():
        sent = deliver_due()
        db.session.remove()
        return sent


def _mails(db):
    db.session.expire_all()
    return db.session.scalars(select(OutboxMail)).all()


def test_smtp_down_keeps_mail_queued_until_it_is_back(app_factory, db, smtp, time_machine):
    time_machine.move_to(utcnow(), tick=True)
    controller, handler = smtp
    closed = bound_socket(listen=False)  # bound, never listening: connection refused
    down = app_factory(MAIL_PORT=closed.getsockname()[1])
    _queue_one(down)
    assert _deliver(down) == 0
    [mail] = _mails(db)
    assert mail.status == MailStatus.QUEUED and mail.attempts == 1
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
    assert _deliver(down) == 0  # not due again before the back-off
    assert _mails(db)[0].attempts == 1

    up = app_factory(MAIL_PORT=controller.port)
    time_machine.shift(timedelta(minutes=2))
    assert _deliver(up) == 1
    assert _deliver(up) == 0
    [mail] = _mails(db)
    assert mail.status == MailStatus.SENT and mail.sent_at is not None
    assert len(handler.received) == 1
    closed.close()


def test_temporary_refusal_backs_off_then_gives_up(app_factory, db, smtp, time_machine):
    time_machine.move_to(utcnow(), tick=True)
    controller, handler = smtp
    handler.mode = "temporary"
    app = app_factory(MAIL_PORT=controller.port)
    _queue_one(app)
    waits = []
    for _ in range(6):
        before = utcnow()
        _deliver(app)
        mail = _mails(db)[0]
        if mail.status == MailStatus.FAILED:
            break
        waits.append(round((mail.next_attempt_at - before).total_seconds() / 60))
        time_machine.shift(mail.next_attempt_at - utcnow() + timedelta(seconds=1))
    assert waits == [1, 5, 15, 60, 240]
    assert mail.status == MailStatus.FAILED and mail.attempts == 6
    assert "421" in mail.last_error


def test_permanent_refusal_fails_at_once_and_staff_can_resend(
    app_factory, client, db, smtp, create_user, login
):
    from tests.factories import csrf_token

    controller, handler = smtp
    handler.mode = "permanent"
    app = app_factory(MAIL_PORT=controller.port)
    _queue_one(app)
    _deliver(app)
    [mail] = _mails(db)
    assert mail.status == MailStatus.FAILED and mail.attempts == 1 and "550" in mail.last_error

    staff_app = app_factory(MAIL_PORT=controller.port)
    staff_client = staff_app.test_client()
    from tests.factories import sign_in

    sign_in(staff_client, create_user(roles=("staff",)))
    page = staff_client.get("/staff/mail?status=failed").get_data(as_text=True)
    assert "reader@example.org" in page and "550" in page
    handler.mode = "accept"
    token = csrf_token(staff_client, "/staff/mail")
    response = staff_client.post(f"/staff/mail/{mail.id}/retry", data={"csrf_token": token})
    assert response.status_code == 302
    [mail] = _mails(db)
    assert mail.status == MailStatus.SENT  # delivered after the response, without Redis
    assert len(handler.received) == 1


def _worker(database_url, redis_url, smtp_port, burst=True):
    """An RQ worker process with an explicit environment (nothing inherited but PATH etc.)."""
    env = child_env(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_port,
    )
    rq = Path(sys.executable).with_name("rq")
    command = [
        str(rq),
        "worker",
        "--url",
        redis_url,
        "--serializer",
        "rq.serializers.JSONSerializer",
        "--disable-job-desc-logging",
        "default",
    ]
    if burst:
        command.insert(2, "--burst")
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _stored_jobs(connection) -> list[bytes]:
    """The serialised payload of every job RQ holds in Redis."""
    return [
        zlib.decompress(connection.hget(key, "data"))
        for key in connection.scan_iter("rq:job:*")
        if connection.type(key) == b"hash" and connection.hget(key, "data") is not None
    ]


@pytest.mark.real_commits  # the worker process reads the queued mail
def test_real_worker_delivers_queued_mail(app_factory, database_url, db, smtp, redis):
    """A separate worker process takes the jobs from Redis and sends the mail once; the jobs
    it found there were JSON, never pickle (a payload that can run code when read)."""
    controller, handler = smtp
    app = app_factory(MAIL_PORT=controller.port, **redis.settings)
    _queue_one(app)  # outside a request's after-response hook: enqueued on Redis at once
    with app.app_context():
        from app.core.jobs import enqueue

        enqueue("app.notifications.services.deliver_due")
        enqueue("app.notifications.services.deliver_due")  # a duplicate job is harmless
    assert _mails(db)[0].status == MailStatus.QUEUED  # nothing ran in this process
    payloads = _stored_jobs(redis.connection())
    assert len(payloads) >= 2, "the jobs were not stored in Redis"
    for payload in payloads:
        assert not payload.startswith(b"\x80"), "a job was pickled"
        function, *_ = json.loads(payload)  # JSON: [function, instance, args, kwargs]
        assert function == "app.worker.run_in_app"
    worker = _worker(database_url, redis.url, controller.port)
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output.decode()[-2000:]
    [mail] = _mails(db)
    assert mail.status == MailStatus.SENT, output.decode()[-3000:]
    assert len(handler.received) == 1


@pytest.mark.real_commits
def test_worker_killed_mid_delivery_loses_nothing(
    app_factory, database_url, db, smtp, redis, time_machine
):
    """A worker killed while it is inside the SMTP conversation (killed by the SMTP server
    itself, the moment the message's data arrives) leaves the mail queued; it is sent once,
    later, by another delivery."""
    controller, handler = smtp
    handler.mode = "stall"
    app = app_factory(MAIL_PORT=controller.port, **redis.settings)
    _queue_one(app)
    with app.app_context():
        from app.core.jobs import enqueue

        enqueue("app.notifications.services.deliver_due")
    worker = _worker(database_url, redis.url, controller.port, burst=False)
    handler.on_data = lambda: os.killpg(worker.pid, signal.SIGKILL)
    try:
        assert handler.data_seen.wait(60), "the worker never reached the SMTP server"
        worker.wait(timeout=30)
        assert worker.returncode == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        worker.stdout.close()
    [mail] = _mails(db)
    assert mail.attempts == 1, "the worker had claimed the mail"
    assert mail.status == MailStatus.QUEUED and mail.sent_at is None  # not lost
    assert handler.received == []

    handler.on_data = None
    handler.mode = "accept"
    time_machine.move_to(utcnow() + timedelta(minutes=6), tick=True)  # the claim has lapsed
    assert _deliver(app_factory(MAIL_PORT=controller.port)) == 1
    [mail] = _mails(db)
    assert mail.status == MailStatus.SENT
    assert len(handler.received) == 1  # delivered once


def test_jobs_tick_command_hands_due_mail_over(app, db, mailbox):
    db.session.add(
        OutboxMail(
            kind="password_changed",
            to_address="t@example.org",
            locale="en",
            subject="s",
            body_text="t",
            body_html="h",
        )
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    assert _mails(db)[0].status == MailStatus.SENT
    assert len(mailbox.to("t@example.org")) == 1
