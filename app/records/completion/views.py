"""The offering's completion rule, overriding one participant's completion, and one
participant's attendance and progress."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from app.catalogue.queries import offering_or_404
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.guard import load_or_404
from app.core.uow import refusal_shown_on
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.queries import WITH_PERSON_AND_OFFERING
from app.records.attendance.models import ATTENDANCE_TITLES
from app.records.completion import services
from app.records.completion.access import can_keep_records, can_view_participant_records
from app.records.completion.forms import CompletionRuleForm, OverrideForm
from app.records.completion.progress import participant_progress, stored_progress
from app.records.completion.texts import COMPLETION_TAGS, completion_title, reason_texts
from app.records.panels import register_panels

bp = Blueprint("completion", __name__, template_folder="templates")
# The reader's progress, materials and plan on the offering page (app/records/panels.py).
bp.record_once(lambda state: register_panels(state.app))


@bp.route("/manage/offerings/<int:offering_id>/completion-rule", methods=["GET", "POST"])
@login_required
def edit_rule(offering_id: int):
    offering = offering_or_404(offering_id, can_keep_records)
    rule = services.rule_for(offering)
    form = CompletionRuleForm(obj=rule)
    if form.validate_on_submit():
        services.set_rule(
            current_user,
            offering,
            min_attendance_percent=form.min_attendance_percent.data,
            require_materials=form.require_materials.data,
            require_action_plan=form.require_action_plan.data,
            require_evaluation=form.require_evaluation.data,
        )
        flash(_("The completion rule is saved and applied to every participant."), "success")
        return redirect(url_for("records.records_view", offering_id=offering.id))
    return render_template(
        "completion/rule.html", offering=offering, form=form, locale=locale_code()
    )


@bp.route("/manage/enrolments/<int:enrolment_id>/completion", methods=["GET", "POST"])
@login_required
def override(enrolment_id: int):
    enrolment = load_or_404(
        Enrolment,
        enrolment_id,
        lambda person, row: can_keep_records(person, row.offering),
        options=WITH_PERSON_AND_OFFERING,
    )
    form = OverrideForm()
    if form.validate_on_submit():
        state = None if form.decision.data == "rule" else form.decision.data
        with refusal_shown_on() as outcome:
            services.override(current_user, enrolment, state, form.reason.data)
        if not outcome.refused:
            flash(_("The completion decision is saved."), "success")
            return redirect(url_for("completion.participant", enrolment_id=enrolment.id))
    return render_template(
        "completion/override.html",
        enrolment=enrolment,
        offering=enrolment.offering,
        progress=participant_progress(enrolment),
        form=form,
        locale=locale_code(),
    )


@bp.route("/records/enrolments/<int:enrolment_id>")
@login_required
def participant(enrolment_id: int):
    enrolment = load_or_404(
        Enrolment,
        enrolment_id,
        can_view_participant_records,
        hide=True,
        options=WITH_PERSON_AND_OFFERING,
    )
    return render_template(
        "completion/participant.html",
        enrolment=enrolment,
        offering=enrolment.offering,
        progress=participant_progress(enrolment),
        can_keep=can_keep_records(current_user, enrolment.offering),
        reason_texts=reason_texts,
        locale=locale_code(),
    )


# Helpers for templates (the offering page, My learning, the records pages) ---------------------


@bp.app_template_global("completion_tag")
def completion_tag(state: str | None) -> Markup:
    """A completion state as a tag: words and colour."""
    words = completion_title(state)
    # The class comes from a fixed table; only the words need escaping.
    return Markup(  # noqa: S704
        f'<span class="tag {COMPLETION_TAGS.get(state, "")}">{escape(words)}</span>'
    )


@bp.app_template_global("attendance_title")
def attendance_title(status: str | None) -> str:
    return str(ATTENDANCE_TITLES[status]) if status in ATTENDANCE_TITLES else _("Not marked")


@bp.app_template_global("records_progress")
def records_progress(enrolment: Enrolment):
    return participant_progress(enrolment)


@bp.app_template_global("records_progress_for")
def records_progress_for(entries) -> dict:
    """Stored progress of My learning's enrolled entries, keyed by enrolment id."""
    return stored_progress([e.id for e in entries if e.status == EnrolmentStatus.ENROLLED])


bp.add_app_template_global(reason_texts, "completion_reason_texts")
