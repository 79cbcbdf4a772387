"""The list of cities and organisations in the top navigation."""

from __future__ import annotations

from flask import Flask

from app.core.access import is_staff
from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "navigation",
        Link(
            "cities.list_cities",
            _l("Cities and organisations"),
            order=100,
            show=lambda user: is_staff(user),
            current=lambda endpoint: endpoint.startswith("cities."),
        ),
    )
