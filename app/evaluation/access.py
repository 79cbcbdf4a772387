"""Who may answer an offering's evaluation, change its questions and read its results.

The results rule: answers are anonymous, and with only a few of them an average or a comment
can be traced back to the person who gave it (an instructor knows who attended, and so does
staff). So nobody, staff included, sees averages, distributions or free texts of an offering
until at least ``MIN_RESPONSES`` people answered; below that, instructors and staff see only how
many answered. The reports read averages through ``queries.average_rating_of``, which applies
the same threshold.
"""

from __future__ import annotations

from app.catalogue.access import is_assigned_instructor
from app.catalogue.models import Offering
from app.core.access import is_staff
from app.enrolment.models import Enrolment, EnrolmentStatus

MIN_RESPONSES = 5


def can_edit_default_questions(user) -> bool:
    """The default question set every offering asks: staff."""
    return is_staff(user)


def can_edit_offering_questions(user, offering: Offering) -> bool:
    """An offering's own extra questions: staff and the offering's instructors."""
    return is_staff(user) or is_assigned_instructor(user, offering)


def can_see_results(user, offering: Offering) -> bool:
    """The results page of an offering (the count always, aggregates per ``shows_aggregates``)."""
    return is_staff(user) or is_assigned_instructor(user, offering)


def shows_aggregates(user, offering: Offering, responses: int) -> bool:
    return can_see_results(user, offering) and responses >= MIN_RESPONSES


def is_participant(user, enrolment: Enrolment | None) -> bool:
    """Enrolled (not cancelled, rejected or waiting) in the offering, as this person."""
    return bool(
        enrolment is not None
        and user
        and user.is_authenticated
        and enrolment.user_id == user.id
        and enrolment.status == EnrolmentStatus.ENROLLED
    )
