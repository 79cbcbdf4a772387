"""Forms with errors in a real browser: the summary takes the focus, lists the fields in the
page's order and links to something that exists; a field with an error does not move."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_journeys import sign_in_browser
from tests.browser.timeouts import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser


def test_a_failed_sign_in_after_the_skip_link_focuses_the_error_summary(page, create_user):
    user = create_user()
    page.goto("/login")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link: the address now ends in #main
    # The browser moves to the fragment after the key press returns: wait for it (a bare
    # check of page.url failed once in a whole-suite run).
    page.wait_for_url(re.compile(r"#main$"), timeout=BROWSER_TIMEOUT_MS)
    assert page.url.endswith("#main")
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill("not the password at all")
    page.locator("main form").first.get_by_role("button").click()
    page.wait_for_load_state("load")
    focused = "document.activeElement && document.activeElement.className === 'error-summary'"
    page.wait_for_function(focused, timeout=BROWSER_TIMEOUT_MS)
    page.wait_for_timeout(300)  # any late move of the focus (to the fragment) has happened
    assert page.evaluate("document.activeElement.className") == "error-summary"


def test_register_summary_follows_the_form_and_fields_do_not_shift(page, create_city):
    create_city()
    page.goto("/register")
    left_before = {
        name: page.locator(f"#{name}").bounding_box()["x"]
        for name in ("email", "password", "name_native", "department")
    }
    page.locator("main form").first.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("load")
    screenshot(page, "register-errors-en")
    links = page.locator(".error-summary a")
    targets = [links.nth(i).get_attribute("href").lstrip("#") for i in range(links.count())]
    assert targets, "the empty form has errors"
    in_page_order = page.evaluate(
        "(ids) => ids.slice().sort((a, b) => document.getElementById(a)"
        ".compareDocumentPosition(document.getElementById(b)) & 4 ? -1 : 1)",
        targets,
    )
    assert targets == in_page_order
    for name, x in left_before.items():
        assert page.locator(f"#{name}").bounding_box()["x"] == pytest.approx(x, abs=1), name


def test_new_offering_summary_links_lead_to_fields(page, create_user):
    staff = create_user(roles=("staff",))
    sign_in_browser(page, staff)
    page.goto("/manage/offerings/new")
    form = page.locator("main form").first
    form.evaluate("f => { f.noValidate = true; }")  # the server's own checks, not the browser's
    form.locator("input[type=submit], button[type=submit]").last.click()
    page.wait_for_load_state("load")
    links = page.locator(".error-summary a")
    assert links.count() > 0
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert page.locator(target).count() == 1, f"{target} is not on the page"
    screenshot(page, "new-offering-errors-en")
