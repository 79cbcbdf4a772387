"""Who may do what with enrolments: named rules shared by views, services and (later) the API."""

from __future__ import annotations

from app.catalogue.access import can_edit_content
from app.catalogue.models import EnrolmentMode, Offering, OfferingStatus
from app.core.access import is_staff
from app.core.roles import Role
from app.enrolment.models import EnrolmentStatus


def is_own_enrolment(user, enrolment) -> bool:
    """A person acts on their own enrolment only; anyone else's looks as if it did not exist."""
    return bool(user and user.is_authenticated and enrolment.user_id == user.id)


def can_request_place(user, offering: Offering) -> bool:
    """A draft takes no requests (nor admits it exists); the enrolment rules decide the rest."""
    return offering.status != OfferingStatus.DRAFT


def can_see_roster(user, offering: Offering) -> bool:
    """The roster, its export and decisions on requests: staff and the assigned instructors."""
    return can_edit_content(user, offering)


def can_nominate(user) -> bool:
    """Nominating is for a city's focal point and for the centre's staff."""
    return bool(
        user and user.is_authenticated and (user.has_role(Role.FOCAL_POINT) or is_staff(user))
    )


def takes_nominations(user, offering: Offering) -> bool:
    """Only published offerings filled by nomination have a nomination page."""
    return (
        offering.status == OfferingStatus.PUBLISHED
        and offering.enrolment_mode == EnrolmentMode.NOMINATION
    )


def may_nominate_any_city(user) -> bool:
    """Staff nominate officials of any city; a focal point only those of their own city."""
    return is_staff(user)


def may_withdraw_nomination(user, enrolment) -> bool:
    """Staff, or the focal point who made the nomination (while they still are one)."""
    if not (user and user.is_authenticated):
        return False
    return is_staff(user) or (
        user.has_role(Role.FOCAL_POINT) and enrolment.nominated_by_id == user.id
    )


def can_withdraw_nomination(user, enrolment) -> bool:
    """Whether to offer "Withdraw nomination": a nomination not confirmed yet, and a person
    who may withdraw it."""
    return enrolment.status == EnrolmentStatus.NOMINATED and may_withdraw_nomination(
        user, enrolment
    )


def sees_city_officials(user) -> bool:
    """A focal point's page of their own city's officials and their enrolments."""
    return bool(user and user.is_authenticated and user.has_role(Role.FOCAL_POINT) and user.city_id)


def can_enrol_in_bulk(user, offering: Offering) -> bool:
    """Enrolling or nominating a list of people at once is for the centre's staff."""
    return is_staff(user)
