"""The public verification page, its JSON, the lookup by serial and family name."""

from __future__ import annotations

import html
import re

import pytest

from app.certificates import services
from app.core.db import load_parts
from tests.certificates.conftest import HOLDERS

VALID_WORD = {"en": "Valid", "zh_Hant_TW": "有效", "ko": "유효", "ja": "有効", "zh_Hans_CN": "有效"}


@pytest.mark.parametrize("locale", list(VALID_WORD))
def test_anyone_sees_a_valid_certificate_in_their_language(
    app, db, staff, completed_enrolment, locale
):
    """No sign-in; the status in words of the reader's language; the holder and the course."""
    certificate = services.issue(staff, completed_enrolment("ko").id)
    db.session.commit()
    client = app.test_client()
    client.set_cookie("kcc_locale", locale)
    response = client.get(f"/verify/{certificate.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert VALID_WORD[locale] in html
    assert "김민준" in html and "Kim Min-jun" in html and certificate.serial in html
    assert load_parts(certificate, "user").user.email not in html


def test_revoked_and_json_say_only_what_is_public(app, db, staff, completed_enrolment):
    certificate = services.issue(staff, completed_enrolment("zh_Hant_TW").id)
    db.session.commit()
    client = app.test_client()
    data = client.get(f"/verify/{certificate.code}.json").get_json()
    assert data["status"] == "valid" and data["serial"] == certificate.serial
    assert set(data) == {
        "serial",
        "status",
        "holder",
        "offering",
        "issuer",
        "issued_at",
        "verify_url",
    }
    assert set(data["holder"]) == {"name_native", "name_latin"}
    services.revoke(staff, certificate.id, "issued_in_error", "private note")
    db.session.commit()
    data = client.get(f"/verify/{certificate.code}.json").get_json()
    assert data["status"] == "revoked" and data["revoked"]["reason"] == "issued_in_error"
    html = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Revoked" in html and "Issued in error" in html and "private note" not in html


def test_unknown_code_and_lookup(app, db, staff, completed_enrolment):
    """Unknown code: a clear 404 page. Lookup by serial + family name leads to the page;
    a wrong family name finds nothing. Codes typed in lower case still work."""
    certificate = services.issue(staff, completed_enrolment("ja").id)
    db.session.commit()
    client = app.test_client()
    response = client.get("/verify/" + "0" * 32)
    assert response.status_code == 404
    assert "Certificate not found" in response.get_data(as_text=True)
    assert client.get("/verify/" + "0" * 32 + ".json").status_code == 404
    assert client.get(f"/verify/{certificate.code.lower()}").status_code == 200
    family = HOLDERS["ja"][2]
    response = client.get(
        "/verify", query_string={"serial": certificate.serial, "family_name": family}
    )
    assert response.status_code == 302 and certificate.code in response.headers["Location"]
    response = client.get(
        "/verify", query_string={"serial": certificate.serial.lower(), "family_name": "sato"}
    )
    assert response.status_code == 302
    response = client.get(
        "/verify", query_string={"serial": certificate.serial, "family_name": "Tanaka"}
    )
    assert response.status_code == 404


def test_verification_is_rate_limited(app_factory, cert_settings, db, staff, completed_enrolment):
    app = app_factory(CERTIFICATE_VERIFY_RATE_LIMIT="3 per minute", **cert_settings)
    client = app.test_client()
    statuses = [client.get("/verify/" + "0" * 32).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_the_issuer_is_the_centre_as_staff_named_it(app, db, staff, completed_enrolment):
    """The verification JSON and the holder's LinkedIn link name the issuer: the default name
    before staff set one (nothing written by reading it), then the name staff gave."""
    from urllib.parse import parse_qs, urlsplit

    from app.certificates.models import CertificateSettings
    from tests.factories import sign_in

    certificate = services.issue(staff, completed_enrolment("ja").id, notify_holder=False)
    db.session.execute(CertificateSettings.__table__.delete())
    db.session.commit()
    holder = app.test_client()
    sign_in(holder, load_parts(certificate, "user").user)

    def named() -> tuple[str, list[str]]:
        issuer = app.test_client().get(f"/verify/{certificate.code}.json").get_json()["issuer"]
        my = holder.get("/my").get_data(as_text=True)
        links = re.findall(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', my)
        names = [
            parse_qs(urlsplit(html.unescape(link)).query)["organizationName"][0] for link in links
        ]
        return issuer, names

    assert named() == ("ICLEI Kaohsiung Capacity Centre", ["ICLEI Kaohsiung Capacity Centre"])
    assert db.session.query(CertificateSettings).count() == 0
    services.change_settings(
        staff, centre_name=" Kaohsiung Centre ", officer_name="Lin", officer_title="Director"
    )
    db.session.commit()
    assert named() == ("Kaohsiung Centre", ["Kaohsiung Centre"])
