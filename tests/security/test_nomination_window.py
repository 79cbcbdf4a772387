"""Issue 12 item 9 (SECURITY.md H, business logic): a nomination cannot be confirmed once the
offering is archived, closed or past its enrolment window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.catalogue.models import Offering
from app.core.db import utcnow
from app.enrolment.models import Enrolment
from tests.factories import csrf_token, sign_in


@pytest.mark.parametrize(
    "change",
    [
        {"status": "archived"},
        {"status": "draft"},
        {"enrol_closes_at": "past"},
    ],
)
def test_nomination_cannot_be_confirmed_after_the_offering_closed(
    app, db, create_user, create_city, create_offering, change
):
    offering = create_offering(enrolment_mode="nomination", capacity=5)
    city = create_city()
    focal = create_user(roles=("official", "focal_point"), city=city)
    official = create_user(city=city)
    client = app.test_client()
    sign_in(client, focal)
    client.post(
        f"/nominations/{offering.id}",
        data={"csrf_token": csrf_token(client, "/my"), "user": str(official.id)},
    )
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == official.id))
    assert enrolment.status == "nominated"
    row = db.session.get(Offering, offering.id)
    for key, value in change.items():
        setattr(row, key, utcnow() - timedelta(hours=1) if value == "past" else value)
    db.session.commit()
    client = app.test_client()
    sign_in(client, official)
    client.post(
        f"/enrolments/{enrolment.id}/confirm", data={"csrf_token": csrf_token(client, "/my")}
    )
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).status == "nominated"
    assert db.session.get(Offering, offering.id).seats_taken == 0
