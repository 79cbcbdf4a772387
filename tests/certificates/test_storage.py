"""Certificates' files (PDFs, the signature image, ZIPs) go through the platform's storage
(``STORAGE_URL``, here a local folder apart from ``STORAGE_DIR``), under content-hash keys."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
import segno
from sqlalchemy import select

from app.certificates import services
from app.certificates.models import CertificateZip
from app.core.storage import LocalStorage
from tests.factories import csrf_token, sign_in


@pytest.fixture
def cert_settings(tmp_path):
    return {
        "CREDENTIAL_KEY_DIR": str(tmp_path / "keys"),
        "STORAGE_DIR": str(tmp_path / "old-folder"),
        "STORAGE_URL": f"file://{tmp_path / 'storage'}",
    }


def stored(tmp_path, key: str) -> bytes:
    return Path(LocalStorage(str(tmp_path / "storage")).path(key)).read_bytes()


def test_pdf_signature_and_zip_are_kept_in_the_storage(
    app, db, staff, completed_enrolment, create_offering, tmp_path
):
    """Guards the storage seam: with the old ``_store`` (files under STORAGE_DIR) every
    assertion on the STORAGE_URL folder fails."""
    client = app.test_client()
    sign_in(client, staff)
    png = io.BytesIO()
    segno.make("signature").save(png, kind="png", scale=4)
    response = client.post(
        "/staff/certificates/settings",
        data={
            "csrf_token": csrf_token(client, "/staff/certificates/settings"),
            "centre_name": "ICLEI Kaohsiung Capacity Centre",
            "officer_name": "Lin Mei-hua",
            "officer_title": "Director",
            "signature": (io.BytesIO(png.getvalue()), "signature.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    signature_key = services.settings().signature_key
    assert signature_key == hashlib.sha256(png.getvalue()).hexdigest()
    assert stored(tmp_path, signature_key) == png.getvalue()

    offering = create_offering(titles={"en": ("Stored", "")})
    certificate = services.issue(
        staff, completed_enrolment("ko", offering=offering).id, notify_holder=False
    )
    db.session.commit()
    data = services.ensure_pdf(certificate)
    db.session.commit()
    assert certificate.pdf_key == hashlib.sha256(data).hexdigest()
    assert stored(tmp_path, certificate.pdf_key) == data
    download = client.get(f"/certificates/{certificate.id}.pdf")
    assert download.status_code == 200 and download.data == data

    response = client.post(
        f"/staff/offerings/{offering.id}/certificates/zip",
        data={"csrf_token": csrf_token(client, f"/staff/offerings/{offering.id}/certificates")},
    )
    assert response.status_code == 302
    archive_row = db.session.scalar(select(CertificateZip))
    assert archive_row.offering_id == offering.id and archive_row.certificates == 1
    download = client.get(f"/staff/offerings/{offering.id}/certificates.zip")
    assert download.status_code == 200
    assert download.data == stored(tmp_path, archive_row.storage_key)
    assert len(download.data) == archive_row.size
    assert zipfile.ZipFile(io.BytesIO(download.data)).namelist() == [f"{certificate.serial}.pdf"]
    assert not (tmp_path / "old-folder").exists()  # nothing beside the storage


def test_pdf_kept_under_the_old_layout_is_read_and_moved(db, staff, completed_enrolment, tmp_path):
    """A PDF stored before the storage interface (``certificates/ab/<sha256>.pdf`` under
    STORAGE_DIR) is served as it is (not rendered again) and stored under its new key."""
    certificate = services.issue(staff, completed_enrolment("en").id, notify_holder=False)
    db.session.commit()
    old = b"%PDF-1.7 kept before the storage interface"
    digest = hashlib.sha256(old).hexdigest()
    legacy = f"certificates/{digest[:2]}/{digest}.pdf"
    path = tmp_path / "old-folder" / legacy
    path.parent.mkdir(parents=True)
    path.write_bytes(old)
    certificate.pdf_key = legacy
    db.session.commit()
    assert services.ensure_pdf(certificate) == old
    db.session.commit()
    assert certificate.pdf_key == digest and stored(tmp_path, digest) == old
