"""Completion follows the offering's rule, is stored with its reason, and can be overridden
only with a reason; every change is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.db import load_parts
from app.records.attendance.services import save_marks
from app.records.completion import services
from app.records.completion.models import CompletionRecord
from app.records.errors import ReasonRequired
from app.records.signals import record_changed
from tests.records.helpers import enrol_people, past_offering


@pytest.fixture
def workshop(db, create_user, create_offering):
    instructor = create_user(roles=("instructor",))
    offering = past_offering(create_offering, sessions=5, kind="workshop", instructors=[instructor])
    people = [create_user() for _ in range(3)]
    enrolments = enrol_people(db, offering, people)
    return offering, instructor, enrolments


def test_default_rule_per_kind(db, create_offering):
    """Symposiums and workshops need 80 % by default; courses need their materials; only
    workshops need an action plan."""
    rules = {
        kind: services.rule_for(create_offering(kind=kind))
        for kind in ("course", "symposium", "workshop")
    }
    assert rules["symposium"].min_attendance_percent == 80
    assert rules["workshop"].min_attendance_percent == 80
    assert rules["course"].min_attendance_percent is None
    assert rules["course"].require_materials and not rules["symposium"].require_materials
    assert rules["workshop"].require_action_plan and not rules["course"].require_action_plan


def test_attendance_rule_completes_and_stores_minutes(db, workshop):
    """4 of 5 sessions is 80 %: completed once the plan part is dropped from the rule;
    attended minutes are the length of the sessions attended."""
    offering, instructor, (a, b, c) = workshop
    services.set_rule(
        instructor,
        offering,
        min_attendance_percent=80,
        require_materials=False,
        require_action_plan=False,
    )
    sessions = load_parts(offering, "sessions").sessions
    for n, session in enumerate(sessions):
        save_marks(
            instructor,
            session.id,
            {a.id: "present", b.id: "present" if n < 3 else "absent", c.id: "excused"},
        )
    db.session.commit()
    for e in (a, b, c):
        db.session.refresh(e)
    assert a.completion == "completed" and a.completed_at is not None
    assert a.attended_minutes == 5 * 60
    assert b.completion == "not_completed" and b.attended_minutes == 3 * 60
    assert c.completion == "not_completed" and c.attended_minutes == 0
    record = db.session.get(CompletionRecord, b.id)
    assert record.reasons[0]["rule"] == "attendance" and record.reasons[0]["ok"] is False
    assert (record.present_sessions, record.counted_sessions) == (3, 5)


def test_undecided_while_it_can_go_either_way(db, create_user, create_offering):
    """An upcoming symposium: two of four sessions attended, two unmarked: still open."""
    instructor = create_user(roles=("instructor",))
    offering = create_offering(sessions=4, kind="symposium", instructors=[instructor])
    (person,) = enrol_people(db, offering, [create_user()])
    first, second, *_ = load_parts(offering, "sessions").sessions
    save_marks(instructor, first.id, {person.id: "present"})
    save_marks(instructor, second.id, {person.id: "present"})
    db.session.commit()
    db.session.refresh(person)
    assert person.completion is None
    record = db.session.get(CompletionRecord, person.id)
    assert (record.rate_now, record.best_reachable) == (50, 100)
    save_marks(instructor, load_parts(offering, "sessions").sessions[2].id, {person.id: "absent"})
    db.session.commit()
    db.session.refresh(person)
    # At best 3 of 4 (75 %) now: below the 80 % needed, so decided at once.
    assert person.completion == "not_completed"
    record = db.session.get(CompletionRecord, person.id)
    assert record.best_reachable == 75


def test_failed_when_minimum_can_no_longer_be_reached(db, create_user, create_offering):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(sessions=5, kind="symposium", instructors=[instructor])
    (person,) = enrol_people(db, offering, [create_user()])
    save_marks(instructor, load_parts(offering, "sessions").sessions[0].id, {person.id: "absent"})
    db.session.commit()
    db.session.refresh(person)
    assert person.completion is None  # 4 of 5 = 80 % still reachable
    save_marks(instructor, load_parts(offering, "sessions").sessions[1].id, {person.id: "excused"})
    db.session.commit()
    db.session.refresh(person)
    assert person.completion == "not_completed"
    assert db.session.get(CompletionRecord, person.id).reasons[0]["reachable"] is False


def test_workshop_needs_an_approved_plan(db, workshop):
    """Full attendance is not enough for a workshop without an approved plan (the
    placeholder reports none)."""
    offering, instructor, (a, _b, _c) = workshop
    for session in load_parts(offering, "sessions").sessions:
        save_marks(instructor, session.id, {a.id: "present"})
    db.session.commit()
    db.session.refresh(a)
    assert a.completion == "not_completed"  # offering over, every session marked, no plan
    reasons = {r["rule"]: r["ok"] for r in db.session.get(CompletionRecord, a.id).reasons}
    assert reasons == {"attendance": True, "action_plan": False}


def test_record_changed_signal_recomputes(db, workshop, monkeypatch):
    """A change announced by another part of the records domain (a plan approved) is applied:
    the listener recomputes the enrolments named."""
    offering, instructor, (a, b, _c) = workshop
    for session in load_parts(offering, "sessions").sessions:
        save_marks(instructor, session.id, {a.id: "present", b.id: "present"})
    db.session.commit()
    from app.records.completion import services as completion_services

    monkeypatch.setattr(
        completion_services,
        "approved_plans",
        lambda offering_id, ids: {i: i == a.id for i in ids},
    )
    record_changed.send(None, offering_id=offering.id, enrolment_ids=[a.id, b.id])
    db.session.commit()
    db.session.refresh(a)
    db.session.refresh(b)
    assert (a.completion, b.completion) == ("completed", "not_completed")


def test_override_needs_a_reason_and_is_kept(db, workshop):
    offering, instructor, (a, _b, _c) = workshop
    with pytest.raises(ReasonRequired):
        services.override(instructor, a, "completed", "   ")
    services.override(instructor, a, "completed", "Attended the make-up session in Tainan")
    db.session.commit()
    db.session.refresh(a)
    assert a.completion == "completed"
    record = db.session.get(CompletionRecord, a.id)
    assert record.override_by_id == instructor.id and record.override_at is not None
    assert record.override_reason == "Attended the make-up session in Tainan"
    # A later mark does not undo the override.
    save_marks(instructor, load_parts(offering, "sessions").sessions[0].id, {a.id: "absent"})
    db.session.commit()
    db.session.refresh(a)
    assert a.completion == "completed"
    # Withdrawn: the rule decides again: one absence of five, the rest unmarked, no plan yet:
    # still in progress.
    services.override(instructor, a, None, "Override entered by mistake")
    db.session.commit()
    db.session.refresh(a)
    assert a.completion is None and a.completed_at is None
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "Enrolment", AuditEvent.target_id == a.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions.count("completion.override") == 2
    assert "completion.changed" in actions


def test_rule_change_applies_to_everyone_and_is_audited(db, workshop):
    offering, instructor, enrolments = workshop
    for session in load_parts(offering, "sessions").sessions:
        save_marks(instructor, session.id, {e.id: "present" for e in enrolments})
    db.session.commit()
    services.set_rule(
        instructor,
        offering,
        min_attendance_percent=50,
        require_materials=False,
        require_action_plan=False,
    )
    db.session.commit()
    for e in enrolments:
        db.session.refresh(e)
    assert {e.completion for e in enrolments} == {"completed"}
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "completion.rule_changed")
    )
    assert event.before["require_action_plan"] is True
    assert event.after == {
        "min_attendance_percent": 50,
        "require_materials": False,
        "require_action_plan": False,
        "require_evaluation": False,
    }


def test_session_changes_and_cancellation_recompute(db, create_user, create_offering):
    """A session that stops counting, or a new one, changes the rate at the next commit; an
    enrolment that is no longer "enrolled" has no completion."""
    from datetime import timedelta

    from app.catalogue.models import OfferingSession

    instructor = create_user(roles=("instructor",))
    offering = create_offering(sessions=5, kind="symposium", instructors=[instructor])
    (person,) = enrol_people(db, offering, [create_user()])
    for session in load_parts(offering, "sessions").sessions[:4]:
        save_marks(instructor, session.id, {person.id: "present"})
    save_marks(instructor, load_parts(offering, "sessions").sessions[4].id, {person.id: "absent"})
    db.session.commit()
    db.session.refresh(person)
    assert person.completion == "completed"  # 4 of 5 = 80 %
    last = load_parts(offering, "sessions").sessions[-1]
    db.session.add(
        OfferingSession(
            offering_id=offering.id,
            titles={"en": "Extra"},
            starts_at=last.starts_at + timedelta(days=1),
            ends_at=last.ends_at + timedelta(days=1),
        )
    )
    db.session.commit()
    db.session.refresh(person)
    record = db.session.get(CompletionRecord, person.id)
    db.session.refresh(record)
    assert (record.present_sessions, record.counted_sessions) == (4, 6)
    assert person.completion is None  # 4 of 6 now, 5 of 6 (83 %) still reachable
    fifth = load_parts(offering, "sessions").sessions[4]
    fifth.counts_for_attendance = False  # the absence no longer counts
    db.session.commit()
    db.session.refresh(person)
    assert person.completion == "completed"  # 4 of the 5 that count: 80 % again
    person.status = "cancelled"
    db.session.commit()
    db.session.refresh(person)
    assert person.completion is None and person.completed_at is None
