"""Staff answer "officials of each Korean city who completed a climate-resilience offering in
2027, and their certificates" from the dashboard, in English and Korean, and download it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import screenshot, serious_violations
from tests.browser.test_journeys import sign_in_browser

pytestmark = pytest.mark.browser


def test_staff_narrow_the_dashboard_to_korean_cities_and_download_it(
    page,
    world,
    create_user,
):
    staff = create_user(roles=("staff",), locale="en")
    sign_in_browser(page, staff)
    page.get_by_role("link", name="Reports", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    # Cities are counted once a country is chosen (the dashboard reads summary rows until then)
    assert page.locator("section[aria-labelledby=section-city] svg").count() == 0
    assert (
        "Choose a country or region"
        in page.locator("section[aria-labelledby=section-city]").inner_text()
    )

    page.locator(".language-switcher button[lang=ko]").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "보고서"
    page.get_by_label("국가/지역", exact=True).select_option("KR")
    page.get_by_label("주제", exact=True).select_option("resilience")
    page.locator("input[name=date_from]").fill("2027-01-01")
    page.locator("input[name=date_to]").fill("2027-12-31")
    page.get_by_role("button", name="수치 보기").click()
    page.wait_for_load_state("load")
    assert "country=KR" in page.url and "topic=resilience" in page.url

    cities = page.locator("section[aria-labelledby=section-city]")
    table = cities.locator("table").inner_text()
    assert "서울특별시" in table and "부산광역시" in table and "타이베이" not in table
    assert cities.locator("svg").count() == 1
    assert cities.locator("svg title").first.text_content() == "지방정부·기관별"
    screenshot(page, "reports-dashboard-ko")
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel 통합 문서(XLSX)").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    by_city = workbook.worksheets[4]
    rows = [row[:6] for row in by_city.iter_rows(min_row=3, values_only=True)]
    # City, offerings, participants, completions, rate, certificates
    assert rows == [
        ("서울특별시", 2, 4, 3, 75.0, 2),
        ("부산광역시", 2, 2, 2, 100.0, 1),
    ]
