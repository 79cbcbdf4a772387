"""Locale and time-zone choice, and the pieces of i18n every domain shares."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask import current_app, g, has_request_context, request
from flask_babel import _get_current_context, force_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.i18n import get_translations as wtforms_translations

from app.core.babel import get_timezone as current_timezone
from app.core.babel import lazy_gettext as _l
from app.core.babel import locale_code
from app.core.form_messages import our_wording


@dataclass(frozen=True)
class SiteLocale:
    code: str  # gettext catalogue folder name
    html_lang: str  # BCP 47 tag for <html lang>
    label: str  # the language's name in itself


LOCALES: tuple[SiteLocale, ...] = (
    SiteLocale("en", "en", "EN"),
    SiteLocale("zh_Hant_TW", "zh-Hant-TW", "繁中"),
    SiteLocale("ko", "ko", "한국어"),
    SiteLocale("ja", "ja", "日本語"),
    SiteLocale("zh_Hans_CN", "zh-Hans-CN", "简中"),
)
# Each language named in the reader's language, for running text ("described in Japanese").
# The switcher and the language of a text itself use the name in that language (``label``).
LANGUAGE_TITLES = {
    "en": _l("English"),
    "zh_Hant_TW": _l("Traditional Chinese"),
    "ko": _l("Korean"),
    "ja": _l("Japanese"),
    "zh_Hans_CN": _l("Simplified Chinese"),
}


def language_name(code: str) -> str:
    """A language of the platform, named in the reader's language."""
    title = LANGUAGE_TITLES.get(code)
    return str(title) if title is not None else code


LOCALE_CODES = tuple(loc.code for loc in LOCALES)
LOCALE_BY_CODE = {loc.code: loc for loc in LOCALES}
DEFAULT_LOCALE = "en"

# Time zones offered in profile forms: the region the centre serves first, then UTC.
TIMEZONES = (
    "Asia/Taipei",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Ulaanbaatar",
    "Asia/Manila",
    "Asia/Bangkok",
    "Asia/Ho_Chi_Minh",
    "Asia/Jakarta",
    "Asia/Kuala_Lumpur",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "UTC",
)

LANGUAGE_NAMES = {  # each language named in itself, for "available in" notes and filters
    "en": "English",
    "zh_Hant_TW": "繁體中文",
    "ko": "한국어",
    "ja": "日本語",
    "zh_Hans_CN": "简体中文",
}


@functools.cache
def country_name(code: str, locale: str) -> str:
    """The CLDR name of a country or region in a site language (a fixed, small set)."""
    return Locale.parse(locale).territories.get(code, code)


def match_accept_language(header: str | None) -> str | None:
    """Map an Accept-Language header onto our catalogues, honouring quality values.

    Babel's and Werkzeug's matchers do not map zh-TW/zh-HK to zh_Hant_TW nor zh-CN/zh-SG to
    zh_Hans_CN, so each tag is parsed and matched on language + script (region as a hint).
    """
    if not header:
        return None
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            weighted.append((-quality, index, tag.strip()))
    for _, _, tag in sorted(weighted):
        code = _locale_for_tag(tag)
        if code:
            return code
    return None


def _locale_for_tag(tag: str) -> str | None:
    if tag == "*" or len(tag) > 35:
        return None
    try:
        parsed = Locale.parse(tag.replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    if parsed.language == "zh":
        script = parsed.script
        if not script:
            script = "Hant" if parsed.territory in {"TW", "HK", "MO"} else "Hans"
        return "zh_Hant_TW" if script == "Hant" else "zh_Hans_CN"
    if parsed.language in {"en", "ko", "ja"}:
        return parsed.language
    return None


def select_locale() -> str:
    """Signed-in preference, then the switcher's cookie, then the browser, then English."""
    if "locale_override" in g:
        return g.locale_override
    if not has_request_context():
        return DEFAULT_LOCALE
    if current_user and current_user.is_authenticated and current_user.locale in LOCALE_CODES:
        return current_user.locale
    cookie = request.cookies.get(current_app.config["LOCALE_COOKIE_NAME"])
    if cookie in LOCALE_CODES:
        return cookie
    return match_accept_language(request.headers.get("Accept-Language")) or DEFAULT_LOCALE


def select_timezone() -> str:
    if "timezone_override" in g:
        return g.timezone_override
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def current_site_locale() -> SiteLocale:
    return LOCALE_BY_CODE.get(locale_code(), LOCALE_BY_CODE[DEFAULT_LOCALE])


# WTForms ships its own messages; for zh_Hant_TW Python's gettext would fall back to "zh",
# which WTForms ships as Simplified Chinese, so map our codes onto WTForms' folder names.
_WTFORMS_LANGUAGES = {
    "en": ["en"],
    "zh_Hant_TW": ["zh_TW"],
    "zh_Hans_CN": ["zh"],
    "ko": ["ko"],
    "ja": ["ja"],
}


class _WTFormsTranslations:
    """WTForms' messages in one language, with the platform's wording where it has its own."""

    def __init__(self, locale_code: str):
        self._wtforms = wtforms_translations(_WTFORMS_LANGUAGES.get(locale_code, ["en"]))

    def gettext(self, string):

        return our_wording(string) or self._wtforms.gettext(string)

    def ngettext(self, singular, plural, n):

        return our_wording(singular) or self._wtforms.ngettext(singular, plural, n)


class BaseForm(FlaskForm):
    """Every form of the platform: CSRF on and WTForms' own messages in the page's language."""

    class Meta:
        def get_translations(self, form):
            return _translations_for(locale_code())


@functools.lru_cache(maxsize=16)
def _translations_for(code: str) -> _WTFormsTranslations:
    """One per language for the process: WTForms' ``get_translations`` looks for its message
    files on disk on every call (five ``stat`` calls), and every form built asks once."""
    return _WTFormsTranslations(code)


@contextmanager
def reader_context(locale: str, timezone: str | None = None):
    """Render for another person: their language and their time zone (mails, notices)."""
    with force_locale(locale):
        ctx = _babel_context()
        if ctx is None or not timezone:
            yield
            return
        current_timezone()  # make sure a value is cached, so it can be restored
        previous = ctx.babel_tzinfo
        ctx.babel_tzinfo = ZoneInfo(timezone)
        try:
            yield
        finally:
            ctx.babel_tzinfo = previous


def _babel_context():
    """Flask-Babel keeps the request's locale and zone here (no public API to swap the zone)."""
    return _get_current_context()
