"""Why an enrolment action was refused, in words the person can act on."""

from app.core.babel import lazy_gettext as _l
from app.core.errors import DomainError


class EnrolmentClosed(DomainError):
    message = _l("Enrolment for this offering is not open.")


class NotAnOfficial(DomainError):
    message = _l("Only learners can enrol. Please ask the centre staff if you need access.")


class NominationOnly(DomainError):
    message = _l("Places in this offering are filled by nomination from your city's focal point.")


class AlreadyEnrolled(DomainError):
    message = _l("You already have an enrolment in this offering.")


class CancellationClosed(DomainError):
    message = _l("The time to cancel has passed. Please contact the centre staff.")


class ActionNotPossible(DomainError):
    message = _l("This is no longer possible: the enrolment has changed in the meantime.")


class OfferExpired(DomainError):
    message = _l("The offer has expired and the seat has passed to the next person.")


class NotInYourCity(DomainError):
    message = _l("You can nominate only officials of your own city or organisation.")
