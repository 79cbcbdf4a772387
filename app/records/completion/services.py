"""Completion: the offering's rule applied to each enrolment's records, and overrides of it.

``recompute`` runs whenever a record completion depends on changes (the ``record_changed``
signal, sent by attendance, materials and action plans), stores how each rule stands on the
enrolment's ``CompletionRecord`` and the outcome on the enrolment itself (``completion``,
``completed_at``, ``attended_minutes``), which certificates read.

The rule decides "completed" as soon as every part holds, "not completed" as soon as the
attendance can no longer be reached (or the offering is over with every session marked and a
part still missing), and nothing while it can still go either way. A rule that asks nothing of
the participant (no attendance minimum, no required material, no action plan) decides only once
the offering is over (its last session ended): ``decide_ended_offerings`` (run by ``flask jobs
tick``) recomputes the enrolments not computed since their offering ended. Attendance is the
share of the sessions that count (not cancelled, marked as counting) with a "present" mark;
"excused" does not count as attended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session as OrmSession

from app.catalogue.models import Offering, OfferingSession
from app.core.audit import record_event
from app.core.db import utcnow
from app.enrolment.models import CompletionState, Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.attendance.models import AttendanceMark, AttendanceStatus
from app.records.completion.checks import EVALUATION, check_results
from app.records.completion.models import CompletionRecord, CompletionRule, default_rule
from app.records.errors import NotAParticipant, ReasonRequired
from app.records.materials.progress import required_material_ids, required_materials_opened
from app.records.plans.progress import approved_plans
from app.records.sessions import counted_sessions_statement, last_session_ends, offering_ends_at
from app.records.signals import record_changed

OVERRIDE_STATES = (CompletionState.COMPLETED, CompletionState.NOT_COMPLETED)


def rule_for(offering: Offering) -> CompletionRule:
    """The offering's rule, or the default for its kind when none was set."""
    return db.session.get(CompletionRule, offering.id) or default_rule(offering.id, offering.kind)


@dataclass(frozen=True)
class CountedSession:
    id: int
    starts_at: datetime
    ends_at: datetime

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def counted_sessions(offering_id: int) -> list[CountedSession]:
    rows = db.session.execute(
        counted_sessions_statement(
            offering_id, OfferingSession.id, OfferingSession.starts_at, OfferingSession.ends_at
        )
    )
    return [CountedSession(*row) for row in rows]


@dataclass
class Outcome:
    """How the rule stands for one enrolment."""

    state: str | None
    reasons: list[dict]
    present: int
    marked: int
    counted: int
    minutes: int


def evaluate(
    rule: CompletionRule,
    sessions: Sequence[CountedSession],
    marks: dict[int, str],
    *,
    materials_ok: bool,
    plan_ok: bool,
    offering_over: bool,
    evaluation_ok: bool = False,
    materials_required: int = 1,
) -> Outcome:
    """The rule applied to one enrolment's marks ({session_id: status}) and other records.
    ``materials_required`` is how many required materials there are (a materials part without
    any asks nothing of the participant)."""
    counted = len(sessions)
    present_sessions = [s for s in sessions if marks.get(s.id) == AttendanceStatus.PRESENT]
    present = len(present_sessions)
    marked = sum(1 for s in sessions if s.id in marks)
    minutes = sum(s.minutes for s in present_sessions)
    reasons: list[dict] = []
    impossible = False
    if rule.min_attendance_percent is not None and counted:
        needed = rule.min_attendance_percent
        ok = present * 100 >= needed * counted
        reachable = (present + counted - marked) * 100 >= needed * counted
        impossible = not reachable
        reasons.append(
            {
                "rule": "attendance",
                "ok": ok,
                "present": present,
                "counted": counted,
                "min": needed,
                "reachable": reachable,
            }
        )
    if rule.require_materials:
        reasons.append({"rule": "materials", "ok": materials_ok, "required": materials_required})
    if rule.require_action_plan:
        reasons.append({"rule": "action_plan", "ok": plan_ok})
    if rule.require_evaluation:
        reasons.append({"rule": "evaluation", "ok": evaluation_ok})
    if impossible:
        state = CompletionState.NOT_COMPLETED
    elif all(r["ok"] for r in reasons) and (offering_over or asks_something(reasons)):
        state = CompletionState.COMPLETED
    elif offering_over and marked == counted:
        state = CompletionState.NOT_COMPLETED
    else:
        state = None
    return Outcome(
        state=state and str(state),
        reasons=reasons,
        present=present,
        marked=marked,
        counted=counted,
        minutes=minutes,
    )


