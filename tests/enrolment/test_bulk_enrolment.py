"""Staff enrol or nominate a list of e-mail addresses: a dry run that changes nothing, then a
confirmation that follows the rules of a single enrolment, in one transaction (a background
job for long lists); bad lines named by number, big files refused before they are stored."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.core.jobs import JobRecord
from app.enrolment import bulk
from app.enrolment.models import Enrolment
from tests.factories import csrf_token


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_lines_that_are_not_addresses_are_named_by_number(app):
    data = b"email\nAna@Example.org\n\nnot an address\nana@example.org\nb@example.org,extra\n"
    with app.test_request_context():
        addresses, problems = bulk.read_addresses(data, max_rows=100)
        assert addresses == [(2, "ana@example.org"), (6, "b@example.org")]
        assert [line for line, _ in problems] == [4, 5]
        assert "repeats line 2" in problems[1][1]
        _, too_long = bulk.read_addresses(b"a@x.org\nb@x.org\nc@x.org\n", max_rows=2)
        assert too_long[0][0] == 3
        assert bulk.read_addresses("é".encode("latin-1"), max_rows=5)[1][0][0] == 0


def test_dry_run_applies_the_rules_and_changes_nothing(
    app, db, create_user, create_city, create_offering, create_enrolment
):
    city = create_city()
    offering = create_offering(capacity=3, city_cap=2)
    already = create_user(email="already@example.org")
    create_enrolment(user=already, offering=offering)  # one of three seats taken
    create_user(email="a1@example.org", city=city)
    create_user(email="a2@example.org", city=city)
    create_user(email="a3@example.org", city=city)  # their city has used its two seats
    create_user(email="b1@example.org")  # takes the last seat
    create_user(email="b2@example.org")  # no seat left
    create_user(email="teacher@example.org", roles=("instructor",))
    emails = [
        "a1@example.org",
        "a2@example.org",
        "a3@example.org",
        "b1@example.org",
        "b2@example.org",
        "teacher@example.org",
        "nobody@example.org",
        "already@example.org",
    ]
    before = _count(db, Enrolment)
    with app.test_request_context():
        checked = bulk.plan(offering, list(enumerate(emails, start=1)))
        outcomes = [(line.email, line.outcome) for line in checked.lines]
        reasons = {line.email: line.reason for line in checked.lines}
    assert outcomes == [
        ("a1@example.org", "enrolled"),
        ("a2@example.org", "enrolled"),
        ("a3@example.org", "waitlisted"),
        ("b1@example.org", "waitlisted"),
        ("b2@example.org", "waitlisted"),
        ("teacher@example.org", "refused"),
        ("nobody@example.org", "refused"),
        ("already@example.org", "refused"),
    ]
    assert reasons["a3@example.org"] == "Their city has used its seats."
    assert reasons["b2@example.org"] == "No seat is left."
    assert reasons["nobody@example.org"] == "No account uses this address."
    assert _count(db, Enrolment) == before


def test_upload_shows_the_dry_run_then_confirm_enrols_with_the_same_rules(
    client, db, create_user, create_offering, login, mailbox
):
    offering = create_offering(capacity=1, titles={"en": ("Retrofit course", "")})
    create_user(email="first@example.org")
    create_user(email="second@example.org")
    login(create_user(roles=("staff",)))
    token = csrf_token(client, f"/offerings/{offering.id}/bulk")
    page = client.post(
        f"/offerings/{offering.id}/bulk",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(b"first@example.org\nsecond@example.org\nbad\n"), "list.csv"),
        },
        content_type="multipart/form-data",
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 would be enrolled, 1 put on the waitlist, 0 refused." in html
    assert "Line 3" in html
    assert _count(db, Enrolment) == 0  # the dry run changed nothing
    done = client.post(
        f"/offerings/{offering.id}/bulk/confirm",
        data={"csrf_token": token, "addresses": "first@example.org\nsecond@example.org"},
    )
    assert done.status_code == 302
    statuses = dict(
        db.session.execute(
            select(Enrolment.user_id, Enrolment.status).where(Enrolment.offering_id == offering.id)
        ).all()
    )
    assert sorted(statuses.values()) == ["enrolled", "waitlisted"]
    db.session.refresh(offering)
    assert offering.seats_taken == 1
    assert mailbox.to("first@example.org"), "each person is told, as after a single enrolment"


def test_a_nomination_offering_gets_nominations(client, db, create_user, create_offering, login):
    offering = create_offering(enrolment_mode="nomination")
    person = create_user(email="nominee@example.org")
    login(create_user(roles=("staff",)))
    token = csrf_token(client, f"/offerings/{offering.id}/bulk")
    client.post(
        f"/offerings/{offering.id}/bulk/confirm",
        data={"csrf_token": token, "addresses": "nominee@example.org"},
    )
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == person.id))
    assert enrolment.status == "nominated"


def test_a_big_file_is_refused_before_it_is_stored(client, db, create_offering, create_user, login):
    offering = create_offering()
    login(create_user(roles=("staff",)))
    token = csrf_token(client, f"/offerings/{offering.id}/bulk")
    big = b"someone@example.org\n" * 20_000  # about 400 KB
    response = client.post(
        f"/offerings/{offering.id}/bulk",
        data={"csrf_token": token, "file": (io.BytesIO(big), "big.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


@pytest.fixture
def app(app_factory):
    return app_factory(BULK_INLINE_ROWS=2)


def test_a_long_list_goes_to_the_job_queue(client, db, create_user, create_offering, login):
    offering = create_offering(capacity=None)
    emails = [create_user().email for _ in range(3)]
    staff = create_user(roles=("staff",))
    login(staff)
    token = csrf_token(client, f"/offerings/{offering.id}/bulk")
    response = client.post(
        f"/offerings/{offering.id}/bulk/confirm",
        data={"csrf_token": token, "addresses": "\n".join(emails)},
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = db.session.scalar(select(JobRecord).where(JobRecord.kind == "enrolment.bulk"))
    db.session.refresh(job)
    assert job.status == "done" and job.total == 3
    enrolled = select(func.count()).select_from(Enrolment).where(Enrolment.status == "enrolled")
    assert db.session.scalar(enrolled) == 3


def test_the_dry_run_page_reads_a_bounded_number_of_statements(
    client, db, create_user, create_offering, login, count_queries
):
    offering = create_offering(capacity=5, city_cap=2)
    login(create_user(roles=("staff",)))
    token = csrf_token(client, f"/offerings/{offering.id}/bulk")
    counts = []
    for size in (2, 30):
        emails = [create_user().email for _ in range(size)]
        body = ("\n".join(emails) + "\n").encode()
        with count_queries() as statements:
            page = client.post(
                f"/offerings/{offering.id}/bulk",
                data={"csrf_token": token, "file": (io.BytesIO(body), "list.csv")},
                content_type="multipart/form-data",
            )
        assert page.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
