"""Issuing, revoking and re-issuing certificates: who may, when, and what is kept."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.certificates import queries, services
from app.certificates.models import Certificate, CertificateStatus
from app.cities.models import City
from app.core.audit import AuditEvent
from app.core.db import load_parts
from tests.factories import csrf_token, sign_in

SERIAL = re.compile(r"^KCC-\d{4}-\d{6}$")


def _issue_over_http(client, enrolment):
    token = csrf_token(client, f"/staff/offerings/{enrolment.offering_id}/certificates")
    return client.post(f"/staff/enrolments/{enrolment.id}/certificate", data={"csrf_token": token})


def test_staff_issue_a_numbered_signed_certificate(app, db, staff, completed_enrolment):
    """Staff issue one for a completed enrolment: serial, unguessable code, credential, audit
    row, and the PDF on its first download; a second request gives no second certificate."""
    enrolment = completed_enrolment("ko")
    client = app.test_client()
    sign_in(client, staff)
    assert _issue_over_http(client, enrolment).status_code == 302
    assert _issue_over_http(client, enrolment).status_code == 302  # refused with a message

    rows = db.session.scalars(select(Certificate)).all()
    assert len(rows) == 1
    certificate = rows[0]
    assert SERIAL.match(certificate.serial) and certificate.number == 1
    assert re.fullmatch(f"[{services.CODE_ALPHABET}]{{32}}", certificate.code)
    assert certificate.holder_name_native == "김민준" and certificate.title == "도시 기후 금융"
    assert certificate.issued_by_id == staff.id
    assert certificate.pdf_key is None  # rendered when first downloaded, not in the request
    assert '"OpenBadgeCredential"' in certificate.credential
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("certificate.issued") == 1
    pdf = client.get(f"/certificates/{certificate.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    db.session.refresh(certificate)
    assert certificate.pdf_key
    assert client.get(f"/certificates/{certificate.id}.pdf").data == pdf.data  # stored once


def test_only_completed_enrolments_and_only_staff(app, db, create_user, completed_enrolment):
    """Not completed: refused. An official (even the holder) cannot issue."""
    unfinished = completed_enrolment(completion="not_completed")
    with pytest.raises(services.NotEligible):
        services.issue(create_user(roles=("staff",)), unfinished.id)
    db.session.rollback()
    done = completed_enrolment()
    with pytest.raises(services.NotAllowed):
        services.issue(create_user(), done.id)
    db.session.rollback()
    client = app.test_client()
    sign_in(client, load_parts(done, "user").user)
    response = client.post(
        f"/staff/enrolments/{done.id}/certificate", data={"csrf_token": csrf_token(client, "/my")}
    )
    assert response.status_code == 403
    assert db.session.scalars(select(Certificate)).all() == []


def test_the_database_refuses_two_valid_certificates(db, staff, completed_enrolment):
    """The partial unique index holds even if the service's check were skipped."""
    certificate = services.issue(staff, completed_enrolment().id)
    db.session.commit()
    twin = Certificate(
        **{
            c.key: getattr(certificate, c.key)
            for c in Certificate.__table__.columns
            if c.key not in ("id", "serial", "code", "number")
        },
        serial="KCC-1999-000001",
        code="X" * 32,
        number=1,
    )
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    # A revoked one does not count: a new valid one may follow it.
    services.revoke(staff, certificate.id, "issued_in_error")
    db.session.commit()
    again = services.issue(staff, certificate.enrolment_id, notify_holder=False)
    db.session.commit()
    assert again.number == 2


def test_serials_run_on_per_year_without_gaps(db, staff, completed_enrolment):
    """A refused issue (rolled back) uses no number."""
    first = services.issue(staff, completed_enrolment().id)
    db.session.commit()
    with pytest.raises(services.AlreadyIssued):
        services.issue(staff, first.enrolment_id)
    db.session.rollback()
    second = services.issue(staff, completed_enrolment().id)
    db.session.commit()
    assert (first.number, second.number) == (1, 2)
    assert second.serial == f"KCC-{second.year}-000002"


