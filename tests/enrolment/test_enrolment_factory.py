"""The enrolment factory sets up situations the services would have produced."""

from __future__ import annotations

from app.catalogue.models import Offering
from app.enrolment.services import waitlist_positions


def test_factory_keeps_the_offering_s_counters(db, create_offering, create_enrolment):
    """Guards the factory: seats taken match the seat-holding rows, places in line follow
    the order of creation."""
    offering = create_offering(capacity=2)
    create_enrolment(offering=offering)
    create_enrolment(offering=offering, status="offered")
    first = create_enrolment(offering=offering, status="waitlisted")
    second = create_enrolment(offering=offering, status="waitlisted")
    db.session.expire_all()
    assert db.session.get(Offering, offering.id).seats_taken == 2
    assert waitlist_positions([first, second]) == {first.id: 1, second.id: 2}
