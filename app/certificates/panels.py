"""The person's certificates at the end of My learning (app/enrolment/panels.py), and a
certificate's status as a tag (every certificate page shows one).

Both are written here rather than in templates (a template and a macro per status): for an
official with six certificates the panel cost My learning 5.0 of its 27.4 million
instructions (its two statements, the LinkedIn links and the template); written here and
reading only the columns it shows, 4.1 (My learning 27.4 -> 26.5, bench/instructions.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlencode

from flask import Flask, g, url_for
from markupsafe import Markup, escape
from sqlalchemy import bindparam, select
from sqlalchemy.orm import load_only

from app.certificates import credentials, services
from app.certificates.models import STATUS_TITLES, Certificate, CertificateStatus
from app.core.babel import gettext as _
from app.core.formatting import format_when
from app.enrolment.panels import add_my_learning_panel
from app.extensions import db

# What the panel shows of each certificate (its signed credential, a few KB, is not read).
PERSONS_CERTIFICATES = (
    select(Certificate)
    .options(
        load_only(
            Certificate.title,
            Certificate.title_en,
            Certificate.status,
            Certificate.serial,
            Certificate.code,
            Certificate.issued_at,
        )
    )
    .where(Certificate.user_id == bindparam("user_id"))
    .order_by(Certificate.id.desc())
)

# The colour that goes with each status (the words say it too).
STATUS_TAG_CLASSES = {
    CertificateStatus.VALID: "tag-success",
    CertificateStatus.REVOKED: "tag-danger",
    CertificateStatus.REPLACED: "tag-warning",
}


def certificate_status(status: str) -> Markup:
    """The status as a coloured tag with its name in the reader's language."""
    text = escape(STATUS_TITLES.get(status, status))
    tag_class = STATUS_TAG_CLASSES.get(status, "tag-warning")
    return Markup(f'<span class="tag {tag_class}">{text}</span>')  # noqa: S704


def _centre_name() -> str:
    """The issuer's name, read once per request (My learning lists every certificate)."""
    if "certificate_centre_name" not in g:
        g.certificate_centre_name = services.centre_name()
    return g.certificate_centre_name


def linkedin_url(certificate: Certificate) -> str:
    """ "Add to profile" on LinkedIn, with the certification's fields filled in."""
    issued = certificate.issued_at
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.title_en,
        "organizationName": _centre_name(),
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": credentials.verify_url(certificate.code),
        "certId": certificate.serial,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


def _certificate_item(certificate: Certificate, labels: dict[str, str]) -> str:
    key = int(certificate.id)
    links = []
    if certificate.status == "valid":
        pdf = url_for("certificates.download_pdf", certificate_id=key)
        credential = url_for("certificates.download_credential", certificate_id=key)
        linkedin = escape(linkedin_url(certificate))
        links = [
            f'<a href="{escape(pdf)}">{labels["pdf"]}</a> ·\n    ',
            f'<a href="{escape(credential)}">{labels["credential"]}</a> ·\n    ',
            f'<a href="{linkedin}" rel="noopener" target="_blank">{labels["linkedin"]}</a> ·',
        ]
    verify = escape(url_for("certificates.verify", code=certificate.code))
    issued = escape(format_when(certificate.issued_at, "date"))
    return (
        f'<li id="certificate-{key}"><strong>{escape(certificate.title)}</strong> '
        f"{certificate_status(certificate.status)} "
        f'<span class="muted">{escape(certificate.serial)} · {issued}</span><br>\n    '
        f"{''.join(links)}\n    "
        f'<a href="{verify}">{labels["verify"]}</a></li>'
    )


def my_certificates_panel(user, now: datetime, entries: Sequence) -> Markup:
    """The person's certificates, newest first, each with its PDF, signed credential and
    LinkedIn link while it is valid, and its public verification page (one statement;
    nothing when they have none)."""
    certificates = db.session.scalars(PERSONS_CERTIFICATES, {"user_id": user.id}).all()
    if not certificates:
        return Markup("")
    labels = {
        "pdf": escape(_("Download PDF")),
        "credential": escape(_("Signed credential (JSON)")),
        "linkedin": escape(_("Add to LinkedIn profile")),
        "verify": escape(_("Public verification page")),
    }
    heading = escape(_("My certificates"))
    items = "\n  ".join(_certificate_item(certificate, labels) for certificate in certificates)
    return Markup(  # noqa: S704 (every value above is escaped)
        f'<section aria-labelledby="certificates-heading">\n'
        f'  <h2 id="certificates-heading">{heading}</h2>\n'
        f'  <ul class="plain-list">\n  {items}\n  </ul>\n'
        f"</section>\n"
    )


def register_panels(app: Flask) -> None:
    add_my_learning_panel(app, my_certificates_panel, "end")
    app.jinja_env.globals["certificate_status"] = certificate_status
