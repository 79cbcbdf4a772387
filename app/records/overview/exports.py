"""The records of an offering as spreadsheet rows: what the records page shows, one row a
participant, for the CSV export (app/core/spreadsheet.py makes the download)."""

from __future__ import annotations

from collections.abc import Iterator

from app.core.babel import gettext as _
from app.core.reads import read
from app.records.attendance.models import ATTENDANCE_TITLES
from app.records.completion.texts import completion_title, reason_texts
from app.records.overview import queries


def records_rows(
    offering_id: int, locale: str, *, city: str = "", status: str = ""
) -> Iterator[list]:
    """The column titles, then one row a participant (the records page's filters applied):
    names, contact, a column a session with the attendance mark, totals and the completion
    decision with its reasons."""
    rows = read(*queries.participants(offering_id, locale, city=city, status=status)).all()
    sessions = queries.sessions_of(offering_id)
    marks = queries.marks_of([row.id for row in rows])
    titles = {k: str(v) for k, v in ATTENDANCE_TITLES.items()}
    yield [
        _("Name in your own script"),
        _("Name in Latin letters"),
        _("E-mail address"),
        _("City or organisation"),
        _("Country/region"),
        *(f"{s.title(locale)} ({s.starts_at.date().isoformat()}) #{s.id}" for s in sessions),
        _("Sessions attended"),
        _("Sessions counted"),
        _("Attended minutes"),
        _("Completion"),
        _("Why"),
        _("Override reason"),
    ]
    for row in rows:
        yield [
            row.name_native,
            row.name_latin,
            row.email,
            row.city_name,
            row.country_code,
            *(titles.get(marks.get((row.id, s.id), ("", ""))[0], "") for s in sessions),
            row.present_sessions if row.present_sessions is not None else "",
            row.counted_sessions if row.counted_sessions is not None else "",
            row.attended_minutes,
            completion_title(row.completion),
            "; ".join(text for _ok, text in reason_texts(row.reasons or [])),
            row.override_reason or "",
        ]
