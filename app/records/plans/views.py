"""Action plans: the participant writes and submits; instructors review; the public library."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.accounts.models import User
from app.catalogue.models import TOPICS, Offering, OfferingKind
from app.catalogue.queries import offering_or_404
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.i18n import LANGUAGE_NAMES
from app.core.pagination import paginate_rows
from app.core.uow import on_refusal_return_to, refusal_shown_on
from app.core.urls import parse_id
from app.enrolment.models import EnrolmentStatus
from app.extensions import db
from app.records.plans import followup, pages, queries, services
from app.records.plans.access import can_review_plans, can_write_plan
from app.records.plans.forms import (
    ConsentForm,
    FollowUpForm,
    FollowUpSettingsForm,
    LibraryFilterForm,
    PlanForm,
    ReviewForm,
    WithdrawApprovalForm,
)
from app.records.plans.models import (
    ACTION_FIELDS,
    DECISION_TITLES,
    FIELD_TITLES,
    FOLLOW_UP_STATUS_TITLES,
    INDICATOR_FIELDS,
    ActionPlan,
    ActionPlanVersion,
    Decision,
)

bp = Blueprint("plans", __name__, template_folder="templates")
LIBRARY_PAGE = 20


@bp.route("/offerings/<int:offering_id>/plan", methods=["GET", "POST"])
@login_required
def my_plan(offering_id: int):
    """The participant's own plan: written while a draft or sent back, then read-only."""
    offering = offering_or_404(offering_id)
    enrolment = queries.enrolment_of(current_user.id, offering.id)
    plan = services.find_plan(current_user.id, offering.id)
    if plan is None and not can_write_plan(current_user, enrolment):
        abort(404)
    form = PlanForm()
    if request.method == "GET":
        form.start(plan, current_user.locale or locale_code())
    elif form.validate_on_submit() and not form.added_row():
        with refusal_shown_on() as outcome:
            plan = services.save_plan(
                current_user, enrolment, form.draft(), send=bool(form.send.data)
            )
        if not outcome.refused:
            flash(form.saved_message(), "success")
            return redirect(url_for("plans.my_plan", offering_id=offering.id))
        plan = services.find_plan(current_user.id, offering.id)
    return render_template("records/plans/my_plan.html", **pages.my_plan(offering, plan, form))


@bp.route("/offerings/<int:offering_id>/plan/consent", methods=["POST"])
@login_required
def set_consent(offering_id: int):
    plan = services.find_plan(current_user.id, offering_id)
    if plan is None:
        abort(404)
    form = ConsentForm()
    services.set_consent(current_user, plan, bool(form.consent.data))
    flash(
        _("Your plan will appear in the public library once it is approved.")
        if plan.consent_to_publish
        else _("Your plan will not appear in the public library."),
        "success",
    )
    return redirect(url_for("plans.my_plan", offering_id=offering_id))


@bp.route("/offerings/<int:offering_id>/plans")
@login_required
def list_plans(offering_id: int):
    """Every participant's plan and its status, for the offering's instructors and staff."""
    offering = offering_or_404(offering_id, can_review_plans)
    context = pages.offering_plans(
        offering, request.args.get("status", ""), request.args.get("page")
    )
    return render_template("records/plans/list.html", **context)


def _plan_of(offering: Offering, plan_id: int) -> ActionPlan:
    plan = db.session.get(ActionPlan, plan_id)
    if plan is None or plan.offering_id != offering.id:
        abort(404)
    return plan


@bp.route("/offerings/<int:offering_id>/plans/<int:plan_id>", methods=["GET", "POST"])
@login_required
def review_plan(offering_id: int, plan_id: int):
    """Read a plan, compare two submitted versions, and comment, send back or approve."""
    offering = offering_or_404(offering_id, can_review_plans)
    plan = _plan_of(offering, plan_id)
    form = ReviewForm()
    withdraw_form = WithdrawApprovalForm(prefix="withdraw")
    if request.method == "POST":
        decision, body = _decision(form, withdraw_form)
        with refusal_shown_on() as outcome:
            services.review(current_user, offering, plan, decision, body)
        if not outcome.refused:
            flash(_("Your review has been saved."), "success")
            return redirect(url_for("plans.review_plan", offering_id=offering.id, plan_id=plan.id))
    versions = request.args.get("a", type=int), request.args.get("b", type=int)
    context = pages.review(offering, plan, form, withdraw_form, *versions)
    return render_template("records/plans/review.html", **context)


def _decision(form: ReviewForm, withdraw_form: WithdrawApprovalForm) -> tuple[str, str]:
    """(decision, comment) from whichever of the two forms was sent; 400 when neither is valid."""
    if withdraw_form.submit.data and withdraw_form.validate():
        return Decision.APPROVAL_WITHDRAWN, withdraw_form.body.data
    if form.validate():
        return form.decision.data, form.body.data
    abort(400)


