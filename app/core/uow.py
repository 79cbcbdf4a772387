"""One unit of work per request, and one way for a refused rule to reach the person.

Services change rows and flush; they never commit. A request that changed something is
committed once, after its view has answered with a success (2xx or a redirect), and rolled back
when it answered with an error status or raised. Views therefore neither commit nor roll back.

A business rule that says no raises a ``DomainError`` (app/core/errors.py). Unless a view shows
it on a form (``refusal_shown_on``), the error handler registered here rolls the unit of work
back and answers: pages get the translated message as a flash and a redirect back (to the
address the view named with ``on_refusal_return_to``, else to the page the request came from
on this site, else home); paths under ``/api/`` get an ``application/problem+json`` answer.

Jobs and CLI commands are units of work of their own and commit themselves (app/core/jobs.py).
Work queued with ``enqueue_after_commit`` starts after the response, so after this commit.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, flash, g, jsonify, redirect, request, url_for
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from app.core.errors import DomainError
from app.core.urls import safe_next_url
from app.extensions import db

WRITES = "kcc_unit_of_work_writes"


def _mark_written(session: Session, *_args) -> None:
    session.info[WRITES] = True


def _mark_dml(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WRITES] = True


def _forget_writes(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed or undone
        session.info.pop(WRITES, None)


def has_writes(session: Session) -> bool:
    """Whether the current transaction changed (or is about to change) anything."""
    return bool(session.info.get(WRITES) or session.new or session.dirty or session.deleted)


def register_unit_of_work(app: Flask) -> None:
    """Register before every ``after_request`` hook but the job hand-over (Flask calls them in
    reverse order): the commit runs after them all, so no hook reads rows it expired, and work
    handed to jobs leaves only after it, so a job finds what the request wrote."""

    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "after_flush", _mark_written):
        event.listen(session_class, "after_flush", _mark_written)
        event.listen(session_class, "do_orm_execute", _mark_dml)
        event.listen(session_class, "after_transaction_end", _forget_writes)

    @app.after_request
    def finish_unit_of_work(response):
        session = db.session()
        if not has_writes(session):
            return response
        if response.status_code >= 400:
            session.rollback()
        else:
            session.commit()  # a failing commit becomes the error page, not a false success
        return response

    @app.errorhandler(DomainError)
    def refused(error: DomainError):
        db.session.rollback()
        if request.path.startswith("/api/"):
            return problem(error)
        flash(str(error.message), "error")
        return redirect(_way_back())


def problem(error: DomainError):
    """A refused rule as an RFC 9457 problem document."""
    response = jsonify(
        type="about:blank",
        title=str(error.title),
        status=error.status,
        detail=str(error.message),
        reason=error.reason,
    )
    response.status_code = error.status
    response.mimetype = "application/problem+json"
    return response


def on_refusal_return_to(url: str) -> None:
    """Where a refused rule in this request sends the person back to (with the message)."""
    g.refusal_target = url


def _way_back() -> str:
    named = g.get("refusal_target")
    if named:
        return named
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    home = urlsplit(request.host_url)
    if (parts.scheme, parts.netloc) == (home.scheme, home.netloc):
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return safe_next_url(path, url_for("main.index"))
    return url_for("main.index")


@dataclass
class Outcome:
    refused: bool = False


@contextmanager
def refusal_shown_on(field=None, *by_error: tuple[type[DomainError], object]):
    """For forms shown again with the reason: a ``DomainError`` raised inside undoes the unit
    of work and becomes an error of ``field`` (or of the field paired with its class in
    ``by_error``; a flashed message when there is no field); ``outcome.refused`` tells the
    view to render the form again."""

    outcome = Outcome()
    try:
        yield outcome
    except DomainError as error:
        db.session.rollback()
        target = next((f for kind, f in by_error if isinstance(error, kind)), field)
        if target is None:
            flash(str(error.message), "error")
        else:
            target.errors = [*target.errors, str(error.message)]
        outcome.refused = True
