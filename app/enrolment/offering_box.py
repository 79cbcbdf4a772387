"""The "my enrolment" box on an offering's page: the catalogue shows it, enrolment fills it."""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from flask_login import current_user
from markupsafe import Markup

from app.catalogue.models import Offering
from app.enrolment.services import find_enrolment, waitlist_position


def enrol_box(offering: Offering, now: datetime) -> Markup:
    """What this reader can do about enrolling, with their own enrolment when they have one."""
    my_enrolment = my_position = None
    if current_user.is_authenticated:
        my_enrolment = find_enrolment(current_user.id, offering.id)
        my_position = waitlist_position(my_enrolment) if my_enrolment else None
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template(
            "enrolment/_enrol_box.html",
            offering=offering,
            now=now,
            my_enrolment=my_enrolment,
            my_position=my_position,
        )
    )
