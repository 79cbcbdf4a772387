"""My learning and the roster issue the same number of statements for 10 and 2,000 enrolments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from app.accounts.models import User, UserRole
from app.catalogue.models import Offering
from app.core.db import utcnow
from app.enrolment.models import Enrolment


def bulk_users(db, city_id: int, count: int) -> list[int]:
    now = utcnow()
    start = db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) or 0
    db.session.execute(
        insert(User),
        [
            {
                "email": f"bulk{start + n}@example.org",
                "password_hash": "x",
                "name_native": f"人{n}",
                "name_latin": f"Person {n}",
                "city_id": city_id,
                "department": "",
                "job_title": "",
                "locale": "en",
                "timezone": "Asia/Taipei",
                "is_enabled": True,
                "created_at": now,
                "password_changed_at": now,
                "email_verified_at": now,
            }
            for n in range(count)
        ],
    )
    ids = db.session.scalars(select(User.id).where(User.id > start)).all()
    db.session.execute(insert(UserRole), [{"user_id": i, "role": "official"} for i in ids])
    db.session.commit()
    return ids


def bulk_offerings(db, count: int) -> list[int]:
    today = date.today()
    start = db.session.scalar(select(Offering.id).order_by(Offering.id.desc()).limit(1)) or 0
    db.session.execute(
        insert(Offering),
        [
            {
                "kind": "course",
                "status": "published",
                "format": "online",
                "timezone": "Asia/Taipei",
                "starts_on": today + timedelta(days=n % 90),
                "ends_on": today + timedelta(days=n % 90),
                "capacity": None,
                "enrolment_mode": "open",
                "fallback_locale": "en",
                "venue": "",
                "online_url": "",
                "created_at": utcnow(),
                "updated_at": utcnow(),
                "seats_taken": 1,
                "waitlist_counter": 0,
                "titles": {"en": f"Offering {start + n + 1}"},
                "summaries": {},
            }
            for n in range(count)
        ],
    )
    ids = db.session.scalars(select(Offering.id).where(Offering.id > start)).all()
    db.session.commit()
    return ids


def enrol_rows(db, pairs, status="enrolled"):
    now = utcnow()
    db.session.execute(
        insert(Enrolment),
        [
            {
                "user_id": u,
                "offering_id": o,
                "status": status,
                "waiting_reason": "",
                "reason": "",
                "created_at": now,
                "updated_at": now,
            }
            for u, o in pairs
        ],
    )
    db.session.commit()


@pytest.mark.parametrize("count", [10, 2000])
def test_my_learning_budget(client, db, create_user, create_offering, login, count_queries, count):
    official = create_user()
    offering_ids = bulk_offerings(db, count)
    enrol_rows(db, [(official.id, o) for o in offering_ids])
    login(official)
    with count_queries() as statements:
        assert client.get("/my").status_code == 200
    # The enrolments (with their offerings' titles) in three statements, the person's
    # progress (records), certificates and open evaluations one each: a fixed number
    # whatever the count.
    assert 1 <= len(statements) <= 6, len(statements)


@pytest.mark.parametrize("count", [10, 2000])
def test_roster_budget(
    client, db, create_user, create_city, create_offering, login, count_queries, count
):
    city = create_city()
    offering = create_offering(capacity=None)
    people = bulk_users(db, city.id, count)
    enrol_rows(db, [(u, offering.id) for u in people[: count // 2]])
    now = utcnow()
    db.session.execute(
        insert(Enrolment),
        [
            {
                "user_id": u,
                "offering_id": offering.id,
                "status": "waitlisted",
                "waitlist_seq": n,
                "waiting_reason": "",
                "reason": "",
                "created_at": now,
                "updated_at": now,
            }
            for n, u in enumerate(people[count // 2 :], start=1)
        ],
    )
    db.session.commit()
    login(create_user(roles=("staff",)))
    path = f"/manage/offerings/{offering.id}/roster?status=waitlisted"  # read before counting
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    assert 1 <= len(statements) <= 4, len(statements)
    assert "Person" in response.get_data(as_text=True)


def test_roster_csv_opens_in_excel_and_defuses_formulas(
    client, db, create_user, create_offering, login
):
    offering = create_offering()
    person = create_user(name_native='=HYPERLINK("http://evil/","x")', name_latin="+cmd")
    enrol_rows(db, [(person.id, offering.id)])
    login(create_user(roles=("staff",)))
    response = client.get(f"/manage/offerings/{offering.id}/roster.csv")
    assert response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads the CJK names as UTF-8
    assert "'=HYPERLINK" in body and "'+cmd" in body


def test_roster_pages_count_everyone_once(
    client, db, create_user, create_city, create_offering, login
):
    """The page and the number of people come from one statement; a page past the end still
    knows how many there are."""
    import re

    city = create_city()
    offering = create_offering(capacity=None)
    people = bulk_users(db, city.id, 60)
    enrol_rows(db, [(u, offering.id) for u in people])
    login(create_user(roles=("staff",)))
    path = f"/manage/offerings/{offering.id}/roster"

    def ids_on(html):
        return set(re.findall(r'name="enrolment" value="(\d+)"', html))

    first = client.get(path).get_data(as_text=True)
    second = client.get(f"{path}?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert len(ids_on(first)) == 50 and len(ids_on(second)) == 10
    assert not ids_on(first) & ids_on(second)
    beyond = client.get(f"{path}?page=9")
    assert beyond.status_code == 200
    html = beyond.get_data(as_text=True)
    assert ids_on(html) == set() and "There is no page 9; the list has 2." in html


@pytest.mark.parametrize("count", [10, 300])
def test_roster_csv_budget(
    client, db, create_user, create_city, create_offering, login, count_queries, count
):
    """The CSV reads each person with their enrolment (an explicit join), not one by one."""
    city = create_city()
    offering = create_offering(capacity=None)
    enrol_rows(db, [(u, offering.id) for u in bulk_users(db, city.id, count)])
    login(create_user(roles=("staff",)))
    path = f"/manage/offerings/{offering.id}/roster.csv"
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("Person ") == count
    assert 1 <= len(statements) <= 6, len(statements)


@pytest.mark.parametrize("count", [3, 60])
def test_staff_offering_list_and_nominations_budget(
    client, db, create_user, login, count_queries, count
):
    """The titles of a list of offerings are read in one statement, not one per offering."""
    bulk_offerings(db, count)
    db.session.execute(Offering.__table__.update().values(enrolment_mode="nomination"))
    db.session.commit()
    login(create_user(roles=("staff", "official")))
    for path in ("/manage/offerings", "/nominations"):
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200
        assert "Offering " in response.get_data(as_text=True)
        assert 1 <= len(statements) <= 4, (path, len(statements))
