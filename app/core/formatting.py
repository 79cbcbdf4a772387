"""Dates and times in the reader's zone, in the forms the glossary gives for each language."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone_name, parse_pattern
from babel.lists import format_list
from markupsafe import Markup

from app.core.babel import get_locale, get_timezone, gettext, locale_code
from app.core.i18n import language_name

# CLDR patterns per site locale; "zone" adds the offset, e.g. "(GMT+8)", for event times.
PATTERNS = {
    "en": {"date": "d MMM y", "datetime": "d MMM y, HH:mm"},
    "zh_Hant_TW": {"date": "y年M月d日", "datetime": "y年M月d日 HH:mm"},
    "ko": {"date": "y. M. d.", "datetime": "y. M. d. HH:mm"},
    "ja": {"date": "y年M月d日", "datetime": "y年M月d日 H:mm"},
    "zh_Hans_CN": {"date": "y年M月d日", "datetime": "y年M月d日 HH:mm"},
}


def format_when(value: datetime | None, kind: str = "datetime", *, zone: bool = False) -> str:
    """``value`` (aware UTC) in the current reader's time zone and language."""
    if value is None:
        return ""
    locale = get_locale()  # a babel Locale: passing it, not its name, spares parsing it again
    local = value.astimezone(get_timezone())
    # What babel's format_datetime does once its arguments are normalised (rosters call this
    # on every row; the parsed pattern is cached by babel).
    text = parse_pattern(PATTERNS.get(locale_code(), PATTERNS["en"])[kind]).apply(local, locale)
    if zone:
        text += f" ({gmt_offset(local)})"
    return text


def gmt_offset(moment: datetime) -> str:
    """The offset in the glossary's form: "GMT+8", "GMT+5:30", "GMT-5", "GMT"."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "GMT"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "")


def timezone_label(key: str, locale=None) -> str:
    """A time zone as people say it, in their language: "Taipei Time (GMT+8)", "台北時間
    (GMT+8)"; never the database's key ("Asia/Taipei")."""
    locale = locale or get_locale()
    zone = ZoneInfo(key)
    if key == "UTC":
        return "UTC"
    name = get_timezone_name(zone, width="long", locale=locale)
    return f"{name} ({gmt_offset(datetime.now(zone))})"


DAY_PATTERNS = {
    "en": "EEE d MMMM y",
    "zh_Hant_TW": "y年M月d日（E）",
    "ko": "y. M. d.(E)",
    "ja": "y年M月d日（E）",
    "zh_Hans_CN": "y年M月d日（E）",
}


def format_time(value: datetime | None) -> str:
    if value is None:
        return ""
    locale = get_locale()
    pattern = "H:mm" if locale_code() == "ja" else "HH:mm"
    return babel_format_datetime(value, pattern, tzinfo=get_timezone(), locale=locale)


def format_day(value: date) -> str:
    """A calendar day with its weekday, as headings of a programme."""
    locale = get_locale()
    return babel_format_date(
        value, DAY_PATTERNS.get(locale_code(), DAY_PATTERNS["en"]), locale=locale
    )


# Date ranges in each language's own form (CLDR intervals): "10–12 Dec 2026",
# "2026年12月10日至12日", "2026. 12. 10. ~ 12.", "2026年12月10日～12日".
INTERVALS = {
    "en": ("en_GB", "yMMMd"),
    "zh_Hant_TW": ("zh_Hant_TW", "yMMMd"),
    "ko": ("ko", "yMd"),
    "ja": ("ja", "yMMMd"),
    "zh_Hans_CN": ("zh_Hans_CN", "yMMMd"),
}


def format_date_range(first: date, last: date) -> str:
    locale = locale_code()
    if first == last:
        pattern = PATTERNS.get(locale, PATTERNS["en"])["date"]
        return babel_format_date(first, pattern, locale=get_locale())
    babel_locale, parts = _interval_parts(locale)
    # CLDR's rule: the pattern pair for the largest field that differs.
    field = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    start, end = parts[field]
    text = parse_pattern(start).apply(first, babel_locale)
    text += parse_pattern(end).apply(last, babel_locale)
    text = text.replace("\u2009–\u2009", " – ")  # CLDR's thin spaces: plain ones, as in text
    if locale == "zh_Hans_CN":  # CLDR's dash; mainland notices write 至, as Taiwan's do
        text = text.replace(" – ", "至")
    return text


@cache
def _interval_parts(locale: str) -> tuple[Locale, dict[str, list[str]]]:
    """The language's CLDR interval patterns for its date-range skeleton, split in two.
    Babel's format_interval finds them afresh on every call (about 100 µs, 30 times on
    My learning); the rule that picks one is three comparisons."""
    name, skeleton = INTERVALS.get(locale, INTERVALS["en"])
    babel_locale = Locale.parse(name)
    return babel_locale, dict(babel_locale.interval_formats[skeleton])


@cache
def _list_locale(locale: str) -> Locale:
    return Locale.parse("en_GB" if locale == "en" else locale)


def language_list(codes) -> str:
    """Languages named in the reader's language, joined as a sentence of that language
    ("English, Japanese and Korean", "英語、日本語、韓国語")."""

    locale = locale_code()
    names = [language_name(code) for code in codes]
    return format_list(names, locale=_list_locale(locale)) if names else ""


def zone_name() -> str:
    """The reader's time zone, named in their language, e.g. "Taipei Time (GMT+8)"."""
    return timezone_label(str(get_timezone()))


def labelled(label, value) -> Markup:
    """ "Label: value" as each language writes it: Chinese and Japanese put a full-width colon
    and no space ("出欠：第 1 回"), English and Korean a colon and a space. Both parts are
    escaped unless already markup."""
    # The pattern is our own catalogue's (no markup in it); the parts are escaped by ``%``.
    pattern = Markup(gettext("%(label)s: %(value)s"))  # noqa: S704
    return pattern % {"label": label, "value": value}
