"""Certificates: public verification, downloads for holders, issuing and the register for staff."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BaseConverter

from app.catalogue.models import Offering
from app.certificates import access, credentials, files, keys, queries, services
from app.certificates.forms import LookupForm, ReissueForm, RevokeForm, SettingsForm
from app.certificates.jobs import latest_zip, zip_kind
from app.certificates.models import (
    REASON_TITLES,
    STATUS_TITLES,
    Certificate,
    CertificateStatus,
)
from app.certificates.panels import register_panels
from app.certificates.personal_data import register_personal_data
from app.core.access import role_required
from app.core.audit import record_event
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.guard import load_or_404
from app.core.jobs import start_tracked_job
from app.core.pagination import paginate, paginate_rows
from app.core.roles import Role
from app.core.spreadsheet import csv_response
from app.core.uow import on_refusal_return_to, refusal_shown_on
from app.enrolment.models import Enrolment
from app.extensions import db, limiter

bp = Blueprint("certificates", __name__, template_folder="templates")


class CodeConverter(BaseConverter):
    """A verification code: 32 letters and digits. The accounts' /verify/<token> links carry
    signed tokens with dots, so the two never meet; this one is tried first."""

    regex = "[0-9A-Za-z]{32}"
    weight = 50


bp.record_once(lambda state: state.app.url_map.converters.setdefault("code", CodeConverter))
# A person's data download has their certificates (accounts/personal_data.py).
bp.record_once(lambda state: register_personal_data(state.app))
# The person's certificates at the end of My learning (enrolment/panels.py).
bp.record_once(lambda state: register_panels(state.app))


STAFF = (Role.STAFF, Role.ADMIN)
PER_PAGE = 50


def _verify_limit() -> str:
    return current_app.config.get("CERTIFICATE_VERIFY_RATE_LIMIT", "60 per minute")


# Public verification ---------------------------------------------------------------------------


def _by_code(code: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.code == services.normalise_code(code))
        .options(joinedload(Certificate.replaced_by), joinedload(Certificate.offering))
    )


def public_view(certificate: Certificate) -> dict:
    """What anyone may know about a certificate: nothing personal beyond the holder's name."""
    offering = certificate.offering
    view = {
        "serial": certificate.serial,
        "status": certificate.status,
        "holder": {
            "name_native": certificate.holder_name_native,
            "name_latin": certificate.holder_name_latin,
        },
        "offering": {
            "title": certificate.title,
            "title_en": certificate.title_en,
            "kind": offering.kind,
            "starts_on": offering.starts_on.isoformat(),
            "ends_on": offering.ends_on.isoformat(),
        },
        "issuer": services.centre_name(),
        "issued_at": certificate.issued_at.isoformat(),
        "verify_url": credentials.verify_url(certificate.code),
    }
    if certificate.status == CertificateStatus.REVOKED:
        view["revoked"] = {
            "at": certificate.revoked_at.isoformat(),
            "reason": certificate.revocation_reason,
        }
    if certificate.status == CertificateStatus.REPLACED and certificate.replaced_by:
        view["replaced_by"] = {
            "serial": certificate.replaced_by.serial,
            "verify_url": credentials.verify_url(certificate.replaced_by.code),
            "at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        }
    return view


@bp.route("/verify", methods=["GET"])
@limiter.limit(_verify_limit)
def lookup():
    """Find a certificate by its serial number and the holder's family name."""
    form = LookupForm(request.args)
    searched = bool(request.args)
    if searched and form.validate():
        certificate = db.session.scalar(
            select(Certificate).where(Certificate.serial == form.serial.data.strip().upper())
        )
        if certificate is not None and _family_matches(certificate, form.family_name.data):
            return redirect(url_for("certificates.verify", code=certificate.code))
        return render_template("certificates/lookup.html", form=form, not_found=True), 404
    return render_template("certificates/lookup.html", form=form, not_found=False)


def _family_matches(certificate: Certificate, family: str) -> bool:
    wanted = "".join(family.split()).casefold()
    if not wanted:
        return False
    latin = [w.casefold() for w in certificate.holder_name_latin.replace("-", " ").split()]
    native = certificate.holder_name_native.strip()
    native_words = [w.casefold() for w in native.split()]
    return (
        wanted in latin
        or wanted in native_words
        or native.casefold().startswith(wanted)  # CJK names: the family name comes first
    )


@bp.route("/verify/<code:code>")
@limiter.limit(_verify_limit)
def verify(code: str):
    certificate = _by_code(code)
    if certificate is None:
        return render_template("certificates/not_found.html"), 404
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        view=public_view(certificate),
        status_titles=STATUS_TITLES,
        reason_titles=REASON_TITLES,
        locale=locale_code(),
    )


