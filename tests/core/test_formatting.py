"""Dates, ranges, time zones and language names as each language writes them (the glossary)."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from flask_babel import force_locale, gettext

from app.core.formatting import format_date_range, gmt_offset, language_list, timezone_label

RANGES = {
    "en": "10 – 12 Dec 2026",
    "zh_Hant_TW": "2026年12月10日至12日",
    "ko": "2026. 12. 10. ~ 2026. 12. 12.",
    "ja": "2026年12月10日～12日",
    "zh_Hans_CN": "2026年12月10日至12日",
}


@pytest.mark.parametrize("locale", list(RANGES))
def test_date_ranges_use_each_languages_own_form(app, locale):
    with app.test_request_context(), force_locale(locale):
        assert format_date_range(date(2026, 12, 10), date(2026, 12, 12)) == RANGES[locale]
        across = format_date_range(date(2026, 12, 30), date(2027, 1, 2))
        assert "2026" in across and "2027" in across
        assert format_date_range(date(2026, 12, 10), date(2026, 12, 10)).count("10") == 1


@pytest.mark.parametrize("locale", list(RANGES))
def test_date_ranges_read_as_babels_interval_format(app, locale):
    """format_date_range picks CLDR's pattern pair itself (Babel's format_interval is slow);
    over days, months and years apart it writes what Babel would."""
    from datetime import timedelta

    from babel.dates import format_interval

    from app.core.formatting import INTERVALS

    name, skeleton = INTERVALS[locale]
    with app.test_request_context(), force_locale(locale):
        for start in (date(2026, 1, 1), date(2026, 2, 27), date(2026, 12, 30)):
            for days in (1, 2, 3, 30, 40, 200, 400, 800):
                end = start + timedelta(days=days)
                expected = format_interval(start, end, skeleton, locale=name)
                expected = expected.replace("\u2009–\u2009", " – ")
                if locale == "zh_Hans_CN":
                    expected = expected.replace(" – ", "至")
                assert format_date_range(start, end) == expected


def test_offsets_are_written_as_the_glossary_does():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 10, 12, 0)
    assert gmt_offset(moment.replace(tzinfo=ZoneInfo("Asia/Taipei"))) == "GMT+8"
    assert gmt_offset(moment.replace(tzinfo=ZoneInfo("Asia/Kolkata"))) == "GMT+5:30"
    assert gmt_offset(moment.replace(tzinfo=ZoneInfo("America/New_York"))) == "GMT-5"
    assert gmt_offset(moment.replace(tzinfo=ZoneInfo("UTC"))) == "GMT"


@pytest.mark.parametrize(
    ("locale", "name"),
    [("en", "Taiwan Time"), ("zh_Hant_TW", "台北時間"), ("ja", "台湾時間"), ("ko", "대만 시간")],
)
def test_time_zone_choices_are_named_in_the_readers_language(app, client, locale, name):
    from tests.factories import csrf_token

    client.post("/language", data={"csrf_token": csrf_token(client), "locale": locale})
    html = client.get("/register").get_data(as_text=True)
    assert (
        f'<option selected value="Asia/Taipei">{name} (GMT+8)</option>' in html
        or (f'<option value="Asia/Taipei" selected>{name} (GMT+8)</option>' in html)
        or f">{name} (GMT+8)</option>" in html
    )
    assert ">Asia/Taipei<" not in html
    with app.test_request_context(), force_locale(locale):
        assert timezone_label("UTC") == "UTC"


def test_language_names_in_running_text_are_in_the_readers_language(app):
    with app.test_request_context():
        with force_locale("ja"):
            assert language_list(["en", "ja", "ko"]) == "英語、日本語、韓国語"
        with force_locale("en"):
            assert language_list(["en", "ja", "ko"]) == "English, Japanese and Korean"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Attendance: Day 1 &lt;b&gt;"),
        ("ko", ": Day 1 &lt;b&gt;"),
        ("ja", "：Day 1 &lt;b&gt;"),
        ("zh_Hant_TW", "：Day 1 &lt;b&gt;"),
        ("zh_Hans_CN", "：Day 1 &lt;b&gt;"),
    ],
)
def test_label_and_value_joined_as_each_language_writes_it(app, locale, expected):
    """Chinese and Japanese join a label and its value with a full-width colon, no space."""
    from markupsafe import Markup

    from app.core.formatting import labelled

    with app.test_request_context(), force_locale(locale):
        text = str(labelled(gettext("Attendance"), "Day 1 <b>"))
        assert text.endswith(expected) and text.count(":") + text.count("：") == 1
        assert "<b>" in labelled("Status", Markup("<b>ok</b>"))


def _every_pattern():
    from babel import Locale

    from app.core.formatting import DAY_PATTERNS, INTERVALS, PATTERNS

    for locale in RANGES:
        for pattern in (*PATTERNS[locale].values(), DAY_PATTERNS[locale], "H:mm", "HH:mm"):
            yield pattern, locale
        name, skeleton = INTERVALS[locale]
        for pair in Locale.parse(name).interval_formats[skeleton].values():
            for pattern in pair:
                yield pattern, name
    # Fields no page uses today, so that a new pattern is written as babel writes it too.
    for pattern in ("yy-MM-dd ss", "LLLL MMMMM EEEE EEEEE", "G y QQQ", "h:mm a"):
        yield pattern, "en"


def test_patterns_are_written_as_babel_writes_them():
    """pattern_formatter compiles a pattern once; it must write what babel's parse_pattern
    writes, for every pattern the pages use, in every language, on every month, weekday,
    hour and many minutes."""
    from datetime import datetime, timedelta

    from babel import Locale
    from babel.dates import parse_pattern

    from app.core.formatting import pattern_formatter

    start = datetime(2026, 1, 1, 0, 0, 5)
    moments = [start + timedelta(hours=37 * n, minutes=7 * n) for n in range(400)]
    moments += [datetime(999, 3, 4, 5, 6), datetime(2031, 12, 31, 23, 59, 59)]
    patterns = list(_every_pattern())
    assert len(patterns) > 40
    for pattern, locale in patterns:
        write = pattern_formatter(pattern, locale)
        with_time = any(char in pattern for char in "HhmsaK")
        for moment in moments:
            expected = parse_pattern(pattern).apply(moment, Locale.parse(locale))
            assert write(moment) == expected, (pattern, locale)
            if not with_time:  # days are written from dates as well
                assert write(moment.date()) == expected, (pattern, locale)


@pytest.mark.parametrize("locale", list(RANGES))
def test_times_and_days_in_each_language(app, locale):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from babel.dates import format_date, format_datetime

    from app.core.formatting import DAY_PATTERNS, PATTERNS, format_day, format_time, format_when

    moment = datetime(2026, 12, 10, 1, 5, tzinfo=UTC)
    with app.test_request_context(), force_locale(locale):
        taipei = ZoneInfo("Asia/Taipei")
        with_zone = format_when(moment)  # the reader's zone: the platform's default
        assert format_when(moment) == format_datetime(
            moment, PATTERNS[locale]["datetime"], tzinfo=taipei, locale=locale
        )
        assert with_zone.endswith(("09:05", "9:05"))
        assert format_time(moment) == format_datetime(
            moment, "H:mm" if locale == "ja" else "HH:mm", tzinfo=taipei, locale=locale
        )
        assert format_time(moment.replace(tzinfo=None)) == format_time(moment)  # naive is UTC
        assert format_day(date(2026, 12, 10)) == format_date(
            date(2026, 12, 10), DAY_PATTERNS[locale], locale=locale
        )


def test_zone_names_are_remembered_per_language(app):
    """Babel's zone names are kept once found; each language keeps its own."""
    with app.test_request_context():
        assert timezone_label("Asia/Seoul", "ja") == "韓国時間 (GMT+9)"
        assert timezone_label("Asia/Seoul", "en") == "Korean Time (GMT+9)"
        assert timezone_label("Asia/Seoul", "ja") == "韓国時間 (GMT+9)"
        with force_locale("ko"):
            assert timezone_label("Asia/Seoul") == "한국 시간 (GMT+9)"
