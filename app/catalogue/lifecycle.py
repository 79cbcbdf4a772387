"""What the catalogue tells (and asks) the domains above it, without importing them.

Enrolment (and later records) connect receivers to these blinker signals; the catalogue sends
them with the offering, session or module as sender. A receiver may refuse a change by raising
a ``DomainError``; the request's unit of work then undoes everything.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Asked: how many people take part in an offering (receivers return a number). An offering
# with participants keeps its sessions and modules (cancelled, not deleted) and cannot go back
# to draft.
participants_counted = _signals.signal("offering-participants-counted")
# Asked: does ``user`` take part in the offering (receivers return a bool)? Such a person may
# read the offering's page whatever its status.
participation_asked = _signals.signal("offering-participation-asked")
# Asked: how many records (attendance marks, check-in codes) rest on a session (sender)? A
# session with records is cancelled, never removed, even when nobody takes part any more.
session_records_counted = _signals.signal("session-records-counted")
# Told: the offering (sender) was cancelled by ``actor``.
offering_cancelled = _signals.signal("offering-cancelled")
# Told: a session (sender) of an offering with participants was cancelled by ``actor``.
session_cancelled = _signals.signal("session-cancelled")


def participant_count(offering) -> int:
    return sum(answer or 0 for _receiver, answer in participants_counted.send(offering))


def session_record_count(session) -> int:
    return sum(answer or 0 for _receiver, answer in session_records_counted.send(session))


def takes_part(user, offering) -> bool:
    if not (user and user.is_authenticated):
        return False
    return any(answer for _receiver, answer in participation_asked.send(offering, user=user))
