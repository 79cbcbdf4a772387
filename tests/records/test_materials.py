"""Materials: upload checks, hostile uploads, access before download, versions, openings.

Every test here runs on a local folder and on a real S3-compatible server (moto on loopback),
on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEvent
from app.core.db import load_parts, utcnow
from app.enrolment.models import Enrolment
from app.records.materials.models import Material, MaterialOpening, MaterialVersion
from app.records.materials.progress import required_materials_opened
from tests.factories import csrf_token, sign_in

LIMIT = 256 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def app(app_factory, storage_url):
    return app_factory(STORAGE_URL=storage_url, MATERIAL_MAX_BYTES=LIMIT)


@pytest.fixture
def course(create_user, create_offering):
    """An offering with its instructor, an enrolled official, a module and a session."""
    instructor = create_user(roles=("instructor",))
    offering = create_offering(instructors=[instructor], modules=1, sessions=1)
    return offering, instructor


def enrol(db, user, offering, status="enrolled") -> Enrolment:
    enrolment = Enrolment(user_id=user.id, offering_id=offering.id, status=status)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def upload(client, offering, filename, body, **fields):
    path = f"/offerings/{offering.id}/materials/new"
    data = {
        "csrf_token": csrf_token(client, path),
        "title_en": fields.pop("title", "Reading"),
        "kind": "file",
        "visibility": fields.pop("visibility", "enrolled"),
        "file": (io.BytesIO(body), filename),
        **fields,
    }
    return client.post(path, data=data, content_type="multipart/form-data")


def stored_files(app) -> list[str]:
    """Keys of every file kept by the app's storage."""
    with app.app_context():
        from app.core.storage import LocalStorage, get_storage

        storage = get_storage()
        if isinstance(storage, LocalStorage):
            return sorted(
                name
                for _, _, names in os.walk(storage.root)
                for name in names
                if not name.startswith(".upload-")
            )
        answer = storage.client.list_objects_v2(Bucket=storage.bucket)
        return sorted(item["Key"].rsplit("/", 1)[-1] for item in answer.get("Contents", []))


def only_material(db) -> Material:
    db.session.expire_all()
    return db.session.scalars(select(Material)).one()


def test_instructor_uploads_and_an_enrolled_official_downloads_safely(app, db, course, create_user):
    """The file is kept under its hash and served only as an attachment, with nosniff and a
    sandboxing CSP; the official's first opening of a required material is recorded."""
    offering, instructor = course
    official = create_user()
    enrolment = enrol(db, official, offering)
    response = upload(signed_in(app, instructor), offering, "guide.pdf", PDF, is_required="y")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    material = only_material(db)
    assert stored_files(app) == [hashlib.sha256(PDF).hexdigest()]
    assert required_materials_opened(offering.id, [enrolment.id]) == {enrolment.id: False}

    reader = signed_in(app, official)
    answer = reader.get(f"/offerings/{offering.id}/materials/{material.id}/open")
    assert answer.status_code == 200
    assert answer.data == PDF
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert "guide.pdf" in answer.headers["Content-Disposition"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    directives = {d.strip() for d in answer.headers["Content-Security-Policy"].split(";")}
    assert directives == {"sandbox", "default-src 'none'"}
    assert "no-store" in answer.headers["Cache-Control"]
    assert db.session.scalar(select(func.count(MaterialOpening.id))) == 1
    assert required_materials_opened(offering.id, [enrolment.id]) == {enrolment.id: True}
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "material.added" in actions


def test_html_renamed_pdf_is_refused_and_nothing_is_stored(app, db, course):
    """E1: the content must agree with the extension (magic bytes)."""
    offering, instructor = course
    body = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
    response = upload(signed_in(app, instructor), offering, "evil.pdf", body)
    assert response.status_code == 400
    assert "does not match its name" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Material.id))) == 0
    assert stored_files(app) == []


@pytest.mark.parametrize(
    ("filename", "body"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("a.pdf.html", PDF),
        ("run.exe", b"MZ\x90\x00" + bytes(200)),
        ("noextension", PDF),
    ],
)
def test_types_outside_the_allowlist_are_refused(app, db, course, filename, body):
    """SVG (script inside), HTML, executables and names without an allowed extension."""
    offering, instructor = course
    response = upload(signed_in(app, instructor), offering, filename, body)
    assert response.status_code == 400
    assert "not accepted" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Material.id))) == 0
    assert stored_files(app) == []


def test_zero_byte_file_is_refused(app, db, course):
    offering, instructor = course
    response = upload(signed_in(app, instructor), offering, "empty.pdf", b"")
    assert response.status_code == 400
    assert "The file is empty." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Material.id))) == 0


