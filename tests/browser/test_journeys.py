"""Main journeys in a real browser: register, verify by mail, sign in, use five languages."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, serious_violations
from tests.factories import DEFAULT_PASSWORD, totp_code_for

pytestmark = pytest.mark.browser

LANGUAGES = [  # switcher label, <html lang>, the sign-in button in that language
    ("繁中", "zh-Hant-TW", "登入"),
    ("한국어", "ko", "로그인"),
    ("日本語", "ja", "ログイン"),
    ("简中", "zh-Hans-CN", "登录"),
    ("EN", "en", "Sign in"),
]


def switch_language(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("load")


def test_register_verify_sign_in_and_use_five_languages(
    page, live_server, db, create_city, mailbox
):
    city = create_city(names={"en": "Kaohsiung Browser Test", "ko": "가오슝 브라우저 테스트"})
    page.goto("/")
    page.get_by_role("link", name="Create account").first.click()
    page.get_by_label("E-mail address").fill("browser.user@example.org")
    page.get_by_label("Password", exact=True).fill("typhoon season on the harbour 2031")
    page.get_by_label("Repeat the password").fill("typhoon season on the harbour 2031")
    page.get_by_label("Name in your own script").fill("張雅婷")
    page.get_by_label("Name in Latin letters").fill("Chang Ya-ting")
    page.get_by_label("City or organisation").select_option(str(city.id))
    page.get_by_label("Preferred language").select_option("zh_Hant_TW")
    page.get_by_label("Time zone").select_option("Asia/Taipei")
    screenshot(page, "journey-01-register-filled")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Check your e-mail"

    message = mailbox.wait_for("browser.user@example.org")
    link = mailbox.link_in(message, "/verify/")
    assert link.startswith(live_server)
    page.goto(link)
    assert "/login" in page.url
    screenshot(page, "journey-02-verified")

    page.get_by_label("E-mail address").fill("browser.user@example.org")
    page.get_by_label("Password").fill("typhoon season on the harbour 2031")
    page.locator("form.narrow, main form").last.get_by_role("button").click()
    page.wait_for_load_state("load")
    # The account's preferred language (Traditional Chinese) now rules the page.
    assert page.locator("html").get_attribute("lang") == "zh-Hant-TW"
    assert "張雅婷" in page.content()
    screenshot(page, "journey-03-signed-in-zh-Hant-TW")

    for label, html_lang, _ in LANGUAGES:
        switch_language(page, label)
        page.goto("/account")
        assert page.locator("html").get_attribute("lang") == html_lang
        screenshot(page, f"journey-04-account-{html_lang}")
    # Signed out, each language shows its own sign-in heading.
    page.locator("form[action='/logout'] button").click()
    page.wait_for_load_state("load")
    for label, html_lang, sign_in_text in LANGUAGES:
        switch_language(page, label)
        page.goto("/login")
        assert page.locator("html").get_attribute("lang") == html_lang
        assert page.locator("h1").inner_text() == sign_in_text


PUBLIC_PAGES = [
    "/",
    "/login",
    "/register",
    "/forgot-password",
    "/verify/resend",
    "/reset-password/invalid",
    "/no-such-page",
]
OFFICIAL_PAGES = ["/account", "/account/password", "/account/email", "/account/two-factor"]
STAFF_PAGES = [
    "/staff/users",
    "/staff/users/{user_id}",
    "/staff/cities",
    "/staff/cities/new",
    "/staff/audit",
]


def sign_in_browser(page, user):
    page.goto("/login")
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form").first.get_by_role("button").click()
    page.wait_for_load_state("load")
    if "/login/second-factor" in page.url:
        from app.extensions import db

        db.session.refresh(user)
        page.locator("input[name=code]").fill(totp_code_for(user))
        page.locator("main form").first.get_by_role("button").click()
        page.wait_for_load_state("load")
    # Signed in, or every page after this would be the sign-in page (and pass an audit).
    assert "/login" not in page.url, page.url
    assert page.goto("/account").status == 200 and "/login" not in page.url, page.url


@pytest.mark.parametrize(("label", "html_lang", "_sign_in"), LANGUAGES)
def test_no_serious_accessibility_violations(
    page, db, create_user, create_city, label, html_lang, _sign_in
):
    """axe finds no serious or critical violation on any page, in each language."""
    admin = create_user(roles=("admin", "staff"), name_native="系統管理員")
    page.goto("/")
    switch_language(page, label)
    problems = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        problems[path] = serious_violations(page)
    sign_in_browser(page, admin)
    switch_language(page, label)
    for path in OFFICIAL_PAGES + STAFF_PAGES:
        response = page.goto(path.format(user_id=admin.id))
        assert response.status == 200 and "/login" not in page.url, (path, page.url)
        assert page.locator("html").get_attribute("lang") == html_lang
        problems[path] = serious_violations(page)
        name = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"
        screenshot(page, f"axe-{html_lang}-{name}")
    assert {p: v for p, v in problems.items() if v} == {}


def test_phone_width_layout(chromium, live_server):
    context = chromium.new_context(base_url=live_server, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto("/register")
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "phone-register")
    context.close()
    assert width <= 375, "no horizontal scrolling at phone width"


def test_keyboard_reaches_the_main_content(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
