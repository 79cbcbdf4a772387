"""The PDF: bilingual text that can be extracted, every font embedded, A4 landscape.
PNG renderings are kept under test-artifacts/certificates/ for a person to look at."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.certificates import services
from app.core.db import load_parts
from tests.certificates.conftest import HOLDERS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"
ENGLISH_HEADING = "Certificate of Completion"
HEADINGS = {"zh_Hant_TW": "結業證書", "ko": "수료증", "ja": "修了証書", "zh_Hans_CN": "结业证书"}


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("locale", list(HOLDERS))
def test_certificate_pdf_in_each_language(db, staff, completed_enrolment, locale, tmp_path):
    native, latin, _family, title = HOLDERS[locale]
    certificate = services.issue(staff, completed_enrolment(locale).id, notify_holder=False)
    db.session.commit()
    data = services.ensure_pdf(certificate)
    db.session.commit()
    assert data.startswith(b"%PDF")

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4 landscape
    text = _squash(reader.pages[0].extract_text())
    for expected in (native, latin, title, "Climate finance for cities", certificate.serial):
        assert _squash(expected) in text, (expected, text[:500])
    assert _squash(ENGLISH_HEADING) in text
    if locale != "en":
        assert HEADINGS[locale] in text

    path = tmp_path / f"{locale}.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows, fonts.stdout
    for row in rows:
        columns = row.split()
        # name type [encoding] emb sub uni object ID: "emb" is the fourth column from the end.
        assert columns[-5] == "yes", f"font not embedded: {row}"
        assert columns[-4] == "yes", f"font not subset: {row}"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / f"{locale}.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(ARTIFACTS / locale)],
        check=True,
    )
    assert (ARTIFACTS / f"{locale}.png").stat().st_size > 10_000


def test_holder_and_staff_download_others_do_not(app, db, staff, create_user, completed_enrolment):
    from tests.factories import sign_in

    certificate = services.issue(staff, completed_enrolment("ko").id, notify_holder=False)
    db.session.commit()
    holder = app.test_client()
    sign_in(holder, load_parts(certificate, "user").user)
    response = holder.get(f"/certificates/{certificate.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    credential = holder.get(f"/certificates/{certificate.id}.json")
    assert credential.status_code == 200 and credential.get_json()["proof"]["proofValue"]
    stranger = app.test_client()
    sign_in(stranger, create_user())
    assert stranger.get(f"/certificates/{certificate.id}.pdf").status_code == 404
    assert stranger.get(f"/certificates/{certificate.id}.json").status_code == 404
    my = holder.get("/my").get_data(as_text=True)
    assert certificate.serial in my and "linkedin.com/profile/add" in my
