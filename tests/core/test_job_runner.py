"""The in-process job runner: once stopped (a shutdown, the end of a test) it stays stopped, so
its thread cannot outlive the application and sweep a database that has gone away."""

from __future__ import annotations

import threading

import pytest

from app.core.jobs import runner

CALLS: list[str] = []


def record_thread() -> None:
    """A job that notes the thread it ran in."""
    CALLS.append(threading.current_thread().name)


@pytest.fixture
def calls(monkeypatch):
    """Jobs must live in the app package: the test's job is put there for the test."""
    monkeypatch.setattr("app.core.jobs.record_thread", record_thread, raising=False)
    CALLS.clear()
    yield CALLS
    CALLS.clear()


def test_a_job_runs_on_the_runner_thread_while_it_runs(app, calls):
    jobs = runner(app)
    jobs.submit([("app.core.jobs.record_thread", {})])
    jobs.wait_until_idle()
    jobs.stop()
    assert calls == ["kcc-jobs"]


def test_a_stopped_runner_is_not_started_again_and_runs_late_work_in_the_callers_thread(app, calls):
    jobs = runner(app)
    jobs.start()
    thread = jobs._thread
    jobs.stop()
    assert thread is not None and not thread.is_alive()

    jobs.start()  # a late request on a keep-alive connection
    assert jobs._thread is thread and not thread.is_alive()

    jobs.submit([("app.core.jobs.record_thread", {})])
    assert calls == [threading.current_thread().name]


def test_jobs_left_at_the_end_of_a_context_leave_no_session_behind(app, calls):
    """The leftover jobs run after Flask-SQLAlchemy removed the context's session; the session
    they open is removed too (a stale one would be handed to a later context with the same id)."""
    from flask import g

    from app.extensions import db

    sessions = db.session.registry.registry
    before = set(sessions)
    with app.app_context():
        g.pending_jobs = [
            ("app.core.jobs.record_thread", {}),
            ("app.notifications.services.deliver_due", {}),
        ]
    assert calls == [threading.current_thread().name]
    assert set(sessions) == before
