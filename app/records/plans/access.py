"""Who may write, review and read action plans."""

from __future__ import annotations

from app.catalogue.access import can_edit_content
from app.catalogue.models import Offering
from app.core.roles import Role
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.records.plans.models import ActionPlan


def can_review_plans(user, offering: Offering) -> bool:
    """Comment, request changes, approve: the offering's instructors and staff."""
    return can_edit_content(user, offering)


def can_write_plan(user, enrolment: Enrolment | None) -> bool:
    """Only an enrolled participant, for themselves."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and enrolment is not None
        and enrolment.user_id == user.id
        and enrolment.status == EnrolmentStatus.ENROLLED
    )


def is_author(user, plan: ActionPlan) -> bool:
    return bool(getattr(user, "is_authenticated", False) and plan.user_id == user.id)


def can_read_plan(user, plan: ActionPlan, offering: Offering) -> bool:
    """The author and the offering's reviewers; everyone once it is in the library."""
    return plan.is_published or is_author(user, plan) or can_review_plans(user, offering)


def can_view_city_plans(user) -> bool:
    """A city's focal point reads (never changes) the action plans of their city's officials."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.has_role(Role.FOCAL_POINT)
        and user.city_id is not None
    )


def plan_city_id(plan: ActionPlan, enrolment: Enrolment | None) -> int | None:
    """The city a plan belongs to: the one recorded on the enrolment (never a value the
    person can change afterwards), else the one noted on the plan."""
    if enrolment is not None and enrolment.city_id is not None:
        return enrolment.city_id
    return plan.city_id


def can_view_city_plan(user, plan: ActionPlan, enrolment: Enrolment | None) -> bool:
    """A submitted plan (drafts stay the author's) of an official of the focal point's city."""
    return (
        can_view_city_plans(user)
        and plan.version >= 1
        and plan_city_id(plan, enrolment) == user.city_id
    )
