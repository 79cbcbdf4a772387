"""What the evaluation tells people: one reminder to answer it."""

from __future__ import annotations

from app.core.babel import lazy_gettext as _l
from app.notifications.kinds import Category, Kind, register_kinds

register_kinds(
    Kind(
        "evaluation_reminder",
        _l("Please evaluate “%(offering)s”: it takes a few minutes and is anonymous."),
        Category.REMINDER,
        "evaluation_reminder",
    ),
)
