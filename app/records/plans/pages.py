"""What each action-plan page shows: one function a page gathers its template's context, so a
view only parses the request, calls a service and renders."""

from __future__ import annotations

from app.accounts.models import User
from app.catalogue.models import Offering
from app.core.babel import locale_code
from app.core.pagination import paginate_rows
from app.extensions import db
from app.records.plans import followup, queries
from app.records.plans.forms import ConsentForm, FollowUpSettingsForm
from app.records.plans.models import (
    ACTION_FIELDS,
    INDICATOR_FIELDS,
    PLAN_STATUS_TITLES,
    ActionPlan,
    PlanStatus,
)

OFFERING_PAGE = 50
CITY_PAGE = 50


def _plan_fields() -> dict:
    return {
        "locale": locale_code(),
        "action_fields": ACTION_FIELDS,
        "indicator_fields": INDICATOR_FIELDS,
    }


def my_plan(offering: Offering, plan: ActionPlan | None, form) -> dict:
    """The participant's own plan with its reviews, follow-up report and consent."""
    return {
        "offering": offering,
        "plan": plan,
        "form": form,
        "consent_form": ConsentForm(consent=plan.consent_to_publish if plan else False),
        "reviews": queries.reviews_of(plan.id) if plan else [],
        "report": followup.report_of(plan) if plan else None,
        **_plan_fields(),
    }


def offering_plans(offering: Offering, status: str, page_number: str | None) -> dict:
    """One page of an offering's plans, for its reviewers."""
    statement = queries.offering_plans_statement(offering.id, status)
    return {
        "settings_form": FollowUpSettingsForm(months=followup.follow_up_months(offering.id)),
        "offering": offering,
        "page": paginate_rows(statement, page_number, OFFERING_PAGE),
        "status": status,
        "statuses": PLAN_STATUS_TITLES,
        "locale": locale_code(),
    }


def review(
    offering: Offering, plan: ActionPlan, form, withdraw_form, a: int | None, b: int | None
) -> dict:
    """A plan for its reviewer: versions ``a`` and ``b`` compared, the reviews, the follow-up
    report, the review form and the form withdrawing an approval."""
    comparison = queries.compare_versions(plan.id, a, b)
    return {
        "offering": offering,
        "plan": plan,
        "author": db.session.get(User, plan.user_id),
        "shown": comparison.shown,
        "versions": comparison.versions,
        "older": comparison.older,
        "newer": comparison.newer,
        "changes": comparison.changes,
        "reviews": queries.reviews_of(plan.id),
        "report": followup.report_of(plan),
        "form": form,
        "withdraw_form": withdraw_form,
        **_plan_fields(),
    }


def follow_up(offering: Offering, plan: ActionPlan, report, form) -> dict:
    return {
        "offering": offering,
        "plan": plan,
        "report": report,
        "form": form,
        "locale": locale_code(),
    }


def city_plans(city_id: int | None, status: str, page_number: str | None) -> dict:
    """One page of the submitted plans of a city's officials, for its focal point."""
    statement = queries.city_plans_statement(city_id, status)
    return {
        "page": paginate_rows(statement, page_number, CITY_PAGE),
        "status": status,
        "statuses": {k: v for k, v in PLAN_STATUS_TITLES.items() if k != PlanStatus.DRAFT},
        "locale": locale_code(),
    }


def city_plan(plan: ActionPlan) -> dict:
    """A submitted plan as its city's focal point reads it: the version sent last."""
    return {
        "plan": plan,
        "offering": db.session.get(Offering, plan.offering_id),
        "author": db.session.get(User, plan.user_id),
        "shown": queries.latest_version(plan.id),
        "reviews": queries.reviews_of(plan.id),
        **_plan_fields(),
    }
