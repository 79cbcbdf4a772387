"""The centre's reach on the home page: counted into one row, read by the page, counted
afresh by the periodic tick or after an old row's first reader."""

from __future__ import annotations

import re
from datetime import timedelta

from app.core.db import utcnow
from app.main.models import SiteReach
from app.main.reach import REACH_MAX_AGE, store_reach


def _reach_figures(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))


def test_the_first_reader_counts_and_later_pages_only_read_the_row(
    app, db, client, create_city, create_user, create_offering, create_enrolment, count_queries
):
    taipei, busan = create_city(), create_city()
    offering = create_offering()
    for city in (taipei, taipei, busan):
        create_enrolment(user=create_user(city=city), offering=offering)
    create_enrolment(user=create_user(city=create_city()), offering=offering, status="waitlisted")

    figures = _reach_figures(client.get("/").get_data(as_text=True))
    assert figures["Cities and organisations taking part"] == "2"
    assert figures["Officials enrolled"] == "3"
    assert figures["Offerings published"] == "1"
    row = db.session.get(SiteReach, 1)
    assert (row.cities, row.officials, row.offerings, row.certificates) == (2, 3, 1, 0)

    with count_queries() as statements:
        assert client.get("/").status_code == 200
    assert statements, "the page sent no statement"
    assert not [s for s in statements if "enrolments" in s and "count(distinct" in s.lower()]


def test_an_old_row_is_shown_once_and_counted_afresh_after_the_response(
    app, db, client, create_user, create_offering, create_enrolment
):
    offering = create_offering()
    create_enrolment(user=create_user(), offering=offering)
    db.session.add(
        SiteReach(
            id=1,
            cities=70,
            officials=700,
            offerings=7,
            certificates=0,
            counted_at=utcnow() - REACH_MAX_AGE - timedelta(minutes=1),
        )
    )
    db.session.commit()

    # The reader gets the kept figures at once; the count runs after the response.
    assert _reach_figures(client.get("/").get_data(as_text=True))["Officials enrolled"] == "700"
    db.session.expire_all()
    row = db.session.get(SiteReach, 1)
    assert (row.officials, row.offerings) == (1, 1)
    assert row.counted_at > utcnow() - timedelta(minutes=1)
    assert _reach_figures(client.get("/").get_data(as_text=True))["Officials enrolled"] == "1"


def test_a_fresh_row_is_not_counted_again(app, db, client, create_user, create_enrolment):
    db.session.add(
        SiteReach(id=1, cities=5, officials=50, offerings=2, certificates=1, counted_at=utcnow())
    )
    db.session.commit()
    create_enrolment(user=create_user())
    client.get("/")
    db.session.expire_all()
    assert db.session.get(SiteReach, 1).officials == 50


def test_the_periodic_tick_counts_afresh(app, db, create_user, create_enrolment):
    with app.app_context():
        store_reach()
        db.session.commit()
    create_enrolment(user=create_user())
    create_enrolment(user=create_user())
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    assert "Counted the centre's reach" in result.output
    db.session.expire_all()
    assert db.session.get(SiteReach, 1).officials == 2


def test_counting_twice_keeps_one_row(app, db, create_user, create_enrolment):
    """Two first readers at once both write the row: the second updates what the first
    inserted instead of failing on the key."""
    create_enrolment(user=create_user())
    with app.app_context():
        store_reach()
        store_reach()
        db.session.commit()
    db.session.expire_all()
    assert db.session.query(SiteReach).count() == 1
    assert db.session.get(SiteReach, 1).officials == 1
