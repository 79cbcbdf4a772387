"""Factory for enrolments in any status, with the offering's counters kept consistent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.db import utcnow


@pytest.fixture
def create_enrolment(db, create_user, create_offering):
    """``create_enrolment(user=..., offering=..., status="enrolled", **columns)``: a person
    and an offering are made when not given. A seat-holding status (enrolled, offered) takes a
    seat of the offering's counter; a waitlisted one gets the next place in line; an offer
    expires in a day unless ``offer_expires_at`` is given. For setting up a situation; the
    rules themselves are tested through the enrolment services."""
    from app.enrolment.models import SEAT_HOLDING, Enrolment, EnrolmentStatus

    def make(user=None, offering=None, status="enrolled", **overrides):
        user = user or create_user()
        offering = offering or create_offering()
        status = EnrolmentStatus(status)
        values = {"waiting_reason": "", "reason": ""}
        if status in SEAT_HOLDING:
            assert offering.capacity is None or offering.seats_taken < offering.capacity, (
                "the offering is full: enrol this person as waitlisted"
            )
            offering.seats_taken += 1
        if status == EnrolmentStatus.WAITLISTED:
            offering.waitlist_counter += 1
            values["waitlist_seq"] = offering.waitlist_counter
        if status == EnrolmentStatus.OFFERED:
            values["offer_expires_at"] = utcnow() + timedelta(days=1)
        values.update(overrides)
        enrolment = Enrolment(user_id=user.id, offering_id=offering.id, status=status, **values)
        db.session.add(enrolment)
        db.session.commit()
        return enrolment

    return make
