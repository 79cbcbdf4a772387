"""The home page, the language switch, the development mailbox and the pages about the site,
as the base layout (core) links to them."""

from __future__ import annotations

from flask import Flask, current_app

from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link, add_page

ABOUT_PAGES = (
    ("contact", _l("Contact")),
    ("privacy", _l("Privacy notice")),
    ("accessibility", _l("Accessibility statement")),
    ("terms", _l("Terms of use")),
)


def register_navigation(app: Flask) -> None:
    add_page(app, "home", "main.index")
    add_page(app, "set_language", "main.set_language")
    add_link(app, "navigation", Link("main.index", _l("Home"), order=0))
    add_link(
        app,
        "navigation",
        Link(
            "dev.mailbox",
            _l("Development mailbox"),
            order=160,
            show=lambda user: bool(current_app.config.get("SHOW_DEV_MAILBOX")),
        ),
    )
    for order, (page, title) in enumerate(ABOUT_PAGES):
        add_link(
            app,
            "footer",
            Link(
                "main.about",
                title,
                order=order,
                values=lambda user, page=page: {"page": page},
                current=lambda endpoint: False,
            ),
        )
