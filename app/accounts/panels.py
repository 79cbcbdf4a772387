"""Places on a person's staff page that layers above accounts fill in (today: enrolment's list
of the person's enrolments), so that accounts never imports them.

A panel is a function ``(user) -> Markup`` added with ``add_person_panel`` when the layer's
blueprint is registered.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from markupsafe import Markup

from app.accounts.models import User

PersonPanel = Callable[[User], Markup]
_KEY = "accounts.person_panels"


def add_person_panel(app: Flask, panel: PersonPanel) -> None:
    panels = app.extensions.setdefault(_KEY, [])
    if panel not in panels:
        panels.append(panel)


def person_panels(user: User) -> Markup:
    """Every registered panel for this person, in the order they were added."""
    return Markup("").join(panel(user) for panel in current_app.extensions.get(_KEY, ()))
