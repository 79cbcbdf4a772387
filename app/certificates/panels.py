"""The person's certificates at the end of My learning (app/enrolment/panels.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import Flask, render_template
from markupsafe import Markup

from app.enrolment.panels import add_my_learning_panel


def my_certificates_panel(user, now: datetime, entries: Sequence) -> Markup:
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template("certificates/_my_certificates.html")
    )


def register_panels(app: Flask) -> None:
    add_my_learning_panel(app, my_certificates_panel, "end")
