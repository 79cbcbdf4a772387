"""Staff manage people: search and page, activate, grant roles, all written to the audit log."""

from __future__ import annotations

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.roles import Role
from tests.factories import csrf_token


def test_search_filters_and_pages(client, create_user, login):
    staff = create_user(roles=("staff",))
    create_user(name_latin="Lee Ji-eun", name_native="이지은", email="jieun@example.org")
    for _ in range(30):
        create_user()
    login(staff)
    html = client.get("/staff/users?q=이지은").get_data(as_text=True)
    assert "jieun@example.org" in html and html.count("<tr>") == 2  # header + one person
    assert "jieun@example.org" in client.get("/staff/users?q=JI-EUN").get_data(as_text=True)
    first = client.get("/staff/users").get_data(as_text=True)
    second = client.get("/staff/users?page=2").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert client.get("/staff/users?page=1000000").status_code == 200
    assert client.get("/staff/users?page=abc&role=nonsense&status=%00").status_code == 200
    only_staff = client.get("/staff/users?role=staff").get_data(as_text=True)
    assert only_staff.count("<tr>") == 2


def test_like_wildcards_are_literal(client, create_user, login):
    login(create_user(roles=("staff",)))
    create_user(email="plain@example.org")
    html = client.get("/staff/users?q=%25").get_data(as_text=True)
    assert "plain@example.org" not in html


def test_user_list_query_count_does_not_grow(client, create_user, login, count_queries):
    login(create_user(roles=("staff",)))
    counts = []
    # Both sizes fill the first page (25), which is then counted apart (ordered_by_index).
    for extra in (30, 40):
        for _ in range(extra):
            create_user(roles=("official", "instructor"))
        with count_queries() as statements:
            assert client.get("/staff/users").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert 1 <= counts[0] <= 8, counts


def test_staff_deactivates_and_reactivates_with_audit(client, db, create_user, login):
    staff = create_user(roles=("staff",))
    official = create_user()
    login(staff)
    token = csrf_token(client, f"/staff/users/{official.id}")
    client.post(f"/staff/users/{official.id}/active", data={"csrf_token": token, "enable": "0"})
    db.session.refresh(official)
    assert official.is_enabled is False
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivated"))
    assert event.actor_id == staff.id and event.target_id == official.id
    assert event.before == {"is_enabled": True} and event.after == {"is_enabled": False}
    client.post(f"/staff/users/{official.id}/active", data={"csrf_token": token, "enable": "1"})
    db.session.refresh(official)
    assert official.is_enabled is True


def test_staff_grants_instructor_but_not_staff(client, db, create_user, login):
    staff = create_user(roles=("staff",))
    official = create_user()
    login(staff)
    token = csrf_token(client, f"/staff/users/{official.id}")
    response = client.post(
        f"/staff/users/{official.id}/roles",
        data={"csrf_token": token, "official": "y", "instructor": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(official)
    assert official.roles == {Role.OFFICIAL, Role.INSTRUCTOR}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.roles_changed"))
    assert event.before == {"roles": ["official"]}
    assert event.after == {"roles": ["instructor", "official"]}
    response = client.post(
        f"/staff/users/{official.id}/roles",
        data={"csrf_token": token, "official": "y", "staff": "y"},
    )
    assert response.status_code == 403
    db.session.refresh(official)
    assert Role.STAFF not in official.roles


def test_admin_grants_staff_and_the_last_admin_stays(client, db, create_user, login):
    admin = create_user(roles=("admin", "staff"))
    official = create_user()
    login(admin)
    token = csrf_token(client, f"/staff/users/{official.id}")
    client.post(f"/staff/users/{official.id}/roles", data={"csrf_token": token, "staff": "y"})
    db.session.refresh(official)
    assert official.roles == {Role.STAFF}
    client.post(f"/staff/users/{admin.id}/roles", data={"csrf_token": token, "staff": "y"})
    db.session.refresh(admin)
    assert Role.ADMIN in admin.roles  # the only admin cannot remove their own admin role


def test_role_change_needs_a_fresh_sign_in(client, db, create_user, login, time_machine):
    from app.core.db import utcnow

    time_machine.move_to(utcnow(), tick=True)
    admin = create_user(roles=("admin", "staff"))
    official = create_user()
    login(admin, remember=True)
    time_machine.shift(20 * 60)
    token = csrf_token(client, f"/staff/users/{official.id}")
    response = client.post(
        f"/staff/users/{official.id}/roles", data={"csrf_token": token, "instructor": "y"}
    )
    assert "/account/reauthenticate" in response.headers["Location"]
    db.session.refresh(official)
    assert official.roles == {Role.OFFICIAL}


def test_role_change_signs_the_person_out(app, client, db, create_user, login):
    from tests.factories import sign_in

    admin = create_user(roles=("admin", "staff"))
    official = create_user()
    browser = app.test_client()
    sign_in(browser, official)
    login(admin)
    token = csrf_token(client, f"/staff/users/{official.id}")
    client.post(
        f"/staff/users/{official.id}/roles",
        data={"csrf_token": token, "official": "y", "instructor": "y"},
    )
    assert browser.get("/account").status_code == 302


def test_audit_log_lists_changes_for_admins(client, db, create_user, login):
    admin = create_user(roles=("admin", "staff"))
    official = create_user()
    login(admin)
    token = csrf_token(client, f"/staff/users/{official.id}")
    client.post(f"/staff/users/{official.id}/active", data={"csrf_token": token, "enable": "0"})
    html = client.get("/staff/audit").get_data(as_text=True)
    assert "user.deactivated" in html and admin.name_native in html


def test_staff_saving_the_roles_of_a_staff_account_keeps_what_they_may_not_change(
    client, db, create_user, login
):
    """The staff and admin boxes are disabled for staff, so the browser does not send them:
    saving adds the instructor role and keeps the staff and admin roles, with no 403."""
    editor = create_user(roles=("staff",))
    colleague = create_user(roles=("staff", "admin", "official"))
    create_user(roles=("admin",))  # not the last admin either way
    login(editor)
    page = client.get(f"/staff/users/{colleague.id}").get_data(as_text=True)
    assert "Only an administrator can grant or remove" in page
    token = csrf_token(client, f"/staff/users/{colleague.id}")
    response = client.post(
        f"/staff/users/{colleague.id}/roles",
        data={"csrf_token": token, "official": "y", "instructor": "y"},
    )
    assert response.status_code == 302
    assert "The roles have been saved." in client.get(response.location).get_data(as_text=True)
    db.session.refresh(colleague)
    assert colleague.roles == {Role.STAFF, Role.ADMIN, Role.OFFICIAL, Role.INSTRUCTOR}


def test_staff_see_a_persons_enrolments_on_their_page(
    client, db, create_user, create_offering, login
):
    from app.enrolment.models import Enrolment

    person = create_user()
    offering = create_offering(titles={"en": ("Urban heat clinic", "")})
    db.session.add(
        Enrolment(
            user_id=person.id,
            offering_id=offering.id,
            status="waitlisted",
            waitlist_seq=1,
            waiting_reason="",
            reason="",
        )
    )
    db.session.commit()
    login(create_user(roles=("staff",)))
    html = client.get(f"/staff/users/{person.id}").get_data(as_text=True)
    section = html[html.index("<h2>Enrolments</h2>") : html.index("<h2>History</h2>")]
    assert "Urban heat clinic" in section and "Waitlisted" in section
    assert f'href="/manage/offerings/{offering.id}/roster"' in section
