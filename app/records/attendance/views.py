"""Attendance sheets, the check-in code page and the officials' check-in."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from app.accounts.models import User
from app.catalogue.models import Offering, OfferingSession
from app.cities.models import City
from app.core.db import utcnow
from app.core.guard import load_or_404
from app.core.localized import localized_sql
from app.core.uow import on_refusal_return_to, refusal_shown_on
from app.core.urls import parse_id
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db, limiter
from app.records.attendance import services
from app.records.attendance.access import can_keep_records
from app.records.attendance.forms import CheckInForm
from app.records.attendance.models import ATTENDANCE_TITLES, AttendanceMark, AttendanceStatus
from app.records.sessions import takes_attendance

bp = Blueprint("attendance", __name__, template_folder="templates")


def load_session_to_keep(session_id: int) -> OfferingSession:
    """The session with its offering's titles and instructors (who decide access), in one
    statement; 404 when missing, 403 when the reader may not keep its records."""
    return load_or_404(
        OfferingSession,
        session_id,
        lambda person, session: can_keep_records(person, session.offering),
        options=[
            joinedload(OfferingSession.offering).options(
                joinedload(Offering.instructors).options(
                    load_only(User.id), lazyload(User.role_rows), lazyload(User.city)
                ),
            )
        ],
    )


def sheet_rows(session: OfferingSession, locale: str) -> list:
    """Every enrolled participant with their mark for the session, as plain rows, in one
    statement."""
    return db.session.execute(
        select(
            Enrolment.id,
            User.name_native,
            User.name_latin,
            localized_sql(City.names, locale).label("city_name"),
            AttendanceMark.status,
            AttendanceMark.source,
            AttendanceMark.checked_in_at,
        )
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(City, City.id == User.city_id)
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.enrolment_id == Enrolment.id,
                AttendanceMark.session_id == session.id,
            ),
        )
        .where(
            Enrolment.offering_id == session.offering_id,
            Enrolment.status == EnrolmentStatus.ENROLLED,
        )
        .order_by(User.name_latin, Enrolment.id)
    ).all()


@bp.route("/manage/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@login_required
def sheet(session_id: int):
    session = load_session_to_keep(session_id)
    if request.method == "POST":
        on_sheet = {i for i in map(parse_id, request.form.getlist("on_sheet")) if i is not None}
        chosen = {}
        for enrolment_id in on_sheet:
            value = request.form.get(f"mark-{enrolment_id}", "")
            if value:
                chosen[enrolment_id] = value
        if request.form.get("action") == "all_present":
            for enrolment_id in on_sheet:
                chosen.setdefault(enrolment_id, AttendanceStatus.PRESENT)
        if not chosen:
            flash(_("Nothing to save: choose present, absent or excused for someone."), "error")
            return redirect(url_for("attendance.sheet", session_id=session.id))
        on_refusal_return_to(url_for("attendance.sheet", session_id=session.id))
        changed = services.save_marks(current_user, session.id, chosen)
        flash(_("Attendance saved: %(count)d mark(s) changed.", count=changed), "success")
        return redirect(url_for("attendance.sheet", session_id=session.id))
    locale = str(get_locale())
    rows = sheet_rows(session, locale)
    totals = {status: 0 for status in AttendanceStatus}
    for row in rows:
        if row.status:
            totals[row.status] += 1
    return render_template(
        "attendance/sheet.html",
        session=session,
        offering=session.offering,
        rows=rows,
        totals=totals,
        unmarked=sum(1 for row in rows if not row.status),
        statuses=[(s, str(ATTENDANCE_TITLES[s])) for s in AttendanceStatus],
        counts=takes_attendance(session),
        locale=locale,
    )


def _check_in_url(code: str) -> str:
    """The check-in page with the code filled in, on the configured public address."""
    path = url_for("attendance.check_in", code=services.display_code(code))
    return current_app.config["BASE_URL"].rstrip("/") + path


@bp.route("/manage/sessions/<int:session_id>/check-in-code", methods=["GET", "POST"])
@login_required
def check_in_code(session_id: int):
    session = load_session_to_keep(session_id)
    if request.method == "POST":
        on_refusal_return_to(url_for("attendance.check_in_code", session_id=session.id))
        services.new_code(current_user, session)
        flash(_("A new check-in code is shown; the previous one no longer works."), "success")
        return redirect(url_for("attendance.check_in_code", session_id=session.id))
    code = services.current_code(session.id)
    qr_svg = url = None
    if code is not None:
        url = _check_in_url(code.code)
        # segno builds the SVG from our own address and escapes it.
        qr_svg = Markup(  # noqa: S704
            segno.make(url, error="m").svg_inline(
                scale=6, dark="#1c2321", title=_("QR code that opens the check-in page")
            )
        )
    opens, closes = services.check_in_window(session)
    now = utcnow()
    return render_template(
        "attendance/check_in_code.html",
        session=session,
        offering=session.offering,
        code=code,
        shown_code=services.display_code(code.code) if code else None,
        qr_svg=qr_svg,
        url=url,
        opens=opens,
        closes=closes,
        is_open=opens <= now <= closes,
        counts=takes_attendance(session),
        locale=str(get_locale()),
    )


def _check_in_limit() -> str:
    return current_app.config.get("CHECK_IN_RATE_LIMIT", "20 per 10 minutes")


def _account_key() -> str:
    return f"check-in:{current_user.get_id() or request.remote_addr}"


@bp.route("/check-in", methods=["GET", "POST"])
@login_required
@limiter.limit(_check_in_limit, key_func=_account_key, methods=["POST"])
def check_in():
    form = CheckInForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:32]
    result = None
    if form.validate_on_submit():
        with refusal_shown_on(form.code):
            result = services.check_in(current_user, form.code.data)
    return render_template(
        "attendance/check_in.html", form=form, result=result, locale=str(get_locale())
    )
