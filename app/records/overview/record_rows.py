"""The records view's rows, written in Python rather than in its template (as the roster's:
enrolment/views/roster_rows.py).

A page has 50 participants, each with a link to their record, a cell per session (already
written by ``table_cells``), their attendance and completion, an overridden decision's reason
and an override link. The HTML is the template's; every value from the database is escaped,
the labels, translated once a page, too.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from app.core.babel import gettext as _
from app.core.formatting import labelled
from app.core.html import table_cells
from app.core.urls import link_for_id
from app.records.completion.views import completion_tag


def record_rows(rows, cells: dict) -> Markup:
    """The table rows of a records page: ``rows`` as ``queries.participants`` reads
    them, ``cells`` each row's session texts by enrolment id."""
    overridden = _("Overridden")
    override = escape(_("Override"))
    record_link = link_for_id("completion.participant", "enrolment_id")
    override_link = link_for_id("completion.override", "enrolment_id")
    tags: dict = {}
    written = []
    for row in rows:
        key = int(row.id)  # an integer: written as it is
        tag = tags.get(row.completion)
        if tag is None:
            tag = tags[row.completion] = completion_tag(row.completion)
        rate = f"{row.present_sessions}/{row.counted_sessions}" if row.counted_sessions else "—"
        reason = (
            f'<br><span class="muted">{labelled(overridden, row.override_reason)}</span>'
            if row.override_state
            else ""
        )
        name_latin = escape(row.name_latin)
        written.append(
            f"<tr>\n"
            f'    <th scope="row"><a href="{escape(record_link(key))}">{escape(row.name_native)}'
            f'</a><br><span class="muted">{name_latin}</span></th>\n'
            f"    <td>{escape(row.city_name or '—')}</td>\n"
            f"    {table_cells(cells[row.id])}\n"
            f"    <td>{escape(rate)}</td>\n"
            f"    <td>{tag}{reason}\n"
            f'      <br><a href="{escape(override_link(key))}">{override}'
            f'<span class="visually-hidden"> {name_latin}</span></a></td>\n'
            f"  </tr>"
        )
    return Markup("\n".join(written))  # noqa: S704 (every value above is escaped)
