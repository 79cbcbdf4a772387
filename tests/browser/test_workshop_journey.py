"""A whole workshop in a real browser, in one journey: the instructor uploads a required
material and shows a check-in code; the official opens the material (CJK file name), checks in
with the code, writes and submits an action plan, is asked for changes, resubmits (the
instructor sees what changed) and is approved; the instructor keeps the sheet (keyboard, "mark
all present"); the official is shown as completed and publishes the plan to the library; a
staff member overrides the other participant's completion with a reason. Screenshots of the
key pages in the five languages (test-artifacts/screenshots/workshop-*), each checked with axe.
(It replaces the separate materials-and-plans and records journeys.)"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from wsgiref.simple_server import make_server

import pytest
from sqlalchemy import select

from app.core.db import load_parts
from app.enrolment.models import Enrolment
from app.records.attendance.models import AttendanceMark
from app.records.completion.models import CompletionRecord
from tests.browser.conftest import (
    QuietHandler,
    ThreadingWSGIServer,
    screenshot,
    serious_violations,
)
from tests.browser.test_journeys import sign_in_browser
from tests.browser.timeouts import BROWSER_TIMEOUT_MS
from tests.records.helpers import enrol_people

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LOCALES = ("en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN")


@pytest.fixture
def live_server(app_factory, tmp_path):
    """The live server of tests/browser/conftest.py (port 0), keeping uploads in a temporary
    folder through the storage interface."""
    server = make_server(
        "127.0.0.1", 0, None, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    base_url = f"http://localhost:{server.server_port}"
    server.set_app(app_factory(BASE_URL=base_url, STORAGE_URL=f"file://{tmp_path / 'storage'}"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def browser_page(chromium, live_server, user):
    context = chromium.new_context(
        base_url=live_server, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in_browser(page, user)
    return page


def submit(page, selector):
    page.locator(selector).click()
    page.wait_for_load_state("load")


def in_five_languages(page, name):
    """Screenshot the current page in each language and check it with axe; back to English."""
    for locale in LOCALES:
        page.locator(f".language-switcher button[value={locale}]").click()
        page.wait_for_load_state("load")
        screenshot(page, f"workshop-{name}-{locale}")
        assert serious_violations(page) == [], (name, locale)
    page.locator(".language-switcher button[value=en]").click()
    page.wait_for_load_state("load")


def test_a_whole_workshop(chromium, live_server, db, create_user, create_offering, tmp_path):
    instructor = create_user(roles=("instructor",), name_latin="Lin Chih-ming")
    staff = create_user(roles=("staff",), name_latin="Chen Staff")
    official = create_user(locale="ko", name_latin="Kim Min-ji", name_native="김민지")
    other = create_user(name_latin="Official Excused")
    workshop = create_offering(
        kind="workshop",
        sessions=1,
        instructors=[instructor],
        titles={"en": ("Heat action workshop", ""), "ko": ("폭염 대응 워크숍", "")},
    )
    session = load_parts(workshop, "sessions").sessions[0]
    now = datetime.now(UTC)
    session.starts_at, session.ends_at = now - timedelta(minutes=10), now + timedelta(minutes=50)
    db.session.commit()
    mine, theirs = enrol_people(db, workshop, [official, other])

    # The instructor uploads a material and shows a check-in code.
    teacher = browser_page(chromium, live_server, instructor)
    teacher.goto(f"/offerings/{workshop.id}/materials/new")
    teacher.locator("input[name=title_en]").fill("Heat plan template")
    source = tmp_path / "熱浪計畫 template.pdf"
    source.write_bytes(PDF)
    teacher.locator("input[name=file]").set_input_files(str(source))
    teacher.locator("input[name=is_required]").check()
    submit(teacher, "main form button[type=submit], main form input[type=submit]")
    assert "Heat plan template" in teacher.locator("main").inner_text()
    assert serious_violations(teacher) == []
    teacher.goto(f"/manage/sessions/{session.id}/check-in-code")
    teacher.get_by_role("button", name="Create a check-in code").click()
    teacher.wait_for_load_state("load")
    code = teacher.locator("#check-in-code").inner_text()
    assert len(code.replace("-", "")) >= 8 and teacher.locator(".qr svg").count() == 1
    in_five_languages(teacher, "check-in-code")

    # The official downloads it (CJK file name) and checks in with the code (the QR link).
    learner = browser_page(chromium, live_server, official)
    learner.goto(f"/offerings/{workshop.id}")
    with learner.expect_download() as download:
        learner.locator("section.records-panel").get_by_role(
            "link", name="Heat plan template"
        ).click()
    assert download.value.suggested_filename == "熱浪計畫 template.pdf"
    learner.reload()
    assert "필수: 열람함" in learner.locator("section.records-panel").inner_text()  # opened
    learner.goto(f"/check-in?code={code}")
    assert learner.locator("input[name=code]").input_value() == code
    submit(learner, "main form button[type=submit], main form input[type=submit]")
    assert learner.locator(".flash-success").count() == 1

    # Writes and submits an action plan.
    learner.goto(f"/offerings/{workshop.id}/plan")
    assert serious_violations(learner) == []
    learner.locator("input[name=title]").fill("Cool roofs for schools")
    learner.locator("select[name=topic]").select_option("resilience")
    learner.locator("textarea[name=goals]").fill("Cool every classroom below 30 °C by 2028.")
    learner.locator("input[name='actions-0-action']").fill("Paint 40 school roofs white")
    learner.locator("input[name='actions-0-budget']").fill("NT$ 4 million")
    submit(learner, "input[name=send]")

    # The instructor asks for changes; the official resubmits; the instructor approves.
    teacher.goto(f"/offerings/{workshop.id}/plans")
    teacher.get_by_role("link", name="Cool roofs for schools").click()
    teacher.wait_for_load_state("load")
    teacher.get_by_label("Request changes").check()
    teacher.locator("textarea[name=body]").fill("Please add the cost of maintenance.")
    submit(teacher, "main form input[name=submit]")
    learner.reload()
    assert "Please add the cost of maintenance." in learner.locator("main").inner_text()
    learner.locator("input[name='actions-0-budget']").fill("NT$ 4.6 million incl. maintenance")
    submit(learner, "input[name=send]")
    teacher.reload()
    assert "maintenance" in " ".join(teacher.locator("dl.plan-diff ins").all_inner_texts())
    in_five_languages(teacher, "plan-review")
    teacher.get_by_label("Approve", exact=True).check()
    submit(teacher, "main form input[name=submit]")

    # The sheet: the other participant excused (keyboard within the radio group), the rest
    # marked present in one go; the official's check-in is kept.
    teacher.goto(f"/manage/sessions/{session.id}/attendance")
    assert teacher.locator(f"input[name='mark-{mine.id}'][value=present]").is_checked()
    teacher.locator(f"input[name='mark-{theirs.id}'][value=absent]").check()
    teacher.locator(f"input[name='mark-{theirs.id}'][value=absent]").focus()
    teacher.keyboard.press("ArrowRight")
    assert teacher.locator(f"input[name='mark-{theirs.id}'][value=excused]").is_checked()
    teacher.get_by_role("button", name="Mark all present").click()
    teacher.wait_for_load_state("load")
    assert serious_violations(teacher) == []

    # The official is completed: present at the only session, plan approved; the plan goes
    # to the public library with their consent.
    learner.goto(f"/offerings/{workshop.id}")
    assert "수료: 수료" in learner.locator("section.progress-box").inner_text()  # completed
    in_five_languages(learner, "offering-progress")
    learner.goto(f"/offerings/{workshop.id}/plan")
    learner.locator("input[name=consent]").check()
    submit(learner, "form[action$='/plan/consent'] input[type=submit]")
    learner.goto("/action-plans")
    assert "Cool roofs for schools" in learner.locator("main").inner_text()
    db.session.expire_all()
    assert db.session.get(Enrolment, mine.id).completion == "completed"
    marks = {
        m.enrolment_id: (m.status, m.source)
        for m in db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.session_id == session.id)
        )
    }
    assert marks == {mine.id: ("present", "check_in"), theirs.id: ("excused", "instructor")}

    # A staff member overrides the other participant's completion, with a reason.
    office = browser_page(chromium, live_server, staff)
    office.goto(f"/manage/offerings/{workshop.id}/records")
    office.get_by_role("link", name=f"Override {other.name_latin}").click()
    office.wait_for_load_state("load")
    office.get_by_label("Completed", exact=True).check()
    office.get_by_label("Reason").fill("Presented the city's plan at the closing session")
    office.get_by_role("button", name="Save the decision").click()
    office.wait_for_load_state("load")
    assert "Presented the city's plan at the closing session" in office.locator("main").inner_text()
    office.goto(f"/manage/offerings/{workshop.id}/records")
    in_five_languages(office, "records-view")
    db.session.expire_all()
    record = db.session.get(CompletionRecord, theirs.id)
    assert (record.override_state, record.override_by_id) == ("completed", staff.id)
    assert db.session.get(Enrolment, theirs.id).completion == "completed"
    for page in (teacher, learner, office):
        page.context.close()