@bp.route("/offerings/<int:offering_id>/plans/follow-up-settings", methods=["POST"])
@login_required
def follow_up_settings(offering_id: int):
    offering = offering_or_404(offering_id, can_review_plans)
    back = url_for("plans.list_plans", offering_id=offering.id)
    form = FollowUpSettingsForm()
    if not form.validate():
        flash(_("Choose between 1 and 60 months."), "error")
        return redirect(back)
    on_refusal_return_to(back)
    followup.set_follow_up_months(current_user, offering, form.months.data)
    flash(_("The follow-up setting has been saved."), "success")
    return redirect(back)


@bp.route("/offerings/<int:offering_id>/plan/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(offering_id: int):
    """The author reports progress on each action of the approved plan."""
    offering = offering_or_404(offering_id)
    plan = services.find_plan(current_user.id, offering.id)
    report = followup.report_of(plan) if plan else None
    if report is None:
        abort(404)
    form = FollowUpForm()
    if request.method == "GET" or report.submitted_at is not None:
        form.fill(report)
    elif form.validate_on_submit():
        with refusal_shown_on() as outcome:
            followup.save_report(current_user, plan, *form.report(), submit=bool(form.send.data))
        if not outcome.refused:
            flash(form.saved_message(), "success")
            return redirect(url_for("plans.follow_up", offering_id=offering.id))
    context = pages.follow_up(offering, plan, report, form)
    return render_template("records/plans/follow_up.html", **context)


@bp.route("/action-plans")
def library():
    """Approved plans their authors agreed to publish, by topic, city, country and year."""
    locale = locale_code()
    countries = queries.library_countries(locale)
    form = LibraryFilterForm(
        request.args, countries=countries, cities=_library_city_choices(locale, countries)
    )
    form.validate()
    filters = _library_filters(form)
    page = paginate_rows(
        queries.library_statement(locale, **filters),
        request.args.get("page"),
        LIBRARY_PAGE,
        ordered_by_index=True,
        counted_by=queries.library_count(**filters),
    )
    return render_template(
        "records/plans/library.html",
        form=form,
        page=page,
        locale=locale,
        topics=TOPICS,
        language_names=LANGUAGE_NAMES,
    )


def _library_city_choices(locale: str, countries: list[tuple[str, str]]) -> list:
    """The cities offered: those of the chosen country, or of the chosen city's country when a
    city comes alone (a link to one city's plans); none until a country is chosen."""
    country = request.args.get("country", "")
    if country not in dict(countries):
        city_id = parse_id(request.args.get("city"))
        country = queries.country_of_city(city_id) if city_id is not None else ""
    return queries.library_cities(locale, country) if country else []


def _library_filters(form: LibraryFilterForm) -> dict:
    """The library's filters the reader chose, each left out when its value is not valid."""
    query = (form.q.data or "").strip()
    return {
        "topic": form.topic.data or "",
        "country": form.country.data if form.country.data and not form.country.errors else "",
        "city_id": parse_id(form.city.data) if not form.city.errors else None,
        "year": form.year.data if form.year.data and not form.year.errors else None,
        "q": query if query and not form.q.errors else "",
    }


@bp.route("/action-plans/<int:plan_id>")
def library_plan(plan_id: int):
    plan = db.session.get(ActionPlan, plan_id)
    if plan is None or not plan.is_published:
        abort(404)
    offering = db.session.get(Offering, plan.offering_id)
    version = db.session.scalar(
        select(ActionPlanVersion).where(
            ActionPlanVersion.plan_id == plan.id, ActionPlanVersion.number == plan.version
        )
    )
    return render_template(
        "records/plans/library_plan.html",
        plan=plan,
        version=version,
        offering=offering,
        author=db.session.get(User, plan.user_id),
        locale=locale_code(),
        topics=TOPICS,
        action_fields=ACTION_FIELDS,
        indicator_fields=INDICATOR_FIELDS,
    )


@bp.app_template_global()
def offering_plan_status(offering: Offering, enrolment=None) -> dict | None:
    """For the offering page: the reader's own plan (or the invitation to write one in a
    workshop), in at most one statement."""
    if not getattr(current_user, "is_authenticated", False) or enrolment is None:
        return None
    if enrolment.status != EnrolmentStatus.ENROLLED:
        return None
    plan = services.find_plan(current_user.id, offering.id)
    if plan is None and offering.kind != OfferingKind.WORKSHOP:
        return None
    return {"plan": plan, "offering": offering}


@bp.app_template_global()
def follow_up_status_title(value: str) -> str:
    return str(FOLLOW_UP_STATUS_TITLES.get(value, value))


@bp.app_template_global()
def decision_title(value: str) -> str:
    return str(DECISION_TITLES.get(value, value))


@bp.app_template_global()
def plan_field_title(name: str) -> str:
    return str(FIELD_TITLES.get(name, name))
