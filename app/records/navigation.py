"""Records' pages as the layers below link to them: the action-plan library and a city's
plans in the top navigation; materials, plans, records and attendance in an offering's
workspace."""

from __future__ import annotations

from flask import Flask

from app.core.access import holds_role
from app.core.babel import lazy_gettext as _l
from app.core.navigation import Link, add_link
from app.core.roles import Role


def _of_offering(user, offering) -> dict:
    return {"offering_id": offering.id}


def register_navigation(app: Flask) -> None:
    add_link(
        app,
        "navigation",
        Link(
            "plans.library",
            _l("Action-plan library"),
            order=20,
            current=lambda endpoint: endpoint.startswith("plans.library"),
        ),
    )
    add_link(
        app,
        "navigation",
        Link(
            "city_plans.list_plans",
            _l("City action plans"),
            order=60,
            show=lambda user: holds_role(user, Role.FOCAL_POINT),
            current=lambda endpoint: endpoint.startswith("city_plans."),
        ),
    )
    for order, endpoint, title in (
        (10, "materials.manage_materials", _l("Materials")),
        (20, "plans.list_plans", _l("Action plans")),
        (30, "records.records_view", _l("Records")),
    ):
        add_link(app, "offering_tools", Link(endpoint, title, order=order, values=_of_offering))
    add_link(
        app,
        "session_tools",
        Link(
            "attendance.sheet",
            _l("Attendance"),
            values=lambda user, session: {"session_id": session.id},
        ),
    )
