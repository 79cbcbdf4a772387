from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class SessionOutsideOffering(DomainError):
    message = _l("The session must take place between the first and the last day of the offering.")


class EndsBeforeStart(DomainError):
    message = _l("The end must be after the start.")


class StatusChangeNotAllowed(DomainError):
    message = _l("This status change is not possible.")


class OfferingIncomplete(DomainError):
    message = _l("Add a title in the fallback language before publishing.")