def test_fake_office_document_is_refused(app, db, course):
    """A ZIP that is not a Word document does not pass as .docx; a real one does."""
    offering, instructor = course
    client = signed_in(app, instructor)
    fake = io.BytesIO()
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    assert upload(client, offering, "report.docx", fake.getvalue()).status_code == 400
    real = io.BytesIO()
    with zipfile.ZipFile(real, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert upload(client, offering, "report.docx", real.getvalue()).status_code == 302
    version = db.session.scalars(select(MaterialVersion)).one()
    assert version.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("../../app/config.pdf", "config.pdf"),
        # the multipart parser reads backslashes as quoted-string escapes and drops them
        ("..\\..\\windows\\win.pdf", "windowswin.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        # the parser takes the injected filename* as the name: it is only a name
        ("a\"; filename*=UTF-8''evil.pdf", "evil.pdf"),
    ],
)
def test_hostile_names_never_reach_a_path_or_a_header(app, db, course, create_user, raw, kept):
    """E3/E4: the name is metadata only (the key is the hash); the download header is encoded,
    with no injected header."""
    offering, instructor = course
    client = signed_in(app, instructor)
    assert upload(client, offering, raw, PDF).status_code == 302
    version = db.session.scalars(select(MaterialVersion)).one()
    assert version.filename == kept
    assert version.storage_key == hashlib.sha256(PDF).hexdigest()
    assert stored_files(app) == [version.storage_key]
    answer = client.get(f"/offerings/{offering.id}/materials/{version.material_id}/open")
    assert answer.status_code == 200
    assert "X-Injected" not in answer.headers
    disposition = answer.headers["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.count("filename*=") <= 1


def test_cjk_and_emoji_names_download_with_rfc5987_filename(app, db, course, create_user):
    """E4: names in Chinese, Japanese or Korean (and emoji) survive as filename*=UTF-8''."""
    offering, instructor = course
    name = "高雄 氣候調適 계획 資料 📄.pdf"
    client = signed_in(app, instructor)
    assert upload(client, offering, name, PDF).status_code == 302
    material = only_material(db)
    official = create_user()
    enrol(db, official, offering)
    answer = signed_in(app, official).get(f"/offerings/{offering.id}/materials/{material.id}/open")
    disposition = answer.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    assert disposition.isascii()


def test_oversized_body_gets_the_translated_413_page_before_anything_is_stored(app, db, course):
    """D11: a body over the limit is refused with 413 in the reader's language; nothing kept."""
    offering, instructor = course
    instructor.locale = "ja"
    db.session.commit()
    client = signed_in(app, instructor)
    path = f"/offerings/{offering.id}/materials/new"
    # The body is built by hand: the test client's own encoder spools a large body to a
    # temporary file that it leaves open when the app (rightly) does not read it.
    boundary = "kcc-boundary"
    fields = {"csrf_token": csrf_token(client, path), "title_en": "Big", "kind": "file"}
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body += PDF + bytes(LIMIT + 300 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    response = client.post(
        path, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert 'lang="ja"' in html
    assert "The upload is too large" not in html  # translated
    assert db.session.scalar(select(func.count(Material.id))) == 0
    assert stored_files(app) == []


def test_file_just_over_the_limit_is_refused_by_the_check(app, db, course):
    """Within the multipart allowance but over the file limit: refused with a message."""
    offering, instructor = course
    response = upload(signed_in(app, instructor), offering, "big.pdf", PDF + bytes(LIMIT))
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Material.id))) == 0
    assert stored_files(app) == []


def test_upload_limit_is_its_own_not_the_site_wide_one(app_factory, db, storage_url, course):
    """A material may be larger than the site-wide body limit (forms stay small elsewhere)."""
    app = app_factory(
        STORAGE_URL=storage_url, MATERIAL_MAX_BYTES=LIMIT, MAX_CONTENT_LENGTH=64 * 1024
    )
    offering, instructor = course
    body = PDF + bytes(128 * 1024)
    response = upload(signed_in(app, instructor), offering, "larger.pdf", body)
    assert response.status_code == 302
    assert only_material(db).version == 1


def test_default_limit_is_fifty_megabytes():
    from config import Config

    assert Config.MATERIAL_MAX_BYTES == 50 * 1024 * 1024


