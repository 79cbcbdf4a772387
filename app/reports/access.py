"""Who may see which report."""

from __future__ import annotations

from app.core.access import is_staff
from app.core.roles import Role
from app.records.access import can_keep_records


def can_see_dashboard(user) -> bool:
    """The centre-wide dashboard: staff."""
    return is_staff(user)


def can_see_offering_report(user, offering) -> bool:
    """One offering's report: staff and the offering's assigned instructors; never a draft's
    (nothing ran)."""
    return offering.status != "draft" and can_keep_records(user, offering)


def can_see_city_report(user, city) -> bool:
    """A city's report: staff, and the city's own focal point (their city only)."""
    if not (user and user.is_authenticated):
        return False
    if is_staff(user):
        return True
    return user.has_role(Role.FOCAL_POINT) and user.city_id is not None and user.city_id == city.id


def can_see_transcript(user, person) -> bool:
    """Someone's transcript on the staff pages: staff. (Each person reads their own at
    ``/my/transcript``, which needs no rule: it only ever shows the reader's.)"""
    return is_staff(user)
