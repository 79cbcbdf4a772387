from app.core.babel import lazy_gettext as _l
from app.core.errors import DomainError


class SessionOutsideOffering(DomainError):
    message = _l("The session must take place between the first and the last day of the offering.")


class EndsBeforeStart(DomainError):
    message = _l("The end must be after the start.")


class CapacityBelowSeatsTaken(DomainError):
    message = _l("The number of seats cannot be lower than the seats already taken.")


class StatusChangeNotAllowed(DomainError):
    message = _l("This status change is not possible.")


class OfferingIncomplete(DomainError):
    message = _l("Add a title in the fallback language before publishing.")


class OfferingTextWithoutTitle(DomainError):
    """A summary or description in a language the offering has no title in (the text form
    asks for the title first, so only a direct call gets here): the generic message."""


class OfferingHasParticipants(DomainError):
    message = _l(
        "People have enrolled in this offering, so it cannot go back to draft. "
        "Cancel the offering instead: they will be told."
    )
