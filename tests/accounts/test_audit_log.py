"""The audit log reads as words in the reader's language: who, what, which record, when and
each changed field as before → after; it can be searched and filtered and exported by admins."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import select, update

from app.core.audit import AuditEvent, record_event
from app.core.db import utcnow
from tests.factories import csrf_token, sign_in


def _change_roles(client, staff_target, roles):
    token = csrf_token(client, f"/staff/users/{staff_target.id}")
    client.post(
        f"/staff/users/{staff_target.id}/roles",
        data={"csrf_token": token, **dict.fromkeys(roles, "y")},
    )


def test_a_role_change_reads_as_words_in_the_readers_language(app, client, db, create_user, login):
    admin = create_user(roles=("admin", "staff"), locale="ja", name_native="管理者花子")
    official = create_user(name_native="陳美玲", name_latin="Chen Mei-ling")
    login(admin)
    _change_roles(client, official, ("official", "instructor"))
    html = client.get("/staff/audit").get_data(as_text=True)
    with app.test_request_context(), force_locale("ja"):
        learner, instructor = gettext("Learner"), gettext("Instructor")
        assert gettext("Roles changed") in html
        assert gettext("Person") in html
    assert "陳美玲" in html and "管理者花子" in html
    assert f'{learner}</span> <span aria-hidden="true">→</span>' in html
    assert f"{learner}, {instructor}" in html or f"{instructor}, {learner}" in html
    table = html[html.index("<table") :]
    assert "user.roles_changed" not in table and "\\u" not in table and "{&#34;" not in table


def test_changes_people_make_to_their_own_account_name_them_not_a_proxy(
    app, client, db, create_user, login
):
    person = create_user(name_native="김민준", locale="en")
    login(person)
    token = csrf_token(client, "/account")
    client.post(
        "/account",
        data={
            "csrf_token": token,
            "name_native": "김민준",
            "name_latin": "Kim Min-jun",
            "city_id": str(person.city_id),
            "locale": "ko",
            "timezone": "Asia/Seoul",
        },
    )
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "account.profile_updated")
    )
    assert event.target_type == "User" and event.target_id == person.id
    # A row from before the fix names the proxy; it is still shown as the person.
    db.session.execute(update(AuditEvent).values(target_type="LocalProxy"))
    db.session.commit()
    admin = app.test_client()
    sign_in(admin, create_user(roles=("admin", "staff"), locale="en"))
    html = admin.get("/staff/audit").get_data(as_text=True)
    assert "LocalProxy" not in html
    assert "Profile changed" in html and "Person:" in html and "김민준" in html
    assert "Preferred language" in html and "English" in html and "Korean" in html
    assert "Time zone" in html and "Asia/Seoul" in html
    # The person's own page lists the change too.
    own = admin.get(f"/staff/users/{person.id}").get_data(as_text=True)
    assert "Profile changed" in own and "Korean" in own


def test_search_and_filters_narrow_the_log(app, client, db, create_user, login):
    admin = create_user(roles=("admin", "staff"), locale="en")
    first = create_user(name_latin="Ayumi Sato", email="ayumi@example.org")
    second = create_user(name_latin="Lee Ji-eun", email="jieun@example.org")
    login(admin)
    _change_roles(client, first, ("official", "instructor"))
    _change_roles(client, second, ("official", "focal_point"))
    token = csrf_token(client, f"/staff/users/{second.id}")
    client.post(f"/staff/users/{second.id}/active", data={"csrf_token": token, "enable": "0"})
    # One old event, from last month.
    db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.action == "user.deactivated")
        .values(created_at=utcnow() - timedelta(days=40))
    )
    db.session.commit()

    def rows(query):
        html = client.get(f"/staff/audit?{query}").get_data(as_text=True)
        return html.count('<td data-label="When">'), html

    count, html = rows("person=ayumi")
    assert count == 1 and "Ayumi Sato" in html and "Lee Ji-eun" not in html
    count, html = rows("action=user.deactivated")
    assert count == 1 and "Account deactivated" in html
    today = utcnow().date()
    count, _ = rows(f"since={(today - timedelta(days=7)).isoformat()}")
    assert count == 2  # the two role changes, not the deactivation
    count, _ = rows(f"until={(today - timedelta(days=30)).isoformat()}")
    assert count == 1
    count, html = rows("q=focal_point")
    assert count == 1 and "City focal point" in html
    count, html = rows("action=offering.created")
    assert count == 0 and "No change matches these filters." in html


def test_admins_export_the_filtered_log_as_csv(app, client, db, create_user, login):
    admin = create_user(roles=("admin", "staff"), locale="en")
    official = create_user(name_latin="=cmd Chen")
    login(admin)
    _change_roles(client, official, ("official", "instructor"))
    response = client.get("/staff/audit.csv?action=user.roles_changed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert table[0][:4] == ["When", "When (UTC)", "Who", "What"]
    assert len(table) == 2
    assert table[1][3] == "Roles changed"
    assert "Roles: Learner → " in table[1][5] and "Instructor" in table[1][5]
    staff = app.test_client()
    sign_in(staff, create_user(roles=("staff",)))
    assert staff.get("/staff/audit.csv").status_code == 403


def test_offerings_and_enrolment_states_are_named_by_the_layers_that_own_them(
    app, client, db, create_user, create_offering, create_enrolment, login
):
    """The catalogue and enrolment register their words with the audit log at start-up:
    accounts imports neither, yet an offering reads as its title (with a link) and states,
    topics and kinds read as words."""
    admin = create_user(roles=("admin", "staff"), locale="en")
    offering = create_offering(titles={"en": ("Heat action planning", "s")})
    enrolment = create_enrolment(offering=offering)
    record_event(
        admin,
        "offering.status_changed",
        offering,
        before={"status": "draft", "topics": ["low_carbon"], "kind": "course"},
        after={"status": "published"},
    )
    record_event(
        admin,
        "enrolment.status_changed",
        enrolment,
        before={"status": "waitlisted", "offering_id": offering.id},
        after={"status": "enrolled"},
    )
    db.session.commit()
    login(admin)
    html = client.get("/staff/audit").get_data(as_text=True)
    table = html[html.index("<table") :]
    assert "Heat action planning" in table
    assert f'href="/manage/offerings/{offering.id}"' in table
    assert "Published" in table and "Draft" in table and "Training course" in table
    assert "Waitlisted" in table and "Enrolled" in table
    assert "Low-carbon development" in table
    assert "low_carbon" not in table and "waitlisted" not in table
