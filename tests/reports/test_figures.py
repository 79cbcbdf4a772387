"""The reports' figures against the hand-built world (conftest.py), whose answers are known."""

from __future__ import annotations

from datetime import date

from app.core.db import load_parts
from app.reports import queries
from app.reports.queries import ReportFilter

YEAR_2027 = {"date_from": date(2027, 1, 1), "date_to": date(2027, 12, 31)}


def _metrics(row):
    return {
        k: row[k] for k in ("offerings", "enrolments", "officials", "completions", "certificates")
    }


def test_totals_count_only_offerings_that_ran_and_seats_taken(world):
    """Drafts and cancelled offerings, cancelled and waitlisted people and revoked
    certificates are left out."""
    totals = queries.totals(ReportFilter())
    assert _metrics(totals) == {
        "offerings": 3,
        "enrolments": 10,
        "officials": 7,
        "completions": 8,
        "certificates": 5,
    }
    assert totals["rate"] == 80.0


def test_korean_cities_resilience_2027(world):
    """The issue's question: officials of each Korean city who completed a climate-resilience
    offering in 2027, and their certificates."""
    f = ReportFilter(country="KR", topic="resilience", **YEAR_2027)
    totals = queries.totals(f)
    assert _metrics(totals) == {
        "offerings": 2,
        "enrolments": 6,
        "officials": 5,
        "completions": 5,
        "certificates": 3,
    }
    assert totals["rate"] == 83.3
    by_city = {row["name_en"]: _metrics(row) for row in queries.breakdown(f, "city", "ko")}
    assert by_city == {
        "Seoul": {
            "offerings": 2,
            "enrolments": 4,
            "officials": 3,
            "completions": 3,
            "certificates": 2,
        },
        "Busan": {
            "offerings": 2,
            "enrolments": 2,
            "officials": 2,
            "completions": 2,
            "certificates": 1,
        },
    }
    names = [row["name"] for row in queries.breakdown(f, "city", "ko")]
    assert names == ["서울특별시", "부산광역시"]  # in the reader's language, largest first


def test_breakdowns_by_kind_topic_language_country_and_month(world):
    f = ReportFilter()
    kinds = {r["key"]: r["enrolments"] for r in queries.breakdown(f, "kind")}
    assert kinds == {"workshop": 5, "course": 3, "symposium": 2}
    topics = {r["key"]: (r["enrolments"], r["completions"]) for r in queries.breakdown(f, "topic")}
    assert topics == {"resilience": (8, 6), "low_carbon": (3, 2), "energy": (2, 2)}
    languages = {r["key"]: r["enrolments"] for r in queries.breakdown(f, "language")}
    assert languages == {"en": 10, "ko": 5}
    countries = {r["key"]: r["certificates"] for r in queries.breakdown(f, "country")}
    assert countries == {"KR": 4, "TW": 1}
    months = [(r["key"], r["enrolments"]) for r in queries.breakdown(f, "month")]
    assert months == [("2026-05", 2), ("2027-03", 5), ("2027-06", 3)]


def test_filters_by_kind_language_and_city(world):
    seoul = world["cities"]["seoul"]
    assert queries.totals(ReportFilter(kind="course"))["enrolments"] == 3
    assert queries.totals(ReportFilter(language="ko"))["enrolments"] == 5
    assert _metrics(queries.totals(ReportFilter(city_id=seoul.id))) == {
        "offerings": 3,
        "enrolments": 5,
        "officials": 3,
        "completions": 4,
        "certificates": 3,
    }
    assert queries.totals(ReportFilter(date_from=date(2030, 1, 1)))["enrolments"] == 0
    assert queries.totals(ReportFilter(date_from=date(2030, 1, 1)))["rate"] is None


def test_offering_funnel_attendance_and_places(world):
    o1 = world["offerings"]["o1"]
    assert queries.funnel(o1.id) == {
        "requested": 7,
        "enrolled": 5,
        "attended": 4,
        "completed": 4,
        "certified": 3,
    }
    first, second = load_parts(o1, "sessions").sessions
    marks = queries.attendance_by_session(o1.id)
    assert marks[first.id] == {"present": 3, "absent": 1, "excused": 1}
    assert marks[second.id] == {"present": 2, "absent": 2}
    cities = {r["name_en"]: r["enrolments"] for r in queries.offering_places(o1.id, "city", "en")}
    assert cities == {"Seoul": 3, "Busan": 1, "Taipei": 1}
    countries = {r["key"]: r["enrolments"] for r in queries.offering_places(o1.id, "country", "en")}
    assert countries == {"KR": 4, "TW": 1}


def test_city_report_by_year_with_action_plans(app, world):
    from app.reports import services

    seoul = world["cities"]["seoul"]
    with app.test_request_context():
        report = services.city_report(seoul, ReportFilter(city_id=seoul.id), "en")
    years = {
        row["key"]: (
            row["officials"],
            row["offerings"],
            row["completions"],
            row["certificates"],
            row["approved"],
            row["published"],
        )
        for row in report["years"]
    }
    assert years == {2026: (1, 1, 1, 1, 1, 0), 2027: (3, 2, 3, 2, 1, 1)}
    assert [row["key"] for row in report["offerings"]] == [
        world["offerings"]["o2"].id,
        world["offerings"]["o1"].id,
        world["offerings"]["o3"].id,
    ]


def test_transcript_lists_completed_offerings_with_hours_and_certificates(app, world):
    from app.reports import services

    with app.test_request_context():
        rows = services.transcript(world["people"]["s1"], "en")
        nothing = services.transcript(world["people"]["t2"], "en")  # waitlisted only
    assert [(r["title"], r["hours"], r["serial"][:9]) for r in rows] == [
        ("=Resilient", 2.0, "KCC-2027-"),
        ("Offering", 1.5, "KCC-2027-"),
    ]
    assert all(r["certificate_id"] for r in rows)
    assert nothing == []


def test_evaluation_scores_pool_the_ratings_of_offerings_with_enough_responses(world, ratings):
    assert queries.evaluation_scores(ReportFilter()) == {"all": {"score": 3.1, "responses": 10}}
    korea = ReportFilter(country="KR", topic="resilience", **YEAR_2027)
    by_city = queries.evaluation_scores(korea, "city")
    seoul, busan = world["cities"]["seoul"], world["cities"]["busan"]
    assert by_city == {
        seoul.id: {"score": 4.2, "responses": 5},
        busan.id: {"score": 4.2, "responses": 5},
    }
    by_kind = queries.evaluation_scores(ReportFilter(), "kind")
    assert by_kind == {
        "workshop": {"score": 4.2, "responses": 5},
        "symposium": {"score": 2.0, "responses": 5},
    }
    by_month = queries.evaluation_scores(ReportFilter(), "month")
    assert set(by_month) == {"2026-05", "2027-03"}