def asks_something(reasons: Sequence[dict]) -> bool:
    """Whether a part of the rule needs the participant to do something: attend a share of
    the sessions, open a required material, have an action plan approved or answer the
    evaluation. Without such a
    part, completion is decided when the offering is over, not at enrolment."""
    return any(
        r["rule"] in ("action_plan", "evaluation")
        or (r["rule"] == "attendance" and r["min"] > 0)
        or (r["rule"] == "materials" and r.get("required", 1) > 0)
        for r in reasons
    )


def _actor_from_request():
    if not has_request_context():
        return None

    return current_user if getattr(current_user, "is_authenticated", False) else None


def recompute(offering_id: int, enrolment_ids: Iterable[int] | None = None, actor=None) -> int:
    """Apply the rule to the enrolments (all of the offering's when ``None``); stores the
    outcome and audits every change of the completion. Returns how many changed."""
    offering = db.session.get(Offering, offering_id)
    if offering is None:
        return 0
    actor = actor or _actor_from_request()
    statement = select(Enrolment).where(Enrolment.offering_id == offering_id)
    if enrolment_ids is not None:
        wanted = sorted(set(enrolment_ids))
        if not wanted:
            return 0
        statement = statement.where(Enrolment.id.in_(wanted))
    enrolments = db.session.scalars(statement.order_by(Enrolment.id)).all()
    if not enrolments:
        return 0
    ids = [e.id for e in enrolments]
    rule = rule_for(offering)
    sessions = counted_sessions(offering_id)
    marks: dict[int, dict[int, str]] = {i: {} for i in ids}
    if sessions:
        for enrolment_id, session_id, status in db.session.execute(
            select(AttendanceMark.enrolment_id, AttendanceMark.session_id, AttendanceMark.status)
            .where(AttendanceMark.enrolment_id.in_(ids))
            .where(AttendanceMark.session_id.in_([s.id for s in sessions]))
        ):
            marks[enrolment_id][session_id] = status
    required = required_material_ids(offering_id) if rule.require_materials else []
    materials = (
        required_materials_opened(offering_id, ids, required) if rule.require_materials else {}
    )
    plans = approved_plans(offering_id, ids) if rule.require_action_plan else {}
    evaluations = check_results(EVALUATION, offering_id, ids) if rule.require_evaluation else {}
    records = {
        r.enrolment_id: r
        for r in db.session.scalars(
            select(CompletionRecord).where(CompletionRecord.enrolment_id.in_(ids))
        )
    }
    now = utcnow()
    ends_at = offering_ends_at(offering, last_session_ends([offering_id]).get(offering_id))
    offering_over = ends_at <= now
    changed = 0
    for enrolment in enrolments:
        outcome = evaluate(
            rule,
            sessions,
            marks[enrolment.id],
            materials_ok=materials.get(enrolment.id, False),
            plan_ok=plans.get(enrolment.id, False),
            offering_over=offering_over,
            evaluation_ok=evaluations.get(enrolment.id, False),
            materials_required=len(required),
        )
        record = records.get(enrolment.id)
        if record is None:
            record = CompletionRecord(enrolment_id=enrolment.id, reasons=[])
            db.session.add(record)
        record.rule_state = outcome.state if enrolment.status == EnrolmentStatus.ENROLLED else None
        record.reasons = outcome.reasons
        record.present_sessions = outcome.present
        record.marked_sessions = outcome.marked
        record.counted_sessions = outcome.counted
        record.computed_at = now
        enrolment.attended_minutes = outcome.minutes
        if _apply(enrolment, record, actor, now):
            changed += 1
    db.session.flush()
    return changed


def _apply(enrolment: Enrolment, record: CompletionRecord, actor, now: datetime) -> bool:
    """Put the effective completion (the override, else the rule) on the enrolment."""
    effective = record.override_state or record.rule_state
    if enrolment.status != EnrolmentStatus.ENROLLED:
        effective = None  # cancelled or rejected: no completion (an override waits)
    if enrolment.completion == effective:
        return False
    record_event(
        actor,
        "completion.changed",
        enrolment,
        before={"completion": enrolment.completion},
        after={
            "completion": effective,
            "by": "override" if record.override_state else "rule",
            "reasons": record.reasons,
        },
    )
    enrolment.completion = effective
    enrolment.completed_at = now if effective == CompletionState.COMPLETED else None
    return True


