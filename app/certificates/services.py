"""Issuing, revoking and re-issuing certificates.

Every change starts by locking the enrolment's row with an UPDATE (PostgreSQL keeps a row lock
to the commit; SQLite takes its write lock), so two requests for one enrolment are serialised;
a partial unique index on valid certificates makes the database refuse a second one even if the
code were wrong. Serial numbers come from a per-year counter row moved by one UPDATE in the
same transaction: a rolled-back issue rolls its number back too, so serials have no gaps.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.certificates import (
    credentials,
    files,
    keys,
    notices,  # noqa: F401 (registers the notification kinds sent here)
)
from app.certificates.access import can_issue_certificates
from app.certificates.models import (
    Certificate,
    CertificateSettings,
    CertificateStatus,
    RevocationReason,
    SerialCounter,
)
from app.core.audit import record_event
from app.core.babel import lazy_gettext as _l
from app.core.db import conflict_insert, load_parts, utcnow
from app.core.errors import DomainError
from app.core.reads import read_scalar
from app.core.urls import absolute_url
from app.enrolment.models import CompletionState, Enrolment
from app.enrolment.queries import WITH_PERSON_AND_OFFERING
from app.extensions import db
from app.notifications.services import notify

# Crockford's base32: no I, L, O or U, so a code read aloud or typed is not mistaken.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 32  # 32 × 5 = 160 bits


class NotAllowed(DomainError):
    message = _l("Only centre staff can issue or revoke certificates.")


class NotEligible(DomainError):
    message = _l("A certificate can only be issued for a completed enrolment.")


class AlreadyIssued(DomainError):
    message = _l("This enrolment already has a valid certificate.")


class NotValid(DomainError):
    message = _l("This certificate is no longer valid.")


class UnknownReason(DomainError):
    message = _l("Please choose a reason.")


class NotAPng(DomainError):
    message = _l("Please choose a PNG image.")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed, read as a code: case and the look-alike letters forgiven."""
    table = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})
    return text.strip().upper().translate(table)


def insert_ignoring_duplicate(model, values: dict) -> None:
    """INSERT … ON CONFLICT DO NOTHING on either database (the row may exist already)."""
    db.session.execute(conflict_insert(db.session, model).values(**values).on_conflict_do_nothing())


def next_serials(year: int, count: int = 1) -> list[tuple[int, str]]:
    """The next ``count`` numbers of ``year`` and their serials: one atomic UPDATE of the
    counter row, in the caller's transaction (it stays locked, and is rolled back with it)."""
    last = _move_counter(year, count)
    if last is None:  # the year's first certificate
        insert_ignoring_duplicate(SerialCounter, {"year": year, "last_number": 0})
        last = _move_counter(year, count)
    return [(n, f"KCC-{year}-{n:06d}") for n in range(last - count + 1, last + 1)]


def _move_counter(year: int, count: int) -> int | None:
    return db.session.execute(
        update(SerialCounter)
        .where(SerialCounter.year == year)
        .values(last_number=SerialCounter.last_number + count)
        .returning(SerialCounter.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()


def settings() -> CertificateSettings:
    row = db.session.scalar(select(CertificateSettings).order_by(CertificateSettings.id))
    if row is None:
        row = CertificateSettings()
        db.session.add(row)
        db.session.flush()
    return row


CENTRE_NAME = select(CertificateSettings.centre_name).order_by(CertificateSettings.id).limit(1)


def centre_name() -> str:
    """The issuer's name alone (My learning's LinkedIn links, the verification page): one
    column, where ``settings()`` builds the whole row; its default before staff set one."""
    name = read_scalar(CENTRE_NAME)
    if name is None:
        return CertificateSettings.__table__.c.centre_name.default.arg
    return name


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def change_settings(
    actor,
    *,
    centre_name: str,
    officer_name: str,
    officer_title: str,
    signature_png: bytes | None = None,
) -> CertificateSettings:
    """The centre's name and the issuing officer printed on certificates issued from now on;
    a new signature image (PNG only) replaces the old one. Audited."""
    check_actor(actor)
    if signature_png is not None and not signature_png.startswith(PNG_SIGNATURE):
        raise NotAPng()
    row = settings()
    before = {"centre": row.centre_name, "officer": row.officer_name, "title": row.officer_title}
    row.centre_name = centre_name.strip()
    row.officer_name = officer_name.strip()
    row.officer_title = officer_title.strip()
    if signature_png is not None:
        row.signature_key = files.put_bytes(signature_png)
    after = {"centre": row.centre_name, "officer": row.officer_name, "title": row.officer_title}
    record_event(actor, "certificate.settings_changed", row, before=before, after=after)
    return row


def _lock_row(enrolment_id: int) -> bool:
    """Lock the enrolment's row with a no-op UPDATE; False when there is no such row."""
    result = db.session.execute(
        update(Enrolment)
        .where(Enrolment.id == enrolment_id)
        .values(attended_minutes=Enrolment.attended_minutes)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _lock_enrolment(enrolment_id: int) -> Enrolment:
    if not _lock_row(enrolment_id):
        raise NotEligible()
    return db.session.get(Enrolment, enrolment_id, populate_existing=True)


def _valid_certificate(enrolment_id: int) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.enrolment_id == enrolment_id,
            Certificate.status == CertificateStatus.VALID,
        )
    )


def _issue_year(moment: datetime) -> int:
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).year


