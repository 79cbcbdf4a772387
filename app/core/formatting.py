"""Dates and times in the reader's zone, in the forms the glossary gives for each language."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime as babel_format_datetime
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
    locale = str(get_locale())
    pattern = PATTERNS.get(locale, PATTERNS["en"])[kind]
    if zone:
        pattern += " (O)"
    return babel_format_datetime(value, pattern, tzinfo=get_timezone(), locale=locale)