def test_revoke_and_reissue_keep_everything(app, db, staff, completed_enrolment):
    """Re-issue: the old one is "replaced" and points at the new serial; revoke records a
    reason; nothing is deleted; every step is audited."""
    enrolment = completed_enrolment("ja")
    old = services.issue(staff, enrolment.id)
    db.session.commit()
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/staff/certificates/{old.id}")
    response = client.post(
        f"/staff/certificates/{old.id}/reissue", data={"csrf_token": token, "note": "name"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    new = db.session.scalar(select(Certificate).where(Certificate.id != old.id))
    old = db.session.get(Certificate, old.id)
    assert old.status == CertificateStatus.REPLACED and old.replaced_by_id == new.id
    assert new.status == CertificateStatus.VALID and new.number == old.number + 1

    page = client.get(f"/verify/{old.code}").get_data(as_text=True)
    assert new.serial in page

    response = client.post(
        f"/staff/certificates/{new.id}/revoke",
        data={"csrf_token": token, "reason": "completion_withdrawn", "note": "checked again"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    new = db.session.get(Certificate, new.id)
    assert new.status == CertificateStatus.REVOKED
    assert new.revocation_reason == "completion_withdrawn" and new.revoked_by_id == staff.id
    assert len(db.session.scalars(select(Certificate)).all()) == 2
    actions = sorted(db.session.scalars(select(AuditEvent.action)).all())
    assert actions == [
        "certificate.issued",
        "certificate.issued",
        "certificate.reissued",
        "certificate.revoked",
    ]


def test_staff_register_searches_and_exports(app, db, staff, completed_enrolment):
    """Search by serial, name and status; the CSV has the same rows."""
    a = services.issue(staff, completed_enrolment("ko").id)
    b = services.issue(staff, completed_enrolment("zh_Hant_TW").id)
    db.session.commit()
    services.revoke(staff, b.id, "issued_in_error")
    db.session.commit()
    client = app.test_client()
    sign_in(client, staff)
    html = client.get("/staff/certificates?q=김민준").get_data(as_text=True)
    assert a.serial in html and b.serial not in html
    html = client.get(f"/staff/certificates?q={b.serial}").get_data(as_text=True)
    assert b.serial in html and a.serial not in html
    html = client.get("/staff/certificates?status=revoked").get_data(as_text=True)
    assert b.serial in html and a.serial not in html
    csv_text = client.get("/staff/certificates.csv").get_data(as_text=True)
    assert a.serial in csv_text and b.serial in csv_text and "revoked" in csv_text


def test_register_csv_defuses_every_formula_start(app, db, staff, completed_enrolment):
    """The register's CSV follows the platform's one spreadsheet rule (core/spreadsheet.py):
    a cell starting with = + - @, a tab or a carriage return gets an apostrophe."""
    certificate = services.issue(staff, completed_enrolment("en").id, notify_holder=False)
    certificate.title_en = "\t=HYPERLINK(1)"
    certificate.holder_name_latin = "=cmd|' /C calc'!A0"
    db.session.commit()
    client = app.test_client()
    sign_in(client, staff)
    csv_text = client.get("/staff/certificates.csv").get_data(as_text=True)
    assert "'\t=HYPERLINK(1)" in csv_text
    assert "'=cmd|" in csv_text


def test_the_register_export_reads_holders_and_cities_in_the_same_statements(
    app, db, staff, completed_enrolment, count_queries
):
    """The holder and their city are joined in the register's statement (Certificate.user
    never loads on its own), so more certificates from more cities cost no more statements."""
    client = app.test_client()
    sign_in(client, staff)

    def export() -> tuple[int, str]:
        with count_queries() as statements:
            text = client.get("/staff/certificates.csv").get_data(as_text=True)
        return len(statements), text

    for locale in ("ko", "ja"):
        services.issue(staff, completed_enrolment(locale).id)
    db.session.commit()
    few, text = export()
    assert text.count("KCC-") == 2
    for locale in ("en", "zh_Hant_TW", "zh_Hans_CN"):
        services.issue(staff, completed_enrolment(locale).id)
    db.session.commit()
    more, text = export()
    assert text.count("KCC-") == 5
    assert more == few


def test_register_count_matches_its_list_under_every_filter(app, db, staff, completed_enrolment):
    """The register is counted from the certificates alone (joined with cities only for the
    city filter): the same number as its list, whatever the filters."""
    a = services.issue(staff, completed_enrolment("ko").id)
    b = services.issue(staff, completed_enrolment("zh_Hant_TW").id)
    db.session.commit()
    services.revoke(staff, b.id, "issued_in_error")
    db.session.commit()
    holder_city = db.session.get(City, db.session.get(User, a.user_id).city_id)
    city_word = holder_city.names["en"][:3]
    for filters in (
        {},
        {"status": "revoked"},
        {"q": a.serial},
        {"q": "김민준"},
        {"city": city_word},
        {"city": "no such city"},
        {"offering_id": a.offering_id, "status": "valid"},
    ):
        listed = db.session.scalars(queries.register_statement(**filters)).unique().all()
        assert db.session.scalar(queries.register_count(**filters)) == len(listed), filters
    assert db.session.scalar(queries.register_count(city=city_word)) >= 1
    assert db.session.scalar(queries.register_count(status="revoked")) == 1


def test_register_csv_rows_hold_every_column(app, db, staff, completed_enrolment):
    """One row a certificate, newest first: the holder's city and the offering in English,
    times in ISO 8601, the revocation's reason and the serial that replaced it."""
    import csv
    import io

    old = services.issue(staff, completed_enrolment("ko").id)
    db.session.commit()
    new = services.reissue(staff, old.id)
    db.session.commit()
    services.revoke(staff, new.id, "issued_in_error")
    db.session.commit()
    old, new = db.session.get(Certificate, old.id), db.session.get(Certificate, new.id)
    city = db.session.get(City, db.session.get(User, old.user_id).city_id)
    client = app.test_client()
    sign_in(client, staff)
    text = client.get("/staff/certificates.csv").get_data().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[0] == "serial" and header[-1] == "replaced_by"
    assert [row[0] for row in rows] == [new.serial, old.serial]
    by_serial = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_serial[old.serial]["status"] == "replaced"
    assert by_serial[old.serial]["replaced_by"] == new.serial
    assert by_serial[old.serial]["city"] == city.names["en"]
    assert by_serial[old.serial]["offering"] == old.title_en
    assert by_serial[old.serial]["holder_native"] == old.holder_name_native
    assert by_serial[old.serial]["issued_at"] == old.issued_at.isoformat()
    assert by_serial[new.serial]["status"] == "revoked"
    assert by_serial[new.serial]["reason"] == "issued_in_error"
    assert by_serial[new.serial]["revoked_at"] == new.revoked_at.isoformat()
    assert by_serial[new.serial]["replaced_by"] == ""
    only_revoked = client.get("/staff/certificates.csv?status=revoked").get_data(as_text=True)
    assert new.serial in only_revoked and old.serial not in only_revoked


def test_an_offerings_certificates_are_listed_a_page_at_a_time(
    app, db, staff, completed_enrolment, create_offering, count_queries, monkeypatch
):
    """The completed participants are paged (a page of 50; 2 here), the totals count them
    all, and the statements do not grow with the page."""
    from app.certificates import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    offering = create_offering(kind="workshop")
    names = ["Ahn Ji-won", "Baek Seo-yeon", "Cho Min-ho"]
    enrolments = [
        completed_enrolment("ko", offering=offering, name_latin=name, email=f"{n}@x.test")
        for n, name in enumerate(names)
    ]
    completed_enrolment("ko", offering=offering, completion="not_completed", email="no@x.test")
    services.issue(staff, enrolments[1].id)
    db.session.commit()
    client = app.test_client()
    sign_in(client, staff)
    path = f"/staff/offerings/{offering.id}/certificates"
    client.get(path)
    with count_queries() as first_statements:
        first = client.get(path).get_data(as_text=True)
    second = client.get(path + "?page=2").get_data(as_text=True)
    assert "Ahn Ji-won" in first and "Baek Seo-yeon" in first and "Cho Min-ho" not in first
    assert "Cho Min-ho" in second and "Ahn Ji-won" not in second
    assert "Participants who completed this offering: 3. Without a certificate: 2." in first
    assert f'href="{path}?page=2"' in first
    beyond = client.get(path + "?page=9").get_data(as_text=True)
    assert "There is no page 9; the list has 2." in beyond
    assert len(first_statements) <= 6
