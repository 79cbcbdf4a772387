"""Locale choice, <html lang>, WTForms messages and dates in the reader's zone and locale."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, gettext

from app.core.i18n import TIMEZONES, match_accept_language
from tests.factories import csrf_token

HTML_LANG = {
    "en": "en",
    "zh_Hant_TW": "zh-Hant-TW",
    "ko": "ko",
    "ja": "ja",
    "zh_Hans_CN": "zh-Hans-CN",
}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-TW,zh;q=0.9,en;q=0.8", "zh_Hant_TW"),
        ("zh-HK", "zh_Hant_TW"),
        ("zh-Hant", "zh_Hant_TW"),
        ("zh-CN,zh;q=0.9", "zh_Hans_CN"),
        ("zh-SG", "zh_Hans_CN"),
        ("zh", "zh_Hans_CN"),
        ("ko-KR,ko;q=0.9", "ko"),
        ("ja-JP", "ja"),
        ("fr-FR,ja;q=0.5", "ja"),
        ("en-GB,ko;q=0.9", "en"),
        ("ko;q=0.2,ja;q=0.8", "ja"),
        ("de-DE,fr", None),
        ("", None),
        ("../../etc/passwd", None),
    ],
)
def test_accept_language_matching(header, expected):
    assert match_accept_language(header) == expected


@pytest.mark.parametrize("locale", list(HTML_LANG))
def test_switcher_sets_locale_and_html_lang(app, client, locale):
    token = csrf_token(client)
    response = client.post(
        "/language", data={"csrf_token": token, "locale": locale, "next": "/login"}
    )
    assert response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert f'<html lang="{HTML_LANG[locale]}">' in html
    with app.test_request_context(), force_locale(locale):
        assert f"<h1>{gettext('Sign in')}</h1>" in html


def test_precedence_user_then_cookie_then_browser(client, create_user, login, db):
    # Browser only.
    html = client.get("/", headers={"Accept-Language": "ko-KR"}).get_data(as_text=True)
    assert '<html lang="ko">' in html
    # The switcher's cookie beats the browser.
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ja"})
    html = client.get("/", headers={"Accept-Language": "ko-KR"}).get_data(as_text=True)
    assert '<html lang="ja">' in html
    # A signed-in person's preference beats both.
    user = create_user(locale="zh_Hans_CN")
    login(user)
    html = client.get("/", headers={"Accept-Language": "ko-KR"}).get_data(as_text=True)
    assert '<html lang="zh-Hans-CN">' in html


def test_switching_language_when_signed_in_saves_the_preference(client, create_user, login, db):
    user = create_user(locale="en")
    login(user)
    client.post("/language", data={"csrf_token": csrf_token(client, "/account"), "locale": "ko"})
    db.session.refresh(user)
    assert user.locale == "ko"


def test_wtforms_messages_in_traditional_chinese(client):
    """WTForms' own messages (here: required field) come in Traditional, not Simplified."""
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "zh_Hant_TW"})
    html = client.post("/forgot-password", data={"csrf_token": csrf_token(client), "email": ""})
    text = html.get_data(as_text=True)
    assert "此欄位為必填" in text or "該欄位是必填" not in text
    assert "该字段是必填字段" not in text  # the Simplified message must not appear


def test_dates_in_the_users_zone_and_locale(client, db, create_user, login):
    """The profile shows the registration time in the person's own zone and format."""
    user = create_user(
        locale="ja", timezone="Asia/Tokyo", created_at=datetime(2026, 3, 5, 23, 30, tzinfo=UTC)
    )
    login(user)
    html = client.get("/account").get_data(as_text=True)
    assert "2026年3月6日 8:30" in html
    user.locale, user.timezone = "en", "Asia/Taipei"
    db.session.commit()
    html = client.get("/account").get_data(as_text=True)
    assert "6 Mar 2026, 07:30" in html


VISIBLE_TEXT = re.compile(r">([^<>]+)<")
# Names, not interface text: the brand, example names in hints, app names, time zone names
# and the test's own city names.
ALLOWED_LATIN = {
    "KCC Academy",
    "ICLEI",
    "Google",
    "Microsoft",
    "FreeOTP",
    "Chen Mei-ling",
    "Kim Min-jun",
    "Test City",
    *(tz.split("/")[-1].replace("_", " ") for tz in TIMEZONES),
}


def _english_words(html: str) -> list[str]:
    """Runs of two or more English words in the visible text of a page (scripts excluded)."""
    body = html.split("<body>", 1)[1]
    texts = [t.strip() for t in VISIBLE_TEXT.findall(body) if t.strip()]
    found = []
    for text in texts:
        for run in re.findall(r"[A-Za-z]{2,}(?:[ '-][A-Za-z]{2,})+", text):
            if not any(run in allowed or allowed in run for allowed in ALLOWED_LATIN):
                found.append(run)
    return found


@pytest.mark.parametrize(
    "path", ["/", "/login", "/register", "/forgot-password", "/verify/resend", "/no-such-page"]
)
def test_public_pages_have_no_untranslated_text(client, path):
    """Every visible string of a page goes through gettext: in Korean no English sentence."""
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ko"})
    html = client.get(path).get_data(as_text=True)
    assert _english_words(html) == []


@pytest.mark.parametrize(
    "path",
    [
        "/account",
        "/account/password",
        "/account/email",
        "/staff/users",
        "/staff/cities",
        "/staff/cities/new",
        "/staff/audit",
    ],
)
def test_signed_in_pages_have_no_untranslated_text(client, create_user, login, path):
    admin = create_user(
        roles=("admin", "staff"), locale="ja", name_native="管理者", name_latin="Kanri"
    )
    login(admin)
    html = client.get(path).get_data(as_text=True)
    assert _english_words(html) == []


WORKSPACE_PAGES = [
    "/offerings",
    "/offerings/{id}",
    "/offerings/{id}/programme",
    "/my",
    "/manage/offerings",
    "/manage/offerings/{id}",
    "/manage/offerings/{id}/roster",
    "/manage/offerings/{id}/roster/cities",
    "/manage/offerings/{id}/sessions/new",
    "/manage/offerings/{id}/text/ja",
    "/manage/offerings/new",
    "/nominations",
    "/account/calendar",
    "/notifications",
    "/account/notifications",
    "/staff/mail",
    "/manage/offerings/{id}/clone",
]


@pytest.mark.parametrize("locale", ["ja", "zh_Hant_TW"])
def test_catalogue_and_enrolment_pages_have_no_untranslated_text(
    client, create_user, create_offering, login, locale
):
    admin = create_user(
        roles=("admin", "staff", "official"),
        locale=locale,
        name_native="管理者",
        name_latin="Kanri",
    )
    offering = create_offering(
        titles={"ja": ("試験の研修", "概要"), "zh_Hant_TW": ("測試課程", "摘要")},
        fallback_locale="ja",
        enrolment_mode="nomination",
    )
    login(admin)
    found = {}
    for path in WORKSPACE_PAGES:
        html = client.get(path.format(id=offering.id)).get_data(as_text=True)
        found[path] = _english_words(html)
    assert {p: words for p, words in found.items() if words} == {}
