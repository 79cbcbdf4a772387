"""The names of the roles a person may hold, known to every layer (access rules, menus, forms).

Which person holds which role is stored by accounts (``UserRole``); the names live here so
that core's access rules need not import a domain.
"""

from __future__ import annotations

import enum

from app.core.babel import lazy_gettext as _l


class Role(enum.StrEnum):
    OFFICIAL = "official"
    INSTRUCTOR = "instructor"
    STAFF = "staff"
    ADMIN = "admin"
    FOCAL_POINT = "focal_point"  # nominates officials of their own city

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.OFFICIAL: _l("Learner"),
    Role.INSTRUCTOR: _l("Instructor"),
    Role.STAFF: _l("Centre staff"),
    Role.ADMIN: _l("Administrator"),
    Role.FOCAL_POINT: _l("City focal point"),
}
# Roles that may open staff pages and so must sign in with a second factor.
PRIVILEGED_ROLES = frozenset({Role.STAFF, Role.ADMIN})
