"""Enrolling, cancelling, offers and nominations; My learning; the roster and its export."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from app.accounts.forms import ConfirmForm
from app.accounts.models import Role, User
from app.catalogue.access import can_edit_content
from app.catalogue.models import EnrolmentMode, Offering, OfferingStatus, OfferingTranslation
from app.cities.forms import countries_for_filter
from app.cities.models import NAME_COLUMNS, City
from app.core.access import is_staff
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.pagination import paginate_rows
from app.enrolment import reports, services
from app.enrolment.models import STATUS_TITLES, Enrolment, EnrolmentStatus
from app.enrolment.my_learning import my_learning as read_my_learning
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


@bp.route("/my")
@login_required
def my_learning():
    now = utcnow()
    page = read_my_learning(
        current_user.id, str(get_locale()), now, now.astimezone(get_timezone()).date()
    )
    return render_template(
        "enrolment/my_learning.html",
        upcoming=page.upcoming,
        actions=page.actions,
        current=page.current,
        history=page.history,
        positions=page.positions,
        now=now,
    )


# Roster -------------------------------------------------------------------------------------


def _managed_offering(offering_id: int) -> Offering:
    offering = db.session.scalar(
        select(Offering)
        .where(Offering.id == offering_id)
        .options(
            # The title and who the instructors are (it decides access), in one statement;
            # the instructors' names, roles and cities are not shown.
            joinedload(Offering.translations).load_only(
                OfferingTranslation.locale, OfferingTranslation.title
            ),
            joinedload(Offering.instructors).options(
                load_only(User.id), lazyload(User.role_rows), lazyload(User.city)
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


def _roster_statement(offering: Offering, *columns):
    """The offering's enrolments, filtered as the request asks; whole Enrolment rows unless
    ``columns`` names what to read."""
    statement = (
        select(*(columns or (Enrolment,)))
        .select_from(Enrolment)
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


def _roster_columns(locale: str) -> tuple:
    """What a roster row shows, read as plain columns: building 50 ORM objects (and their
    users and cities) cost more than the rest of the page."""
    city_name = getattr(City, NAME_COLUMNS.get(locale, "name_en"))
    return (
        Enrolment.id,
        Enrolment.status,
        Enrolment.reason,
        Enrolment.created_at,
        User.name_native,
        User.name_latin,
        func.coalesce(func.nullif(city_name, ""), City.name_en).label("city_name"),
    )


@bp.route("/manage/offerings/<int:offering_id>/roster")
@login_required
def roster(offering_id: int):
    offering = _managed_offering(offering_id)
    locale = str(get_locale())
    page = paginate_rows(
        _roster_statement(offering, *_roster_columns(locale)), request.args.get("page"), 50
    )
    city_id = request.args.get("city", "")
    return render_template(
        "enrolment/roster.html",
        offering=offering,
        page=page,
        positions=services.waitlist_positions(page.items),
        countries=countries_for_filter(locale),
        city=db.session.get(City, int(city_id)) if city_id.isdigit() else None,
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
    """The status in the reader's words, translated once per request (rosters repeat it)."""
    titles = g.setdefault("enrolment_status_titles", {})
    if status not in titles:
        titles[status] = str(STATUS_TITLES.get(status, status))
    return titles[status]


# The colour that goes with each status's words (never colour alone).
STATUS_TAGS = {
    "enrolled": "tag-success",
    "waitlisted": "tag-warning",
    "pending": "tag-warning",
    "offered": "tag-warning",
    "nominated": "tag-warning",
    "rejected": "tag-danger",
}


@bp.app_template_global("status_tag")
def status_tag(enrolment, positions: dict[int, int]) -> Markup:
    """An enrolment's status as a tag, with the waitlist position when there is one. A
    function, not a macro: rosters and My learning call it on every row."""
    status = enrolment.status
    words = enrolment_status_title(status)
    position = positions.get(enrolment.id) if status == EnrolmentStatus.WAITLISTED else None
    if position:
        in_line = _("position %(position)d", position=position)
        words = f"{words} · {in_line}"
    # The class comes from the fixed table above; only the words need escaping.
    return Markup(f'<span class="tag {STATUS_TAGS.get(status, "")}">{escape(words)}</span>')  # noqa: S704
