"""Why a records action was refused, in words the person can act on."""

from app.core.babel import lazy_gettext as _l
from app.core.errors import DomainError


class InvalidCheckInCode(DomainError):
    message = _l("This check-in code is not valid. Please check it with your instructor.")


class CheckInClosed(DomainError):
    message = _l(
        "Check-in for this session is open from 30 minutes before it starts until it ends."
    )


class NotEnrolledHere(DomainError):
    message = _l("Only enrolled participants can check in to this session.")


class NotForAttendance(DomainError):
    message = _l("Attendance is not taken for this session.")


class NotAParticipant(DomainError):
    message = _l("This person is not an enrolled participant of this offering.")


class ReasonRequired(DomainError):
    message = _l("Please give a reason.")


class InvalidAttendanceStatus(DomainError):
    message = _l("Choose present, absent or excused.")
