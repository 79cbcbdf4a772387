"""Background work: bulk issue for an offering, and a ZIP of an offering's PDFs.

Both are safe to run twice (RQ delivers at least once): bulk issue skips enrolments that have a
valid certificate (the service checks under the enrolment's lock, and the database refuses a
second valid one), and the ZIP is rebuilt from what is there.
"""

from __future__ import annotations

import tempfile
import zipfile

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.certificates import files, queries, services
from app.certificates.models import Certificate, CertificateStatus, CertificateZip
from app.core.errors import DomainError
from app.core.jobs import report_progress
from app.enrolment.models import Enrolment
from app.extensions import db


def eligible_without_certificate(offering_id: int) -> list[int]:
    statement = queries.without_valid_certificate(offering_id).order_by(Enrolment.id)
    return list(db.session.scalars(statement))


# Certificates issued per transaction by the bulk job: one commit, one count of the report
# figures and one move of each counter per batch. A crash loses at most the batch under way
# (the job run again issues it); the counters' rows are held while the batch is signed.
BATCH = 10


def bulk_issue(job_id: int, offering_id: int, actor_id: int | None = None) -> int:
    """Issue a certificate to every completed participant without one, a batch per commit.
    The PDFs are not rendered here: ``services.ensure_pdf`` renders each one the first time it
    is downloaded (or put in a ZIP), so issuing is bound by the database and the signature."""
    actor = db.session.get(User, actor_id) if actor_id else None
    services.check_actor(actor)  # someone who lost the staff role meanwhile: the job fails
    todo = eligible_without_certificate(offering_id)
    report_progress(job_id, 0, len(todo))
    issued = 0
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        try:
            issued += len(services.issue_many(actor, batch))
            db.session.commit()  # the PDF is rendered when first needed (download, ZIP)
        except IntegrityError:  # a valid certificate appeared unlocked: one at a time
            db.session.rollback()
            issued += _issue_one_by_one(actor, batch)
        report_progress(job_id, start + len(batch))
    report_progress(job_id, len(todo), status="done")
    return issued


def _issue_one_by_one(actor, enrolment_ids: list[int]) -> int:
    issued = 0
    for enrolment_id in enrolment_ids:
        try:
            services.issue(actor, enrolment_id)
            db.session.commit()
            issued += 1
        except DomainError:  # issued meanwhile, or no longer completed: nothing to do
            db.session.rollback()
    return issued


def zip_kind(offering_id: int) -> str:
    return f"certificates.zip:{offering_id}"


def latest_zip(offering_id: int) -> CertificateZip | None:
    """The offering's newest ZIP."""
    return db.session.scalar(
        select(CertificateZip)
        .where(CertificateZip.offering_id == offering_id)
        .order_by(CertificateZip.id.desc())
        .limit(1)
    )


def build_zip(job_id: int, offering_id: int) -> None:
    """Every valid certificate's PDF of an offering in one ZIP (``<serial>.pdf``), written to
    a temporary file and kept in the storage (a ``CertificateZip`` row names it)."""
    certificates = db.session.scalars(
        select(Certificate)
        .where(
            Certificate.offering_id == offering_id,
            Certificate.status == CertificateStatus.VALID,
        )
        .order_by(Certificate.serial)
    ).all()
    report_progress(job_id, 0, len(certificates))
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            for done, certificate in enumerate(certificates, start=1):
                archive.writestr(f"{certificate.serial}.pdf", services.ensure_pdf(certificate))
                db.session.commit()
                if done % 10 == 0:
                    report_progress(job_id, done)
        spool.seek(0)
        key, size = files.put_stream(spool)
    db.session.add(
        CertificateZip(
            offering_id=offering_id,
            job_id=job_id,
            storage_key=key,
            size=size,
            certificates=len(certificates),
        )
    )
    db.session.commit()
    report_progress(job_id, len(certificates), status="done")
