"""Dates and times in the reader's zone, in the forms the glossary gives for each language."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone_gmt, get_timezone_name, parse_pattern
from flask_babel import get_locale, get_timezone

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
    text = parse_pattern(PATTERNS.get(str(locale), PATTERNS["en"])[kind]).apply(local, locale)
    if zone:
        text += f" ({get_timezone_gmt(local, locale=locale)})"
    return text


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
    pattern = "H:mm" if str(locale) == "ja" else "HH:mm"
    return babel_format_datetime(value, pattern, tzinfo=get_timezone(), locale=locale)


def format_day(value: date) -> str:
    """A calendar day with its weekday, as headings of a programme."""
    locale = get_locale()
    return babel_format_date(
        value, DAY_PATTERNS.get(str(locale), DAY_PATTERNS["en"]), locale=locale
    )


def format_date_range(first: date, last: date) -> str:
    locale = get_locale()
    pattern = PATTERNS.get(str(locale), PATTERNS["en"])["date"]
    if first == last:
        return babel_format_date(first, pattern, locale=locale)
    return f"{babel_format_date(first, pattern, locale=locale)} – " + babel_format_date(
        last, pattern, locale=locale
    )


def zone_name() -> str:
    """The reader's time zone, named in their language, e.g. "Taipei Standard Time (GMT+8)"."""
    zone = get_timezone()
    locale = str(get_locale())
    now = datetime.now(zone)
    name = get_timezone_name(now, width="long", locale=locale)
    return f"{name} ({get_timezone_gmt(now, width='long', locale=locale)})"
