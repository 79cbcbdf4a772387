"""The certificate register in the top navigation and an offering's certificates in its
workspace (for those who manage the offering)."""

from __future__ import annotations

from flask import Flask

from app.catalogue.access import can_manage
from app.core.access import is_staff
from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "navigation",
        Link(
            "certificates.register",
            _l("Certificates"),
            order=120,
            show=lambda user: is_staff(user),
            current=lambda endpoint: endpoint.startswith("certificates."),
        ),
    )
    add_link(
        app,
        "offering_tools",
        Link(
            "certificates.offering_certificates",
            _l("Certificates"),
            order=40,
            show=lambda user, offering: can_manage(user, offering),
            values=lambda user, offering: {"offering_id": offering.id},
        ),
    )
