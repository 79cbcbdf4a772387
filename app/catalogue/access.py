"""Who may see and change an offering."""

from __future__ import annotations

from app.catalogue.models import Offering, OfferingStatus
from app.core.access import is_staff


def is_assigned_instructor(user, offering: Offering) -> bool:
    return bool(
        user and user.is_authenticated and any(i.id == user.id for i in offering.instructors)
    )


def can_view(user, offering: Offering) -> bool:
    """Published and archived offerings are public; drafts only for staff and its instructors."""
    if offering.status != OfferingStatus.DRAFT:
        return True
    return is_staff(user) or is_assigned_instructor(user, offering)


def can_manage(user, offering: Offering | None = None) -> bool:
    """Settings, status, instructors, cloning: the centre's staff."""
    return is_staff(user)


def can_edit_content(user, offering: Offering) -> bool:
    """Text, sessions and modules: staff and the instructors assigned to the offering."""
    return is_staff(user) or is_assigned_instructor(user, offering)
