"""Certificates and a person's own data: the download lists them; closing the account keeps
them verifiable with the name they were issued with; the home page counts those in force."""

from __future__ import annotations

import json
from datetime import date, timedelta

from app.accounts import personal_data
from app.certificates import services
from app.core.db import load_parts
from tests.factories import sign_in


def test_closed_account_keeps_its_certificates_verifiable(
    app, db, staff, completed_enrolment, create_offering
):
    over = date.today() - timedelta(days=30)
    finished = create_offering(
        titles={"en": ("Climate finance for cities", ""), "ko": ("도시 기후 금융", "")},
        kind="workshop",
        starts_on=over,
        ends_on=over + timedelta(days=2),
    )
    enrolment = completed_enrolment("ko", offering=finished)
    holder = load_parts(enrolment, "user").user
    certificate = services.issue(staff, enrolment.id)
    db.session.commit()
    client = app.test_client()
    sign_in(client, holder)
    data = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    assert [c["serial"] for c in data["certificates"]] == [certificate.serial]
    assert data["certificates"][0]["verification_url"].endswith(f"/verify/{certificate.code}")

    personal_data.close_account(holder)
    db.session.commit()
    db.session.refresh(holder)
    assert holder.name_native == ""
    db.session.refresh(enrolment)
    assert enrolment.status == "enrolled"  # the record of a finished offering stays
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "김민준" in page  # the name it was issued with
    assert certificate.status == "valid"


def test_home_page_reach_counts_certificates_in_force(app, db, staff, completed_enrolment):
    first = services.issue(staff, completed_enrolment().id)
    services.issue(staff, completed_enrolment().id)
    db.session.commit()
    services.revoke(staff, first.id, "issued_in_error", "")
    db.session.commit()
    html = app.test_client().get("/").get_data(as_text=True)
    assert "Certificates issued</dt><dd>1</dd>" in html
