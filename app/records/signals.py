"""Signals inside the records domain: a record that completion depends on has changed."""

from blinker import Namespace

_signals = Namespace()

#: Sent after a flush with ``offering_id=int, enrolment_ids=list[int]``: completion of those
#: enrolments may have changed (a material opened, a plan approved, attendance marked).
record_changed = _signals.signal("record-changed")
