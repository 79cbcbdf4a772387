"""A city's focal point reads the action plans of their city's officials (read only, their own
city only; drafts stay with their authors)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from app.core.guard import require
from app.enrolment.models import Enrolment
from app.extensions import db
from app.records.plans import pages
from app.records.plans.access import can_view_city_plan, can_view_city_plans
from app.records.plans.models import ActionPlan

bp = Blueprint("city_plans", __name__, template_folder="templates")


@bp.route("/city/action-plans")
@login_required
def list_plans():
    require(can_view_city_plans(current_user))
    context = pages.city_plans(
        current_user.city_id, request.args.get("status", ""), request.args.get("page")
    )
    return render_template("records/plans/city_list.html", **context)


@bp.route("/city/action-plans/<int:plan_id>")
@login_required
def show_plan(plan_id: int):
    require(can_view_city_plans(current_user))
    plan = db.session.get(ActionPlan, plan_id)
    enrolment = db.session.get(Enrolment, plan.enrolment_id) if plan and plan.enrolment_id else None
    # Another city's plan, or a draft, is as unknown as a plan that does not exist.
    if plan is None or not can_view_city_plan(current_user, plan, enrolment):
        abort(404)
    return render_template("records/plans/city_plan.html", **pages.city_plan(plan))
