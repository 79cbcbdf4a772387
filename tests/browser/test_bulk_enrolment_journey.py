"""Staff enrol a list of officials in a real browser: the dry run shows each line's outcome and
changes nothing; the confirmation enrols them (Japanese interface, phone-to-desktop width)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.enrolment.models import Enrolment
from tests.browser.conftest import screenshot, serious_violations
from tests.browser.test_journeys import sign_in_browser
from tests.browser.timeouts import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser


def test_csv_dry_run_then_confirm(chromium, live_server, db, create_user, create_offering):
    staff = create_user(roles=("staff",), locale="ja")
    offering = create_offering(capacity=1, titles={"en": ("Net-zero retrofits", "")})
    create_user(email="first@example.org", name_native="佐藤 花子")
    create_user(email="second@example.org", name_native="김민준")
    context = chromium.new_context(base_url=live_server, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in_browser(page, staff)
    page.goto(f"/offerings/{offering.id}/bulk")
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "list.csv",
                "mimeType": "text/csv",
                "buffer": b"email\nfirst@example.org\nsecond@example.org\nnobody@example.org\n"
                b"not-an-address\n",
            }
        ]
    )
    page.locator("form[enctype] [type=submit]").click()
    page.wait_for_load_state("load")
    table = page.locator("main table").inner_text()
    assert "佐藤 花子" in table and "김민준" in table and "nobody@example.org" in table
    assert "5" in page.locator(".error-summary").inner_text()  # line 5 is not an address
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0
    screenshot(page, "bulk-enrolment-dry-run-ja")
    assert serious_violations(page) == []
    page.locator("form[action$='/bulk/confirm'] [type=submit]").click()
    page.wait_for_load_state("load")
    assert f"/offerings/{offering.id}/roster" in page.url
    statuses = db.session.scalars(select(Enrolment.status).order_by(Enrolment.id)).all()
    assert statuses == ["enrolled", "waitlisted"]
    context.close()