def test_only_instructors_of_the_offering_and_staff_upload(
    app, db, course, create_user, create_offering
):
    """A participant (enrolled elsewhere or here) and another offering's instructor cannot
    upload a PDF to this offering."""
    offering, _instructor = course
    other_offering = create_offering()
    participant = create_user()
    enrol(db, participant, other_offering)
    enrol(db, create_user(), offering)
    other_instructor = create_user(roles=("instructor",))
    create_offering(instructors=[other_instructor])
    for person in (participant, other_instructor):
        response = upload(signed_in(app, person), offering, "mine.pdf", PDF)
        assert response.status_code == 403
    assert db.session.scalar(select(func.count(Material.id))) == 0
    staff = create_user(roles=("staff",))
    assert upload(signed_in(app, staff), offering, "staff.pdf", PDF).status_code == 302


def test_downloads_need_enrolment_and_release(app, db, course, create_user):
    """A non-participant, an anonymous visitor and a waitlisted person get 404 for an
    enrolled-only material; before its release time even an enrolled official does; its
    instructor can always open it."""
    offering, instructor = course
    teacher = signed_in(app, instructor)
    release = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert upload(teacher, offering, "later.pdf", PDF, release_local=release).status_code == 302
    material = only_material(db)
    url = f"/offerings/{offering.id}/materials/{material.id}/open"
    enrolled = create_user()
    enrol(db, enrolled, offering)
    waiting = create_user()
    enrol(db, waiting, offering, status="waitlisted")
    assert app.test_client().get(url).status_code == 404
    assert signed_in(app, create_user()).get(url).status_code == 404
    assert signed_in(app, waiting).get(url).status_code == 404
    enrolled_client = signed_in(app, enrolled)
    assert enrolled_client.get(url).status_code == 404
    assert teacher.get(url).status_code == 200

    material.release_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert enrolled_client.get(url).status_code == 200
    assert signed_in(app, waiting).get(url).status_code == 404
    listing = enrolled_client.get(f"/offerings/{offering.id}/materials").get_data(as_text=True)
    assert "Reading" in listing


def test_public_material_opens_for_anyone_and_shows_on_the_offering_page(app, db, course):
    offering, instructor = course
    response = upload(
        signed_in(app, instructor), offering, "open.pdf", PDF, visibility="public", title="Flyer"
    )
    assert response.status_code == 302
    material = only_material(db)
    visitor = app.test_client()
    assert visitor.get(f"/offerings/{offering.id}/materials/{material.id}/open").data == PDF
    page = visitor.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Flyer" in page and "open.pdf" in page


def test_material_of_another_offering_is_not_found_through_this_one(
    app, db, course, create_offering, create_user
):
    """The material id is checked against the offering in the address."""
    offering, instructor = course
    upload(signed_in(app, instructor), offering, "x.pdf", PDF, visibility="public")
    material = only_material(db)
    other = create_offering()
    staff = signed_in(app, create_user(roles=("staff",)))
    assert staff.get(f"/offerings/{other.id}/materials/{material.id}/open").status_code == 404
    assert staff.get(f"/offerings/{other.id}/materials/{material.id}/edit").status_code == 404


def test_module_or_session_of_another_offering_is_refused(app, db, course, create_offering):
    """C3: every id in the form is checked against the offering's scope."""
    offering, instructor = course
    other = create_offering(modules=1, sessions=1)
    client = signed_in(app, instructor)
    for value in (
        f"module:{load_parts(other, 'modules').modules[0].id}",
        f"session:{load_parts(other, 'sessions').sessions[0].id}",
    ):
        response = upload(client, offering, "x.pdf", PDF, attach_to=value)
        assert response.status_code == 400
    assert db.session.scalar(select(func.count(Material.id))) == 0
    response = upload(
        client,
        offering,
        "x.pdf",
        PDF,
        attach_to=f"module:{load_parts(offering, 'modules').modules[0].id}",
        visibility="public",
    )
    assert response.status_code == 302
    assert only_material(db).module_id == load_parts(offering, "modules").modules[0].id
    listing = app.test_client().get(f"/offerings/{offering.id}/materials")
    assert "Module: Module 1" in listing.get_data(as_text=True)


