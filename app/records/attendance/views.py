"""Attendance sheets, the check-in code page and the officials' check-in."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, lazyload, load_only

from app.accounts.models import User
from app.catalogue.models import Offering, OfferingSession
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.guard import load_or_404
from app.core.uow import on_refusal_return_to, refusal_shown_on
from app.extensions import limiter
from app.records.attendance import pages, services
from app.records.attendance.access import can_keep_records
from app.records.attendance.forms import CheckInForm, chosen_marks

bp = Blueprint("attendance", __name__, template_folder="templates")


# The session's offering with its titles and instructors (who decide access): built once.
SESSION_TO_KEEP = (
    joinedload(OfferingSession.offering).options(
        joinedload(Offering.instructors).options(
            load_only(User.id), lazyload(User.role_rows), lazyload(User.city)
        ),
    ),
)


def load_session_to_keep(session_id: int) -> OfferingSession:
    """The session with its offering's titles and instructors, in one statement; 404 when
    missing, 403 when the reader may not keep its records."""
    return load_or_404(
        OfferingSession,
        session_id,
        lambda person, session: can_keep_records(person, session.offering),
        options=SESSION_TO_KEEP,
    )


@bp.route("/manage/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@login_required
def sheet(session_id: int):
    session = load_session_to_keep(session_id)
    if request.method != "POST":
        return render_template("attendance/sheet.html", **pages.sheet(session))
    back = url_for("attendance.sheet", session_id=session.id)
    chosen = chosen_marks(request.form)
    if not chosen:
        flash(_("Nothing to save: choose present, absent or excused for someone."), "error")
        return redirect(back)
    on_refusal_return_to(back)
    changed = services.save_marks(current_user, session.id, chosen)
    flash(_("Attendance saved: %(count)d mark(s) changed.", count=changed), "success")
    return redirect(back)


@bp.route("/manage/sessions/<int:session_id>/check-in-code", methods=["GET", "POST"])
@login_required
def check_in_code(session_id: int):
    session = load_session_to_keep(session_id)
    if request.method != "POST":
        return render_template("attendance/check_in_code.html", **pages.check_in_code(session))
    back = url_for("attendance.check_in_code", session_id=session.id)
    on_refusal_return_to(back)
    services.new_code(current_user, session)
    flash(_("A new check-in code is shown; the previous one no longer works."), "success")
    return redirect(back)


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
        "attendance/check_in.html", form=form, result=result, locale=locale_code()
    )
