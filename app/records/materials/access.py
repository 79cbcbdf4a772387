"""Who may manage and who may open an offering's materials."""

from __future__ import annotations

from datetime import datetime

from app.catalogue.access import can_edit_content, can_view
from app.catalogue.models import Offering
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.records.materials.models import Material, Visibility


def can_manage_materials(user, offering: Offering) -> bool:
    """Upload, edit, replace, restore and withdraw: the offering's instructors and staff."""
    return can_edit_content(user, offering)


def can_open(
    user, offering: Offering, material: Material, enrolment: Enrolment | None, now: datetime
) -> bool:
    """Managers always; others only a released, not withdrawn material of a visible offering,
    public ones for everyone, the rest for people enrolled in the offering."""
    if can_manage_materials(user, offering):
        return True
    if not can_view(user, offering) or material.withdrawn_at is not None:
        return False
    if not material.is_released(now):
        return False
    if material.visibility == Visibility.PUBLIC:
        return True
    return bool(
        enrolment is not None
        and enrolment.user_id == getattr(user, "id", None)
        and enrolment.offering_id == offering.id
        and enrolment.status == EnrolmentStatus.ENROLLED
    )