def test_replace_keeps_versions_and_restore_brings_one_back(app, db, course, create_user):
    """Participants get the newest version; the instructor sees and restores earlier ones;
    each step is in the audit log."""
    offering, instructor = course
    client = signed_in(app, instructor)
    upload(client, offering, "v1.pdf", PDF)
    material = only_material(db)
    edit = f"/offerings/{offering.id}/materials/{material.id}/edit"
    second = PDF + b"% second\n"
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token(client, edit),
            "title_en": "Reading",
            "visibility": "enrolled",
            "file": (io.BytesIO(second), "v2.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    official = create_user()
    enrol(db, official, offering)
    reader = signed_in(app, official)
    url = f"/offerings/{offering.id}/materials/{material.id}/open"
    assert reader.get(url).data == second
    assert reader.get(url + "?version=1").data == second  # only managers choose a version
    assert client.get(url + "?version=1").data == PDF
    page = client.get(edit).get_data(as_text=True)
    assert "v1.pdf" in page and "v2.pdf" in page
    # The release time's zone as people name it, not the database's key.
    assert "Taiwan Time (GMT+8)" in page and "Asia/Taipei" not in page.split("<main")[1]

    response = client.post(
        f"/offerings/{offering.id}/materials/{material.id}/restore",
        data={"csrf_token": csrf_token(client, edit), "version": "1"},
    )
    assert response.status_code == 302
    assert reader.get(url).data == PDF
    db.session.expire_all()
    versions = db.session.scalars(select(MaterialVersion).order_by(MaterialVersion.number)).all()
    assert [(v.number, v.filename, v.restored_from) for v in versions] == [
        (1, "v1.pdf", None),
        (2, "v2.pdf", None),
        (3, "v1.pdf", 1),
    ]
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == ["material.changed", "material.replaced", "material.restored"] or (
        actions[-2:] == ["material.replaced", "material.restored"]
    )


def test_withdrawn_material_is_hidden_from_participants(app, db, course, create_user):
    offering, instructor = course
    client = signed_in(app, instructor)
    upload(client, offering, "x.pdf", PDF, title="Old slides")
    material = only_material(db)
    official = create_user()
    enrol(db, official, offering)
    reader = signed_in(app, official)
    url = f"/offerings/{offering.id}/materials/{material.id}/open"
    assert reader.get(url).status_code == 200
    manage = f"/offerings/{offering.id}/materials/manage"
    response = client.post(
        f"/offerings/{offering.id}/materials/{material.id}/withdraw",
        data={"csrf_token": csrf_token(client, manage), "withdrawn": "1"},
    )
    assert response.status_code == 302
    assert reader.get(url).status_code == 404
    assert "Old slides" not in reader.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert client.get(url).status_code == 200
    listing = client.get(manage).get_data(as_text=True)
    assert "Old slides" in listing and "Withdrawn" in listing and "Make available again" in listing
    assert "material.withdrawn" in db.session.scalars(select(AuditEvent.action)).all()


def test_html_content_that_slipped_through_is_still_served_inert(app, db, course, create_user):
    """E2: even a stored HTML body (a validator bug simulated by inserting the row) is sent as
    an attachment with nosniff and a sandboxing CSP, never as a page of the site."""
    offering, _instructor = course
    body = b"<html><script>alert(document.domain)</script></html>"
    with app.app_context():
        from app.core.storage import get_storage

        key = get_storage().put(io.BytesIO(body)).key
    material = Material(
        offering_id=offering.id, kind="file", titles={"en": "x"}, visibility="public", version=1
    )
    db.session.add(material)
    db.session.flush()
    db.session.add(
        MaterialVersion(
            material_id=material.id,
            number=1,
            storage_key=key,
            filename="a\"; filename*=UTF-8''evil.html\r\nX-Injected: 1",
            content_type="application/pdf",
            size=len(body),
        )
    )
    db.session.commit()
    answer = app.test_client().get(f"/offerings/{offering.id}/materials/{material.id}/open")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in answer.headers["Content-Security-Policy"]
    assert not answer.headers["Content-Type"].startswith("text/html")
    disposition = answer.headers["Content-Disposition"]
    assert "X-Injected" not in answer.headers
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.count("filename*=") == 1  # the stored name is encoded, not spliced in
    assert "evil.html" not in disposition.split("filename*=")[0].replace('\\"', "")


def test_link_material_redirects_and_records_the_opening(app, db, course, create_user):
    offering, instructor = course
    client = signed_in(app, instructor)
    path = f"/offerings/{offering.id}/materials/new"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "title_en": "Toolkit",
            "kind": "link",
            "url": "https://iclei.org/toolkit",
            "visibility": "enrolled",
            "is_required": "y",
        },
    )
    assert response.status_code == 302
    material = only_material(db)
    official = create_user()
    enrolment = enrol(db, official, offering)
    from app.records.signals import record_changed

    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    record_changed.connect(listener)
    try:
        reader = signed_in(app, official)
        url = f"/offerings/{offering.id}/materials/{material.id}/open"
        answer = reader.get(url)
        assert answer.status_code == 302
        assert answer.headers["Location"] == "https://iclei.org/toolkit"
        reader.get(url)  # a second opening is not a new record
    finally:
        record_changed.disconnect(listener)
    assert received == [{"offering_id": offering.id, "enrolment_ids": [enrolment.id]}]
    assert required_materials_opened(offering.id, [enrolment.id]) == {enrolment.id: True}