def _new_certificates(actor, enrolments: list[Enrolment]) -> list[Certificate]:
    """Create, number and sign a certificate for each locked, eligible enrolment (their
    ``user`` and ``offering`` loaded), in this order: consecutive serials and status indexes,
    each taken for all of them by one UPDATE, and one flush."""
    now = utcnow()
    key = keys.active_key()
    centre_name = settings().centre_name  # read before the counters are locked
    list_id, first_index = credentials.allocate_status_entries(key, len(enrolments))
    year = _issue_year(now)
    # After the status list, as every issuer takes the two rows (no deadlock); both stay locked
    # to the commit, so the signing of the batch below is done one issuer at a time.
    numbers = next_serials(year, len(enrolments))
    certificates = []
    for offset, (enrolment, (number, serial)) in enumerate(zip(enrolments, numbers, strict=True)):
        person, offering = enrolment.user, enrolment.offering
        locale = person.locale or "en"
        certificate = Certificate(
            serial=serial,
            year=year,
            number=number,
            code=new_code(),
            enrolment_id=enrolment.id,
            user_id=person.id,
            offering_id=offering.id,
            holder_name_native=person.name_native or person.name_latin,
            holder_name_latin=person.name_latin or person.name_native,
            holder_locale=locale,
            title=offering.title(locale),
            title_en=offering.title("en"),
            attended_minutes=enrolment.attended_minutes or 0,
            status=CertificateStatus.VALID,
            issued_at=now,
            issued_by_id=getattr(actor, "id", None),
            status_list_id=list_id,
            status_index=first_index + offset,
        )
        certificate.credential = json.dumps(
            credentials.build_credential(certificate, offering, centre_name, key),
            ensure_ascii=False,
        )
        certificates.append(certificate)
    db.session.add_all(certificates)
    db.session.flush()
    return certificates


def check_actor(actor) -> None:
    if actor is not None and not can_issue_certificates(actor):
        raise NotAllowed()


def issue(actor, enrolment_id: int, *, notify_holder: bool = True) -> Certificate:
    """Issue a certificate for a completed enrolment (staff only; ``actor`` None for jobs
    started by staff, whose job record names them)."""
    check_actor(actor)
    enrolment = _lock_enrolment(enrolment_id)
    if enrolment.completion != CompletionState.COMPLETED:
        raise NotEligible()
    if _valid_certificate(enrolment.id) is not None:
        raise AlreadyIssued()
    load_parts(enrolment, "user", "offering")
    try:
        (certificate,) = _new_certificates(actor, [enrolment])
    except IntegrityError as error:  # the partial unique index; the caller rolls back
        raise AlreadyIssued() from error
    _record_issue(actor, certificate, notify_holder)
    return certificate


