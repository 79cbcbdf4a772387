"""The reduced copies of the Noto CJK faces (app/certificates/fonts.py): they hold what
certificates print, carry their own family name, and a character outside a copy's national
character set is still printed, by the full Noto face, embedded and extractable."""

from __future__ import annotations

import io
import subprocess

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from app.certificates import fonts, services
from tests.certificates.test_pdf import ARTIFACTS

PRINTED = {
    "TC": "陳美玲城市氣候融資結業證書茲證明",
    "SC": "王伟城市气候融资结业证书兹证明",
    "JP": "佐藤花子都市の気候ファイナンス修了証書",
    "KR": "김민준도시기후금융수료증",
}


def test_each_copy_holds_what_certificates_print():
    for region, text in PRINTED.items():
        keep = set(fonts._codepoints(region))
        for character in text + "Jane Smith, Chen Mei-ling · 12.5 – KCC-2026-000001:/":
            assert ord(character) in keep, (region, character)


def test_copies_are_made_once_under_their_own_family_name(app):
    with app.app_context():
        for kind, weight in fonts.FACES.items():
            path = fonts._reduced_copy(kind, "KR", weight)
            made = path.stat().st_mtime_ns
            assert fonts._reduced_copy(kind, "KR", weight) == path
            assert path.stat().st_mtime_ns == made  # kept, not made again
            with TTFont(path, lazy=True) as font:
                assert font["name"].getDebugName(1) == fonts.family(kind, "KR")
                assert "Noto" not in font["name"].getDebugName(4)
                assert 5_000 < font["maxp"].numGlyphs < 25_000  # the full face has 65,535


def test_a_character_outside_the_national_set_is_printed_by_the_full_face(
    db, staff, completed_enrolment, tmp_path
):
    name = "陳堃"  # 堃 is not in Big5: the full Noto face draws it
    enrolment = completed_enrolment("zh_Hant_TW", name_native=name)
    certificate = services.issue(staff, enrolment.id, notify_holder=False)
    db.session.commit()
    data = services.ensure_pdf(certificate)
    text = "".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert name in text

    path = tmp_path / "rare.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]
    names = " ".join(row.split()[0] for row in rows)
    assert "KCC-Serif-TC" in names and "Noto-Serif-CJK-TC" in names, listing.stdout
    assert all(row.split()[-5:-3] == ["yes", "yes"] for row in rows), listing.stdout

    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # for a person to look at
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(path), str(ARTIFACTS / "rare")],
        check=True,
    )
