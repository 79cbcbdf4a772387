"""The records' places on an offering's page (app/catalogue/panels.py): the reader's progress
towards completion beside the key facts, and the materials with the reader's action plan below
the programme. Per reader, so never part of the cached fragments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import Flask, g, render_template
from flask_login import current_user
from markupsafe import Markup

from app.catalogue.models import Offering
from app.catalogue.panels import add_offering_panel
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.panels import add_my_learning_panel
from app.enrolment.services import find_enrolment


def _reader_enrolment(offering: Offering) -> Enrolment | None:
    """The signed-in reader's enrolment in the offering, read once per request."""
    if not current_user.is_authenticated:
        return None
    cache = g.setdefault("records_reader_enrolments", {})
    if offering.id not in cache:
        cache[offering.id] = find_enrolment(current_user.id, offering.id)
    return cache[offering.id]


def progress_panel(offering: Offering, now: datetime) -> Markup:
    enrolment = _reader_enrolment(offering)
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        return Markup("")
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template("completion/_my_progress.html", offering=offering, my_enrolment=enrolment)
    )


def materials_panel(offering: Offering, now: datetime) -> Markup:
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template(
            "records/_offering_panel.html",
            offering=offering,
            my_enrolment=_reader_enrolment(offering),
        )
    )


def my_learning_progress_panel(user, now: datetime, current: Sequence) -> Markup:
    """Attendance and progress in each current enrolment, on My learning."""
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template("completion/_my_learning_progress.html", current=current)
    )


def register_panels(app: Flask) -> None:
    add_my_learning_panel(app, my_learning_progress_panel, "current")
    add_offering_panel(app, progress_panel, "side")
    add_offering_panel(app, materials_panel, "below")
