"""Enrolling, cancelling, offers and nominations; My learning; the roster and its export."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import (
    contains_eager,
    joinedload,
    lazyload,
    load_only,
    raiseload,
    selectinload,
)

from app.accounts.forms import ConfirmForm
from app.accounts.models import Role, User
from app.catalogue.access import can_edit_content
from app.catalogue.models import EnrolmentMode, Offering, OfferingSession, OfferingStatus
from app.cities.models import City
from app.core.access import is_staff
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.pagination import paginate
from app.enrolment import reports, services
from app.enrolment.models import ACTIVE, Enrolment, EnrolmentStatus
from app.extensions import db

bp = Blueprint("enrolment", __name__, template_folder="templates")


def _done(message: str, offering_id: int):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("catalogue.show", offering_id=offering_id))


def _refused(error: DomainError, offering_id: int | None = None):
    db.session.rollback()
    flash(str(error.message), "error")
    if offering_id:
        return redirect(url_for("catalogue.show", offering_id=offering_id))
    return redirect(url_for("enrolment.my_learning"))


@bp.route("/offerings/<int:offering_id>/enrol", methods=["POST"])
@login_required
def enrol(offering_id: int):
    offering = db.session.get(Offering, offering_id)
    if offering is None or offering.status == OfferingStatus.DRAFT:
        abort(404)
    try:
        enrolment = services.enrol(current_user, offering_id)
    except DomainError as error:
        return _refused(error, offering_id)
    messages = {
        EnrolmentStatus.ENROLLED: _("You are enrolled."),
        EnrolmentStatus.WAITLISTED: _("The offering is full: you are on the waitlist."),
        EnrolmentStatus.PENDING: _("Your request has been sent for approval."),
    }
    return _done(messages.get(enrolment.status, _("Your enrolment has been saved.")), offering_id)


def _own_enrolment(enrolment_id: int) -> Enrolment:
    """The person's own enrolment; anyone else's answers 404, as if it did not exist."""
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.user_id != current_user.id:
        abort(404)
    return enrolment


@bp.route("/enrolments/<int:enrolment_id>/cancel", methods=["POST"])
@login_required
def cancel(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    try:
        services.cancel(current_user, enrolment.id)
    except DomainError as error:
        return _refused(error, enrolment.offering_id)
    return _done(_("Your enrolment is cancelled."), enrolment.offering_id)


@bp.route("/enrolments/<int:enrolment_id>/accept", methods=["POST"])
@login_required
def accept_offer(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    try:
        services.accept_offer(current_user, enrolment.id)
    except DomainError as error:
        return _refused(error, enrolment.offering_id)
    return _done(_("You are enrolled."), enrolment.offering_id)


@bp.route("/enrolments/<int:enrolment_id>/confirm", methods=["POST"])
@login_required
def confirm_nomination(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    try:
        services.confirm_nomination(current_user, enrolment.id)
    except DomainError as error:
        return _refused(error, enrolment.offering_id)
    return _done(_("Thank you for confirming."), enrolment.offering_id)


# My learning shows titles and dates only: no person (it is the reader), topics or languages.
MY_LEARNING_LOADS = (
    raiseload(Enrolment.user),
    joinedload(Enrolment.offering).options(
        selectinload(Offering.translations),
        raiseload(Offering.topic_rows),
        raiseload(Offering.language_rows),
    ),
)


@bp.route("/my")
@login_required
def my_learning():
    now = utcnow()
    today = now.astimezone(get_timezone()).date()
    enrolments = (
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.user_id == current_user.id)
            .options(*MY_LEARNING_LOADS)
            .order_by(Enrolment.created_at.desc())
        )
        .unique()
        .all()
    )
    positions = services.waitlist_positions(enrolments)
    enrolled_ids = [e.offering_id for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    upcoming = (
        db.session.scalars(
            select(OfferingSession)
            .where(OfferingSession.offering_id.in_(enrolled_ids), OfferingSession.ends_at >= now)
            # The offerings are already loaded with the enrolments above.
            .options(lazyload(OfferingSession.offering))
            .order_by(OfferingSession.starts_at)
            .limit(10)
        ).all()
        if enrolled_ids
        else []
    )
    actions = [
        e for e in enrolments if e.status in (EnrolmentStatus.OFFERED, EnrolmentStatus.NOMINATED)
    ]
    current = [
        e
        for e in enrolments
        if e.status in ACTIVE and e.offering.ends_on >= today and e not in actions
    ]
    history = [e for e in enrolments if e not in actions and e not in current]
    return render_template(
        "enrolment/my_learning.html",
        upcoming=upcoming,
        actions=actions,
        current=current,
        history=history,
        positions=positions,
        locale=str(get_locale()),
        form=ConfirmForm(),
        now=now,
    )


# Roster -------------------------------------------------------------------------------------


def _managed_offering(offering_id: int) -> Offering:
    offering = db.session.scalar(
        select(Offering)
        .where(Offering.id == offering_id)
        .options(
            # Who the instructors are decides access; their names and roles are not shown.
            selectinload(Offering.instructors).options(
                load_only(User.id), lazyload(User.role_rows)
            ),
            # Topics and languages are not shown on the roster pages.
            lazyload(Offering.topic_rows),
            lazyload(Offering.language_rows),
        )
    )
    if offering is None:
        abort(404)
    if not can_edit_content(current_user, offering):
        abort(403)
    return offering


def _roster_statement(offering: Offering):
    statement = (
        select(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(City, City.id == User.city_id)
        .where(Enrolment.offering_id == offering.id)
    )
    status = request.args.get("status", "")
    if status in set(EnrolmentStatus):
        statement = statement.where(Enrolment.status == status)
    city = request.args.get("city", "")
    if city.isdigit():
        statement = statement.where(User.city_id == int(city))
    country = request.args.get("country", "").upper()
    if len(country) == 2 and country.isalpha():
        statement = statement.where(City.country_code == country)
    return statement.order_by(
        Enrolment.status, Enrolment.waitlist_seq, User.name_latin, Enrolment.id
    )


# A roster row shows the person's names and city, read from the joins the filters use; the
# offering is the page's own and is not loaded again for every row.
ROSTER_ROW_LOADS = (
    contains_eager(Enrolment.user).options(
        load_only(User.name_native, User.name_latin, User.city_id),
        contains_eager(User.city),
        raiseload(User.role_rows),
    ),
    raiseload(Enrolment.offering),
)


@bp.route("/manage/offerings/<int:offering_id>/roster")
@login_required
def roster(offering_id: int):
    offering = _managed_offering(offering_id)
    page = paginate(
        _roster_statement(offering).options(*ROSTER_ROW_LOADS), request.args.get("page"), 50
    )
    city_id = request.args.get("city", "")
    return render_template(
        "enrolment/roster.html",
        offering=offering,
        page=page,
        positions=services.waitlist_positions(page.items),
        by_country=reports.counts_by_country(offering.id),
        city=db.session.get(City, int(city_id)) if city_id.isdigit() else None,
        locale=str(get_locale()),
        form=ConfirmForm(),
        statuses=list(EnrolmentStatus),
        args=request.args,
    )


@bp.route("/manage/offerings/<int:offering_id>/roster/cities")
@login_required
def roster_cities(offering_id: int):
    """Participants per city, each city leading to the roster filtered to it."""
    offering = _managed_offering(offering_id)
    return render_template(
        "enrolment/roster_cities.html",
        offering=offering,
        rows=reports.counts_by_city(offering.id),
        locale=str(get_locale()),
    )


@bp.route("/manage/offerings/<int:offering_id>/roster/decide", methods=["POST"])
@login_required
def decide(offering_id: int):
    offering = _managed_offering(offering_id)
    action = request.form.get("action")
    ids = [int(i) for i in request.form.getlist("enrolment") if i.isdigit()]
    if action not in ("approve", "reject") or not ids:
        flash(_("Choose at least one person and an action."), "error")
        return redirect(url_for("enrolment.roster", offering_id=offering.id))
    # Every id must belong to this offering, not only the first one.
    found = set(
        db.session.scalars(
            select(Enrolment.id).where(Enrolment.id.in_(ids), Enrolment.offering_id == offering.id)
        )
    )
    if found != set(ids):
        abort(404)
    reason = request.form.get("reason", "").strip()
    try:
        for enrolment_id in sorted(ids):
            if action == "approve":
                services.approve(current_user, enrolment_id)
            else:
                services.reject(current_user, enrolment_id, reason)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("%(count)d enrolment(s) updated.", count=len(ids)), "success")
    return redirect(url_for("enrolment.roster", offering_id=offering.id))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """CSV cells that a spreadsheet would run as a formula get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@bp.route("/manage/offerings/<int:offering_id>/roster.csv")
