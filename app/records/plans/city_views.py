"""A city's focal point reads the action plans of their city's officials (read only, their own
city only; drafts stay with their authors)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.accounts.models import User
from app.catalogue.models import Offering
from app.core.guard import require
from app.core.pagination import paginate_rows
from app.enrolment.models import Enrolment
from app.extensions import db
from app.records.plans.access import can_view_city_plan, can_view_city_plans
from app.records.plans.models import (
    ACTION_FIELDS,
    INDICATOR_FIELDS,
    PLAN_STATUS_TITLES,
    ActionPlan,
    ActionPlanVersion,
    PlanReview,
    PlanStatus,
)

bp = Blueprint("city_plans", __name__, template_folder="templates")
PAGE = 50


@bp.route("/city/action-plans")
@login_required
def list_plans():
    require(can_view_city_plans(current_user))
    status = request.args.get("status", "")
    city = func.coalesce(Enrolment.city_id, ActionPlan.city_id)
    statement = (
        select(ActionPlan, User.name_native, User.name_latin, Offering)
        .join(User, User.id == ActionPlan.user_id)
        .join(Offering, Offering.id == ActionPlan.offering_id)
        .outerjoin(Enrolment, Enrolment.id == ActionPlan.enrolment_id)
        .where(city == current_user.city_id, ActionPlan.version >= 1)
        .order_by(ActionPlan.submitted_at.desc(), ActionPlan.id.desc())
    )
    if status in set(PlanStatus) and status != PlanStatus.DRAFT:
        statement = statement.where(ActionPlan.status == status)
    page = paginate_rows(statement, request.args.get("page"), PAGE)
    return render_template(
        "records/plans/city_list.html",
        page=page,
        status=status,
        statuses={k: v for k, v in PLAN_STATUS_TITLES.items() if k != PlanStatus.DRAFT},
        locale=str(get_locale()),
    )


@bp.route("/city/action-plans/<int:plan_id>")
@login_required
def show_plan(plan_id: int):
    require(can_view_city_plans(current_user))
    plan = db.session.get(ActionPlan, plan_id)
    enrolment = db.session.get(Enrolment, plan.enrolment_id) if plan and plan.enrolment_id else None
    # Another city's plan, or a draft, is as unknown as a plan that does not exist.
    if plan is None or not can_view_city_plan(current_user, plan, enrolment):
        abort(404)
    shown = db.session.scalar(
        select(ActionPlanVersion)
        .where(ActionPlanVersion.plan_id == plan.id)
        .order_by(ActionPlanVersion.number.desc())
        .limit(1)
    )
    reviews = db.session.scalars(
        select(PlanReview)
        .where(PlanReview.plan_id == plan.id)
        .order_by(PlanReview.created_at.desc(), PlanReview.id.desc())
    ).all()
    return render_template(
        "records/plans/city_plan.html",
        plan=plan,
        offering=db.session.get(Offering, plan.offering_id),
        author=db.session.get(User, plan.user_id),
        shown=shown,
        reviews=reviews,
        locale=str(get_locale()),
        action_fields=ACTION_FIELDS,
        indicator_fields=INDICATOR_FIELDS,
    )
