"""Outgoing mail in the top navigation."""

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
            "notifications.outbox",
            _l("Outgoing mail"),
            order=130,
            show=lambda user: is_staff(user),
        ),
    )
