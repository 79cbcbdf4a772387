"""Materials: instructors and staff manage them; participants and visitors open them."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from app.catalogue.access import can_view
from app.catalogue.models import Offering
from app.catalogue.queries import offering_or_404
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.db import utcnow
from app.core.guard import load_or_404, require
from app.core.uow import on_refusal_return_to, refusal_shown_on
from app.extensions import talisman
from app.records.materials import pages, services
from app.records.materials.access import can_manage_materials, can_open
from app.records.materials.forms import RestoreForm
from app.records.materials.models import (
    VISIBILITY_TITLES,
    Material,
    MaterialKind,
)
from app.records.materials.uploads import clean_filename

bp = Blueprint("materials", __name__, template_folder="templates")

# Multipart overhead allowed on top of the file itself (the other fields, the boundaries).
FORM_OVERHEAD = 256 * 1024
UPLOAD_ENDPOINTS = {"materials.add_material", "materials.edit_material"}
# A downloaded file is never a page of this site: no script, no plugin, no frame, no form.
DOWNLOAD_CSP = "sandbox; default-src 'none'"


@bp.record_once
def _raise_upload_limit(state) -> None:
    """Uploads may be larger than other requests: the limit is raised for the upload pages,
    before anything (the CSRF check included) reads the body, so a larger body is refused
    with 413 before it is stored."""
    app: Flask = state.app

    def upload_limit():
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = app.config["MATERIAL_MAX_BYTES"] + FORM_OVERHEAD

    app.before_request_funcs.setdefault(None, []).insert(0, upload_limit)


def _material(offering: Offering, material_id: int) -> Material:
    return load_or_404(
        Material, material_id, lambda _person, row: row.offering_id == offering.id, hide=True
    )


@bp.route("/offerings/<int:offering_id>/materials/manage")
@login_required
def manage_materials(offering_id: int):
    offering = offering_or_404(offering_id, can_manage_materials)
    return render_template(
        "records/materials/manage.html",
        offering=offering,
        rows=services.materials_for_manager(offering.id),
        locale=locale_code(),
        now=utcnow(),
    )


@bp.route("/offerings/<int:offering_id>/materials/new", methods=["GET", "POST"])
@login_required
def add_material(offering_id: int):
    offering = offering_or_404(offering_id, can_manage_materials)
    form = pages.material_form(offering)
    if form.validate_on_submit():
        details = form.details(offering.timezone)
        with refusal_shown_on(form.file) as outcome:
            services.add_material(current_user, offering, form.kind.data, details, form.upload())
        if not outcome.refused:
            flash(_("The material has been added."), "success")
            return redirect(url_for("materials.manage_materials", offering_id=offering.id))
    context = pages.edit(offering, form)
    return render_template("records/materials/edit.html", **context), (400 if form.errors else 200)


@bp.route("/offerings/<int:offering_id>/materials/<int:material_id>/edit", methods=["GET", "POST"])
@login_required
def edit_material(offering_id: int, material_id: int):
    offering = offering_or_404(offering_id, can_manage_materials)
    material = _material(offering, material_id)
    form = pages.material_form(offering, material)
    if request.method == "GET":
        form.fill(material, offering.timezone)
    elif form.validate_on_submit():
        details, upload = form.details(offering.timezone), form.upload()
        with refusal_shown_on(form.file) as outcome:
            services.save_material(current_user, offering, material, details, upload)
        if not outcome.refused:
            flash(_("The material has been saved."), "success")
            return redirect(url_for("materials.manage_materials", offering_id=offering.id))
    context = pages.edit(offering, form, material)
    return render_template("records/materials/edit.html", **context), (400 if form.errors else 200)


@bp.route("/offerings/<int:offering_id>/materials/<int:material_id>/restore", methods=["POST"])
@login_required
def restore_version(offering_id: int, material_id: int):
    offering = offering_or_404(offering_id, can_manage_materials)
    material = _material(offering, material_id)
    form = RestoreForm()
    if not form.validate():
        abort(400)
    back = url_for("materials.edit_material", offering_id=offering.id, material_id=material.id)
    on_refusal_return_to(back)
    version = services.restore_version(current_user, material, form.version.data)
    flash(
        _(
            "Version %(old)d is the current version again (as version %(new)d).",
            old=form.version.data,
            new=version.number,
        ),
        "success",
    )
    return redirect(back)


@bp.route("/offerings/<int:offering_id>/materials/<int:material_id>/withdraw", methods=["POST"])
@login_required
def withdraw_material(offering_id: int, material_id: int):
    offering = offering_or_404(offering_id, can_manage_materials)
    material = _material(offering, material_id)
    withdraw = request.form.get("withdrawn") != "0"
    services.set_withdrawn(current_user, material, withdraw)
    flash(
        _("The material is withdrawn: participants no longer see it.")
        if withdraw
        else _("The material is available again."),
        "success",
    )
    return redirect(url_for("materials.manage_materials", offering_id=offering.id))


@bp.route("/offerings/<int:offering_id>/materials")
def list_materials(offering_id: int):
    """The materials a reader may open: public ones for everyone, the rest when enrolled."""
    offering = offering_or_404(offering_id)
    require(can_view(current_user, offering), hide=True)
    enrolment = services.find_enrolment(current_user, offering.id)
    now = utcnow()
    rows = services.materials_for_reader(
        offering.id,
        current_user,
        services.is_enrolled(enrolment),
        now,
        locale_code(),
        offering.fallback_locale,
    )
    return render_template(
        "records/materials/list.html",
        offering=offering,
        rows=rows,
        locale=locale_code(),
        can_manage=can_manage_materials(current_user, offering),
    )


@bp.route("/offerings/<int:offering_id>/materials/<int:material_id>/open")
@talisman(content_security_policy=DOWNLOAD_CSP)
def open_material(offering_id: int, material_id: int):
    """Download a file (as an attachment, never shown as a page of the site) or follow a link,
    after the access check; a signed-in person's first opening is recorded."""
    offering = offering_or_404(offering_id)
    material = _material(offering, material_id)
    enrolment = services.find_enrolment(current_user, offering.id)
    require(can_open(current_user, offering, material, enrolment, utcnow()), hide=True)
    manager = can_manage_materials(current_user, offering)
    if material.kind == MaterialKind.LINK:
        services.record_opening(current_user, material, enrolment)
        return redirect(material.url)
    number = request.args.get("version", type=int) if manager else None
    opened = services.open_file(current_user, material, enrolment, number, manager=manager)
    if opened is None:
        abort(404)
    return _download(material, *opened)


def _download(material: Material, version, stream):
    """The file as an attachment the browser neither shows as a page nor keeps."""
    response = send_file(
        stream,
        mimetype=version.content_type,
        as_attachment=True,
        download_name=clean_filename(version.filename) or f"material-{material.id}",
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_template_global()
def visibility_title(value: str) -> str:
    return str(VISIBILITY_TITLES.get(value, value))


@bp.app_template_global()
def offering_materials(offering: Offering, enrolment=None) -> list:
    """For the offering page: what the reader may open (one statement)."""
    return services.materials_for_reader(
        offering.id,
        current_user,
        services.is_enrolled(enrolment),
        utcnow(),
        locale_code(),
        offering.fallback_locale,
    )