def test_javascript_links_are_refused(app, db, course):
    offering, instructor = course
    client = signed_in(app, instructor)
    path = f"/offerings/{offering.id}/materials/new"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "title_en": "x",
            "kind": "link",
            "url": "javascript:alert(1)",
            "visibility": "public",
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Material.id))) == 0


def test_required_materials_opened_counts_only_required_released_ones(app, db, course, create_user):
    """True when none is required; withdrawn and unreleased required ones do not count."""
    offering, _ = course
    people = [create_user() for _ in range(2)]
    enrolments = [enrol(db, p, offering) for p in people]
    ids = [e.id for e in enrolments]
    with app.app_context():
        assert required_materials_opened(offering.id, ids) == dict.fromkeys(ids, True)
    required = Material(
        offering_id=offering.id,
        kind="link",
        titles={"en": "a"},
        url="https://a.example",
        is_required=True,
    )
    later = Material(
        offering_id=offering.id,
        kind="link",
        titles={"en": "b"},
        url="https://b.example",
        is_required=True,
        release_at=utcnow() + timedelta(days=1),
    )
    optional = Material(
        offering_id=offering.id, kind="link", titles={"en": "c"}, url="https://c.example"
    )
    db.session.add_all([required, later, optional])
    db.session.commit()
    db.session.add(MaterialOpening(material_id=required.id, user_id=people[0].id))
    db.session.add(MaterialOpening(material_id=optional.id, user_id=people[1].id))
    db.session.commit()
    assert required_materials_opened(offering.id, ids) == {ids[0]: True, ids[1]: False}


def test_material_list_uses_a_fixed_number_of_statements(
    app, db, course, create_user, count_queries
):
    """The participants' list costs the same with 3 materials as with 30."""
    offering, _ = course
    official = create_user()
    enrol(db, official, offering)
    reader = signed_in(app, official)
    url = f"/offerings/{offering.id}/materials"

    def add(n):
        for i in range(n):
            db.session.add(
                Material(
                    offering_id=offering.id,
                    kind="link",
                    titles={"en": f"Link {i}"},
                    url="https://example.org",
                )
            )
        db.session.commit()

    add(3)
    reader.get(url)
    with count_queries() as small:
        assert reader.get(url).status_code == 200
    add(27)
    with count_queries() as large:
        page = reader.get(url)
    assert page.get_data(as_text=True).count("Link ") == 30
    assert len(small) == len(large)
    assert len(large) <= 6, "\n".join(s[:150] for s in large)


def test_the_readers_list_shows_each_material_in_their_language(app, db, course, create_user):
    """Title in the reader's language (else the offering's fallback), a file's name and size or
    "link", the session it belongs to, and the required tag as this reader stands."""
    offering, instructor = course
    session = load_parts(offering, "sessions").sessions[0]
    response = upload(
        signed_in(app, instructor),
        offering,
        "agenda.pdf",
        PDF,
        title="Agenda",
        attach_to=f"session:{session.id}",
    )
    assert response.status_code == 302
    link = Material(
        offering_id=offering.id,
        kind="link",
        titles={"en": "Toolkit", "ko": "도구 모음"},
        url="https://iclei.org/toolkit",
        is_required=True,
    )
    db.session.add(link)
    db.session.commit()
    official, other = create_user(locale="ko"), create_user()
    enrol(db, official, offering)
    enrol(db, other, offering)
    reader = signed_in(app, official)

    def listing(client) -> str:
        html = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
        return html[html.index('<ul class="material-list">') :].split("</ul>")[0]

    shown = listing(reader)
    assert "Agenda" in shown and f"(agenda.pdf, {round(len(PDF) / 1024, 1)} KB)" in shown
    session_title = session.titles.get("ko") or session.titles[offering.fallback_locale]
    assert f"회차: {session_title}" in shown
    assert "도구 모음" in shown and "Toolkit" not in shown
    assert 'rel="noopener noreferrer">도구 모음' in shown
    assert "필수: 아직 열람하지 않음" in shown
    assert "tag-warning" in shown and "tag-success" not in shown

    assert reader.get(f"/offerings/{offering.id}/materials/{link.id}/open").status_code == 302
    assert "tag-success" in listing(reader) and "tag-warning" not in listing(reader)
    assert "tag-warning" in listing(signed_in(app, other))  # the other reader has not opened it
