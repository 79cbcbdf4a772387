"""Issue 12 item 4 (SECURITY.md A4, A7, WSTG-IDNT-04, BUSL-05): changing one's e-mail address
reveals no account and sends bounded mail; registration tells an address's owner at most once
a day; reset and resend do the same work in the request for known and unknown addresses."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from app.notifications.models import OutboxMail
from tests.factories import DEFAULT_PASSWORD, csrf_token, sign_in


def change_email(client, address):
    token = csrf_token(client, "/account/email")
    return client.post(
        "/account/email",
        data={"csrf_token": token, "email": address, "current_password": DEFAULT_PASSWORD},
    )


def kinds_to(db, address) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxMail.kind).where(OutboxMail.to_address == address).order_by(OutboxMail.id)
        )
    )


def test_taken_and_free_addresses_get_the_same_answer(app, db, create_user, mailbox):
    person = create_user()
    owner = create_user(email="owner@example.org")
    client = app.test_client()
    sign_in(client, person)
    taken = change_email(client, "owner@example.org")
    free = change_email(client, "free@example.org")
    assert taken.status_code == free.status_code == 302
    assert taken.headers["Location"] == free.headers["Location"]
    # The owner of the taken address is told (once), and no link reaches that address.
    assert kinds_to(db, owner.email) == ["email_in_use"]
    assert kinds_to(db, "free@example.org") == ["confirm_email_change"]
    change_email(client, "owner@example.org")
    assert kinds_to(db, owner.email) == ["email_in_use"]  # at most once a day
    db.session.refresh(owner)
    db.session.refresh(person)
    assert owner.email == "owner@example.org" and person.email != "owner@example.org"


def test_email_change_is_limited_per_account(app_factory, db, create_user):
    app = app_factory(EMAIL_CHANGE_RATE_LIMIT="3 per hour")
    person = create_user()
    client = app.test_client()
    sign_in(client, person)
    statuses = [change_email(client, f"outside{i}@example.net").status_code for i in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    sent = db.session.scalars(
        select(OutboxMail).where(OutboxMail.kind == "confirm_email_change")
    ).all()
    assert len(sent) == 3


def test_email_change_is_limited_per_new_address(app_factory, db, create_user):
    app = app_factory(EMAIL_CHANGE_ADDRESS_RATE_LIMIT="2 per day")
    statuses = []
    for _ in range(3):
        client = app.test_client()
        sign_in(client, create_user())
        statuses.append(change_email(client, "victim@example.net").status_code)
    assert statuses == [302, 302, 429]
    assert kinds_to(db, "victim@example.net") == ["confirm_email_change"] * 2


def test_registration_tells_the_owner_at_most_once_a_day(app, db, create_user, create_city):
    owner = create_user(email="taken@example.org")
    city = create_city()
    client = app.test_client()
    for n in range(3):
        token = csrf_token(client, "/register")
        response = client.post(
            "/register",
            data={
                "csrf_token": token,
                "email": "taken@example.org",
                "password": "another long pass phrase 9",
                "confirm": "another long pass phrase 9",
                "name_native": f"某人{n}",
                "name_latin": f"Someone {n}",
                "city_id": str(city.id),
                "locale": "en",
                "timezone": "Asia/Taipei",
            },
        )
        assert response.status_code == 200
    assert kinds_to(db, owner.email) == ["account_exists"]


def _request_statements(client, count_queries, path, email) -> list[str]:
    """The statements the request's own thread sends (the job that looks the address up runs
    on the application's background thread, after the response)."""
    token = csrf_token(client, path)
    requesting = threading.get_ident()
    with count_queries() as statements, _thread_of_each(statements) as threads:
        response = client.post(path, data={"csrf_token": token, "email": email}, buffered=False)
        assert response.status_code == 200
        seen = [s for s, t in zip(statements, threads, strict=True) if t == requesting]
    response.close()
    return seen


@contextmanager
def _thread_of_each(statements):
    """The thread that sent each statement that ``statements`` records, in the same order."""
    threads: list[int] = []

    def before(conn, cursor, statement, *args):
        threads.append(threading.get_ident())

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield threads
    finally:
        event.remove(Engine, "before_cursor_execute", before)


@pytest.mark.real_commits  # the look-up job runs on the application's background thread
def test_reset_and_resend_do_the_same_work_for_known_and_unknown(
    app, db, create_user, count_queries, mailbox
):
    """Timing: the request itself never looks the address up (a job does, after the
    response), so known and unknown addresses cost it the same statements."""
    known = create_user()
    unverified = create_user(verified=False)
    client = app.test_client()
    for path, address in (("/forgot-password", known.email), ("/verify/resend", unverified.email)):
        for_known = _request_statements(client, count_queries, path, address)
        for_unknown = _request_statements(client, count_queries, path, "nobody@example.org")
        assert for_known == for_unknown
        assert not any("users" in statement for statement in for_known)
    assert mailbox.wait_for(known.email)
    assert mailbox.wait_for(unverified.email)
