"""The evaluation's places on pages of lower layers: a box on the offering page (answer it,
or thanks; results and questions for its instructors and staff) and a list of open
evaluations on My learning. Per reader, so never part of the cached fragments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from flask import Flask, g, render_template
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, exists, func, or_, select

from app.catalogue.models import Offering, OfferingSession
from app.catalogue.panels import add_offering_panel
from app.core.reads import read
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.panels import add_my_learning_panel
from app.enrolment.services import find_enrolment
from app.evaluation import access, services
from app.evaluation.models import EvaluationQuestion, EvaluationSubmission

# My learning lists the open evaluations of offerings that ended at most this long ago.
RECENT = timedelta(days=60)


def offering_panel(offering: Offering, now: datetime) -> Markup:
    if not current_user.is_authenticated:
        return Markup("")
    keeps = access.can_see_results(current_user, offering)
    cache = g.setdefault("evaluation_reader_enrolments", {})
    if offering.id not in cache:
        cache[offering.id] = find_enrolment(current_user.id, offering.id)
    enrolment = cache[offering.id]
    state = None
    if access.is_participant(current_user, enrolment):
        if services.has_answered(enrolment.id):
            state = "answered"
        elif services.is_open(offering, now) and services.questions_for(offering.id):
            state = "open"
    if state is None and not keeps:
        return Markup("")
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template(
            "evaluation/_offering_panel.html", offering=offering, state=state, keeps=keeps
        )
    )


def _open_and_unanswered():
    """Which of some enrolments have an evaluation open to them and not answered: open once
    the offering's last session has started (or, with no sessions, on its last day), with a
    question asked of everyone or of that offering. Built once: building it cost more than
    running it."""
    last_start = (
        select(func.max(OfferingSession.starts_at))
        .where(
            OfferingSession.offering_id == Enrolment.offering_id,
            OfferingSession.cancelled_at.is_(None),
        )
        .correlate(Enrolment)
        .scalar_subquery()
    )
    asks = or_(
        exists().where(
            EvaluationQuestion.offering_id.is_(None), EvaluationQuestion.is_active.is_(True)
        ),
        exists().where(
            EvaluationQuestion.offering_id == Enrolment.offering_id,
            EvaluationQuestion.is_active.is_(True),
        ),
    )
    ending_today = Enrolment.id.in_(bindparam("ending_today", expanding=True))
    return select(Enrolment.id).where(
        Enrolment.id.in_(bindparam("candidates", expanding=True)),
        or_(last_start <= bindparam("now"), last_start.is_(None) & ending_today),
        asks,
        ~exists().where(EvaluationSubmission.enrolment_id == Enrolment.id),
    )


OPEN_AND_UNANSWERED = _open_and_unanswered()


def open_evaluations(now: datetime, entries: Sequence) -> list[tuple[int, str]]:
    """(offering id, title) of the entries of My learning (enrolled, recent) whose evaluation
    is open and not answered yet: no statement when none has started, else one."""
    today = now.date()
    candidates = {
        e.id: e
        for e in entries
        if e.status == EnrolmentStatus.ENROLLED
        and e.starts_on <= today
        and e.ends_on >= today - RECENT
    }
    if not candidates:
        return []
    ending_today = [i for i, e in candidates.items() if e.ends_on <= today]
    values = {"candidates": list(candidates), "ending_today": ending_today, "now": now}
    open_ids = set(read(OPEN_AND_UNANSWERED, values).scalars().all())
    return [(e.offering_id, e.title) for i, e in candidates.items() if i in open_ids]


def my_learning_panel(user, now: datetime, entries: Sequence) -> Markup:
    entries = open_evaluations(now, entries)
    if not entries:
        return Markup("")
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template("evaluation/_my_learning_panel.html", entries=entries)
    )


def register_panels(app: Flask) -> None:
    add_offering_panel(app, offering_panel, "side")
    add_my_learning_panel(app, my_learning_panel)
