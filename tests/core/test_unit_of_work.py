"""One unit of work per request and one way for a refused rule to reach the person.

Routes are added to a fresh application for the test: they change a row and then succeed, fail
with an error status or break a rule, so that what the request left in the database shows
whether the mechanism committed or undid its work.
"""

from __future__ import annotations

from flask import abort, jsonify
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.cities.models import City
from app.core.errors import DomainError
from app.core.uow import on_refusal_return_to
from app.enrolment.errors import EnrolmentClosed


class CityRefused(DomainError):
    message = _l("Enrolment for this offering is not open.")  # an existing, translated text


def _add_city(name: str) -> None:
    from app.extensions import db

    db.session.add(City(country_code="TW", names={"en": name}))


def _build(app_factory):
    app = app_factory()

    @app.route("/uow/ok")
    def ok():
        _add_city("Committed City")
        return "done"

    @app.route("/uow/bad-request")
    def bad_request():
        _add_city("Undone by 400")
        abort(400)

    @app.route("/uow/refused")
    def refused():
        _add_city("Undone by a refusal")
        raise CityRefused()

    @app.route("/uow/refused-to-named")
    def refused_to_named():
        on_refusal_return_to("/offerings")
        _add_city("Undone by a refusal")
        raise EnrolmentClosed()

    @app.route("/api/uow/refused")
    def api_refused():
        _add_city("Undone by an API refusal")
        raise EnrolmentClosed()

    @app.route("/uow/read-only")
    def read_only():
        from app.extensions import db

        return jsonify(cities=db.session.scalar(select(func.count()).select_from(City)))

    return app


def _names(db) -> list[str]:
    db.session.expire_all()
    return sorted(names["en"] for names in db.session.scalars(select(City.names)))


def test_a_successful_request_is_committed_without_the_view_committing(app_factory, db):
    """The view only adds a row; the request's unit of work commits it."""
    client = _build(app_factory).test_client()
    assert client.get("/uow/ok").status_code == 200
    assert _names(db) == ["Committed City"]


def test_an_error_status_undoes_the_request(app_factory, db):
    """A request answering 4xx leaves nothing behind, even after a change."""
    client = _build(app_factory).test_client()
    assert client.get("/uow/bad-request").status_code == 400
    assert _names(db) == []


def test_a_refused_rule_on_a_page_undoes_the_work_and_goes_back_with_the_message(app_factory, db):
    """DomainError → translated flash and a redirect to the same-site page it came from."""
    app = _build(app_factory)
    client = app.test_client()
    response = client.get(
        "/uow/refused", headers={"Referer": "http://localhost/offerings?q=climate"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/offerings?q=climate"
    assert _names(db) == []
    client.set_cookie("kcc_locale", "ja")
    response = client.get("/uow/refused", follow_redirects=True)
    with app.test_request_context(), force_locale("ja"):
        expected = gettext("Enrolment for this offering is not open.")
    assert expected in response.get_data(as_text=True)


def test_a_refusal_never_redirects_to_another_site(app_factory):
    """A referrer from elsewhere is not followed: the person lands on the home page."""
    client = _build(app_factory).test_client()
    response = client.get("/uow/refused", headers={"Referer": "https://evil.example/phish"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_view_may_name_where_a_refusal_returns_to(app_factory, db):
    client = _build(app_factory).test_client()
    response = client.get("/uow/refused-to-named", headers={"Referer": "http://localhost/my"})
    assert response.headers["Location"] == "/offerings"
    assert _names(db) == []


def test_a_refused_rule_under_api_is_a_json_problem(app_factory, db):
    """Paths under /api/ get application/problem+json with a 4xx status and a stable reason."""
    app = _build(app_factory)
    response = app.test_client().get("/api/uow/refused", headers={"Accept-Language": "ko"})
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 409
    assert body["reason"] == "enrolment-closed"
    with app.test_request_context(), force_locale("ko"):
        assert body["detail"] == gettext("Enrolment for this offering is not open.")
    assert _names(db) == []


def test_a_read_only_request_does_not_commit(app_factory, db):
    """Pages that only read end without a commit (nothing to write, nothing expired)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    commits = []

    def count(session):
        commits.append(session)

    event.listen(Session, "after_commit", count)
    try:
        client = _build(app_factory).test_client()
        assert client.get("/uow/read-only").get_json() == {"cities": 0}
        assert commits == []
        client.get("/uow/ok")
        assert len(commits) == 1  # one commit for the whole request
    finally:
        event.remove(Session, "after_commit", count)
