"""One small interface for background work.

With ``REDIS_URL`` set, jobs go to RQ (JSON serialised, never pickle) and a worker runs them;
without it they run in-process on a background thread of the serving process, so the SQLite
default needs no Redis and no page waits on them. That thread also sweeps the outbox now and
then (``MAIL_SWEEP_SECONDS``), so a mail whose hand-over was lost (a crash, a locked SQLite
file) still leaves without waiting for another request or for cron.

The hand-over used to ride on the closing of the response (``call_on_close``): a server that
closes late (Werkzeug's development server holds a response open while a keep-alive browser
may still send on the connection) kept the work, and so the mail, waiting for whatever came
next. The background thread does not depend on how or when the server closes a response.

Jobs are addressed by the dotted path of a function and take JSON-safe keyword arguments; every
job must be safe to run twice (RQ delivers at least once).

Inside a request, ``enqueue_after_commit`` is the way to start work: the job is handed over once
the view has committed (when the response is ready), so a worker never sees a row that is not
committed yet, and a rolled-back request starts nothing that matters.
"""

from __future__ import annotations

import importlib
import logging
import os
import queue as queue_module
import threading
from datetime import datetime

from flask import Flask, current_app, g
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import utcnow
from app.extensions import db

log = logging.getLogger(__name__)
QUEUE_NAME = "default"