@login_required
def roster_csv(offering_id: int):
    offering = _managed_offering(offering_id)
    rows = db.session.scalars(_roster_statement(offering)).all()
    positions = services.waitlist_positions(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Name in your own script"),
            _("Name in Latin letters"),
            _("E-mail address"),
            _("City or organisation"),
            _("Country/region"),
            _("Department"),
            _("Job title"),
            _("Status"),
            _("Waitlist position"),
        ]
    )
    locale = str(get_locale())
    for e in rows:
        city = e.user.city
        writer.writerow(
            [
                _cell(v)
                for v in (
                    e.user.name_native,
                    e.user.name_latin,
                    e.user.email,
                    city.name(locale) if city else "",
                    city.country_code if city else "",
                    e.user.department,
                    e.user.job_title,
                    EnrolmentStatus(e.status).title,
                    positions.get(e.id, ""),
                )
            ]
        )
    # UTF-8 with a byte-order mark, so Excel reads Chinese, Japanese and Korean names.
    body = "\ufeff" + buffer.getvalue()
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="roster-{offering.id}.csv"',
            "Cache-Control": "no-store",
        },
    )


# Nominations --------------------------------------------------------------------------------


def _may_nominate() -> None:
    if not (current_user.has_role(Role.FOCAL_POINT) or is_staff(current_user)):
        abort(403)


