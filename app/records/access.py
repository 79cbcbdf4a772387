"""Who may see and change an offering's records (attendance, completion)."""

from __future__ import annotations

from app.catalogue.access import is_assigned_instructor
from app.catalogue.models import Offering
from app.core.access import is_staff
from app.core.db import load_parts
from app.core.roles import Role


def can_keep_records(user, offering: Offering) -> bool:
    """Attendance, completion rules, overrides, the records view, export and import: staff
    and the offering's assigned instructors."""
    return is_staff(user) or is_assigned_instructor(user, offering)


def can_view_participant_records(user, enrolment) -> bool:
    """One participant's attendance and progress: the participant, the offering's
    instructors and staff, and (read only) the focal point of the participant's city."""
    if not (user and user.is_authenticated):
        return False
    if enrolment.user_id == user.id:
        return True
    if can_keep_records(user, load_parts(enrolment, "offering").offering):
        return True
    return (
        user.has_role(Role.FOCAL_POINT)
        and user.city_id is not None
        and user.city_id == load_parts(enrolment, "user").user.city_id
    )
