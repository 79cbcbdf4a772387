"""What the catalogue tells the layers above it, so that it never has to import them.

Receivers run at once, in the same transaction as the change (blinker, which Flask ships).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the offering as sender and ``actor=`` the person who saved it, after the flush
# that raised the offering's capacity (or removed the limit). Enrolment fills the new seats.
capacity_raised = _signals.signal("catalogue.capacity-raised")
