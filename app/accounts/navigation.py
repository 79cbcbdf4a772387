"""People and the audit log in the top navigation, and the account menu beside it (sign in,
my account, notifications, sign out)."""

from __future__ import annotations

from flask import Flask

from app.core.access import is_admin, is_staff
from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_box, add_link


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "navigation",
        Link(
            "users.list_users",
            _l("Users"),
            order=90,
            show=lambda user: is_staff(user),
            current=lambda endpoint: (
                endpoint.startswith("users.") and endpoint != "users.audit_log"
            ),
        ),
    )
    add_link(
        app,
        "navigation",
        Link("users.audit_log", _l("Audit log"), order=150, show=lambda user: is_admin(user)),
    )
    add_box(app, "account_menu", "accounts/_account_menu.html")
