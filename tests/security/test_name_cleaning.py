"""Issue 12 item 10 (SECURITY.md 5.1.x, WSTG-INPV): names are NFC-normalised, lose control and
invisible format characters (bidi overrides, zero-width, CR/LF, escape sequences), and a name
that is invisible once cleaned is refused."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.core.db import load_parts
from app.core.text import clean_line
from tests.accounts.test_registration import registration_data
from tests.factories import csrf_token, sign_in


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\u202eevil\u202c Name", "evil Name"),
        ("Kim\u200b Min-jun\ufeff", "Kim Min-jun"),
        ("Line\r\nBreak\x1b[31m red", "Line Break[31m red"),
        ("  many   spaces\t", "many spaces"),
        (unicodedata.normalize("NFD", "José Müller 김민준"), "José Müller 김민준"),
        ("\u200b\u200d\u202e", ""),
    ],
)
def test_clean_line(typed, stored):
    assert clean_line(typed) == stored
    assert unicodedata.is_normalized("NFC", clean_line(typed))


def test_registration_stores_clean_names_and_refuses_invisible_ones(app, db, create_city):
    client = app.test_client()
    city = create_city()
    response = client.post(
        "/register",
        data=registration_data(client, city, name_native="\u200b\u200b", name_latin="\u202e"),
    )
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None
    client.post(
        "/register",
        data=registration_data(
            client, city, name_native="王\u202e小明\r\n", name_latin="Wang\x1b[0m Hsiao-ming\u200b"
        ),
    )
    user = db.session.scalar(select(User))
    assert (user.name_native, user.name_latin) == ("王小明", "Wang[0m Hsiao-ming")


def test_profile_refuses_an_invisible_name(app, db, create_user):
    person = create_user(name_latin="Visible Name")
    client = app.test_client()
    sign_in(client, person)
    client.post(
        "/account",
        data={
            "csrf_token": csrf_token(client, "/account"),
            "name_native": "\u2066\u2069",
            "name_latin": "\u200b",
            "locale": "en",
            "timezone": "Asia/Taipei",
        },
    )
    db.session.refresh(person)
    assert person.name_latin == "Visible Name"


def test_calendar_survives_line_breaks_in_stored_text(app, db, create_offering):
    """Found by the fuzz test: a title, place or link holding CR/LF gave 500 on the .ics."""
    from app.catalogue.models import Offering

    offering = create_offering(sessions=1)
    row = db.session.get(Offering, offering.id)
    row.venue = "Hall A\r\nX-INJECTED:1"
    row.online_url = "https://example.org/\r\nATTENDEE:evil"
    load_parts(row, "sessions").sessions[0].titles = {"en": "Opening\r\n\x1b[31m"}
    row.titles = {"en": "Forum\r\nX-WR-INJECTED:1"}
    db.session.commit()
    response = app.test_client().get(f"/offerings/{offering.id}/calendar.ics")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "\r\nX-INJECTED" not in body and "\r\nATTENDEE" not in body
    assert "\r\nX-WR-INJECTED" not in body
