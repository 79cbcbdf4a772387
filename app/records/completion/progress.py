"""One participant's attendance and progress towards completion, read for display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from app.accounts.models import User
from app.catalogue.models import OfferingSession
from app.core.db import load_parts, utcnow
from app.core.reads import read
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.attendance.models import AttendanceMark
from app.records.completion.checks import EVALUATION, check_results
from app.records.completion.models import (
    CompletionRecord,
    CompletionRule,
    best_reachable,
    rate_now,
)
from app.records.completion.services import CountedSession, Outcome, evaluate, rule_for
from app.records.materials.progress import required_material_ids, required_materials_opened
from app.records.plans.progress import approved_plans
from app.records.sessions import is_cancelled, offering_ends_at, takes_attendance


@dataclass
class SessionLine:
    session: OfferingSession
    counts: bool
    status: str | None
    source: str | None
    checked_in_at: datetime | None


@dataclass
class Progress:
    enrolment: Enrolment
    rule: CompletionRule
    sessions: list[SessionLine]
    outcome: Outcome
    record: CompletionRecord | None
    override_by: User | None

    @property
    def state(self) -> str | None:
        """What the participant's completion is: the stored one (the override, else the
        rule) for enrolled people."""
        return self.enrolment.completion

    @property
    def rate_now(self) -> int | None:
        if not self.outcome.counted:
            return None
        return round(100 * self.outcome.present / self.outcome.counted)

    @property
    def best_reachable(self) -> int | None:
        if not self.outcome.counted:
            return None
        open_sessions = self.outcome.counted - self.outcome.marked
        return round(100 * (self.outcome.present + open_sessions) / self.outcome.counted)


def participant_progress(enrolment: Enrolment) -> Progress:
    offering = load_parts(enrolment, "offering").offering
    rule = rule_for(offering)
    sessions = db.session.scalars(
        select(OfferingSession)
        .where(OfferingSession.offering_id == offering.id)
        .order_by(OfferingSession.starts_at, OfferingSession.id)
    ).all()
    marks = {
        m.session_id: m
        for m in db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.enrolment_id == enrolment.id)
        )
    }
    lines = [
        SessionLine(
            session=s,
            counts=takes_attendance(s),
            status=marks[s.id].status if s.id in marks else None,
            source=marks[s.id].source if s.id in marks else None,
            checked_in_at=marks[s.id].checked_in_at if s.id in marks else None,
        )
        for s in sessions
    ]
    counted = [
        CountedSession(s.id, s.starts_at, s.ends_at) for s in sessions if takes_attendance(s)
    ]
    ids = [enrolment.id]
    required = required_material_ids(offering.id) if rule.require_materials else []
    held = [s.ends_at for s in sessions if not is_cancelled(s)]
    outcome = evaluate(
        rule,
        counted,
        {line.session.id: line.status for line in lines if line.status and line.counts},
        materials_ok=rule.require_materials
        and required_materials_opened(offering.id, ids, required).get(enrolment.id, False),
        plan_ok=rule.require_action_plan
        and approved_plans(offering.id, ids).get(enrolment.id, False),
        offering_over=offering_ends_at(offering, max(held, default=None)) <= utcnow(),
        materials_required=len(required),
        evaluation_ok=rule.require_evaluation
        and check_results(EVALUATION, offering.id, ids).get(enrolment.id, False),
    )
    if enrolment.status != EnrolmentStatus.ENROLLED:
        outcome.state = None
    record = db.session.get(CompletionRecord, enrolment.id)
    override_by = (
        db.session.get(User, record.override_by_id) if record and record.override_by_id else None
    )
    return Progress(enrolment, rule, lines, outcome, record, override_by)


@dataclass(frozen=True)
class StoredProgress:
    state: str | None
    rate_now: int | None
    best_reachable: int | None


# The record's counts, not the record (whose reasons, a JSON list, the panel does not show).
STORED_PROGRESS = (
    select(
        CompletionRecord.enrolment_id,
        Enrolment.completion,
        CompletionRecord.present_sessions,
        CompletionRecord.marked_sessions,
        CompletionRecord.counted_sessions,
    )
    .join(CompletionRecord, CompletionRecord.enrolment_id == Enrolment.id)
    .where(
        Enrolment.id.in_(bindparam("enrolment_ids", expanding=True)),
        Enrolment.status == EnrolmentStatus.ENROLLED,
    )
)


def stored_progress(enrolment_ids: list[int]) -> dict[int, StoredProgress]:
    """Completion and attendance rates of several enrolled enrolments as last computed, in
    one statement (My learning, built once); enrolments without a record yet are left out."""
    if not enrolment_ids:
        return {}
    rows = read(STORED_PROGRESS, {"enrolment_ids": enrolment_ids}).all()
    return {
        key: StoredProgress(
            completion, rate_now(present, counted), best_reachable(present, marked, counted)
        )
        for key, completion, present, marked, counted in rows
    }
