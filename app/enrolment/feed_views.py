"""The personal calendar feed's pages (same addresses as when the catalogue held them)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user, login_required

from app.catalogue.calendar import build_calendar
from app.catalogue.views import ics_response
from app.core.forms import ConfirmForm
from app.enrolment.feed import feed_owner, regenerate_calendar_token, sessions_for_person

bp = Blueprint("calendar_feed", __name__, template_folder="templates")


@bp.route("/calendar/<token>.ics")
def personal_calendar(token: str):
    """A person's own feed, reached by a secret address they can replace at any time."""
    user = feed_owner(token)
    if user is None:
        abort(404)
    body = build_calendar("KCC Academy", sessions_for_person(user), user.locale)
    return ics_response(body, "kcc-academy.ics")


@bp.route("/account/calendar", methods=["GET", "POST"])
@login_required
def calendar_settings():
    form = ConfirmForm()
    feed_url = None
    if form.validate_on_submit():
        token = regenerate_calendar_token(current_user)
        feed_url = url_for("calendar_feed.personal_calendar", token=token, _external=True)
    return render_template("enrolment/calendar_settings.html", form=form, feed_url=feed_url)
