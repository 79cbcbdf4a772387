"""A rule that asks nothing of the participant (a course with no attendance minimum and no
required material) decides completion when the offering ends, not at enrolment: ``flask jobs
tick`` decides it once the last session is over, and not a minute before."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.db import load_parts
from app.records.completion import services
from app.records.completion.models import CompletionRecord
from app.records.materials.models import Material
from tests.records.helpers import enrol_people


def tick(app) -> str:
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    return result.output


def test_course_without_requirements_completes_when_its_last_session_ends(
    app, db, create_user, create_offering, time_machine
):
    """Guards the "completed at enrolment" bug: the enrolment stays undecided until the end
    of the last session (checked a minute before and a minute after), then the tick decides
    it once and audits the change."""
    offering = create_offering(kind="course", sessions=3)
    assert services.rule_for(offering).min_attendance_percent is None
    assert db.session.scalar(select(Material.id).where(Material.offering_id == offering.id)) is None
    a, b = enrol_people(db, offering, [create_user(), create_user()])
    services.recompute(offering.id)  # what any record change does
    db.session.commit()
    db.session.refresh(a)
    assert a.completion is None and a.completed_at is None
    assert db.session.get(CompletionRecord, a.id).rule_state is None
    b.status = "cancelled"  # not a participant: never completed
    db.session.commit()

    last_end = load_parts(offering, "sessions").sessions[-1].ends_at
    time_machine.move_to(last_end - timedelta(minutes=1), tick=False)
    assert "completion decided for 0 enrolment(s)" in tick(app)
    services.recompute(offering.id)  # a record changed in the last minute
    db.session.commit()
    db.session.refresh(a)
    assert a.completion is None

    time_machine.move_to(last_end + timedelta(minutes=1), tick=False)
    assert "completion decided for 1 enrolment(s)" in tick(app)
    db.session.refresh(a)
    db.session.refresh(b)
    assert a.completion == "completed" and a.completed_at is not None
    assert b.completion is None
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "completion.changed", AuditEvent.target_id == a.id
        )
    )
    assert event.after["completion"] == "completed" and event.after["by"] == "rule"
    # Decided once: the next tick has nothing to do.
    assert "completion decided for 0 enrolment(s)" in tick(app)


def test_required_part_still_decides_at_once_and_an_empty_rule_waits(
    db, create_user, create_offering, time_machine
):
    """A symposium whose rule staff emptied waits for the end too (read on the participant's
    progress as well); the same symposium with a 50 % minimum completes as soon as it holds."""
    from app.records.attendance.services import save_marks
    from app.records.completion.progress import participant_progress

    instructor = create_user(roles=("instructor",))
    offering = create_offering(kind="symposium", sessions=2, instructors=[instructor])
    (person,) = enrol_people(db, offering, [create_user()])
    services.set_rule(
        instructor,
        offering,
        min_attendance_percent=0,
        require_materials=False,
        require_action_plan=False,
    )
    save_marks(instructor, load_parts(offering, "sessions").sessions[0].id, {person.id: "present"})
    db.session.commit()
    db.session.refresh(person)
    assert person.completion is None
    assert participant_progress(person).outcome.state is None

    time_machine.move_to(
        load_parts(offering, "sessions").sessions[-1].ends_at + timedelta(seconds=1), tick=False
    )
    assert participant_progress(person).outcome.state == "completed"
    services.set_rule(
        instructor,
        offering,
        min_attendance_percent=50,
        require_materials=False,
        require_action_plan=False,
    )
    db.session.commit()
    db.session.refresh(person)
    assert person.completion == "completed"
