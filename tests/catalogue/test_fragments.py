"""Cached catalogue fragments: served from the cache while nothing changes, never stale after
a change, never carrying one reader's parts to another, and never a reason for a failed page."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from sqlalchemy import select

from app.catalogue.models import Offering, OfferingSession
from app.core.db import utcnow
from tests.factories import comparable, csrf_token, sign_in


def seats_left(html: str) -> list[str]:
    return re.findall(r"Seats left: (\d+) of", html)


def test_a_repeated_catalogue_page_is_served_from_the_cache(
    client, db, create_offering, count_queries
):
    create_offering(titles={"en": ("Flood resilience", "")})
    first = client.get("/offerings?q=flood")
    with count_queries() as statements:
        again = client.get("/offerings?q=flood")
    # Equal but for the CSRF token of the language switcher, signed with the current second.
    assert comparable(again) == comparable(first) and "Flood resilience" in comparable(again)
    # Only the catalogue's latest change is read, and the seats of the page's cards.
    assert len(statements) == 2, statements
    assert "max(offerings.changed_at)" in statements[0]
    assert "offerings.seats_taken" in statements[1]


def test_an_edited_title_shows_at_once_in_the_list_and_on_the_page(
    app, db, create_user, create_offering
):
    offering = create_offering(titles={"en": ("Heat action plans", "")})
    reader = app.test_client()
    assert "Heat action plans" in reader.get("/offerings").get_data(as_text=True)
    assert "Heat action plans" in reader.get(f"/offerings/{offering.id}").get_data(as_text=True)

    staff = app.test_client()
    sign_in(staff, create_user(roles=("staff",)))
    token = csrf_token(staff, f"/manage/offerings/{offering.id}/text/en")
    response = staff.post(
        f"/manage/offerings/{offering.id}/text/en",
        data={
            "csrf_token": token,
            "title": "Urban heat action plans",
            "summary": "",
            "description": "",
        },
    )
    assert response.status_code == 302

    assert "Urban heat action plans" in reader.get("/offerings").get_data(as_text=True)
    page = reader.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Urban heat action plans" in page


def test_a_new_session_shows_at_once_on_the_page_the_programme_and_the_calendar(
    app, db, create_user, create_offering
):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(instructors=[instructor], sessions=0)
    reader = app.test_client()
    paths = [
        f"/offerings/{offering.id}",
        f"/offerings/{offering.id}/programme",
        f"/offerings/{offering.id}/calendar.ics",
    ]
    for path in paths:
        assert "Site visit to the harbour" not in reader.get(path).get_data(as_text=True)

    client = app.test_client()
    sign_in(client, instructor)
    token = csrf_token(client, f"/manage/offerings/{offering.id}/sessions/new")
    day = offering.starts_on.isoformat()
    response = client.post(
        f"/manage/offerings/{offering.id}/sessions/new",
        data={
            "csrf_token": token,
            "title_en": "Site visit to the harbour",
            "starts_local": f"{day}T09:00",
            "ends_local": f"{day}T11:00",
            "location": "Port",
        },
    )
    assert response.status_code == 302
    for path in paths:
        assert "Site visit to the harbour" in reader.get(path).get_data(as_text=True), path


def test_a_change_made_only_to_an_owned_row_moves_the_offering_on(client, db, create_offering):
    """A session deleted on its own (not through the offering) still renews the pages."""
    offering = create_offering(sessions=2)
    before = db.session.scalar(select(Offering.changed_at).where(Offering.id == offering.id))
    assert "Session 1" in client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    db.session.expunge_all()
    doomed = db.session.scalar(
        select(OfferingSession).where(OfferingSession.titles["en"].as_string() == "Session 1")
    )
    db.session.delete(doomed)
    db.session.commit()
    after = db.session.scalar(select(Offering.changed_at).where(Offering.id == offering.id))
    assert after > before
    page = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Session 1" not in page and "Session 0" in page


def test_seats_left_follow_every_enrolment(app, db, create_user, create_offering):
    offering = create_offering(capacity=5)
    reader = app.test_client()
    assert seats_left(reader.get("/offerings").get_data(as_text=True)) == ["5"]
    official = app.test_client()
    sign_in(official, create_user())
    token = csrf_token(official, f"/offerings/{offering.id}")
    assert (
        official.post(f"/offerings/{offering.id}/enrol", data={"csrf_token": token}).status_code
        == 302
    )
    assert seats_left(reader.get("/offerings").get_data(as_text=True)) == ["4"]
    assert "Seats left: 4 of 5" in reader.get(f"/offerings/{offering.id}").get_data(as_text=True)


def test_an_enrolment_keeps_the_cached_list_and_its_seats_are_current(
    app, db, create_user, create_offering, count_queries
):
    """Seats move with every enrolment; the list is not rendered again for them (a busy
    enrolment day would otherwise empty the cache): its cards' seats are read for each page."""
    nearly_full = create_offering(titles={"en": ("Two seats", "")}, capacity=2)
    create_offering(titles={"en": ("No limit", "")}, capacity=None)
    reader = app.test_client()
    first = reader.get("/offerings").get_data(as_text=True)
    assert seats_left(first) == ["2"] and "kcc-seats" not in first
    for person in (create_user(), create_user()):
        official = app.test_client()
        sign_in(official, person)
        token = csrf_token(official, f"/offerings/{nearly_full.id}")
        enrolled = official.post(f"/offerings/{nearly_full.id}/enrol", data={"csrf_token": token})
        assert enrolled.status_code == 302
        with count_queries() as statements:
            html = reader.get("/offerings").get_data(as_text=True)
        assert len(statements) == 2, statements  # the list from the cache, the seats afresh
    assert seats_left(html) == [] and '<span class="tag tag-warning">Full</span>' in html
    assert "No limit" in html and "kcc-seats" not in html


