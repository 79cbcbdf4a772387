"""Issue 12 item 1 (SECURITY.md C4, C5): a person's city is kept by staff, and the city cap and
a focal point's scope go by the city recorded on each enrolment."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.core.audit import AuditEvent
from app.enrolment.models import Enrolment
from app.notifications.models import Notification
from tests.factories import csrf_token, sign_in


def browser(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def profile_form(user, city_id) -> dict:
    return {
        "name_native": user.name_native,
        "name_latin": user.name_latin,
        "city_id": str(city_id),
        "department": "Bureau",
        "job_title": "Officer",
        "locale": "en",
        "timezone": "Asia/Taipei",
    }


def city_of(db, user) -> int:
    db.session.expire_all()
    return db.session.scalar(select(User.city_id).where(User.id == user.id))


def test_a_person_cannot_change_their_own_city(app, db, create_user, create_city):
    """The profile form takes no city: a posted city_id is ignored, the rest is saved."""
    home, other = create_city(), create_city()
    for roles in (("official",), ("official", "focal_point")):
        person = create_user(roles=roles, city=home)
        client = browser(app, person)
        data = {"csrf_token": csrf_token(client, "/account"), **profile_form(person, other.id)}
        response = client.post("/account", data=data)
        assert response.status_code == 302
        assert city_of(db, person) == home.id
        db.session.refresh(person)
        assert person.department == "Bureau"  # the rest of the profile was saved


def test_focal_point_cannot_reach_another_city_by_editing_the_profile(
    app, db, create_user, create_city, create_offering
):
    """The attack seen in the probe: switch city, nominate there, switch back."""
    offering = create_offering(enrolment_mode="nomination")
    home, other = create_city(), create_city()
    focal = create_user(roles=("official", "focal_point"), city=home)
    stranger = create_user(city=other, name_latin="Stranger Elsewhere")
    client = browser(app, focal)
    client.post(
        "/account",
        data={"csrf_token": csrf_token(client, "/account"), **profile_form(focal, other.id)},
    )
    page = client.get(f"/nominations/{offering.id}").get_data(as_text=True)
    assert "Stranger Elsewhere" not in page
    client.post(
        f"/nominations/{offering.id}",
        data={"csrf_token": csrf_token(client, "/account"), "user": str(stranger.id)},
    )
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0


def test_a_city_change_request_is_recorded_and_staff_are_told(app, db, create_user, create_city):
    home, other = create_city(), create_city(names={"en": "Busan Test"})
    person = create_user(city=home)
    staff = create_user(roles=("staff",))
    client = browser(app, person)
    response = client.post(
        "/account/city",
        data={
            "csrf_token": csrf_token(client, "/account/city"),
            "city_id": str(other.id),
            "reason": "Moved to the Busan bureau",
        },
    )
    assert response.status_code == 302
    assert city_of(db, person) == home.id  # a request, not a change
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "account.city_change_requested")
    )
    assert event.actor_id == person.id and event.target_id == person.id
    assert event.before == {"city_id": home.id}
    assert event.after == {"city_id": other.id, "reason": "Moved to the Busan bureau"}
    told = db.session.scalar(select(Notification).where(Notification.user_id == staff.id))
    assert told.kind == "city_change_requested" and f"/staff/users/{person.id}" in told.link


def test_staff_change_the_city_on_the_user_page_with_audit(app, db, create_user, create_city):
    home, other = create_city(), create_city()
    person = create_user(city=home)
    admin = create_user(roles=("admin",), city=home)
    staff = create_user(roles=("staff",))
    client = browser(app, staff)
    page = client.get(f"/staff/users/{person.id}").get_data(as_text=True)
    assert f'action="/staff/users/{person.id}/city"' in page
    token = csrf_token(client, f"/staff/users/{person.id}")
    response = client.post(
        f"/staff/users/{person.id}/city", data={"csrf_token": token, "city_id": str(other.id)}
    )
    assert response.status_code == 302
    assert city_of(db, person) == other.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.city_changed"))
    assert (event.actor_id, event.before, event.after) == (
        staff.id,
        {"city_id": home.id},
        {"city_id": other.id},
    )
    # Only an admin changes the city of a staff or admin account.
    response = client.post(
        f"/staff/users/{admin.id}/city", data={"csrf_token": token, "city_id": str(other.id)}
    )
    assert response.status_code == 403
    assert city_of(db, admin) == home.id


def test_city_cap_counts_the_city_recorded_on_the_enrolment(
    app, db, create_user, create_city, create_offering
):
    """A seat taken for a city stays that city's seat when the person's city changes later."""
    offering = create_offering(capacity=5, city_cap=1)
    home, other = create_city(), create_city()
    first, second = create_user(city=home), create_user(city=home)
    client = browser(app, first)
    client.post(f"/offerings/{offering.id}/enrol", data={"csrf_token": csrf_token(client, "/my")})
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == first.id))
    assert (enrolment.status, enrolment.city_id) == ("enrolled", home.id)
    db.session.get(User, first.id).city_id = other.id  # moved later (by staff)
    db.session.commit()
    client = browser(app, second)
    client.post(f"/offerings/{offering.id}/enrol", data={"csrf_token": csrf_token(client, "/my")})
    db.session.expire_all()
    mine = db.session.scalar(select(Enrolment).where(Enrolment.user_id == second.id))
    assert (mine.status, mine.waiting_reason, mine.city_id) == ("waitlisted", "city_cap", home.id)
