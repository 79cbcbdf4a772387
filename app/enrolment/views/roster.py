"""An offering's roster for its instructors and staff: the page, its cities, decisions on
requests, and the CSV download."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.catalogue.access import can_view
from app.catalogue.models import Offering
from app.catalogue.queries import HEADING_LOADING
from app.cities.forms import countries_for_filter
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.guard import load_or_404, require
from app.core.pagination import paginate_rows
from app.core.spreadsheet import csv_response
from app.core.uow import on_refusal_return_to
from app.core.urls import parse_id
from app.enrolment import access, reports, services
from app.enrolment.models import EnrolmentStatus
from app.enrolment.roster import (
    ROSTER_FILTERS,
    RosterFilter,
    csv_rows,
    roster_page_query,
)
from app.enrolment.views.blueprint import bp
from app.enrolment.views.roster_rows import roster_rows

PER_PAGE = 50


def _managed_offering(offering_id: int) -> Offering:
    return load_or_404(
        Offering,
        offering_id,
        access.can_see_roster,
        # The title and who the instructors are (it decides access), in one statement; the
        # instructors' names, roles and cities are not shown. Built once, not per request.
        options=HEADING_LOADING,
        visible=can_view,  # a draft stays unknown to those who may not see it: 404
    )


@bp.route("/manage/offerings/<int:offering_id>/roster")
@login_required
def roster(offering_id: int):
    offering = _managed_offering(offering_id)
    chosen = RosterFilter.from_args(request.args)
    locale = locale_code()
    statement, values = roster_page_query(offering, chosen, locale)
    page = paginate_rows(statement, request.args.get("page"), PER_PAGE, params=values)
    return render_template(
        "enrolment/roster.html",
        filters=ROSTER_FILTERS,
        offering=offering,
        page=page,
        rows=roster_rows(page.items, services.waitlist_positions(page.items)),
        countries=countries_for_filter(locale),
        city=chosen.city(),
        locale=locale,
        statuses=list(EnrolmentStatus),
        args=request.args,
    )


@bp.route("/manage/offerings/<int:offering_id>/roster/cities")
@login_required
def roster_cities(offering_id: int):
    """Participants per country and per city, each city leading to the roster filtered to it."""
    offering = _managed_offering(offering_id)
    return render_template(
        "enrolment/roster_cities.html",
        offering=offering,
        by_country=reports.counts_by_country(offering.id),
        rows=reports.counts_by_city(offering.id),
        locale=locale_code(),
    )


@bp.route("/manage/offerings/<int:offering_id>/roster/decide", methods=["POST"])
@login_required
def decide(offering_id: int):
    offering = _managed_offering(offering_id)
    action = request.form.get("action")
    ids = [i for i in map(parse_id, request.form.getlist("enrolment")) if i is not None]
    if action not in ("approve", "reject") or not ids:
        flash(_("Choose at least one person and an action."), "error")
        return redirect(url_for("enrolment.roster", offering_id=offering.id))
    require(services.all_in_offering(offering.id, ids), hide=True)
    reason = request.form.get("reason", "").strip()
    on_refusal_return_to(url_for("enrolment.roster", offering_id=offering.id))
    count = services.decide(current_user, ids, action == "approve", reason)
    flash(_("%(count)d enrolment(s) updated.", count=count), "success")
    return redirect(url_for("enrolment.roster", offering_id=offering.id))


@bp.route("/manage/offerings/<int:offering_id>/roster.csv")
@login_required
def roster_csv(offering_id: int):
    offering = _managed_offering(offering_id)
    rows = csv_rows(offering, RosterFilter.from_args(request.args), locale_code())
    return csv_response(rows, f"roster-{offering.id}.csv", headers={"Cache-Control": "no-store"})
