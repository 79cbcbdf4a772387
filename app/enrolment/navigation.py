"""Enrolment's pages as the layers below link to them: My learning, nominations and the
officials of a focal point's city in the top navigation, the roster in an offering's
workspace, the calendar feed on the account page."""

from __future__ import annotations

from flask import Flask

from app.core.access import holds_role, is_staff
from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link
from app.core.roles import Role


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _focal_point_with_city(user) -> bool:
    return holds_role(user, Role.FOCAL_POINT) and bool(user.city_id)


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "navigation",
        Link("enrolment.my_learning", _l("My learning"), order=30, show=_signed_in),
    )
    add_link(
        app,
        "navigation",
        Link(
            "enrolment.nominations",
            _l("Nominations"),
            order=40,
            show=lambda user: is_staff(user) or holds_role(user, Role.FOCAL_POINT),
            current=lambda endpoint: endpoint.startswith("enrolment.nominat"),
        ),
    )
    add_link(
        app,
        "navigation",
        Link(
            "enrolment.city_officials",
            _l("Officials of my city"),
            order=70,
            show=_focal_point_with_city,
        ),
    )
    add_link(
        app,
        "offering_tools",
        Link(
            "enrolment.roster",
            _l("Roster"),
            order=0,
            values=lambda user, offering: {"offering_id": offering.id},
        ),
    )
    add_link(
        app,
        "account_links",
        Link("calendar_feed.calendar_settings", _l("My calendar feed"), show=_signed_in),
    )
