"""Staff and admin pages in a real browser: the audit log reads as words and fits a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, serious_violations
from tests.browser.test_journeys import sign_in_browser
from tests.browser.timeouts import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("locale", "width"), [("ja", 390), ("en", 1366), ("ko", 768)])
def test_audit_log_reads_as_words_and_fits(chromium, live_server, create_user, locale, width):
    admin = create_user(roles=("admin", "staff"), locale=locale, name_native="管理者花子")
    official = create_user(name_native="陳美玲", name_latin="Chen Mei-ling")
    context = chromium.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in_browser(page, admin)
    page.goto(f"/staff/users/{official.id}")
    page.locator("input[name=instructor]").check()
    page.locator("form[action$='/roles'] [type=submit]").click()
    page.wait_for_load_state("load")
    page.goto("/staff/audit")
    table = page.locator("table.audit-table").inner_text()
    assert "陳美玲" in table and "LocalProxy" not in table and "{" not in table
    assert "→" in table
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    screenshot(page, f"audit-log-{locale}-{width}")
    assert scroll <= client
    assert serious_violations(page) == []
    context.close()
