"""The enrolment blueprint, what it adds to other domains' pages, and its template helpers."""

from __future__ import annotations

from flask import Blueprint
from markupsafe import Markup, escape

from app.accounts.panels import add_person_panel
from app.accounts.personal_data import add_personal_data
from app.catalogue.panels import add_offering_panel
from app.core.babel import gettext
from app.enrolment.models import STATUS_TITLES
from app.enrolment.offering_box import enrol_box
from app.enrolment.panels import my_learning_panels
from app.enrolment.person_panel import person_enrolments
from app.enrolment.personal_data import enrolments_data

# Named after the package, so the templates are found in app/enrolment/templates.
bp = Blueprint("enrolment", "app.enrolment", template_folder="templates")
# The offering page shows enrolment's box without the catalogue knowing it (catalogue/panels.py).
bp.record_once(lambda state: add_offering_panel(state.app, enrol_box))
# A person's staff page lists their enrolments without accounts knowing it (accounts/panels.py).
bp.record_once(lambda state: add_person_panel(state.app, person_enrolments))
# Layers above add their own parts of My learning (enrolment/panels.py).
bp.add_app_template_global(my_learning_panels, "my_learning_panels")
# A person's data download has their enrolments (accounts/personal_data.py).
bp.record_once(lambda state: add_personal_data(state.app, "enrolments", enrolments_data))


@bp.app_template_global("enrolment_status_title")
def enrolment_status_title(status: str) -> str:
    """The status in the reader's words (a translation is one cheap lookup: app/core/babel.py)."""
    return str(STATUS_TITLES.get(status, status))


# The colour that goes with each status (never the only sign of it: the words are there too).
STATUS_TAG_CLASSES = {
    "enrolled": "tag-success",
    "waitlisted": "tag-warning",
    "pending": "tag-warning",
    "offered": "tag-warning",
    "nominated": "tag-warning",
    "rejected": "tag-danger",
}


@bp.app_template_global("status_tag")
def status_tag(enrolment, positions: dict) -> Markup:
    """An enrolment's status as a tag, with its waitlist position when ``positions`` has one.

    A function, not a macro: rosters and My learning show one on every row, and a macro call
    cost about as much as the rest of the row."""
    status = enrolment.status
    text = escape(enrolment_status_title(status))
    position = positions.get(enrolment.id) if status == "waitlisted" else None
    if position:
        # As a template's _() writes it: the catalogue's text trusted, the value escaped.
        text += Markup(" · ") + Markup(gettext("position %(position)d")) % {"position": position}  # noqa: S704
    return Markup(f'<span class="tag {STATUS_TAG_CLASSES.get(status, "")}">{text}</span>')  # noqa: S704
