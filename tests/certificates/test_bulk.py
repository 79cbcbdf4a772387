"""Bulk issue and the ZIP of PDFs as tracked background jobs; the holder's mail."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from app.certificates import services
from app.certificates.jobs import bulk_issue, eligible_without_certificate
from app.certificates.models import Certificate, CertificateStatus
from app.core.db import load_parts
from app.core.jobs import JobRecord
from tests.factories import csrf_token, sign_in


def test_bulk_issue_job_issues_each_completed_participant_once(
    app, db, staff, completed_enrolment, create_offering
):
    """Progress is recorded; those who did not complete, and those who already hold a valid
    certificate, get none; running the job again issues nothing more."""
    offering = create_offering(titles={"en": ("Bulk", "")})
    done = [completed_enrolment(loc, offering=offering) for loc in ("en", "ko", "ja", "en")]
    completed_enrolment("en", offering=offering, completion="not_completed")
    first = services.issue(staff, done[0].id, notify_holder=False)
    db.session.commit()

    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/staff/offerings/{offering.id}/certificates")
    response = client.post(
        f"/staff/offerings/{offering.id}/certificates/issue-all", data={"csrf_token": token}
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    progress = client.get(response.headers["Location"], headers={"Accept": "application/json"})
    assert progress.get_json()["status"] == "done"
    assert progress.get_json()["done"] == progress.get_json()["total"] == 3

    db.session.expire_all()
    rows = db.session.scalars(select(Certificate).order_by(Certificate.number)).all()
    assert [r.enrolment_id for r in rows] == [e.id for e in done]
    assert [r.number for r in rows] == [1, 2, 3, 4] and rows[0].id == first.id
    assert not any(r.pdf_key for r in rows)  # PDFs are rendered when first downloaded

    record = JobRecord(kind="certificates.bulk_issue", total=0)
    db.session.add(record)
    db.session.commit()
    assert bulk_issue(record.id, offering.id, staff.id) == 0  # safe to run twice
    assert eligible_without_certificate(offering.id) == []
    assert len(db.session.scalars(select(Certificate)).all()) == 4


def test_zip_of_an_offerings_pdfs(app, db, staff, completed_enrolment, create_offering):
    offering = create_offering(titles={"en": ("Zipped", "")})
    issued = [
        services.issue(staff, completed_enrolment(loc, offering=offering).id, notify_holder=False)
        for loc in ("ko", "zh_Hant_TW")
    ]
    db.session.commit()
    services.revoke(staff, issued[1].id, "issued_in_error")
    db.session.commit()
    client = app.test_client()
    sign_in(client, staff)
    assert client.get(f"/staff/offerings/{offering.id}/certificates.zip").status_code == 404
    token = csrf_token(client, f"/staff/offerings/{offering.id}/certificates")
    response = client.post(
        f"/staff/offerings/{offering.id}/certificates/zip", data={"csrf_token": token}
    )
    assert response.status_code == 302
    download = client.get(f"/staff/offerings/{offering.id}/certificates.zip")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert archive.namelist() == [f"{issued[0].serial}.pdf"]  # valid ones only
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")


def test_holder_gets_a_mail_in_their_language(app, db, staff, completed_enrolment, mailbox):
    enrolment = completed_enrolment("ko")
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/staff/offerings/{enrolment.offering_id}/certificates")
    client.post(f"/staff/enrolments/{enrolment.id}/certificate", data={"csrf_token": token})
    certificate = db.session.scalar(select(Certificate))
    assert certificate.status == CertificateStatus.VALID
    mail = mailbox.wait_for(load_parts(enrolment, "user").user.email)
    assert mail["Subject"] == "KCC Academy: 증명서가 발급되었습니다"
    body = mailbox.text_of(mail)
    assert certificate.serial in body and "도시 기후 금융" in body
    assert "/my" in mailbox.link_in(mail, "/my")


def test_settings_print_on_the_certificate(app, db, staff, completed_enrolment):
    """Staff set the officer's name and title and a signature image; the PDF shows them."""
    import segno
    from pypdf import PdfReader

    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, "/staff/certificates/settings")
    png = io.BytesIO()
    segno.make("signature").save(png, kind="png", scale=4)
    response = client.post(
        "/staff/certificates/settings",
        data={
            "csrf_token": token,
            "centre_name": "ICLEI Kaohsiung Capacity Centre",
            "officer_name": "Lin Mei-hua",
            "officer_title": "Director",
            "signature": (io.BytesIO(png.getvalue()), "signature.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    certificate = services.issue(staff, completed_enrolment("en").id, notify_holder=False)
    db.session.commit()
    data = services.ensure_pdf(certificate)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Lin Mei-hua" in text and "Director" in text
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data


def test_a_signature_that_is_not_a_png_is_refused_and_changes_nothing(app, db, staff):
    """The form comes back with the reason on the signature field; the officer's name and the
    stored signature stay as they were."""
    from app.certificates.models import CertificateSettings

    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, "/staff/certificates/settings")
    response = client.post(
        "/staff/certificates/settings",
        data={
            "csrf_token": token,
            "centre_name": "Changed centre",
            "officer_name": "Somebody Else",
            "officer_title": "Director",
            "signature": (io.BytesIO(b"GIF89a not a png"), "signature.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Please choose a PNG image." in response.get_data(as_text=True)
    db.session.expire_all()
    row = db.session.scalar(select(CertificateSettings))
    assert row.officer_name != "Somebody Else" and row.centre_name != "Changed centre"
    assert not row.signature_key
