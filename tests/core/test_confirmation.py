"""Cancelling an enrolment, removing a session or a module and deactivating an account ask
first: the page's button leads to a page that names what will happen, and nothing changes
until that page's button is pressed."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.core.db import load_parts
from app.enrolment.models import Enrolment
from tests.factories import csrf_token


def _confirm_form(html: str) -> tuple[str, dict[str, str]]:
    """The action and the hidden fields of the confirmation page's form."""
    form = re.search(r'<main.*?<form method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    assert form, "no confirmation form"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form[2]))
    return form[1], fields


def test_cancelling_an_enrolment_asks_first(client, db, create_user, create_offering, login):
    offering = create_offering(titles={"en": ("Heat action planning", "")})
    person = create_user()
    login(person)
    token = csrf_token(client, f"/offerings/{offering.id}")
    client.post(f"/offerings/{offering.id}/enrol", data={"csrf_token": token})
    enrolment = db.session.scalar(select(Enrolment))
    page = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert re.search(
        r'action="/enrolments/\d+/cancel"[^>]*>\s*<input[^>]+>\s*'
        r'<input type="hidden" name="ask" value="1">',
        page,
    )

    asked = client.post(
        f"/enrolments/{enrolment.id}/cancel", data={"csrf_token": token, "ask": "1"}
    )
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Cancel your enrolment in “Heat action planning”?" in html
    assert f'href="/offerings/{offering.id}"' in html  # the way back
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).status == "enrolled"  # nothing yet

    action, fields = _confirm_form(html)
    assert "ask" not in fields
    done = client.post(action, data=fields)
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).status == "cancelled"


def test_removing_a_session_and_a_module_asks_first(
    client, db, create_user, create_offering, login
):
    offering = create_offering(sessions=1, modules=1)
    login(create_user(roles=("staff",)))
    load_parts(offering, "sessions", "modules")
    session_id, module_id = offering.sessions[0].id, offering.modules[0].id
    token = csrf_token(client, f"/manage/offerings/{offering.id}")
    for path in (f"sessions/{session_id}", f"modules/{module_id}"):
        asked = client.post(
            f"/manage/offerings/{offering.id}/{path}/delete",
            data={"csrf_token": token, "ask": "1"},
        )
        assert asked.status_code == 200
        assert "Yes, remove the" in asked.get_data(as_text=True)
    db.session.expire_all()
    load_parts(offering, "sessions", "modules")
    assert len(offering.sessions) == 1 and len(offering.modules) == 1
    for path in (f"sessions/{session_id}", f"modules/{module_id}"):
        action, fields = _confirm_form(
            client.post(
                f"/manage/offerings/{offering.id}/{path}/delete",
                data={"csrf_token": token, "ask": "1"},
            ).get_data(as_text=True)
        )
        assert client.post(action, data=fields).status_code == 302
    db.session.expire_all()
    load_parts(offering, "sessions", "modules")
    assert offering.sessions == [] and offering.modules == []


def test_deactivating_an_account_asks_first_and_activating_does_not(client, db, create_user, login):
    person = create_user(name_latin="Lee Ji-eun")
    login(create_user(roles=("staff",)))
    token = csrf_token(client, f"/staff/users/{person.id}")
    asked = client.post(
        f"/staff/users/{person.id}/active", data={"csrf_token": token, "enable": "0", "ask": "1"}
    )
    assert asked.status_code == 200 and "Deactivate the account of" in asked.get_data(as_text=True)
    db.session.refresh(person)
    assert person.is_enabled
    action, fields = _confirm_form(asked.get_data(as_text=True))
    assert fields["enable"] == "0"
    client.post(action, data=fields)
    db.session.refresh(person)
    assert not person.is_enabled
    again = client.post(
        f"/staff/users/{person.id}/active", data={"csrf_token": token, "enable": "1", "ask": "1"}
    )
    assert again.status_code == 302  # turning an account back on needs no second step
    db.session.refresh(person)
    assert person.is_enabled
