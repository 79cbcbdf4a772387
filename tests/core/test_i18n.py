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
    """The messages of form fields (here: required field, in our own wording since WTForms'
    read like programmer text) come in Traditional, not Simplified, Chinese."""
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "zh_Hant_TW"})
    html = client.post("/forgot-password", data={"csrf_token": csrf_token(client), "email": ""})
    text = html.get_data(as_text=True)
    assert 'lang="zh-Hant-TW"' in text  # the page is in Traditional Chinese at all
    assert "請填寫此欄位。" in text  # the required message, in Traditional
    assert "请填写此项" not in text and "该字段是必填字段" not in text  # never Simplified
    assert "This field is required" not in text


def test_wtforms_messages_are_kept_per_language_not_shared_between_languages(client, app):
    """Each language's WTForms messages are built once for the process (WTForms looks for its
    files on disk each time it is asked) and never answer for another language."""
    from flask_babel import force_locale

    from app.core.forms import ConfirmForm

    def translations():
        return ConfirmForm().submit._translations  # what the form gave its fields

    with app.test_request_context("/"):
        with force_locale("ko"):
            korean, again = translations(), translations()
            ours = korean.gettext("This field is required.")  # the platform's wording
        with force_locale("ja"):
            japanese = translations()
            ours_ja = japanese.gettext("This field is required.")
    assert korean is again and korean is not japanese
    assert (ours, ours_ja) == ("이 항목을 입력하십시오.", "この項目を入力してください。")
    # A message only WTForms translates, in each language's own words.
    assert korean.gettext("Invalid Mac address.") == "올바르지 않은 Mac주소입니다."
    assert japanese.gettext("Invalid Mac address.") != korean.gettext("Invalid Mac address.")
    for locale, message in [("ko", ours), ("ja", ours_ja), ("ko", ours)]:
        client.post("/language", data={"csrf_token": csrf_token(client), "locale": locale})
        text = client.post(
            "/forgot-password", data={"csrf_token": csrf_token(client), "email": ""}
        ).get_data(as_text=True)
        assert message in text, locale
        assert (ours_ja if locale == "ko" else ours) not in text, locale


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
    "Kanri",
    "Outlook",
    "Excel",
    "English",  # the language switcher names each language in itself
    "NbS",  # "nature-based solutions", an abbreviation used in every language
    ".ics",
    "Werkzeug",  # the test client's user agent, in the list of signed-in devices
    *(f"Session {n}" for n in range(3)),  # the factory's session titles
    *(tz.replace("_", " ") for tz in TIMEZONES),
    *(part.replace("_", " ") for tz in TIMEZONES for part in tz.split("/")),
}


# Text a reader sees or hears besides the text between tags: labels read out by screen
# readers, tooltips, placeholders, image descriptions and the words on submit buttons.
ANNOUNCED_TEXT = re.compile(
    r'(?:aria-label|title|placeholder|alt)="([^"]*)"|<input[^>]*type="submit"[^>]*value="([^"]*)"'
)
# Latin tokens that are not words of the interface: an address or code, not language.
NOT_WORDS = re.compile(
    r"\S+@\S+|https?://\S+|(?<![A-Za-z0-9])[A-Za-z]*(?:[A-Z0-9]{2,}|\d)[A-Za-z0-9]*(?![A-Za-z0-9])"
)


