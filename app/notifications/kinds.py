"""The kinds of notification: their in-app text and whether a person may turn their mail off."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class Category(enum.StrEnum):
    TRANSACTIONAL = "transactional"  # account, enrolment decisions, certificates: always sent
    REMINDER = "reminder"  # session reminders: the person may turn them off
    DIGEST = "digest"  # summaries and announcements: the person may turn them off


@dataclass(frozen=True)
class Kind:
    name: str
    title: object  # lazy string; %(name)s placeholders come from the notification's params
    category: Category
    template: str = ""  # mail templates to use; the kind's own name when empty


def kind_text(kind: str, params: dict) -> str:
    """The sentence of a notification kind in the current language."""
    definition = KINDS.get(kind)
    return str(definition.title) % params if definition else kind


KINDS = {
    kind.name: kind
    for kind in (
        Kind("password_changed", _l("Your password was changed."), Category.TRANSACTIONAL),
        Kind(
            "roles_changed", _l("Your roles on KCC Academy were changed."), Category.TRANSACTIONAL
        ),
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
            )
        ),
        Kind(
            "announcement",
            _l("Announcement about “%(offering)s”: %(subject)s"),
            Category.TRANSACTIONAL,
            "announcement",
        ),
        Kind(
            "session_reminder",
            _l("Reminder: “%(offering)s”, %(session)s, starts at %(time)s."),
            Category.REMINDER,
            "reminder",
        ),
    )
}
