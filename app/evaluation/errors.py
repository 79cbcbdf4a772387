"""Why an evaluation action was refused, in words the person can act on."""

from app.core.babel import lazy_gettext as _l
from app.core.errors import DomainError


class EvaluationNotOpen(DomainError):
    message = _l("The evaluation opens when the last session of the offering starts.")


class NotAParticipant(DomainError):
    message = _l("Only enrolled participants of this offering can answer its evaluation.")
    status = 403


class AlreadyAnswered(DomainError):
    message = _l("You have already answered this evaluation. Thank you.")


class QuestionNotAllowed(DomainError):
    message = _l("You cannot change the evaluation questions of this offering.")
    status = 403


class AnswerMissing(DomainError):
    message = _l("Please answer every required question.")
