"""The dashboard's summary rows (report_figures): kept in step with the enrolments and
certificates in the same flush, equal to counting the enrolments themselves, and a page whose
number of statements does not grow with the data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.reports import figures, queries
from app.reports.models import ReportFigures
from app.reports.queries import ReportFilter
from tests.factories import sign_in

SUMMED = ("offerings", "enrolments", "completions", "certificates", "rate", "score")
FILTERS = (
    ReportFilter(),
    ReportFilter(country="KR", topic="resilience", date_from=date(2027, 1, 1)),
    ReportFilter(kind="course"),
    ReportFilter(language="ko"),
    ReportFilter(date_from=date(2030, 1, 1)),
)


def _figures(by_dimension: dict) -> dict:
    return {
        dimension: [{k: row[k] for k in ("key", *SUMMED)} for row in rows]
        for dimension, rows in by_dimension.items()
    }


def _assert_summary_equals_count(f: ReportFilter):
    dimensions = queries.SUMMARY_DIMENSIONS
    summed = _figures(queries.summary_figures(f, dimensions))
    counted = _figures(queries.figures(f, dimensions, officials=False))
    assert summed == counted, f


def _rows():
    return {
        (r.offering_id, r.country_code): (r.enrolments, r.completions, r.certificates)
        for r in ReportFigures.query.all()
    }


def test_summary_rows_of_the_hand_built_world(world, ratings):
    o1, o2 = world["offerings"]["o1"], world["offerings"]["o2"]
    rows = _rows()
    assert rows[(o1.id, "KR")] == (4, 3, 2)  # s1 s2 s3 b1: s3 not completed; s2 no certificate
    assert rows[(o1.id, "TW")] == (1, 1, 1)
    assert rows[(o2.id, "KR")] == (2, 2, 1)  # s1 and b2, whose certificate was revoked
    assert (world["offerings"]["o4"].id, "KR") in rows  # a draft's rows exist; never counted
    for f in FILTERS:
        _assert_summary_equals_count(f)
    totals = queries.summary_figures(ReportFilter(), ("all",))["all"][0]
    assert (totals["offerings"], totals["enrolments"], totals["completions"]) == (3, 10, 8)
    assert totals["certificates"] == 5 and totals["score"] == {"score": 3.1, "responses": 10}


def test_summary_rows_follow_every_change_in_the_same_flush(app, db, world, create_user):
    from app.certificates.models import Certificate
    from app.enrolment.models import Enrolment

    o1, o3 = world["offerings"]["o1"], world["offerings"]["o3"]
    seoul = world["cities"]["seoul"]
    people = world["people"]
    s3 = db.session.scalar(
        select(Enrolment).where(
            Enrolment.offering_id == o1.id, Enrolment.user_id == people["s3"].id
        )
    )
    s3.completion = "completed"  # completes
    s3.completed_at = datetime(2027, 7, 2, tzinfo=UTC)
    t1 = db.session.scalar(
        select(Enrolment).where(
            Enrolment.offering_id == o1.id, Enrolment.user_id == people["t1"].id
        )
    )
    t1.status = "cancelled"  # leaves
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.offering_id == o1.id, Certificate.status == "valid")
    )
    certificate.status = "revoked"
    newcomer = create_user(city=seoul)
    db.session.add(
        Enrolment(
            user_id=newcomer.id,
            offering_id=o3.id,
            status="enrolled",
            city_id=seoul.id,
            waiting_reason="",
            reason="",
        )
    )
    db.session.flush()  # no commit: the rows changed with the flush
    rows = _rows()
    assert rows[(o1.id, "KR")][:2] == (4, 4)
    assert (o1.id, "TW") not in rows  # t1 was o1's only participant from Taiwan
    assert rows[(o3.id, "KR")] == (2, 1, 1)
    for f in FILTERS:
        _assert_summary_equals_count(f)
    maintained = _rows()
    figures.rebuild_all(db.session)  # counting everything afresh gives the same rows
    assert _rows() == maintained


def test_summary_refuses_a_city_filter_and_unknown_dimensions(world):
    with pytest.raises(ValueError, match="per country"):
        queries.summary_figures(ReportFilter(city_id=world["cities"]["seoul"].id), ("all",))
    with pytest.raises(ValueError, match="city"):
        queries.summary_figures(ReportFilter(), ("city",))


def _more_data(db, create_city, create_user, create_offering):
    """Four more cities, five more offerings and 23 more participants."""
    from app.certificates.models import Certificate
    from app.enrolment.models import Enrolment

    cities = [create_city(country_code=c) for c in ("KR", "KR", "JP", "VN")]
    people = [create_user(city=cities[n % 4]) for n in range(5)]
    serial = 500
    for n in range(5):
        offering = create_offering(
            kind=("course", "workshop", "symposium")[n % 3],
            topics=["resilience", "water"][: 1 + n % 2],
            languages=["en", "ja"][: 1 + n % 2],
            starts_on=date(2027, 1 + n, 3),
            ends_on=date(2027, 1 + n, 4),
            capacity=None,
        )
        for person in people[: 4 if n % 2 else 5]:
            enrolment = Enrolment(
                user_id=person.id,
                offering_id=offering.id,
                status="enrolled",
                city_id=person.city_id,
                waiting_reason="",
                reason="",
                completion="completed",
                completed_at=datetime(2027, 8, 1, tzinfo=UTC),
            )
            db.session.add(enrolment)
            db.session.flush()
            serial += 1
            db.session.add(
                Certificate(
                    serial=f"KCC-2027-{serial:06d}",
                    year=2027,
                    number=serial,
                    code=f"MORE{serial:028d}",
                    enrolment_id=enrolment.id,
                    user_id=person.id,
                    offering_id=offering.id,
                    holder_name_native=person.name_native,
                    holder_name_latin=person.name_latin,
                    holder_locale=person.locale,
                    title="t",
                    title_en="t",
                    status="valid",
                )
            )
    db.session.commit()


DASHBOARDS = (
    "/staff/reports",
    "/staff/reports?country=KR&topic=resilience&date_from=2027-01-01&date_to=2027-12-31",
    "/staff/reports?kind=course&language=en",
)
# The sign-in session, the filter's list of cities, the summary figures, and with a country the
# cities' figures and their names.
DASHBOARD_BUDGET = 5


def test_dashboard_statements_do_not_grow_with_the_data(
    app, db, world, ratings, create_user, create_city, create_offering, count_queries
):
    client = app.test_client()
    sign_in(client, create_user(roles=("staff",)))

    def statements(path):
        client.get(path)
        with count_queries() as sent:
            response = client.get(path)
            assert response.status_code == 200
        return len(sent), response.get_data(as_text=True)

    small = {path: statements(path) for path in DASHBOARDS}
    _more_data(db, create_city, create_user, create_offering)
    large = {path: statements(path) for path in DASHBOARDS}
    for path in DASHBOARDS:
        assert small[path][0] == large[path][0] <= DASHBOARD_BUDGET, path
    # The larger data set is on the page: 3 + 5 offerings run, participants 10 + 23.
    assert small[DASHBOARDS[0]][1] != large[DASHBOARDS[0]][1]
    _assert_summary_equals_count(ReportFilter())
    totals = queries.summary_figures(ReportFilter(), ("all",))["all"][0]
    assert (totals["offerings"], totals["enrolments"]) == (8, 33)


def test_evaluation_sums_follow_the_answers(db, world, ratings):
    from app.evaluation.models import EvaluationResponse
    from app.reports.models import ReportEvaluation

    o = world["offerings"]

    def sums():
        return {
            r.offering_id: (r.rating_total, r.ratings, r.responses)
            for r in ReportEvaluation.query.all()
        }

    assert sums() == {o["o1"].id: (21, 5, 5), o["o2"].id: (4, 4, 4), o["o3"].id: (10, 5, 5)}
    response = db.session.scalar(
        select(EvaluationResponse).where(EvaluationResponse.offering_id == o["o1"].id).limit(1)
    )
    db.session.delete(response)  # its answers go with it
    db.session.flush()
    assert sums()[o["o1"].id][1:] == (4, 4)
    # Four responses: below the threshold, so o1 has no score any more; o3 keeps its own.
    assert queries.evaluation_scores(ReportFilter(), "kind") == {
        "symposium": {"score": 2.0, "responses": 5}
    }
    maintained = sums()
    figures.rebuild_all(db.session)
    assert sums() == maintained


@pytest.mark.real_commits  # the data set numbers its rows from the table's highest id
def test_scale_data_leaves_the_summary_rows_counted(app, db):
    """``flask scale-data`` inserts past the ORM's flush; it counts the summary rows afresh at
    its end, so the dashboard of a freshly loaded data set is right without another command."""
    from app.demo.scale_data import SIZES, load
    from app.evaluation.models import EvaluationAnswer, EvaluationResponse
    from app.extensions import db as database
    from app.reports.models import ReportEvaluation

    result = load(SIZES["small"], seed=3)
    assert ReportFigures.query.count() > 0
    # Evaluations too, counted into their summary rows, answer for answer.
    responses = EvaluationResponse.query.count()
    assert responses > 0
    assert result["counts"]["evaluation_responses"] == responses
    summed = database.session.execute(
        select(func.sum(ReportEvaluation.responses), func.sum(ReportEvaluation.ratings))
    ).one()
    assert summed == (responses, EvaluationAnswer.query.count())
    for f in (ReportFilter(), *FILTERS):
        _assert_summary_equals_count(f)