def _on_record_changed(sender, offering_id: int, enrolment_ids: Sequence[int], **extra) -> None:
    recompute(offering_id, enrolment_ids, actor=extra.get("actor"))


record_changed.connect(_on_record_changed)


# Changes outside the records domain that completion depends on: a session added, removed,
# moved or no longer counting (or cancelled), and an enrolment leaving "enrolled". Noted at
# each flush, applied before the commit (in the same transaction).
_PENDING = "records.completion.pending"
_SESSION_FIELDS = ("counts_for_attendance", "starts_at", "ends_at", "cancelled_at")


def _changed(obj, names) -> bool:
    state = inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes() for name in names)


@event.listens_for(OrmSession, "before_flush")
def _note_changes(session, flush_context, instances) -> None:
    pending: dict[int, set[int] | None] = session.info.setdefault(_PENDING, {})
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, OfferingSession):
            if obj in session.dirty and not _changed(obj, _SESSION_FIELDS):
                continue
            if obj.offering_id is not None:
                pending[obj.offering_id] = None  # every participant
        elif isinstance(obj, Enrolment) and obj in session.dirty and _changed(obj, ("status",)):
            wanted = pending.setdefault(obj.offering_id, set())
            if wanted is not None:
                wanted.add(obj.id)


@event.listens_for(OrmSession, "before_commit")
def _apply_pending(session) -> None:
    session.flush()  # the commit would flush anyway; first note what it changes
    if not session.info.get(_PENDING):
        return
    pending = session.info.pop(_PENDING, {})
    try:
        ours = session is db.session()
    except RuntimeError:  # no application context: a script's own session
        ours = False
    if not ours:  # another session: not ours to change
        return
    for offering_id, enrolment_ids in sorted(pending.items()):
        recompute(offering_id, enrolment_ids)
    session.info.pop(_PENDING, None)  # what the recompute itself flushed


@event.listens_for(OrmSession, "after_rollback")
def _forget_pending(session) -> None:
    session.info.pop(_PENDING, None)


def set_rule(
    actor,
    offering: Offering,
    *,
    min_attendance_percent: int | None,
    require_materials: bool,
    require_action_plan: bool,
    require_evaluation: bool = False,
) -> CompletionRule:
    """Change the offering's rule (staff or its instructor) and apply it to everyone."""
    rule = db.session.get(CompletionRule, offering.id)
    before = (rule or default_rule(offering.id, offering.kind)).as_dict()
    if rule is None:
        rule = CompletionRule(offering_id=offering.id)
        db.session.add(rule)
    rule.min_attendance_percent = min_attendance_percent
    rule.require_materials = require_materials
    rule.require_action_plan = require_action_plan
    rule.require_evaluation = require_evaluation
    rule.updated_by_id = actor.id
    rule.updated_at = utcnow()
    db.session.flush()
    if before != rule.as_dict():
        record_event(
            actor, "completion.rule_changed", offering, before=before, after=rule.as_dict()
        )
    recompute(offering.id, actor=actor)
    return rule


def override(actor, enrolment: Enrolment, state: str | None, reason: str) -> CompletionRecord:
    """Decide completed / not completed whatever the rule says (``state=None`` withdraws the
    override and lets the rule decide again); a reason is always needed."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    if state is not None and state not in OVERRIDE_STATES:
        raise ValueError(state)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise NotAParticipant()
    record = db.session.get(CompletionRecord, enrolment.id)
    if record is None:
        recompute(enrolment.offering_id, [enrolment.id], actor=actor)
        record = db.session.get(CompletionRecord, enrolment.id)
    before = {
        "override": record.override_state,
        "reason": record.override_reason,
        "by": record.override_by_id,
    }
    record.override_state = state
    record.override_reason = reason[:500]
    record.override_by_id = actor.id
    record.override_at = utcnow()
    record_event(
        actor,
        "completion.override",
        enrolment,
        before=before,
        after={"override": state, "reason": record.override_reason, "by": actor.id},
    )
    _apply(enrolment, record, actor, record.override_at)
    db.session.flush()
    return record


def records_for(enrolment_ids: Sequence[int]) -> dict[int, CompletionRecord]:
    if not enrolment_ids:
        return {}
    return {
        r.enrolment_id: r
        for r in db.session.scalars(
            select(CompletionRecord).where(CompletionRecord.enrolment_id.in_(list(enrolment_ids)))
        )
    }
