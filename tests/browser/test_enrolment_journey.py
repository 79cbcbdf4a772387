"""The last seat, the waitlist and the promotion, seen by two officials in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, serious_violations
from tests.browser.test_journeys import sign_in_browser
from tests.browser.timeouts import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser


def test_last_seat_waitlist_and_promotion(
    chromium, live_server, db, create_user, create_offering, mailbox
):
    offering = create_offering(
        capacity=1,
        sessions=2,
        titles={"en": ("Resilience clinic", "One seat only"), "ko": ("회복력 클리닉", "한 자리")},
    )
    first = create_user(locale="en", name_latin="First Official")
    second = create_user(locale="ko", name_latin="Second Official")
    pages = {}
    for person in (first, second):
        context = chromium.new_context(base_url=live_server)
        page = context.new_page()
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        sign_in_browser(page, person)
        pages[person.id] = (context, page)

    first_page = pages[first.id][1]
    first_page.goto(f"/offerings/{offering.id}")
    first_page.locator(".enrol-box button[type=submit]").click()
    first_page.wait_for_load_state("load")
    assert "enrolled" in first_page.locator(".enrol-box").inner_text().lower()
    screenshot(first_page, "enrol-01-first-enrolled")

    second_page = pages[second.id][1]
    second_page.goto(f"/offerings/{offering.id}")
    second_page.locator(".enrol-box button[type=submit]").click()  # "Join the waitlist"
    second_page.wait_for_load_state("load")
    box = second_page.locator(".enrol-box").inner_text()
    from flask_babel import force_locale, gettext

    with force_locale("ko"):  # inside the test's application context (the db fixture)
        assert gettext("position %(position)d", position=1) in box  # first in line
    screenshot(second_page, "enrol-02-second-waitlisted-ko")
    assert serious_violations(second_page) == []

    first_page.goto(f"/offerings/{offering.id}")
    first_page.locator(".enrol-box form[action*='/cancel'] button").click()
    first_page.wait_for_load_state("load")
    screenshot(first_page, "enrol-025-first-asked-to-confirm")
    assert serious_violations(first_page) == []
    first_page.locator("main form[action*='/cancel'] button[type=submit]").click()  # "Yes, ..."
    first_page.wait_for_load_state("load")

    second_page.goto("/my")
    current = second_page.locator("#current-heading + table").inner_text()
    assert "회복력 클리닉" in current
    assert second_page.locator("#upcoming-heading ~ table tbody tr").count() == 2
    screenshot(second_page, "enrol-03-second-promoted-dashboard-ko")
    assert serious_violations(second_page) == []
    promoted = mailbox.wait_for(
        second.email,
        lambda m: any(p.get_content_type() == "text/calendar" for p in m.iter_attachments()),
    )
    assert promoted["Content-Language"] == "ko"
    for context, _ in pages.values():
        context.close()
