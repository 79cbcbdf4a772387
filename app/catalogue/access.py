"""Who may see and change an offering."""

from __future__ import annotations

from app.catalogue.lifecycle import takes_part
from app.catalogue.models import Offering, OfferingStatus
from app.core.access import is_staff
from app.core.db import load_parts
from app.core.roles import Role


def is_assigned_instructor(user, offering: Offering) -> bool:
    """Read from the instructors the offering's query loaded (HEADING_LOADING), else loaded
    here once for the offering."""
    if not (user and user.is_authenticated):
        return False
    return any(i.id == user.id for i in load_parts(offering, "instructors").instructors)


def can_view(user, offering: Offering) -> bool:
    """Published, archived and cancelled offerings are public; a draft is for staff, its
    instructors and the people who take part in it (an offering they enrolled in stays
    readable to them)."""
    if offering.status != OfferingStatus.DRAFT:
        return True
    return is_staff(user) or is_assigned_instructor(user, offering) or takes_part(user, offering)


def can_manage(user, offering: Offering | None = None) -> bool:
    """Settings, status, instructors, cloning: the centre's staff."""
    return is_staff(user)


def can_edit_content(user, offering: Offering) -> bool:
    """Text, sessions and modules: staff and the instructors assigned to the offering."""
    return is_staff(user) or is_assigned_instructor(user, offering)


def can_open_workspace(user) -> bool:
    """The list of offerings to work on: staff (all of them) and instructors (their own)."""
    return bool(
        user and user.is_authenticated and user.has_role(Role.STAFF, Role.ADMIN, Role.INSTRUCTOR)
    )
