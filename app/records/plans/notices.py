"""What action plans tell their author: the plan was approved, or changes are asked for
(mail kinds plan_approved, plan_changes_requested; one set of templates, plan_reviewed)."""

from __future__ import annotations

from app.core.babel import lazy_gettext as _l
from app.notifications.kinds import Category, Kind, register_kinds

register_kinds(
    Kind(
        "plan_approved",
        _l("Your action plan “%(plan)s” for “%(offering)s” has been approved."),
        Category.TRANSACTIONAL,
        "plan_reviewed",
    ),
    Kind(
        "plan_changes_requested",
        _l("Changes are requested to your action plan “%(plan)s” for “%(offering)s”."),
        Category.TRANSACTIONAL,
        "plan_reviewed",
    ),
)
