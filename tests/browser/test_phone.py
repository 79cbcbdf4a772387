"""On a phone the catalogue's first result is near the top (filters fold behind "Filters", the
menu behind "Menu"); on a desktop both are open without a click. A favicon; registration
starts from the browser's time zone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "ja", "ko"])
def test_catalogue_on_a_phone_shows_results_first(chromium, live_server, create_offering, locale):
    for n in range(3):
        create_offering(titles={"en": (f"Offering {n}", ""), "ja": (f"研修{n}", "")})
    context = chromium.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "kcc_locale", "value": locale, "url": live_server}])
    page = context.new_page()
    page.goto("/offerings")
    first_card = page.locator(".cards .card").first.bounding_box()
    assert first_card["y"] < 700, f"first result at {first_card['y']}px"
    assert page.locator(".nav-links").is_hidden()  # folded behind the menu
    assert page.locator("select[name=kind]").is_hidden()  # folded behind "Filters"
    screenshot(page, f"phone-catalogue-{locale}")
    page.locator(".catalogue-filters summary").click()
    assert page.locator("select[name=kind]").is_visible()
    page.locator(".site-menu > summary").click()
    assert page.locator(".nav-links a[href='/offerings']").is_visible()
    screenshot(page, f"phone-catalogue-{locale}-opened")
    assert serious_violations(page) == []
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    context.close()


def test_desktop_shows_filters_and_menu_without_a_click(page, create_offering):
    create_offering()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/offerings")
    assert page.locator("select[name=kind]").is_visible()
    assert page.locator(".nav-links a[href='/offerings']").is_visible()
    assert page.locator(".site-menu > summary").is_hidden()
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200


def test_registration_guesses_the_browsers_time_zone(chromium, live_server, create_city):
    create_city()
    context = chromium.new_context(base_url=live_server, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto("/register")
    assert page.locator("select[name=timezone]").input_value() == "Asia/Tokyo"
    context.close()


@pytest.mark.parametrize(("locale", "width"), [("zh_Hant_TW", 390), ("en", 1366)])
def test_home_page_for_a_signed_in_official(
    chromium, live_server, create_user, create_offering, locale, width
):
    from tests.browser.test_journeys import sign_in_browser

    create_offering(titles={"en": ("Heat action plans", ""), "zh_Hant_TW": ("熱調適行動計畫", "")})
    official = create_user(locale=locale, name_native="陳美玲")
    context = chromium.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in_browser(page, official)
    page.goto("/")
    assert "陳美玲" in page.locator("main").inner_text()
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    screenshot(page, f"home-signed-in-{locale}-{width}")
    assert scroll <= client
    assert serious_violations(page) == []
    context.close()
