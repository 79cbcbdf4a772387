"""What accounts tell people through the bell and by mail (templates in templates/mail/)."""

from __future__ import annotations

from app.core.babel import lazy_gettext as _l
from app.notifications.kinds import Category, Kind, register_kinds

register_kinds(
    Kind("password_changed", _l("Your password was changed."), Category.TRANSACTIONAL),
    Kind("roles_changed", _l("Your roles on KCC Academy were changed."), Category.TRANSACTIONAL),
    Kind(
        "city_change_requested",
        _l("%(name)s asks to change their city or organisation to %(city)s."),
        Category.TRANSACTIONAL,
    ),
)
