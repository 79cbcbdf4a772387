"""The rows of My learning's tables, written in Python rather than in its template (as the
roster's: views/roster_rows.py): an official with 30 enrolments has 40-odd rows, and each
cost about 140,000 instructions in Jinja, about 100,000 here (the page: 26.5 -> 24.8 million,
bench/instructions.py). The HTML is the template's; every value from the
database is escaped, and the labels, translated once a page, too."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

from app.core.babel import gettext as _
from app.core.babel import pgettext
from app.core.formatting import format_date_range, format_time, format_when
from app.enrolment.views.blueprint import status_tag


def enrolment_rows(entries, positions: dict) -> Markup:
    """A row per enrolment (``my_learning.Entry``): the offering, its dates, the status."""
    offering_label, dates_label = escape(_("Offering")), escape(_("Dates"))
    status_label = escape(_("Status"))
    written = []
    for entry in entries:
        link = escape(url_for("catalogue.show", offering_id=entry.offering_id))
        dates = escape(format_date_range(entry.starts_on, entry.ends_on))
        title = escape(entry.title)
        written.append(
            f'<tr><td data-label="{offering_label}"><a href="{link}">{title}</a></td>\n'
            f'      <td data-label="{dates_label}">{dates}</td>\n'
            f'      <td data-label="{status_label}">{status_tag(entry, positions)}</td></tr>'
        )
    return Markup("\n".join(written))  # noqa: S704 (every value above is escaped)


def session_rows(sessions) -> Markup:
    """A row per upcoming session: when (in the reader's zone), its offering, its title."""
    when_label, offering_label = escape(_("When")), escape(_("Offering"))
    session_label = escape(pgettext("a dated meeting of an offering", "Session"))
    written = []
    for session in sessions:
        link = escape(url_for("catalogue.show", offering_id=session.offering_id))
        when = f"{escape(format_when(session.starts_at))}–{escape(format_time(session.ends_at))}"
        written.append(
            f'<tr><td data-label="{when_label}">{when}</td>\n'
            f'      <td data-label="{offering_label}"><a href="{link}">'
            f"{escape(session.offering_title)}</a></td>\n"
            f'      <td data-label="{session_label}">{escape(session.title)}</td></tr>'
        )
    return Markup("\n".join(written))  # noqa: S704 (every value above is escaped)
