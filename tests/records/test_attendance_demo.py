"""The demonstration workshop: finished, with attendance, completions and one override."""

from __future__ import annotations

from sqlalchemy import select

from app.demo.attendance import seed_records_b_demo
from app.enrolment.models import Enrolment
from app.records.completion.models import CompletionRecord


def test_demo_workshop(db, create_user):
    instructor = create_user(roles=("instructor",))
    for n in range(3):
        create_user(email=f"official{n}@demo.kcc.test")
    assert seed_records_b_demo(instructor) == 3
    assert seed_records_b_demo(instructor) == 0  # once only
    enrolments = db.session.scalars(select(Enrolment).order_by(Enrolment.id)).all()
    assert [e.completion for e in enrolments] == ["completed"] * 3
    assert all(e.attended_minutes > 0 for e in enrolments)
    overridden = db.session.get(CompletionRecord, enrolments[-1].id)
    assert overridden.override_state == "completed" and overridden.rule_state == "not_completed"
