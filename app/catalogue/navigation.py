"""The catalogue and the offerings' workspace in the top navigation."""

from __future__ import annotations

from flask import Flask

from app.core.access import holds_role, is_staff
from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link
from app.core.roles import Role


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "navigation",
        Link(
            "catalogue.index",
            _l("Catalogue"),
            order=10,
            current=lambda endpoint: endpoint.startswith("catalogue."),
        ),
    )
    add_link(
        app,
        "navigation",
        Link(
            "manage.list_offerings",
            _l("Manage offerings"),
            order=80,
            show=lambda user: is_staff(user) or holds_role(user, Role.INSTRUCTOR),
            current=lambda endpoint: endpoint.startswith("manage."),
        ),
    )