@bp.route("/verify/<code:code>.json")
@limiter.limit(_verify_limit)
def verify_json(code: str):
    certificate = _by_code(code)
    if certificate is None:
        return jsonify(error="not found", status=404), 404
    response = jsonify(public_view(certificate))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/.well-known/did.json")
def did_document():
    if keys.uses_did_key():
        abort(404)  # a loopback issuer uses did:key, which needs no document
    response = jsonify(keys.did_document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/certificates/status/<int:list_id>")
def status_list(list_id: int):
    document = credentials.status_list_credential(list_id)
    if document is None:
        abort(404)
    response = Response(json.dumps(document, ensure_ascii=False), mimetype="application/vc+ld+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


# Holder and staff downloads ------------------------------------------------------------------


def _downloadable(certificate_id: int) -> Certificate:
    if not current_user.is_authenticated:
        abort(401)
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not access.can_download(current_user, certificate):
        abort(404)
    return certificate


def _login_first():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    return None


@bp.route("/certificates/<int:certificate_id>.pdf")
def download_pdf(certificate_id: int):
    if (response := _login_first()) is not None:
        return response
    certificate = _downloadable(certificate_id)
    data = services.ensure_pdf(certificate)  # kept: the unit of work commits after the answer
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{certificate.serial}.pdf"'},
    )


@bp.route("/certificates/<int:certificate_id>.json")
def download_credential(certificate_id: int):
    if (response := _login_first()) is not None:
        return response
    certificate = _downloadable(certificate_id)
    return Response(
        certificate.credential,
        mimetype="application/vc+ld+json",
        headers={"Content-Disposition": f'attachment; filename="{certificate.serial}.json"'},
    )


# Staff ------------------------------------------------------------------------------------------


@bp.route("/staff/offerings/<int:offering_id>/certificates")
@role_required(*STAFF)
def offering_certificates(offering_id: int):
    """Completed participants of an offering and their certificates; issue one or all."""
    offering = load_or_404(Offering, offering_id)
    page = paginate_rows(
        queries.completed_participants(offering_id), request.args.get("page"), PER_PAGE
    )
    return render_template(
        "certificates/offering.html",
        offering=offering,
        page=page,
        missing=queries.count_without_certificate(offering_id) if page.total else 0,
        locale=locale_code(),
    )


@bp.route("/staff/enrolments/<int:enrolment_id>/certificate", methods=["POST"])
@role_required(*STAFF)
def issue(enrolment_id: int):
    enrolment = load_or_404(Enrolment, enrolment_id)
    back = url_for("certificates.offering_certificates", offering_id=enrolment.offering_id)
    on_refusal_return_to(back)
    certificate = services.issue(current_user, enrolment_id)  # its PDF: at first download
    flash(_("Certificate %(serial)s issued.", serial=certificate.serial), "success")
    return redirect(back)


@bp.route("/staff/offerings/<int:offering_id>/certificates/issue-all", methods=["POST"])
@role_required(*STAFF)
def bulk_issue(offering_id: int):
    load_or_404(Offering, offering_id)
    record = start_tracked_job(
        "certificates.bulk_issue",
        "app.certificates.jobs.bulk_issue",
        current_user,
        offering_id=offering_id,
        actor_id=current_user.id,
    )
    record_event(
        current_user, "certificate.bulk_issue_started", record, after={"offering_id": offering_id}
    )
    return redirect(url_for("notifications.show_job", job_id=record.id))


@bp.route("/staff/offerings/<int:offering_id>/certificates/zip", methods=["POST"])
@role_required(*STAFF)
def build_zip(offering_id: int):
    load_or_404(Offering, offering_id)
    record = start_tracked_job(
        zip_kind(offering_id),
        "app.certificates.jobs.build_zip",
        current_user,
        offering_id=offering_id,
    )
    return redirect(url_for("notifications.show_job", job_id=record.id))


def _chunks(stream, size: int = 256 * 1024):
    with stream:
        while chunk := stream.read(size):
            yield chunk


@bp.route("/staff/offerings/<int:offering_id>/certificates.zip")
@role_required(*STAFF)
def download_zip(offering_id: int):

    archive = latest_zip(offering_id)
    stream = files.open_stream(archive.storage_key) if archive else None
    if stream is None:
        abort(404)
    return Response(
        _chunks(stream),
        mimetype="application/zip",
        headers={
            "Content-Length": str(archive.size),
            "Content-Disposition": (
                f'attachment; filename="certificates-offering-{offering_id}.zip"'
            ),
        },
    )


@bp.route("/staff/certificates/<int:certificate_id>")
@role_required(*STAFF)
def show(certificate_id: int):
    certificate = load_or_404(
        Certificate, certificate_id, options=[joinedload(Certificate.replaced_by)]
    )
    return render_template(
        "certificates/show.html",
        certificate=certificate,
        revoke_form=RevokeForm(),
        reissue_form=ReissueForm(),
        status_titles=STATUS_TITLES,
        reason_titles=REASON_TITLES,
    )


@bp.route("/staff/certificates/<int:certificate_id>/revoke", methods=["POST"])
@role_required(*STAFF)
def revoke(certificate_id: int):
    back = url_for("certificates.show", certificate_id=certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Please choose a reason."), "error")
        return redirect(back)
    on_refusal_return_to(back)
    services.revoke(current_user, certificate_id, form.reason.data, form.note.data or "")
    flash(_("The certificate is revoked."), "success")
    return redirect(back)


@bp.route("/staff/certificates/<int:certificate_id>/reissue", methods=["POST"])
@role_required(*STAFF)
def reissue(certificate_id: int):
    back = url_for("certificates.show", certificate_id=certificate_id)
    form = ReissueForm()
    on_refusal_return_to(back)
    new = services.reissue(current_user, certificate_id, form.note.data or "")  # PDF: later
    flash(_("Certificate %(serial)s issued.", serial=new.serial), "success")
    return redirect(url_for("certificates.show", certificate_id=new.id))


def _register_filters() -> dict:
    """The register's filters from the query string, as the list, its count and its CSV
    share them."""
    return {
        "q": (request.args.get("q") or "").strip(),
        "city": (request.args.get("city") or "").strip(),
        "status": request.args.get("status") or "",
        "offering_id": request.args.get("offering", type=int),
    }


@bp.route("/staff/certificates")
@role_required(*STAFF)
def register():
    filters = _register_filters()
    page = paginate(
        queries.register_statement(**filters),
        request.args.get("page"),
        PER_PAGE,
        ordered_by_index=True,
        counted_by=queries.register_count(**filters),
    )
    return render_template(
        "certificates/register.html",
        page=page,
        status_titles=STATUS_TITLES,
        statuses=list(CertificateStatus),
        locale=locale_code(),
    )


@bp.route("/staff/certificates.csv")
@role_required(*STAFF)
def register_csv():
    return csv_response(queries.register_rows(**_register_filters()), "certificates.csv")


@bp.route("/staff/certificates/settings", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_settings():
    row = services.settings()
    form = SettingsForm(obj=row)
    if form.validate_on_submit():
        upload = form.signature.data
        signature = upload.read() if upload and getattr(upload, "filename", "") else None
        with refusal_shown_on(form.signature) as outcome:
            services.change_settings(
                current_user,
                centre_name=form.centre_name.data,
                officer_name=form.officer_name.data or "",
                officer_title=form.officer_title.data or "",
                signature_png=signature,
            )
        if not outcome.refused:
            flash(_("The certificate settings are saved."), "success")
            return redirect(url_for("certificates.edit_settings"))
    # The settings row, created on first visit, is kept by the unit of work.
    return render_template("certificates/settings.html", form=form, row=row)