def issue_many(actor, enrolment_ids: list[int], *, notify_holder: bool = True) -> list[Certificate]:
    """``issue`` for several enrolments in the caller's transaction (the bulk job's batches):
    those no longer completed, or holding a valid certificate, are skipped. The enrolments are
    locked one by one in id order (two batches over the same ones cannot deadlock), then
    checked, numbered and signed together: one UPDATE per counter, one flush. The partial
    unique index still refuses a second valid certificate (IntegrityError: the caller rolls
    back)."""
    check_actor(actor)
    locked = [i for i in sorted(set(enrolment_ids)) if _lock_row(i)]
    if not locked:
        return []
    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.id.in_(locked))
        .options(*WITH_PERSON_AND_OFFERING)
        .order_by(Enrolment.id)
        .execution_options(populate_existing=True)
    ).all()
    holding = set(
        db.session.scalars(
            select(Certificate.enrolment_id).where(
                Certificate.enrolment_id.in_(locked),
                Certificate.status == CertificateStatus.VALID,
            )
        )
    )
    todo = [
        e for e in enrolments if e.completion == CompletionState.COMPLETED and e.id not in holding
    ]
    if not todo:
        return []
    certificates = _new_certificates(actor, todo)
    for certificate in certificates:
        _record_issue(actor, certificate, notify_holder)
    return certificates


def _record_issue(actor, certificate: Certificate, notify_holder: bool) -> None:
    record_event(actor, "certificate.issued", certificate, after=_audit_view(certificate))
    if notify_holder:
        _tell_holder(certificate)


def revoke(actor, certificate_id: int, reason: str, note: str = "") -> Certificate:
    check_actor(actor)
    if reason not in set(RevocationReason):
        raise UnknownReason()
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotValid()
    _lock_enrolment(certificate.enrolment_id)
    db.session.refresh(certificate)
    if not certificate.is_valid:
        raise NotValid()
    before = _audit_view(certificate)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = getattr(actor, "id", None)
    certificate.revocation_reason = reason
    certificate.revocation_note = note.strip()[:500]
    db.session.flush()
    credentials.sign_status_list(certificate.status_list_id)
    record_event(
        actor, "certificate.revoked", certificate, before=before, after=_audit_view(certificate)
    )
    return certificate


def reissue(actor, certificate_id: int, note: str = "") -> Certificate:
    """Replace a valid certificate by a new one (e.g. after a name correction): the old one
    says "replaced by" the new serial; its credential is marked revoked on the status list."""
    check_actor(actor)
    old = db.session.get(Certificate, certificate_id)
    if old is None:
        raise NotValid()
    enrolment = _lock_enrolment(old.enrolment_id)
    db.session.refresh(old)
    if not old.is_valid:
        raise NotValid()
    if enrolment.completion != CompletionState.COMPLETED:  # completion withdrawn: revoke it
        raise NotEligible()
    before = _audit_view(old)
    old.status = CertificateStatus.REPLACED
    old.revoked_at = utcnow()
    old.revoked_by_id = getattr(actor, "id", None)
    old.revocation_reason = RevocationReason.DETAILS_CORRECTED
    old.revocation_note = note.strip()[:500]
    db.session.flush()
    load_parts(enrolment, "user", "offering")
    (new,) = _new_certificates(actor, [enrolment])
    old.replaced_by_id = new.id
    db.session.flush()
    credentials.sign_status_list(old.status_list_id)
    record_event(
        actor,
        "certificate.reissued",
        old,
        before=before,
        after={**_audit_view(old), "replaced_by": new.serial},
    )
    record_event(
        actor, "certificate.issued", new, after={**_audit_view(new), "replaces": old.serial}
    )
    _tell_holder(new)
    return new


def _audit_view(certificate: Certificate) -> dict:
    return {
        "serial": certificate.serial,
        "status": certificate.status,
        "enrolment_id": certificate.enrolment_id,
        "reason": certificate.revocation_reason or None,
    }


def _tell_holder(certificate: Certificate) -> None:
    """In the app and by mail, in the holder's language (through the outbox)."""

    notify(
        db.session.get(User, certificate.user_id),  # at hand: the enrolment's holder
        "certificate_issued",
        link=absolute_url("enrolment.my_learning"),
        offering=certificate.title,
        serial=certificate.serial,
    )


def ensure_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF, rendered and stored (``files``: the platform's storage) the
    first time it is needed; the caller commits the key."""
    data = files.read_bytes(certificate.pdf_key)
    if data is not None:
        if not files.is_current_key(certificate.pdf_key):  # kept before the storage interface
            certificate.pdf_key = files.put_bytes(data)
        return data
    # pdf imports WeasyPrint (~0.5 s): loaded on the first rendering, not with the app
    from app.certificates.pdf import render_certificate

    data = render_certificate(load_parts(certificate, "offering"), settings())
    certificate.pdf_key = files.put_bytes(data)
    return data
