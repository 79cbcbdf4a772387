"""What enrolment tells people: every change of their enrolment (mail: enrolment_update)."""

from __future__ import annotations

from app.core.babel import lazy_gettext as _l
from app.notifications.kinds import Category, Kind, register_kinds

register_kinds(
    *(
        Kind(name, title, Category.TRANSACTIONAL, "enrolment_update")
        for name, title in (
            ("enrolment_enrolled", _l("You are enrolled in “%(offering)s”.")),
            (
                "enrolment_pending",
                _l("Your enrolment in “%(offering)s” is waiting for approval."),
            ),
            (
                "enrolment_waitlisted",
                _l("“%(offering)s” is full. You are on the waitlist in position %(position)s."),
            ),
            (
                "enrolment_promoted",
                _l("A seat has opened in “%(offering)s”: you are now enrolled."),
            ),
            (
                "enrolment_offered",
                _l(
                    "A seat has opened in “%(offering)s”. Please accept it before "
                    "%(deadline)s, or it passes to the next person."
                ),
            ),
            (
                "enrolment_rejected",
                _l("Your enrolment in “%(offering)s” was not approved. Reason: %(reason)s"),
            ),
            (
                "enrolment_nominated",
                _l(
                    "Your city has nominated you for “%(offering)s”. Please confirm that you "
                    "will take part."
                ),
            ),
            ("enrolment_cancelled", _l("Your enrolment in “%(offering)s” is cancelled.")),
            (
                "enrolment_nomination_withdrawn",
                _l("Your city has withdrawn your nomination for “%(offering)s”."),
            ),
            (
                "offering_cancelled",
                _l("“%(offering)s” has been cancelled and will not take place."),
            ),
            (
                "session_cancelled",
                _l("“%(offering)s”: the session of %(when)s has been cancelled."),
            ),
        )
    )
)
