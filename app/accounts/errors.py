"""Domain errors of accounts; each carries the message the person reads."""

from app.core.babel import lazy_gettext as _l
from app.core.errors import DomainError


class WrongPassword(DomainError):
    message = _l("The current password is not correct.")


class EmailTaken(DomainError):
    message = _l("This e-mail address cannot be used. Please choose another one.")


class InvalidSecondFactor(DomainError):
    message = _l("The code is not valid. Please check the time on your device and try again.")


class LastAdminError(DomainError):
    message = _l("At least one active administrator must remain.")


class AccountNotClosable(DomainError):
    message = _l(
        "Accounts of the centre's staff are not closed here. Please ask an administrator to "
        "deactivate the account."
    )


class AccountMailTooSoon(DomainError):
    message = _l(
        "This mail was sent to the person a few minutes ago. Please wait before sending it again."
    )


class ActionNotPossible(DomainError):
    message = _l("This is not possible for this account.")


class OwnAccountError(DomainError):
    """Nobody deactivates their own account: they would lock themselves out."""

    message = _l("You cannot deactivate your own account.")


class OwnPrivilegedRolesError(DomainError):
    """Nobody takes away their own staff or admin role: they could not undo it."""

    message = _l("You cannot take away your own staff or administrator role.")