def _english_words(html: str) -> list[str]:
    """English words, single ones included ("Save", "Edit"), in what a reader of the page
    sees or hears (scripts excluded)."""
    body = html.split("<body>", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    texts = [t.strip() for t in VISIBLE_TEXT.findall(body)]
    texts += [a or b for a, b in ANNOUNCED_TEXT.findall(body)]
    found = []
    for text in filter(None, (t.strip() for t in texts)):
        for allowed in ALLOWED_LATIN:
            text = text.replace(allowed, " ")
        for word in re.findall(r"[A-Za-z]{2,}(?:['-][A-Za-z]+)*", NOT_WORDS.sub(" ", text)):
            found.append(word)
    return found


@pytest.mark.parametrize(
    "path", ["/", "/login", "/register", "/forgot-password", "/verify/resend", "/no-such-page"]
)
def test_public_pages_have_no_untranslated_text(client, path):
    """Every visible string of a page goes through gettext: in Korean no English sentence."""
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ko"})
    response = client.get(path)
    assert response.status_code == (404 if path == "/no-such-page" else 200)
    html = response.get_data(as_text=True)
    assert 'lang="ko"' in html
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
    response = client.get(path)
    assert response.status_code == 200  # the page itself, not a redirect or an error page
    html = response.get_data(as_text=True)
    assert 'lang="ja"' in html
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
    statuses = {}
    for path in WORKSPACE_PAGES:
        response = client.get(path.format(id=offering.id))
        statuses[path] = response.status_code
        found[path] = _english_words(response.get_data(as_text=True))
    assert {p: s for p, s in statuses.items() if s != 200} == {}
    assert {p: words for p, words in found.items() if words} == {}


def test_a_page_in_one_language_renders_text_in_another_and_back(app):
    """Translations are kept per locale object (app/core/babel.py): a mail rendered in Korean
    during an English request is Korean, in Python and in templates, and the page after it
    English again; the same for the next request in Japanese."""
    from flask import render_template_string
    from flask_babel import force_locale, gettext

    from app.core.babel import locale_code

    template = (
        "{{ _('Catalogue') }}|"
        "{{ ngettext('%(num)d offering found', '%(num)d offerings found', 2) }}"
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(template) == "Catalogue|2 offerings found"
        with force_locale("ko"):
            korean = render_template_string(template)
            assert locale_code() == "ko" and gettext("Catalogue") == korean.split("|")[0]
        assert korean.split("|")[0] != "Catalogue" and "2" in korean
        assert render_template_string(template) == "Catalogue|2 offerings found"
        assert locale_code() == "en"
    with app.test_request_context(headers={"Accept-Language": "ja"}):
        japanese = render_template_string(template)
        assert locale_code() == "ja" and japanese.split("|")[0] not in ("Catalogue", korean)


def test_the_one_step_locale_and_zone_follow_flask_babel(app):
    """app/core/babel.py reads the locale and zone Flask-Babel chose from its namespace in
    ``g``; they must be Flask-Babel's answers before the first choice, under ``force_locale``
    and after ``refresh``, and the code's gettext, lazy strings and template ``_`` with them."""
    import flask_babel
    from flask import render_template_string

    from app.core import babel as kcc_babel

    with app.test_request_context(headers={"Accept-Language": "ko"}):
        assert kcc_babel.get_locale() is flask_babel.get_locale()
        assert str(kcc_babel.get_locale()) == "ko"
        assert kcc_babel.get_timezone() is flask_babel.get_timezone()
        title = kcc_babel.lazy_gettext("Catalogue")
        korean = str(title)
        assert korean != "Catalogue"
        with force_locale("ja"):
            assert str(kcc_babel.get_locale()) == "ja"
            japanese = kcc_babel.gettext("Catalogue")
            assert str(title) == japanese != korean
            assert render_template_string("{{ _('Catalogue') }}") == japanese
        assert str(kcc_babel.get_locale()) == "ko" and str(title) == korean
        flask_babel.refresh()
        assert kcc_babel.get_locale() is flask_babel.get_locale()
    with app.test_request_context():
        # Outside a request's choice (no header): the default, as Flask-Babel answers.
        assert str(kcc_babel.get_locale()) == str(flask_babel.get_locale()) == "en"
    assert (
        kcc_babel.get_locale() is None and str(kcc_babel.lazy_gettext("Catalogue")) == "Catalogue"
    )


def test_template_gettext_escapes_and_formats_as_jinja_newstyle(app):
    """The one-call ``_``/``ngettext`` of app/core/babel.py keep Jinja's newstyle meaning."""
    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render_template_string(
            "{{ _('Seats left: %(left)d of %(capacity)d', left=3, capacity=5) }}|"
            "{{ ngettext('%(num)d offering found', '%(num)d offerings found', 1) }}|"
            "{{ _('Page %(number)d of %(pages)d', number=1, pages=2) }}|"
            "{{ _('%(label)s: %(value)s', label='<b>', value='x') }}"
        )
    assert html == "Seats left: 3 of 5|1 offering found|Page 1 of 2|&lt;b&gt;: x"
