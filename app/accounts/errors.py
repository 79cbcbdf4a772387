"""Domain errors of accounts; each carries the message the person reads."""

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class WrongPassword(DomainError):
    message = _l("The current password is not correct.")


class EmailTaken(DomainError):
    message = _l("This e-mail address cannot be used. Please choose another one.")


class InvalidSecondFactor(DomainError):
    message = _l("The code is not valid. Please check the time on your device and try again.")


class LastAdminError(DomainError):
    message = _l("At least one active administrator must remain.")
