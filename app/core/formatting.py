"""Dates and times in the reader's zone, in the forms the glossary gives for each language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    get_day_names,
    get_month_names,
    get_timezone_name,
    parse_pattern,
    tokenize_pattern,
)
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
    local, locale = value.astimezone(get_timezone()), locale_code()
    text = pattern_formatter(PATTERNS.get(locale, PATTERNS["en"])[kind], locale)(local)
    if zone:
        text += f" ({gmt_offset(local)})"
    return text


@cache
def pattern_formatter(pattern: str, locale_name: str) -> Callable[[date], str]:
    """A CLDR date pattern in a locale (by name: a ``Locale``'s ``==`` is slow, and each
    request has its own) as one function of the date or time: the text of babel's
    ``parse_pattern(pattern).apply(value, locale)``, which dispatches every field through
    several calls each time (8–9 µs a date; a roster page shows 50, My learning 80). Here the
    pattern becomes one ``%`` format of the value's attributes, read in one step. Fields it
    does not know are left to babel."""
    locale = Locale.parse(locale_name)
    text, attributes, lookups = [], [], {}
    for kind, token in tokenize_pattern(pattern):
        if kind == "chars":
            text.append(token.replace("%", "%%"))
            continue
        field = _field(*token, locale)
        if field is None:
            parsed = parse_pattern(pattern)
            return lambda value: parsed.apply(value, locale)
        spec, attribute, lookup = field
        if lookup is not None:
            lookups[len(attributes)] = lookup
        text.append(spec)
        attributes.append(attribute)
    form = "".join(text)
    if not attributes:
        return lambda value: form % ()
    if len(attributes) == 1:
        one = attrgetter(attributes[0])
        read = lambda value: (one(value),)  # noqa: E731 (a tuple, as attrgetter of several)
    else:
        read = attrgetter(*attributes)
    if not lookups:
        return lambda value: form % read(value)

    def write(value) -> str:
        parts = list(read(value))
        for index, lookup in lookups.items():
            parts[index] = lookup(parts[index])
        return form % tuple(parts)

    return write


_NAME_WIDTHS = {1: "abbreviated", 2: "abbreviated", 3: "abbreviated", 4: "wide", 5: "narrow"}
_NUMBERS = {"d": "day", "H": "hour", "m": "minute", "s": "second", "y": "year"}


def _field(char: str, length: int, locale: Locale) -> tuple[str, str, Callable | None] | None:
    """One field of a pattern as babel's ``DateTimeFormat`` writes it: its ``%`` format, the
    attribute of the date it reads, and what turns that into the text, if anything (digits
    are padded to the field's length; "yy" is the year's last two digits)."""
    if char == "y" and length == 2:
        return "%02d", "year", lambda year: year % 100
    if char in _NUMBERS:
        return f"%0{length}d", _NUMBERS[char], None
    if char in ("M", "L") and length <= 2:
        return f"%0{length}d", "month", None
    if char in ("M", "L") and length <= 5:
        context = "format" if char == "M" else "stand-alone"
        months = dict(get_month_names(_NAME_WIDTHS[length], context, locale).items())
        return "%s", "month", months.__getitem__
    if char == "E" and length <= 6:
        width = "short" if length == 6 else _NAME_WIDTHS[length]
        days = dict(get_day_names(width, "format", locale).items())
        return "%s", "weekday", lambda weekday: days[weekday()]
    return None


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
    if key == "UTC":
        return "UTC"
    name = _zone_name(key, str(locale or get_locale()))
    return f"{name} ({gmt_offset(datetime.now(_zone(key)))})"


@cache
def _zone(key: str) -> ZoneInfo:
    """The zone of a key, kept. ``ZoneInfo`` holds only the last 8 zones it made (and others
    while something refers to them), so a select of 18 zones read 10 zone files from disk on
    every form that has one (the profile page: 6.2 -> 5.6 ms of CPU, medians of 60)."""
    return ZoneInfo(key)


@lru_cache(maxsize=512)
def _zone_name(key: str, locale: str) -> str:
    """A zone's generic name in a language ("台北時間"): the same for every date, and Babel
    takes 0.2 ms to find it, 4 ms for the 18 zones of every form with a zone select."""
    return get_timezone_name(_zone(key), width="long", locale=locale)


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
    if value.tzinfo is None:  # as babel reads a naive time: UTC
        value = value.replace(tzinfo=UTC)
    locale = locale_code()
    pattern = "H:mm" if locale == "ja" else "HH:mm"
    return pattern_formatter(pattern, locale)(value.astimezone(get_timezone()))


def format_day(value: date) -> str:
    """A calendar day with its weekday, as headings of a programme."""
    if isinstance(value, datetime):
        value = value.date()
    locale = locale_code()
    return pattern_formatter(DAY_PATTERNS.get(locale, DAY_PATTERNS["en"]), locale)(value)


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
        return pattern_formatter(PATTERNS.get(locale, PATTERNS["en"])["date"], locale)(first)
    name, parts = _interval_parts(locale)
    # CLDR's rule: the pattern pair for the largest field that differs.
    field = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    start, end = parts[field]
    text = pattern_formatter(start, name)(first) + pattern_formatter(end, name)(last)
    text = text.replace("\u2009–\u2009", " – ")  # CLDR's thin spaces: plain ones, as in text
    if locale == "zh_Hans_CN":  # CLDR's dash; mainland notices write 至, as Taiwan's do
        text = text.replace(" – ", "至")
    return text


@cache
def _interval_parts(locale: str) -> tuple[str, dict[str, list[str]]]:
    """The language's CLDR interval patterns for its date-range skeleton, split in two.
    Babel's format_interval finds them afresh on every call (about 100 µs, 30 times on
    My learning); the rule that picks one is three comparisons."""
    name, skeleton = INTERVALS.get(locale, INTERVALS["en"])
    return name, dict(Locale.parse(name).interval_formats[skeleton])


@cache
def _list_locale(locale: str) -> Locale:
    return Locale.parse("en_GB" if locale == "en" else locale)


def language_list(codes) -> str:
    """Languages named in the reader's language, joined as a sentence of that language
    ("English, Japanese and Korean", "英語、日本語、韓国語")."""
    if get_locale() is None:  # no catalogue to read the names from: nothing to remember
        return _joined_names(tuple(codes), "en")
    return _remembered_names(tuple(codes), locale_code())


def _joined_names(codes: tuple[str, ...], locale: str) -> str:
    names = [language_name(code) for code in codes]  # in the current language, ``locale``
    return format_list(names, locale=_list_locale(locale)) if names else ""


# Every card of a list names its languages (babel's format_list ~10 µs a call); five
# languages make a few hundred lists at most.
_remembered_names = lru_cache(maxsize=4096)(_joined_names)


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
