"""Enrolment decisions live in services and access rules, so pages and a later API agree."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from app.enrolment import access, services
from app.enrolment.models import Enrolment


def test_nomination_candidates_keep_a_focal_point_to_their_city(
    app, db, create_user, create_city, create_offering
):
    """Whatever city is asked for, a focal point gets officials of their own city; staff get
    the city they ask for. Disabled accounts and non-officials are never offered."""
    offering = create_offering(enrolment_mode="nomination")
    home, elsewhere = create_city(), create_city()
    focal = create_user(roles=("focal_point",), city=home)
    staff = create_user(roles=("staff",), city=home)
    colleague = create_user(city=home)
    create_user(city=home, is_enabled=False)
    create_user(city=home, roles=("instructor",))
    stranger = create_user(city=elsewhere)
    db.session.add(Enrolment(user_id=colleague.id, offering_id=offering.id, status="nominated"))
    db.session.commit()
    people, existing = services.nomination_candidates(focal, offering, elsewhere.id)
    assert [p.id for p in people] == [colleague.id]
    assert existing[colleague.id].status == "nominated"
    people, _ = services.nomination_candidates(staff, offering, elsewhere.id)
    assert [p.id for p in people] == [stranger.id]


def test_enrolment_rules_by_identity(db, create_user, create_offering):
    offering = create_offering(enrolment_mode="nomination")
    official, focal = create_user(), create_user(roles=("focal_point",))
    staff = create_user(roles=("staff",))
    enrolment = Enrolment(user_id=official.id, offering_id=offering.id, status="nominated")
    db.session.add(enrolment)
    db.session.commit()
    anonymous = AnonymousUserMixin()
    assert access.is_own_enrolment(official, enrolment)
    assert not access.is_own_enrolment(focal, enrolment)
    assert not access.is_own_enrolment(anonymous, enrolment)
    assert [access.can_nominate(u) for u in (anonymous, official, focal, staff)] == [
        False,
        False,
        True,
        True,
    ]
    assert access.takes_nominations(focal, offering)
    assert not access.takes_nominations(focal, create_offering(enrolment_mode="open"))
    assert not access.can_request_place(official, create_offering(status="draft"))
