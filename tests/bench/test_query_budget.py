"""The benchmark's pages, on the scale data set's shape: their SQL statement counts do not
grow with the data (a small version of `flask scale-data`, loaded twice as large)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import pytest

from app.demo.scale_data import SIZES, load
from tests.factories import csrf_token, sign_in

# The scale data set numbers its rows from 1 (cities by position): real commits on fresh tables.
pytestmark = pytest.mark.real_commits

BUDGET = {  # the most statements each page may issue, whatever the data size
    "home page": 3,  # open offerings, their languages, the kept reach (app/main/reach.py)
    "home page, signed in": 6,  # and the person, their enrolments and what needs them
    "catalogue": 6,
    "search (Chinese)": 6,
    "search (Korean)": 6,
    "catalogue, 3 filters": 6,
    "offering detail": 9,
    "symposium programme": 9,
    "My learning": 8,  # progress, certificates, the issuer's name (once), evaluations to answer
    "roster": 4,
    "records view": 9,
    "attendance sheet": 6,
    "offering .ics": 8,
    "action-plan library": 3,  # its countries, its page, and their number
    # Filter lists, totals, five breakdowns and the monthly trend, each with its evaluation score
    "reports dashboard": 16,
    "reports dashboard, Korea and a topic": 16,
    # Its evaluation results take four statements (responses, questions, ratings, a page of
    # written answers), read only from five responses on: the data set has them since it
    # answers evaluations.
    "offering report": 11,
    "city report (focal point)": 12,
    "transcript": 6,
}


def sign_in_with_code(client, email: str, fixtures: dict) -> None:
    """Staff sign in with the data set's second-factor secret."""
    import pyotp

    client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "email": email, "password": fixtures["password"]},
    )
    code = pyotp.TOTP(fixtures["staff_totp_secret"]).now()
    response = client.post(
        "/login/second-factor",
        data={"csrf_token": csrf_token(client, "/login/second-factor"), "code": code},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def measure(app, fixtures, count_queries) -> dict[str, int]:
    anonymous = app.test_client()
    official, instructor = app.test_client(), app.test_client()

    class Person:  # sign_in only needs these two attributes
        def __init__(self, email):
            self.email = email
            self.totp_secret = None

    sign_in(official, Person(fixtures["official_email"]), fixtures["password"])
    sign_in(instructor, Person(fixtures["instructor_email"]), fixtures["password"])
    staff, focal = app.test_client(), app.test_client()
    sign_in_with_code(staff, fixtures["staff_email"], fixtures)
    sign_in(focal, Person(fixtures["focal_point_email"]), fixtures["password"])
    o, s, r = fixtures["offering_id"], fixtures["symposium_id"], fixtures["roster_offering_id"]
    city, report = fixtures["city_id"], fixtures["report_offering_id"]
    pages = {
        "home page": (anonymous, "/"),
        "home page, signed in": (official, "/"),
        "catalogue": (anonymous, "/offerings"),
        "search (Chinese)": (anonymous, "/offerings?q=" + quote("韌性")),
        "search (Korean)": (anonymous, "/offerings?q=" + quote("회복력")),
        "catalogue, 3 filters": (anonymous, "/offerings?kind=course&topic=energy&format=online"),
        "offering detail": (anonymous, f"/offerings/{o}"),
        "symposium programme": (anonymous, f"/offerings/{s}/programme"),
        "My learning": (official, "/my"),
        "roster": (instructor, f"/manage/offerings/{r}/roster"),
        "records view": (instructor, f"/manage/offerings/{r}/records"),
        "attendance sheet": (
            instructor,
            f"/manage/sessions/{fixtures['roster_session_id']}/attendance",
        ),
        "offering .ics": (anonymous, f"/offerings/{o}/calendar.ics"),
        # Unfiltered, so that both data sets fill the page (a page that is not full tells
        # its number, and is not counted apart: one statement fewer).
        "action-plan library": (anonymous, "/action-plans"),
        "reports dashboard": (staff, "/staff/reports"),
        "reports dashboard, Korea and a topic": (staff, "/staff/reports?country=KR&topic=energy"),
        "offering report": (staff, f"/staff/reports/offerings/{report}"),
        "city report (focal point)": (focal, f"/reports/cities/{city}"),
        "transcript": (official, "/my/transcript"),
    }
    counts = {}
    for name, (client, path) in pages.items():
        client.get(path)  # warm caches that are per process, not per data size
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(statements)
    return counts


@pytest.mark.parametrize("fragments", ["cached", "rendered every time"])
def test_benchmark_pages_have_a_fixed_query_budget(app_factory, db, count_queries, fragments):
    """Measured with the fragment cache at work (what a reader usually gets) and without it
    (what the first reader after a change gets): neither grows with the data."""
    app = app_factory(CACHE_TYPE="NullCache") if fragments != "cached" else app_factory()
    small = SIZES["small"]
    first = load(small, seed=1)["fixtures"]
    counts_small = measure(app, first, count_queries)
    larger = replace(
        small,
        officials=small.officials * 3,
        offerings=small.offerings * 3,
        enrolments=small.enrolments * 3,
    )
    second = load(larger, seed=2)["fixtures"]
    counts_large = measure(app, second, count_queries)
    assert counts_small == counts_large, (counts_small, counts_large)
    assert min(counts_large.values()) >= 1, counts_large  # the counter sees the app's engine
    over = {page: n for page, n in counts_large.items() if n > BUDGET[page]}
    assert over == {}, over
