"""Staff build offerings; assigned instructors edit their text, sessions and modules."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalogue import pages, services
from app.catalogue.access import can_edit_content, can_manage, can_open_workspace, can_view
from app.catalogue.forms import (
    CloneForm,
    ModuleForm,
    OfferingForm,
    SessionForm,
    TranslationForm,
)
from app.catalogue.models import (
    Module,
    Offering,
    OfferingSession,
    OfferingStatus,
    offering_instructors,
)
from app.core.access import role_required
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.confirm import ask_first
from app.core.db import load_parts
from app.core.guard import load_or_404, require
from app.core.i18n import LANGUAGE_NAMES, LOCALE_CODES
from app.core.pagination import paginate
from app.core.roles import Role
from app.core.uow import on_refusal_return_to, refusal_shown_on

bp = Blueprint("manage", __name__, url_prefix="/manage", template_folder="templates")


def _offering_for(offering_id: int, rule) -> Offering:
    """Load the offering or 404, and 403 unless ``rule(current_user, offering)`` allows."""
    return load_or_404(
        Offering,
        offering_id,
        rule,
        options=(
            selectinload(Offering.sessions),
            selectinload(Offering.modules),
            selectinload(Offering.instructors),
        ),
        visible=can_view,  # a draft stays unknown to those who may not see it: 404
    )


@bp.route("/offerings")
@login_required
def list_offerings():
    """Staff see every offering; instructors the ones they are assigned to."""
    require(can_open_workspace(current_user))
    statement = select(Offering).order_by(Offering.starts_on.desc(), Offering.id.desc())
    if not can_manage(current_user):
        statement = statement.join(offering_instructors).where(
            offering_instructors.c.user_id == current_user.id
        )
    status = request.args.get("status", "")
    if status in set(OfferingStatus):
        statement = statement.where(Offering.status == status)
    page = paginate(statement, request.args.get("page"), 25)
    return render_template(
        "catalogue/manage_list.html",
        page=page,
        status=status,
        locale=locale_code(),
        can_create=can_manage(current_user),
    )


def _settings_from(form: OfferingForm) -> services.OfferingSettings:
    return services.OfferingSettings(
        kind=form.kind.data,
        format=form.format.data,
        topics=form.topics.data or [],
        languages=form.languages.data or [],
        venue=form.venue.data or "",
        online_url=form.online_url.data or "",
        timezone=form.timezone.data,
        capacity=form.capacity.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        enrol_opens_local=form.enrol_opens_local.data,
        enrol_closes_local=form.enrol_closes_local.data,
        enrolment_mode=form.enrolment_mode.data,
        fallback_locale=form.fallback_locale.data,
        instructor_ids=form.instructors.data or [],
        city_cap=form.city_cap.data,
        offer_hours=form.offer_hours.data,
        cancel_until_local=form.cancel_until_local.data,
    )


def _save_settings(form: OfferingForm, offering: Offering | None):
    with refusal_shown_on(form.ends_on) as attempt:
        saved = services.save_offering(current_user, offering, _settings_from(form))
    if attempt.refused:
        return None
    flash(_("The offering has been saved."), "success")
    return redirect(url_for("manage.edit_offering", offering_id=saved.id))


@bp.route("/offerings/new", methods=["GET", "POST"])
@role_required(Role.STAFF, Role.ADMIN)
def create_offering():
    form = OfferingForm(instructors=services.instructor_candidates())
    if request.method == "GET":
        form.timezone.data = "Asia/Taipei"
        form.fallback_locale.data = "en"
    if form.validate_on_submit():
        response = _save_settings(form, None)
        if response:
            return response
    return render_template("catalogue/manage_settings.html", form=form, offering=None)


@bp.route("/offerings/<int:offering_id>", methods=["GET", "POST"])
@login_required
def edit_offering(offering_id: int):
    """The offering's workspace: settings for staff; text, sessions and modules for both."""
    offering = _offering_for(offering_id, can_edit_content)
    form = None
    require(request.method == "GET" or can_manage(current_user, offering))  # settings: staff
    if can_manage(current_user, offering):
        load_parts(offering, "topic_rows", "language_rows")  # the settings show and save them
        form = OfferingForm(
            obj=offering if request.method == "GET" else None,
            instructors=services.instructor_candidates(),
        )
        if request.method == "GET":
            form.fill(offering)
        elif form.validate_on_submit() and (response := _save_settings(form, offering)):
            return response
    return render_template("catalogue/manage_offering.html", **pages.workspace(offering, form))


