"""Reports as the layers below link to them: the dashboard and a focal point's city report in
the top navigation, a city's report from the list of cities and from the nominations page,
the transcript from My learning."""

from __future__ import annotations

from flask import Flask

from app.core.access import holds_role, is_staff
from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link
from app.core.roles import Role


def _focal_point_with_city(user) -> bool:
    return holds_role(user, Role.FOCAL_POINT) and bool(user.city_id)


def _own_city(user) -> dict:
    return {"city_id": user.city_id}


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "navigation",
        Link(
            "reports.city_report",
            _l("My city's report"),
            order=50,
            show=lambda user: _focal_point_with_city(user) and not is_staff(user),
            values=_own_city,
        ),
    )
    add_link(
        app,
        "navigation",
        Link(
            "reports.dashboard",
            _l("Reports"),
            order=110,
            show=lambda user: is_staff(user),
            current=lambda endpoint: endpoint.startswith("reports."),
        ),
    )
    add_link(
        app,
        "city_actions",
        Link(
            "reports.city_report",
            _l("Report"),
            values=lambda user, city: {"city_id": city.id},
        ),
    )
    add_link(
        app,
        "my_learning",
        Link(
            "reports.my_transcript",
            _l("My transcript: every offering completed, as a page or a PDF"),
        ),
    )
    add_link(
        app,
        "nominations",
        Link(
            "reports.city_report",
            _l("Your city's report: officials trained, completions, certificates and action plans"),
            show=_focal_point_with_city,
            values=_own_city,
        ),
    )
