"""What completion reads from action plans: does each enrolment have an approved plan."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from app.enrolment.models import Enrolment
from app.extensions import db
from app.records.plans.models import ActionPlan, PlanStatus


def approved_plans(offering_id: int, enrolment_ids: Sequence[int]) -> dict[int, bool]:
    """True for an enrolment whose person has an approved action plan in the offering. One
    statement, whatever the number of enrolments."""
    if not enrolment_ids:
        return {}
    approved = set(
        db.session.scalars(
            select(Enrolment.id)
            .join(
                ActionPlan,
                (ActionPlan.user_id == Enrolment.user_id)
                & (ActionPlan.offering_id == Enrolment.offering_id),
            )
            .where(
                Enrolment.id.in_(list(enrolment_ids)),
                Enrolment.offering_id == offering_id,
                ActionPlan.status == PlanStatus.APPROVED,
            )
        )
    )
    return {eid: eid in approved for eid in enrolment_ids}
