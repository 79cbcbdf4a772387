"""A focal point withdraws a nomination they made (until it is confirmed; the person is told)
and reads their own city's officials with their enrolments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.enrolment import services
from app.enrolment.errors import ActionNotPossible
from app.notifications.models import Notification
from tests.factories import csrf_token


@pytest.fixture
def city_with_focal_point(create_city, create_user):
    city = create_city(names={"en": "Kaohsiung City Government"})
    focal = create_user(roles=("official", "focal_point"), city=city)
    return city, focal


def test_a_focal_point_withdraws_their_own_nomination_and_the_person_is_told(
    db, create_user, create_offering, city_with_focal_point
):
    city, focal = city_with_focal_point
    other_focal = create_user(roles=("focal_point",), city=city)
    official = create_user(city=city)
    offering = create_offering(enrolment_mode="nomination")
    (nomination,) = services.nominate(focal, offering.id, [official.id])
    db.session.commit()
    with pytest.raises(ActionNotPossible):  # not theirs, even in the same city
        services.withdraw_nomination(other_focal, nomination.id)
    db.session.rollback()
    services.withdraw_nomination(focal, nomination.id)
    db.session.commit()
    db.session.refresh(nomination)
    assert nomination.status == "cancelled"
    told = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == official.id)
    ).all()
    assert "enrolment_nomination_withdrawn" in told
    with pytest.raises(ActionNotPossible):  # once only
        services.withdraw_nomination(focal, nomination.id)


def test_a_confirmed_nomination_is_not_withdrawn(
    db, create_user, create_offering, city_with_focal_point
):
    city, focal = city_with_focal_point
    official = create_user(city=city)
    offering = create_offering(enrolment_mode="nomination")
    (nomination,) = services.nominate(focal, offering.id, [official.id])
    services.confirm_nomination(official, nomination.id)
    db.session.commit()
    with pytest.raises(ActionNotPossible):
        services.withdraw_nomination(focal, nomination.id)


def test_withdraw_page_asks_first_then_withdraws(
    client, db, create_user, create_offering, login, city_with_focal_point
):
    city, focal = city_with_focal_point
    official = create_user(city=city, name_native="陳美玲")
    offering = create_offering(enrolment_mode="nomination")
    (nomination,) = services.nominate(focal, offering.id, [official.id])
    db.session.commit()
    login(focal)
    page = client.get(f"/nominations/{offering.id}").get_data(as_text=True)
    assert "Withdraw nomination" in page
    token = csrf_token(client, f"/nominations/{offering.id}")
    url = f"/enrolments/{nomination.id}/withdraw-nomination"
    asked = client.post(url, data={"csrf_token": token, "ask": "1"})
    assert asked.status_code == 200 and "陳美玲" in asked.get_data(as_text=True)
    db.session.refresh(nomination)
    assert nomination.status == "nominated"  # asking changes nothing
    done = client.post(url, data={"csrf_token": token, "back": "officials"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/my-city/officials")
    db.session.refresh(nomination)
    assert nomination.status == "cancelled"


def test_city_page_shows_own_city_only_paged_in_bounded_statements(
    client,
    db,
    create_user,
    create_offering,
    create_city,
    login,
    count_queries,
    city_with_focal_point,
):
    city, focal = city_with_focal_point
    elsewhere = create_user(city=create_city(), name_latin="Outsider Person")
    offering = create_offering(titles={"en": ("Adaptation clinic", "")})
    mine = create_user(city=city, name_latin="Aaron Insider")
    services.enrol(mine, offering.id)
    services.enrol(elsewhere, offering.id)
    db.session.commit()
    login(focal)
    html = client.get("/my-city/officials").get_data(as_text=True)
    assert "Aaron Insider" in html and "Adaptation clinic" in html
    assert "Outsider Person" not in html
    counts = []
    for extra in (3, 30):
        for _ in range(extra):
            person = create_user(city=city)
            services.enrol(person, create_offering().id)
        db.session.commit()
        with count_queries() as statements:
            page = client.get("/my-city/officials")
        assert page.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    second = client.get("/my-city/officials?page=2").get_data(as_text=True)
    assert 'rel="prev"' in second
