"""Certificates of completion, their per-year serial counters, signing keys' status lists and
the issuing officer's settings. Nothing here is ever deleted: a certificate is revoked or
replaced, and keeps its serial."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.extensions import db


class CertificateStatus(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    REPLACED = "replaced"  # re-issued: a newer certificate takes its place

    @property
    def title(self) -> str:
        return str(STATUS_TITLES[self])


STATUS_TITLES = {
    CertificateStatus.VALID: _l("Valid"),
    CertificateStatus.REVOKED: _l("Revoked"),
    CertificateStatus.REPLACED: _l("Replaced"),
}


class RevocationReason(enum.StrEnum):
    ISSUED_IN_ERROR = "issued_in_error"
    DETAILS_CORRECTED = "details_corrected"
    COMPLETION_WITHDRAWN = "completion_withdrawn"
    OTHER = "other"

    @property
    def title(self) -> str:
        return str(REASON_TITLES[self])


REASON_TITLES = {
    RevocationReason.ISSUED_IN_ERROR: _l("Issued in error"),
    RevocationReason.DETAILS_CORRECTED: _l("Details corrected (re-issued)"),
    RevocationReason.COMPLETION_WITHDRAWN: _l("Completion withdrawn"),
    RevocationReason.OTHER: _l("Other reason"),
}


class SerialCounter(db.Model):
    """The last serial number given in a year; moved by one atomic UPDATE in the same
    transaction as the certificate, so a rolled-back issue leaves no gap."""

    __tablename__ = "certificate_serial_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class StatusList(db.Model):
    """One Bitstring Status List per signing key; its signed credential is kept and re-signed
    whenever a certificate on it is revoked or replaced."""

    __tablename__ = "certificate_status_lists"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    key_number: Mapped[int]
    next_index: Mapped[int] = mapped_column(default=0)
    credential: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime | None]


class CertificateSettings(db.Model):
    """What every certificate prints about its issuer; one row, edited by staff."""

    __tablename__ = "certificate_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_name: Mapped[str] = mapped_column(String(200), default="ICLEI Kaohsiung Capacity Centre")
    officer_name: Mapped[str] = mapped_column(String(120), default="")
    officer_title: Mapped[str] = mapped_column(String(160), default="")
    # A PNG of the officer's signature: its key in the storage (certificates/files.py).
    signature_key: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        # Never two valid certificates for one enrolment, whatever the code does.
        Index(
            "uq_certificates_one_valid_per_enrolment",
            "enrolment_id",
            unique=True,
            sqlite_where=text("status = 'valid'"),
            postgresql_where=text("status = 'valid'"),
        ),
        Index("ix_certificates_offering_status", "offering_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20), unique=True)  # KCC-2026-000123
    year: Mapped[int]
    number: Mapped[int]
    # Unguessable code of the public verification page (160 bits, Crockford base32).
    code: Mapped[str] = mapped_column(String(40), unique=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="RESTRICT"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id", ondelete="RESTRICT"))
    # The holder and course as printed, kept as they were on the day of issue.
    holder_name_native: Mapped[str] = mapped_column(String(120))
    holder_name_latin: Mapped[str] = mapped_column(String(120))
    holder_locale: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    attended_minutes: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default=CertificateStatus.VALID)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str] = mapped_column(String(32), default="")
    revocation_note: Mapped[str] = mapped_column(String(500), default="")
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="RESTRICT")
    )
    # The signed Open Badges 3.0 credential (JSON) and its place on a status list.
    credential: Mapped[str] = mapped_column(Text, default="")
    status_list_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate_status_lists.id", ondelete="RESTRICT")
    )
    status_index: Mapped[int | None]
    # The rendered PDF's key in the storage (certificates/files.py); None until first needed.
    pdf_key: Mapped[str | None] = mapped_column(String(200))

    # A certificate keeps the holder's name as printed; the person's row is loaded only where it
    # is needed: joined by the register (with the city), fetched for the notice to the holder.
    # The queries that read these name them (a lazy load in the register would be one
    # statement a row), so reading one unloaded raises.
    user = relationship("User", foreign_keys=[user_id], lazy="raise_on_sql")
    offering = relationship("Offering", lazy="raise_on_sql")
    replaced_by = relationship("Certificate", remote_side=[id], lazy="raise_on_sql")

    def __repr__(self) -> str:
        return f"<Certificate {self.serial} {self.status}>"

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


class CertificateZip(db.Model):
    """A ZIP of an offering's valid certificates' PDFs, built by a job and kept in the
    storage under its content hash; the newest one of an offering is the one downloaded."""

    __tablename__ = "certificate_zips"

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    storage_key: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(default=0)
    certificates: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<CertificateZip {self.id} offering={self.offering_id} {self.certificates}>"