def test_what_belongs_to_one_reader_is_never_cached(app, db, create_user, create_offering):
    offering = create_offering(capacity=5)
    enrolled, other, staff = create_user(), create_user(), create_user(roles=("staff",))
    clients = {}
    for name, person in (("enrolled", enrolled), ("other", other), ("staff", staff)):
        clients[name] = app.test_client()
        sign_in(clients[name], person)
    token = csrf_token(clients["enrolled"], f"/offerings/{offering.id}")
    clients["enrolled"].post(f"/offerings/{offering.id}/enrol", data={"csrf_token": token})

    pages = {
        name: c.get(f"/offerings/{offering.id}").get_data(as_text=True)
        for name, c in clients.items()
    }
    anonymous = app.test_client().get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Your status:" in pages["enrolled"]
    assert "Your status:" not in pages["other"] and "Your status:" not in anonymous
    assert "Edit offering" in pages["staff"]
    assert "Edit offering" not in pages["other"] and "Edit offering" not in anonymous
    # The cached parts are the same for all of them.
    title = re.compile(r"<h1[^>]*>.*?</h1>", re.S)
    assert len({title.search(html).group(0) for html in [*pages.values(), anonymous]}) == 1


def test_each_language_and_zone_has_its_own_fragment(app, db, create_offering):
    offering = create_offering(
        titles={"en": ("Resilient ports", ""), "ja": ("レジリエントな港湾", "")}
    )
    client = app.test_client()
    assert "Resilient ports" in client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    japanese = client.get(f"/offerings/{offering.id}", headers={"Accept-Language": "ja"}).get_data(
        as_text=True
    )
    assert "レジリエントな港湾" in japanese and "Resilient ports" not in japanese


def test_fragments_expire_so_clock_dependent_states_move_on(app, db, create_offering, time_machine):
    """Enrolment opens at a given time; a cached page says so within the cache's timeout."""
    time_machine.move_to(utcnow(), tick=False)
    offering = create_offering(enrol_opens_at=utcnow() + timedelta(seconds=30))
    client = app.test_client()
    assert "Open for enrolment" not in client.get(f"/offerings/{offering.id}").get_data(
        as_text=True
    )
    time_machine.shift(timedelta(seconds=31))
    assert "Open for enrolment" not in client.get(f"/offerings/{offering.id}").get_data(
        as_text=True
    )
    time_machine.shift(timedelta(seconds=app.config["CACHE_DEFAULT_TIMEOUT"]))
    assert "Open for enrolment" in client.get(f"/offerings/{offering.id}").get_data(as_text=True)


def test_workers_sharing_redis_see_one_another_s_changes(app_factory, db, create_offering, redis):
    """Two applications (two workers) on one Redis: a fragment stored by one is served by the
    other, and a change made through one is seen at once by both."""
    prefix = "kcc-shared-test:"
    first = app_factory(CACHE_KEY_PREFIX=prefix, **redis.settings)
    second = app_factory(CACHE_KEY_PREFIX=prefix, **redis.settings)
    redis_cache = redis.connection()
    assert first.config["CACHE_TYPE"] == "app.core.cache.JSONRedisCache"
    offering = create_offering(titles={"en": ("Coastal adaptation", "")})

    assert "Coastal adaptation" in first.test_client().get("/offerings").get_data(as_text=True)
    stored = redis_cache.keys(prefix + "*")
    assert stored, "the fragment was not stored in Redis"
    # As JSON, never pickled: nothing read back from Redis can run code.
    assert all(redis_cache.get(key).startswith(b'"') for key in stored)
    assert "Coastal adaptation" in second.test_client().get("/offerings").get_data(as_text=True)

    for path in (f"/offerings/{offering.id}", f"/offerings/{offering.id}/calendar.ics"):
        stored_by_first = first.test_client().get(path).get_data(as_text=True)
        assert "Coastal adaptation" in stored_by_first
        served_by_second = second.test_client().get(path).get_data(as_text=True)
        # The pages differ only in their CSRF tokens (the language switcher), before the title.
        assert served_by_second.split("<h1")[-1] == stored_by_first.split("<h1")[-1]

    offering.titles = {"en": "Coastal adaptation finance"}
    db.session.commit()
    for worker in (first, second):
        html = worker.test_client().get("/offerings").get_data(as_text=True)
        assert "Coastal adaptation finance" in html


def test_a_cache_that_does_not_answer_costs_a_rendering_not_a_page(
    app_factory, db, create_offering
):
    down = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    offering = create_offering(titles={"en": ("Disaster risk finance", "")})
    client = down.test_client()
    for path in (
        "/offerings",
        f"/offerings/{offering.id}",
        f"/offerings/{offering.id}/calendar.ics",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Disaster risk finance" in client.get("/offerings").get_data(as_text=True)


def test_a_miss_in_redis_is_quiet(app_factory, db, create_offering, redis, caplog):
    """Redis answers nothing for a fragment it does not hold: the page is rendered afresh and
    stored, and no warning is logged (cachelib's JSON serializer logged one per miss)."""
    prefix = "kcc-miss-test:"
    worker = app_factory(CACHE_KEY_PREFIX=prefix, **redis.settings)
    offering = create_offering(titles={"en": ("Urban heat planning", "")})
    redis.connection().delete(*redis.connection().keys(prefix + "*") or [prefix + "none"])
    with caplog.at_level(logging.WARNING):
        html = worker.test_client().get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Urban heat planning" in html
    assert redis.connection().keys(prefix + "*"), "the fragment was not stored after the miss"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
