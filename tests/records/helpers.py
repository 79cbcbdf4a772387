"""Helpers shared by the records tests: enrolled participants, past sessions and plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.core.db import load_parts
from app.enrolment.models import Enrolment
from app.records.plans import services
from app.records.plans.models import ActionPlan


def enrol(db, user, offering, status="enrolled") -> Enrolment:
    enrolment = Enrolment(user_id=user.id, offering_id=offering.id, status=status)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def submitted_plan(db, user, enrolment, **content) -> ActionPlan:
    draft = services.PlanDraft(
        title=content.pop("title", "A plan"),
        topic=content.pop("topic", "energy"),
        locale=content.pop("locale", "en"),
        content={
            "goals": content.pop("goals", "Less energy"),
            "actions": [{"action": "Insulate", "owner": "Works"}],
            **content,
        },
    )
    plan = services.save_draft(user, enrolment, draft)
    services.submit(user, plan)
    db.session.commit()
    return plan


def approved_plan(db, user, enrolment, reviewer, offering, consent=False, **content):
    plan = submitted_plan(db, user, enrolment, **content)
    if consent:
        services.set_consent(user, plan, True)
    services.review(reviewer, offering, plan, "approved", "")
    db.session.commit()
    return plan


def enrol_people(db, offering, people, status="enrolled") -> list[Enrolment]:
    enrolments = [Enrolment(user_id=p.id, offering_id=offering.id, status=status) for p in people]
    db.session.add_all(enrolments)
    db.session.commit()
    return enrolments


def past_offering(create_offering, sessions=4, days_ago=20, **overrides):
    """An offering that ended ``days_ago`` days ago, with ``sessions`` one-hour sessions."""
    start = date.today() - timedelta(days=days_ago)
    return create_offering(
        sessions=sessions, starts_on=start, ends_on=start + timedelta(days=1), **overrides
    )


def running_session_offering(db, create_offering, **overrides):
    """An offering whose first session runs now (check-in is open)."""
    offering = create_offering(sessions=2, **overrides)
    now = datetime.now(UTC)
    first, second = load_parts(offering, "sessions").sessions
    first.starts_at, first.ends_at = now - timedelta(minutes=10), now + timedelta(minutes=50)
    second.starts_at, second.ends_at = now + timedelta(days=1), now + timedelta(days=1, hours=1)
    db.session.commit()
    return offering