@bp.route("/offerings/<int:offering_id>/status", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def change_status(offering_id: int):
    offering = _offering_for(offering_id, can_manage)
    try:
        status = OfferingStatus(request.form["status"])
    except (KeyError, ValueError):
        abort(400)
    on_refusal_return_to(url_for("manage.edit_offering", offering_id=offering.id))
    services.change_status(current_user, offering, status)
    flash(_("The status has been changed."), "success")
    return redirect(url_for("manage.edit_offering", offering_id=offering.id))


@bp.route("/offerings/<int:offering_id>/clone", methods=["GET", "POST"])
@role_required(Role.STAFF, Role.ADMIN)
def clone_offering(offering_id: int):
    offering = _offering_for(offering_id, can_manage)
    form = CloneForm()
    if form.validate_on_submit():
        copy = services.clone_offering(current_user, offering, form.starts_on.data)
        flash(
            _("A draft copy has been created. Check its dates and publish it when ready."),
            "success",
        )
        return redirect(url_for("manage.edit_offering", offering_id=copy.id))
    return render_template(
        "catalogue/manage_clone.html", form=form, offering=offering, locale=locale_code()
    )


@bp.route("/offerings/<int:offering_id>/text/<locale>", methods=["GET", "POST"])
@login_required
def edit_text(offering_id: int, locale: str):
    offering = _offering_for(offering_id, can_edit_content)
    if locale not in LOCALE_CODES:
        abort(404)
    form = TranslationForm()
    if request.method == "GET":
        form.fill(offering, locale)
    if form.validate_on_submit():
        services.save_translation(current_user, offering, locale, **form.text())
        flash(_("The text has been saved."), "success")
        return redirect(url_for("manage.edit_offering", offering_id=offering.id))
    return render_template("catalogue/manage_text.html", **pages.edit_text(offering, form, locale))


def _session_form(offering: Offering, session: OfferingSession | None) -> SessionForm:
    form = SessionForm()
    if request.method == "GET" and session is not None:
        for code, title in session.titles.items():
            if hasattr(form, f"title_{code}"):
                getattr(form, f"title_{code}").data = title
        form.starts_local.data = services.utc_to_local(session.starts_at, offering.timezone)
        form.ends_local.data = services.utc_to_local(session.ends_at, offering.timezone)
        form.location.data = session.location
        form.online_url.data = session.online_url
        form.counts_for_attendance.data = session.counts_for_attendance
    return form


def _save_session_from(form, offering, session):
    data = services.SessionData(
        titles=form.titles(),
        starts_local=form.starts_local.data,
        ends_local=form.ends_local.data,
        location=form.location.data or "",
        online_url=form.online_url.data or "",
        counts_for_attendance=form.counts_for_attendance.data,
    )
    with refusal_shown_on(form.starts_local) as attempt:
        services.save_session(current_user, offering, session, data)
    if attempt.refused:
        return None
    flash(_("The session has been saved."), "success")
    return redirect(url_for("manage.edit_offering", offering_id=offering.id) + "#sessions")


def _session_of(offering: Offering, session_id: int) -> OfferingSession:
    session = next((s for s in offering.sessions if s.id == session_id), None)
    if session is None:
        abort(404)
    return session


@bp.route("/offerings/<int:offering_id>/sessions/new", methods=["GET", "POST"])
@bp.route("/offerings/<int:offering_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def edit_session(offering_id: int, session_id: int | None = None):
    """Add a session (no id) or change one; times are typed in the offering's time zone."""
    offering = _offering_for(offering_id, can_edit_content)
    session = _session_of(offering, session_id) if session_id else None
    form = _session_form(offering, session)
    if form.validate_on_submit():
        response = _save_session_from(form, offering, session)
        if response:
            return response
    return render_template(
        "catalogue/manage_session.html",
        form=form,
        offering=offering,
        session=session,
        language_names=LANGUAGE_NAMES,
        locale=locale_code(),
    )


@bp.route("/offerings/<int:offering_id>/sessions/<int:session_id>/delete", methods=["POST"])
@login_required
def delete_session(offering_id: int, session_id: int):
    offering = _offering_for(offering_id, can_edit_content)
    session = _session_of(offering, session_id)
    back = url_for("manage.edit_offering", offering_id=offering.id) + "#sessions"
    if page := ask_first(
        _("Remove the session “%(title)s”?", title=session.title(locale_code())),
        action_label=_("Yes, remove the session"),
        back_url=back,
    ):
        return page
    if services.delete_session(current_user, session):
        flash(_("The session is cancelled. Its participants have been told."), "success")
    else:
        flash(_("The session has been removed."), "success")
    return redirect(url_for("manage.edit_offering", offering_id=offering.id) + "#sessions")


def _module_of(offering: Offering, module_id: int) -> Module:
    module = next((m for m in offering.modules if m.id == module_id), None)
    if module is None:
        abort(404)
    return module


@bp.route("/offerings/<int:offering_id>/modules/new", methods=["GET", "POST"])
@bp.route("/offerings/<int:offering_id>/modules/<int:module_id>", methods=["GET", "POST"])
@login_required
def edit_module(offering_id: int, module_id: int | None = None):
    offering = _offering_for(offering_id, can_edit_content)
    module = _module_of(offering, module_id) if module_id else None
    form = ModuleForm()
    if request.method == "GET" and module is not None:
        for code, title in module.titles.items():
            if hasattr(form, f"title_{code}"):
                getattr(form, f"title_{code}").data = title
    if form.validate_on_submit():
        services.save_module(current_user, offering, module, form.titles())
        flash(_("The module has been saved."), "success")
        return redirect(url_for("manage.edit_offering", offering_id=offering.id) + "#modules")
    return render_template(
        "catalogue/manage_module.html",
        form=form,
        offering=offering,
        module=module,
        language_names=LANGUAGE_NAMES,
        locale=locale_code(),
    )


@bp.route("/offerings/<int:offering_id>/modules/<int:module_id>/move", methods=["POST"])
@login_required
def move_module(offering_id: int, module_id: int):
    offering = _offering_for(offering_id, can_edit_content)
    module = _module_of(offering, module_id)
    direction = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if direction is None:
        abort(400)
    services.move_module(current_user, module, direction)
    return redirect(url_for("manage.edit_offering", offering_id=offering.id) + "#modules")


@bp.route("/offerings/<int:offering_id>/modules/<int:module_id>/delete", methods=["POST"])
@login_required
def delete_module(offering_id: int, module_id: int):
    offering = _offering_for(offering_id, can_edit_content)
    module = _module_of(offering, module_id)
    back = url_for("manage.edit_offering", offering_id=offering.id) + "#modules"
    if page := ask_first(
        _("Remove the module “%(title)s”?", title=module.title(locale_code())),
        action_label=_("Yes, remove the module"),
        back_url=back,
    ):
        return page
    if services.delete_module(current_user, module):
        flash(_("The module is marked as cancelled."), "success")
    else:
        flash(_("The module has been removed."), "success")
    return redirect(url_for("manage.edit_offering", offering_id=offering.id) + "#modules")