class JobRecord(db.Model):
    """Progress of a job that a person started and may want to watch (e.g. bulk certificates)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(String(500), default="")

    def __repr__(self) -> str:
        return f"<JobRecord {self.id} {self.kind} {self.status} {self.done}/{self.total}>"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


def _resolve(path: str):
    module_name, _, attr = path.rpartition(".")
    if not module_name.startswith("app."):
        raise ValueError(f"jobs must live in the app package: {path}")
    return getattr(importlib.import_module(module_name), attr)


def redis_connection():
    # Imported only when Redis is configured: without REDIS_URL nothing here is needed.
    from redis import Redis

    url = current_app.config["REDIS_URL"]
    return Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def queue():
    # Imported only when Redis is configured: rq costs an eighth of a second at start-up.
    from rq import Queue
    from rq.serializers import JSONSerializer

    return Queue(QUEUE_NAME, connection=redis_connection(), serializer=JSONSerializer)


def enqueue(path: str, **kwargs) -> None:
    """Run ``path(**kwargs)`` on the queue, or right now when no queue is configured."""
    _resolve(path)  # fail early on a wrong path
    if not current_app.config.get("REDIS_URL"):
        _resolve(path)(**kwargs)
        return
    try:
        queue().enqueue("app.worker.run_in_app", path, kwargs, job_timeout=600)
    except Exception:  # a queue outage must never fail the caller: the outbox keeps the work
        log.exception("could not enqueue %s; the periodic tick will pick it up", path)


def enqueue_after_commit(path: str, **kwargs) -> None:
    """Start a job once the current unit of work is over: after a request has answered, or
    when a job or a command leaves its application context (after its commit)."""
    pending = g.setdefault("pending_jobs", [])
    if (path, kwargs) not in pending:
        pending.append((path, kwargs))


def _run_pending(app: Flask, pending: list) -> None:
    with app.app_context():
        _run_now(pending)


def _run_now(pending: list) -> None:
    """Run (or enqueue) the jobs; work they queue in turn is run too, until none is left."""
    while pending:
        path, kwargs = pending.pop(0)
        try:
            enqueue(path, **kwargs)
        except Exception as error:
            log.exception("job %s failed; the periodic tick will retry its work", path)
            db.session.rollback()
            _mark_failed(kwargs, error)
        pending.extend(g.pop("pending_jobs", []))


class InProcessRunner:
    """One daemon thread per serving process: runs the jobs requests hand over (no Redis), each
    batch in its own application context, and sweeps the outbox every ``sweep_seconds``."""

    def __init__(self, app: Flask):
        self.app = app
        self.sweep_seconds = float(app.config.get("MAIL_SWEEP_SECONDS") or 0)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._stopped = False
        self._queue: queue_module.Queue = queue_module.Queue()

    def start(self) -> None:
        """Start the thread once per process (again after a fork: threads do not survive it)."""
        with self._lock:
            alive = self._thread is not None and self._thread.is_alive()
            if self._stopped or (alive and self._pid == os.getpid()):
                return
            self._queue = queue_module.Queue()
            self._pid = os.getpid()
            self._thread = threading.Thread(
                target=self._work, name="kcc-jobs", daemon=True, args=(self._queue,)
            )
            self._thread.start()

    def submit(self, pending: list) -> None:
        if self._stopped:  # shutting down: the work runs here rather than not at all
            _run_pending(self.app, pending)
            return
        self.start()
        self._queue.put(pending)

    def wait_until_idle(self) -> None:
        """Block until every handed-over batch has run (tests read the result right after)."""
        if self._thread is not None and self._pid == os.getpid():
            self._queue.join()

    def stop(self) -> None:
        """End the thread after the work already handed over (tests, a clean shutdown); a
        request that comes later (a keep-alive connection) does not start it again."""
        with self._lock:
            self._stopped = True
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=10)

    def _work(self, jobs: queue_module.Queue) -> None:
        while True:
            try:
                pending = jobs.get(timeout=self.sweep_seconds or None)
            except queue_module.Empty:
                self._sweep()
                continue
            if pending is None:
                jobs.task_done()
                return
            try:
                _run_pending(self.app, pending)
            except Exception:  # the thread must survive whatever one batch does
                log.exception("in-process jobs failed; the outbox sweep will retry the mail")
            finally:
                jobs.task_done()

    def _sweep(self) -> None:
        try:
            _run_pending(self.app, [("app.notifications.services.deliver_due", {})])
        except Exception:
            log.exception("outbox sweep failed")


def runner(app: Flask) -> InProcessRunner:
    return app.extensions["kcc_jobs"]


def register_job_dispatch(app: Flask) -> None:
    app.extensions["kcc_jobs"] = InProcessRunner(app)

    @app.before_request
    def start_outbox_sweep():
        """A serving process without Redis sweeps its outbox from its first request on."""
        if not app.config.get("REDIS_URL") and runner(app).sweep_seconds:
            runner(app).start()

    @app.after_request
    def hand_over_pending_jobs(response):
        pending = g.pop("pending_jobs", None)
        if pending:
            # The view has committed (or rolled back: then the jobs find nothing to do).
            if app.config.get("REDIS_URL") or app.config.get("JOBS_INLINE"):
                # With Redis this only enqueues: quick, done before the next request. JOBS_INLINE
                # (tests that share one connection) runs the jobs here, after the commit.
                _run_now(pending)
            else:
                runner(app).submit(pending)
        return response

    @app.teardown_appcontext
    def run_leftover_jobs(error):
        """Jobs, commands and tests end here: what they queued runs now (after their commit;
        a rolled-back change left nothing for the jobs to find)."""
        pending = g.pop("pending_jobs", None)
        if pending and error is None:
            try:
                _run_now(pending)
            finally:
                # Flask-SQLAlchemy has already removed this context's session (its teardown
                # runs first): the one the jobs opened must go too, or it stays registered
                # under the context's id and a later context that reuses the id inherits it.
                db.session.remove()


def run_job(path: str, kwargs: dict) -> None:
    """Call a queued job inside an application context (``app.worker.run_in_app`` builds it)."""
    try:
        _resolve(path)(**kwargs)
    except Exception as error:
        db.session.rollback()
        _mark_failed(kwargs, error)
        raise


def _mark_failed(kwargs: dict, error: Exception) -> None:
    """A tracked job that stops shows "stopped with an error" instead of running forever."""
    record = db.session.get(JobRecord, kwargs["job_id"]) if "job_id" in kwargs else None
    if record is not None:
        record.status = "failed"
        record.error = f"{type(error).__name__}"[:500]
        record.finished_at = utcnow()
        db.session.commit()


def start_tracked_job(kind: str, path: str, actor=None, total: int = 0, **kwargs) -> JobRecord:
    """Record a job whose progress a page shows, and start it after the commit."""
    record = JobRecord(kind=kind, created_by_id=getattr(actor, "id", None), total=total)
    db.session.add(record)
    db.session.flush()
    enqueue_after_commit(path, job_id=record.id, **kwargs)
    return record


def report_progress(
    job_id: int, done: int, total: int | None = None, status: str = "running"
) -> None:
    """Update a job's progress in its own commit, so pages see it while the job runs."""
    record = db.session.get(JobRecord, job_id)
    if record is None:
        return
    record.done = done
    if total is not None:
        record.total = total
    record.status = status
    if status in ("done", "failed"):
        record.finished_at = utcnow()
    db.session.commit()
