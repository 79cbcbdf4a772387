"""Staff enrol or nominate a list of people at once: upload, dry run, confirm."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.catalogue.models import Offering
from app.core.babel import gettext as _
from app.core.guard import load_or_404
from app.core.uow import on_refusal_return_to, refusal_shown_on
from app.enrolment import access, bulk, pages
from app.enrolment.bulk_forms import BulkConfirmForm, BulkUploadForm

bp = Blueprint("bulk_enrolment", __name__, template_folder="templates")
# The other fields and the multipart boundaries, on top of the file itself.
FORM_OVERHEAD = 8 * 1024


@bp.record_once
def _lower_upload_limit(state) -> None:
    """A list larger than BULK_CSV_MAX_BYTES is refused with 413 before anything (the CSRF
    check included) reads the body, so it is never stored."""
    app: Flask = state.app

    def upload_limit():
        if request.endpoint == "bulk_enrolment.upload":
            request.max_content_length = app.config["BULK_CSV_MAX_BYTES"] + FORM_OVERHEAD

    app.before_request_funcs.setdefault(None, []).insert(0, upload_limit)


def _offering(offering_id: int) -> Offering:
    return load_or_404(Offering, offering_id, access.can_enrol_in_bulk)


@bp.route("/offerings/<int:offering_id>/bulk", methods=["GET", "POST"])
@login_required
def upload(offering_id: int):
    offering = _offering(offering_id)
    form = BulkUploadForm()
    checked = None
    if form.validate_on_submit() and (found := form.read()) is not None:
        addresses, problems = found
        with refusal_shown_on(form.file):
            checked = bulk.plan(offering, addresses, problems)
        if checked is not None and not addresses and not problems:
            form.file.errors.append(_("The file has no addresses."))
    return render_template("enrolment/bulk.html", **pages.bulk_enrolment(offering, form, checked))


@bp.route("/offerings/<int:offering_id>/bulk/confirm", methods=["POST"])
@login_required
def confirm(offering_id: int):
    offering = _offering(offering_id)
    back = url_for("bulk_enrolment.upload", offering_id=offering.id)
    form = BulkConfirmForm()
    emails = form.emails()
    limit = current_app.config["BULK_CSV_MAX_ROWS"]
    if not form.validate_on_submit() or not emails or len(emails) > limit:
        flash(_("Nothing to do: please check a list first."), "error")
        return redirect(back)
    on_refusal_return_to(back)
    inline_rows = current_app.config["BULK_INLINE_ROWS"]
    applied = bulk.apply_list(current_user, offering.id, emails, inline_rows)
    if applied.job is not None:
        return redirect(url_for("notifications.show_job", job_id=applied.job.id))
    flash(bulk.done_summary(applied.done), "success")
    return redirect(url_for("enrolment.roster", offering_id=offering.id))