@bp.route("/nominations")
@login_required
def nominations():
    _may_nominate()
    offerings = db.session.scalars(
        select(Offering)
        .where(
            Offering.status == OfferingStatus.PUBLISHED,
            Offering.enrolment_mode == EnrolmentMode.NOMINATION,
            Offering.ends_on >= date.today(),
        )
        .order_by(Offering.starts_on)
        .limit(100)
    ).all()
    return render_template(
        "enrolment/nominations.html", offerings=offerings, locale=str(get_locale()), now=utcnow()
    )


@bp.route("/nominations/<int:offering_id>", methods=["GET", "POST"])
@login_required
def nominate(offering_id: int):
    _may_nominate()
    offering = db.session.get(Offering, offering_id)
    if (
        offering is None
        or offering.status != OfferingStatus.PUBLISHED
        or (offering.enrolment_mode != EnrolmentMode.NOMINATION)
    ):
        abort(404)
    # A focal point sees their own city only, whatever the request says.
    people_query = select(User).where(User.is_enabled.is_(True)).order_by(User.name_latin)
    if not is_staff(current_user):
        people_query = people_query.where(User.city_id == current_user.city_id)
    elif request.args.get("city", "").isdigit():
        people_query = people_query.where(User.city_id == int(request.args["city"]))
    form = ConfirmForm()
    if form.validate_on_submit():
        ids = [int(i) for i in request.form.getlist("user") if i.isdigit()]
        try:
            chosen = services.nominate(current_user, offering.id, ids)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("%(count)d official(s) nominated.", count=len(chosen)), "success")
            return redirect(url_for("enrolment.nominate", offering_id=offering.id))
    people = [p for p in db.session.scalars(people_query.limit(500)) if p.has_role(Role.OFFICIAL)]
    existing = {
        e.user_id: e
        for e in db.session.scalars(
            select(Enrolment).where(
                Enrolment.offering_id == offering.id, Enrolment.user_id.in_([p.id for p in people])
            )
        )
    }
    return render_template(
        "enrolment/nominate.html",
        offering=offering,
        people=people,
        existing=existing,
        form=form,
        locale=str(get_locale()),
    )


@bp.app_template_global("enrolment_status_title")
def enrolment_status_title(status: str) -> str:
    from app.enrolment.models import STATUS_TITLES

    return str(STATUS_TITLES.get(status, status))


# The colour that goes with each status's words in enrolment/_status.html.
bp.add_app_template_global(
    {
        "enrolled": "tag-success",
        "waitlisted": "tag-warning",
        "pending": "tag-warning",
        "offered": "tag-warning",
        "nominated": "tag-warning",
        "rejected": "tag-danger",
    },
    "STATUS_TAGS",
)
