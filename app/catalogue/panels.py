"""Places on the offering page that layers above the catalogue fill in, so that the catalogue
never imports them (today: enrolment's "my enrolment" box).

A panel is a function ``(offering, now) -> Markup`` added to the application with
``add_offering_panel`` (enrolment and records do it when their blueprints are registered), for
one of two places: ``"side"`` (beside the key facts) or ``"below"`` (after the programme).
Panels belong to one reader and are never part of the cached fragments.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app
from markupsafe import Markup

from app.catalogue.models import Offering

Panel = Callable[[Offering, datetime], Markup]
_KEY = "catalogue.offering_panels"


PLACES = ("side", "below")


def add_offering_panel(app: Flask, panel: Panel, place: str = "side") -> None:
    if place not in PLACES:
        raise ValueError(f"unknown place for an offering panel: {place}")
    panels = app.extensions.setdefault(_KEY, {}).setdefault(place, [])
    if panel not in panels:
        panels.append(panel)


def offering_panels(offering: Offering, now: datetime, place: str = "side") -> Markup:
    """Every panel registered for ``place``, for this reader, in the order they were added."""
    panels = current_app.extensions.get(_KEY, {}).get(place, ())
    return Markup("").join(panel(offering, now) for panel in panels)
