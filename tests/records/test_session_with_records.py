"""A session whose attendance is recorded is never removed, even once nobody takes part any
more (the fuzz test found a 500 here after every participant had left): it is cancelled."""

from __future__ import annotations

from app.catalogue.models import OfferingSession
from app.catalogue.services import delete_session
from app.core.db import load_parts
from app.enrolment import services as enrolment
from app.records.attendance.services import save_marks


def test_a_session_with_attendance_is_cancelled_not_removed(
    db, create_user, create_offering, create_enrolment
):
    staff = create_user(roles=("staff",))
    offering = create_offering(sessions=1)
    taken = create_enrolment(offering=offering)
    session = load_parts(offering, "sessions").sessions[0]
    save_marks(staff, session.id, {taken.id: "present"})
    enrolment.cancel(staff, taken.id, by_staff=True)
    db.session.commit()
    assert delete_session(staff, session) is True
    db.session.commit()
    kept = db.session.get(OfferingSession, session.id)
    assert kept is not None and kept.cancelled_at is not None
