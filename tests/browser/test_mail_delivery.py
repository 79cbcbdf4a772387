"""Mail asked for in Chromium is sent while the browser keeps its connection (no Redis), on the
server ``make run`` uses (Werkzeug's)."""

from __future__ import annotations

import re

import pytest

from app.notifications.models import MailStatus
from tests.browser.test_journeys import sign_in_browser
from tests.notifications import test_delivery_after_response as delivery

pytestmark = pytest.mark.browser
dev_server = delivery.dev_server


def test_a_mail_asked_for_in_chromium_is_sent_without_another_request(
    dev_server, chromium, db, create_user, mailbox
):
    user = create_user()
    context = chromium.new_context(base_url=f"http://127.0.0.1:{dev_server}", locale="en-GB")
    page = context.new_page()
    page.goto("/forgot-password")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_role("button").filter(has_text=re.compile("link", re.I)).first.click()
    page.wait_for_load_state()
    try:
        assert delivery._wait_for_status(db, user.email) == [MailStatus.SENT]
    finally:
        context.close()


def test_a_waitlist_mail_is_sent_after_the_redirect_without_another_request(
    dev_server, chromium, db, create_user, create_offering, mailbox
):
    """Joining the waitlist answers with a redirect that Chromium follows on its kept
    connection; the waitlist mail goes out with no later request."""
    offering = create_offering(capacity=1)
    first, second = create_user(), create_user(locale="ja")
    emails = (first.email, second.email)
    context = chromium.new_context(base_url=f"http://127.0.0.1:{dev_server}", locale="en-GB")
    try:
        for person in (first, second):
            page = context.new_page()
            sign_in_browser(page, person)
            page.goto(f"/offerings/{offering.id}")
            page.locator(".enrol-box button[type=submit]").click()
            page.wait_for_load_state("load")
            page.context.clear_cookies()
        for email in emails:
            assert delivery._wait_for_status(db, email) == [MailStatus.SENT], email
    finally:
        context.close()
