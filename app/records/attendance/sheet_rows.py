"""The attendance sheet's rows, written in Python rather than in its template (as the
roster's: enrolment/views/roster_rows.py).

A sheet lists every enrolled participant on one page (300 for a large course), each with a
radio button per mark; in the template every row was a loop in a loop with a dozen escapes.
The HTML is the template's; every value from the database is escaped, the labels and the
marks' names, translated once a page, too.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from app.core.babel import gettext as _
from app.core.babel import pgettext
from app.core.formatting import format_time

_KEY = "\x00"  # where a row's id goes in its radio buttons: a character no label holds


def attendance_rows(rows, statuses) -> Markup:
    """The table rows of an attendance sheet: ``rows`` as ``pages.sheet_rows`` reads them,
    ``statuses`` the marks as (value, translated title) pairs, in the order shown."""
    name_label = escape(pgettext("a person's name", "Name"))
    city_label = escape(_("City or organisation"))
    attendance_label = escape(_("Attendance"))
    checked_in = escape(_("checked in"))
    # A row's radio buttons differ from another's only by its id and the mark checked: written
    # once for each mark (and none), the id put in per row.
    radios_by_mark = {
        checked: "".join(
            f'\n          <label><input type="radio" name="mark-{_KEY}" value="{escape(status)}"'
            f"{' checked' if status == checked else ''}> {escape(title)}</label>"
            for status, title in statuses
        )
        for checked in [None, *(status for status, _title in statuses)]
    }
    written = []
    for row in rows:
        key = int(row.id)  # an integer: written as it is
        radios = radios_by_mark.get(row.status, radios_by_mark[None]).replace(_KEY, str(key))
        check_in = (
            f'<span class="muted">{checked_in} {escape(format_time(row.checked_in_at))}</span>'
            if row.checked_in_at
            else ""
        )
        written.append(
            f"<tr>\n"
            f'      <td data-label="{name_label}"><span id="name-{key}">'
            f"{escape(row.name_native)}</span><br>"
            f'<span class="muted">{escape(row.name_latin)}</span></td>\n'
            f'      <td data-label="{city_label}">{escape(row.city_name or "—")}</td>\n'
            f'      <td data-label="{attendance_label}">\n'
            f'        <input type="hidden" name="on_sheet" value="{key}">\n'
            f'        <fieldset class="radio-row" aria-labelledby="name-{key}">{radios}\n'
            f"        </fieldset>\n"
            f"        {check_in}\n"
            f"      </td>\n"
            f"    </tr>"
        )
    return Markup("\n".join(written))  # noqa: S704 (every value above is escaped)
