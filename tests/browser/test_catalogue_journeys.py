"""The catalogue in a real browser: search in Japanese and Korean, filter, open; an instructor
adds a session."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, serious_violations
from tests.browser.test_journeys import sign_in_browser, switch_language
from tests.catalogue.test_catalogue_pages import TITLES

pytestmark = pytest.mark.browser


def test_visitor_searches_filters_and_opens(page, db, create_offering):
    symposium = create_offering(
        titles=TITLES, kind="symposium", sessions=3, languages=["en", "ja", "ko"]
    )
    create_offering(
        titles={
            "en": ("Biodiversity course", "About nature"),
            "ja": ("生物多様性の研修", "自然について"),
        },
        kind="course",
    )
    create_offering(
        titles={"en": ("Resilience workshop", "Planning"), "ko": ("회복력 워크숍", "계획")},
        kind="workshop",
    )
    page.goto("/offerings")
    switch_language(page, "日本語")
    page.locator("input[name=q]").fill("レジリエンス")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("load")
    cards = page.locator("article.offering-card")
    assert cards.count() == 1
    assert TITLES["ja"][0] in cards.first.inner_text()
    screenshot(page, "catalogue-search-ja")

    switch_language(page, "한국어")
    page.goto("/offerings")
    page.locator("input[name=q]").fill("회복력")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("article.offering-card").count() == 2  # symposium and workshop
    page.locator("select[name=kind]").select_option("symposium")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("article.offering-card").count() == 1
    assert "kind=symposium" in page.url and "q=" in page.url
    screenshot(page, "catalogue-filter-ko")
    page.locator("article.offering-card h2 a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/offerings/{symposium.id}")
    assert page.locator("h1").inner_text() == TITLES["ko"][0]
    assert page.locator("#sessions tbody tr").count() == 3
    screenshot(page, "catalogue-offering-ko")
    assert serious_violations(page) == []
    page.goto("/offerings")
    assert serious_violations(page) == []


def test_instructor_adds_a_session(page, db, create_offering, create_user):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(
        instructors=[instructor], sessions=0, titles={"en": ("Workshop in the browser", "")}
    )
    sign_in_browser(page, instructor)
    page.goto(f"/manage/offerings/{offering.id}")
    page.locator(f"a[href='/manage/offerings/{offering.id}/sessions/new']").click()
    page.wait_for_load_state("load")
    page.locator("input[name=title_en]").fill("Field visit")
    page.locator("input[name=title_ja]").fill("現地視察")
    day = offering.starts_on.isoformat()
    page.locator("input[name=starts_local]").fill(f"{day}T13:00")
    page.locator("input[name=ends_local]").fill(f"{day}T15:30")
    page.locator("input[name=location]").fill("Cijin Island")
    screenshot(page, "instructor-session-form")
    assert serious_violations(page) == []
    page.locator("main form button[type=submit], main form input[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert page.locator("#sessions tbody tr").count() == 1
    assert "Field visit" in page.locator("#sessions").inner_text()
    screenshot(page, "instructor-session-added")
    page.goto(f"/offerings/{offering.id}")
    assert "Field visit" in page.locator("#sessions").inner_text()
    assert "13:00" in page.locator("#sessions").inner_text()  # Taipei offering, Taipei reader
