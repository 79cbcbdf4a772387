"""The home page: what needs the signed-in person, offerings open for enrolment, the centre's
reach, and the three kinds leading to the catalogue filtered by kind."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.core.db import utcnow
from tests.factories import csrf_token


def test_home_for_the_public_shows_open_offerings_reach_and_kinds(client, create_offering):
    create_offering(titles={"en": ("Open heat clinic", "")})
    create_offering(
        titles={"en": ("Closed forum", "")}, enrol_closes_at=utcnow() - timedelta(days=1)
    )
    html = client.get("/").get_data(as_text=True)
    assert "Open heat clinic" in html and "Closed forum" not in html
    assert "The centre&#39;s reach" in html or "The centre's reach" in html
    for kind in ("course", "symposium", "workshop"):
        assert f'href="/offerings?kind={kind}"' in html
    assert 'href="/offerings?when=open"' in html


def test_open_offerings_follow_the_clock(client, create_offering, monkeypatch):
    """The open offerings' statement is built once: the moment it is read at is bound each
    time, so an enrolment that closes, or opens, does so on the home page too."""
    import app.main.home as home

    now = utcnow()
    create_offering(titles={"en": ("Closing clinic", "")}, enrol_closes_at=now + timedelta(hours=1))
    create_offering(titles={"en": ("Opening forum", "")}, enrol_opens_at=now + timedelta(hours=1))
    first = client.get("/").get_data(as_text=True)
    assert "Closing clinic" in first and "Opening forum" not in first
    monkeypatch.setattr(home, "utcnow", lambda: now + timedelta(hours=2))
    later = client.get("/").get_data(as_text=True)
    assert "Closing clinic" not in later and "Opening forum" in later


def test_home_tells_a_signed_in_official_what_needs_them(
    client, db, create_user, create_offering, login
):
    offering = create_offering(titles={"en": ("Nominated course", "")}, enrolment_mode="nomination")
    official = create_user(name_native="陳美玲")
    staff = create_user(roles=("staff",))
    from tests.factories import sign_in

    staff_client = client.application.test_client()
    sign_in(staff_client, staff)
    token = csrf_token(staff_client, f"/nominations/{offering.id}")
    staff_client.post(
        f"/nominations/{offering.id}", data={"csrf_token": token, "user": [str(official.id)]}
    )
    login(official)
    html = client.get("/").get_data(as_text=True)
    assert "Welcome, 陳美玲." in html
    assert "Waiting for you" in html and "Nominated course" in html
    assert "Confirm my participation" in html
    assert "Officials enrolled" in html


@pytest.mark.parametrize("locale", ["en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN"])
def test_footer_pages_exist_in_five_languages(app, client, locale):
    """Contact, privacy notice, accessibility statement and terms of use, linked from every
    page's footer, written in the reader's language."""
    from flask_babel import force_locale, gettext

    client.post("/language", data={"csrf_token": csrf_token(client), "locale": locale})
    footer = client.get("/").get_data(as_text=True)
    for page, heading in (
        ("contact", "Contact"),
        ("privacy", "Privacy notice"),
        ("accessibility", "Accessibility statement"),
        ("terms", "Terms of use"),
    ):
        assert f'href="/about/{page}"' in footer
        html = client.get(f"/about/{page}").get_data(as_text=True)
        with app.test_request_context(), force_locale(locale):
            assert f"<h1>{gettext(heading)}</h1>" in html
    privacy = client.get("/about/privacy").get_data(as_text=True)
    with app.test_request_context(), force_locale(locale):
        assert gettext("What is kept") in privacy and gettext("How long") in privacy
    assert client.get("/about/nothing").status_code == 404


def test_the_welcome_reads_what_my_learning_shows_first(
    app, db, create_user, create_offering, create_enrolment
):
    """The home page's welcome (``home_summary``: two statements of a few rows) shows the same
    enrolments waiting for the official and the same next sessions as the first of My
    learning's, whatever else the official has."""
    from app.enrolment.my_learning import home_summary, my_learning

    official = create_user()
    for n in range(4):
        create_enrolment(
            user=official, offering=create_offering(titles={"zh_Hant_TW": (f"提名 {n}", "")})
        ).status = "nominated" if n % 2 else "offered"
    soon = date.today() + timedelta(days=2)
    for n in range(3):
        create_enrolment(user=official, offering=create_offering(sessions=3 + n))
    # Cancelled, with the earliest sessions of all: they would come first if read.
    cancelled = create_offering(sessions=2, status="cancelled", starts_on=soon, ends_on=soon)
    create_enrolment(user=official, offering=cancelled)
    create_enrolment(user=official, offering=create_offering(sessions=2), status="waitlisted")
    create_enrolment(user=official, offering=create_offering(sessions=2), status="cancelled")
    db.session.commit()
    other = create_user()
    create_enrolment(user=other, offering=create_offering(sessions=1), status="offered")
    db.session.commit()

    now = utcnow()
    for locale in ("zh_Hant_TW", "en"):
        full = my_learning(official.id, locale, now, now.date())
        first = home_summary(official.id, locale, now, 3)
        assert len(full.actions) == 4 and len(full.upcoming) > 3
        assert first.actions == full.actions[:3]
        assert first.upcoming == full.upcoming[:3]
        assert all(s.offering_id != cancelled.id for s in first.upcoming)
    assert home_summary(other.id, "en", now, 3).upcoming == []
