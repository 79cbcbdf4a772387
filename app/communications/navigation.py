"""Sending an announcement, among the actions of an offering's workspace."""

from __future__ import annotations

from flask import Flask

from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "offering_actions",
        Link(
            "communications.announce",
            _l("Send an announcement"),
            values=lambda user, offering: {"offering_id": offering.id},
        ),
    )
