"""Staff, and the instructors assigned to an offering, write to its participants."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.catalogue.access import can_edit_content, can_view
from app.catalogue.models import Offering
from app.communications.announcements import create_announcement
from app.communications.forms import AnnouncementForm
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.guard import load_or_404
from app.core.i18n import LANGUAGE_NAMES

bp = Blueprint("communications", __name__, template_folder="templates")


@bp.route("/manage/offerings/<int:offering_id>/announce", methods=["GET", "POST"])
@login_required
def announce(offering_id: int):
    """Staff, and the instructors assigned to an offering, write to its participants, in as
    many languages as they like."""
    offering = load_or_404(Offering, offering_id, can_edit_content, visible=can_view)
    form = AnnouncementForm()
    if request.method == "GET":
        form.statuses.data = ["enrolled"]
    if form.validate_on_submit():
        record = create_announcement(
            current_user, offering, form.subjects(), form.bodies(), form.statuses.data
        )
        flash(_("The announcement is being sent."), "success")
        return redirect(url_for("notifications.show_job", job_id=record.id))
    return render_template(
        "communications/announce.html",
        form=form,
        offering=offering,
        language_names=LANGUAGE_NAMES,
        locale=locale_code(),
    )
