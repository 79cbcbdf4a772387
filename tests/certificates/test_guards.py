"""Tests that fail when the rules they guard break (issue 11): a withdrawn completion and the
certificate, revocation seen by third parties (the verify JSON and the signed status list),
and serial numbers across a year boundary. Each docstring names the mutation it was checked
against."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.certificates import keys, services, signing
from app.certificates.credentials import check_credential
from app.certificates.jobs import eligible_without_certificate
from app.certificates.models import Certificate, CertificateStatus
from app.records.completion import services as completion


def test_completion_flipped_back_by_an_override(db, staff, completed_enrolment):
    """An override to "not completed" stops every new certificate for the enrolment (issue,
    re-issue, bulk); the one already issued stays valid until staff revoke it with "completion
    withdrawn" (revocation is their decision); completed again, it gets the next serial.
    Caught: removing the completion check from ``issue`` or from ``reissue``."""
    enrolment = completed_enrolment("ko")
    first = services.issue(staff, enrolment.id, notify_holder=False)
    db.session.commit()
    completion.override(staff, enrolment, "not_completed", "Attendance sheet corrected")
    db.session.commit()
    db.session.refresh(enrolment)
    assert enrolment.completion == "not_completed"
    db.session.refresh(first)
    assert first.status == CertificateStatus.VALID
    with pytest.raises(services.NotEligible):
        services.reissue(staff, first.id, "name")
    db.session.rollback()
    assert eligible_without_certificate(enrolment.offering_id) == []

    services.revoke(staff, first.id, "completion_withdrawn")
    db.session.commit()
    with pytest.raises(services.NotEligible):
        services.issue(staff, enrolment.id, notify_holder=False)
    db.session.rollback()
    assert db.session.scalars(select(Certificate.status)).all() == ["revoked"]

    completion.override(staff, enrolment, "completed", "Make-up session attended")
    db.session.commit()
    again = services.issue(staff, enrolment.id, notify_holder=False)
    db.session.commit()
    assert again.number == first.number + 1 and again.is_valid


def test_revocation_is_public_in_the_json_and_the_signed_status_list(
    app, db, staff, completed_enrolment
):
    """After a revocation the verify JSON says "revoked", the served status list (signed,
    its proof intact) has the certificate's bit set and no other, and the offline check
    reports the credential revoked. Caught: ``revoke`` no longer re-signing the status
    list (the bit stays 0)."""
    revoked, kept = (services.issue(staff, completed_enrolment(loc).id) for loc in ("ja", "en"))
    db.session.commit()
    client = app.test_client()

    def served_bits():
        status = json.loads(revoked.credential)["credentialStatus"]
        path = status["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
        document = client.get(f"/{path}").get_json()
        signing.verify(document, keys.resolve)  # raises if the signature does not hold
        encoded = document["credentialSubject"]["encodedList"]
        return (
            signing.status_bit(encoded, revoked.status_index),
            signing.status_bit(encoded, kept.status_index),
        )

    assert served_bits() == (False, False)
    assert check_credential(json.loads(revoked.credential)) == []
    services.revoke(staff, revoked.id, "issued_in_error")
    db.session.commit()
    assert client.get(f"/verify/{revoked.code}.json").get_json()["status"] == "revoked"
    assert client.get(f"/verify/{kept.code}.json").get_json()["status"] == "valid"
    assert served_bits() == (True, False)
    assert check_credential(json.loads(revoked.credential)) == ["revoked"]
    assert check_credential(json.loads(kept.credential)) == []


def test_serials_restart_at_the_centres_new_year_without_gaps(
    app, db, staff, completed_enrolment, time_machine
):
    """Serials run on per year in the centre's time zone: 23:59 on 31 December in Taipei is
    still that year, a minute later (still 31 December in UTC) is the next; a refused issue
    uses no number in either year. Caught: the year taken in UTC."""
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    year = datetime.now(zone).year
    last_minute = datetime(year, 12, 31, 23, 59, tzinfo=zone)
    time_machine.move_to(last_minute, tick=False)
    a = services.issue(staff, completed_enrolment().id, notify_holder=False)
    b = services.issue(staff, completed_enrolment().id, notify_holder=False)
    db.session.commit()
    with pytest.raises(services.AlreadyIssued):
        services.issue(staff, b.enrolment_id)
    db.session.rollback()
    time_machine.move_to(last_minute + timedelta(minutes=1, seconds=30), tick=False)
    assert datetime.now(ZoneInfo("UTC")).day == 31  # still 31 December in UTC
    c = services.issue(staff, completed_enrolment().id, notify_holder=False)
    db.session.commit()
    with pytest.raises(services.AlreadyIssued):
        services.issue(staff, c.enrolment_id)
    db.session.rollback()
    d = services.issue(staff, completed_enrolment().id, notify_holder=False)
    db.session.commit()
    assert [x.serial for x in (a, b, c, d)] == [
        f"KCC-{year}-000001",
        f"KCC-{year}-000002",
        f"KCC-{year + 1}-000001",
        f"KCC-{year + 1}-000002",
    ]
