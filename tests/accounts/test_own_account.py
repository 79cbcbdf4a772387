"""Nobody deactivates their own account or takes away their own staff or admin role: the rule
lives in the service (app/accounts/services/user_management.py), so every caller keeps it."""

from __future__ import annotations

import pytest

from app.accounts.errors import OwnAccountError, OwnPrivilegedRolesError
from app.accounts.services import user_management
from app.core.roles import Role
from tests.factories import csrf_token


@pytest.fixture
def two_admins(create_user):
    """Two admins, so that the last-admin rule cannot be what refuses."""
    return create_user(roles=("admin", "staff")), create_user(roles=("admin", "staff"))


def test_a_person_cannot_deactivate_their_own_account(db, two_admins):
    admin, other = two_admins
    with pytest.raises(OwnAccountError):
        user_management.set_enabled(admin, admin, False)
    assert admin.is_enabled is True
    user_management.set_enabled(admin, other, False)  # someone else's: allowed
    assert other.is_enabled is False


def test_a_person_cannot_take_away_their_own_staff_or_admin_role(db, two_admins):
    admin, other = two_admins
    for kept in ({Role.STAFF}, {Role.ADMIN}, {Role.OFFICIAL}):
        with pytest.raises(OwnPrivilegedRolesError):
            user_management.set_roles(admin, admin, kept)
        assert admin.roles == {Role.ADMIN, Role.STAFF}
    # Adding a role to oneself, and changing someone else's, stay allowed.
    user_management.set_roles(admin, admin, {Role.ADMIN, Role.STAFF, Role.INSTRUCTOR})
    assert admin.roles == {Role.ADMIN, Role.STAFF, Role.INSTRUCTOR}
    user_management.set_roles(admin, other, {Role.STAFF})
    assert other.roles == {Role.STAFF}


def test_the_staff_page_refuses_deactivating_oneself_with_the_reason(client, db, two_admins, login):
    admin, _other = two_admins
    login(admin)
    token = csrf_token(client, f"/staff/users/{admin.id}")
    response = client.post(
        f"/staff/users/{admin.id}/active", data={"csrf_token": token, "enable": "0"}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/staff/users/{admin.id}")
    assert "You cannot deactivate your own account." in client.get(response.location).get_data(
        as_text=True
    )
    db.session.refresh(admin)
    assert admin.is_enabled is True


def test_the_staff_page_refuses_removing_ones_own_admin_role(client, db, two_admins, login):
    admin, _other = two_admins
    login(admin)
    token = csrf_token(client, f"/staff/users/{admin.id}")
    response = client.post(
        f"/staff/users/{admin.id}/roles", data={"csrf_token": token, "staff": "y"}
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "You cannot take away your own staff or administrator role." in page
    db.session.refresh(admin)
    assert admin.roles == {Role.ADMIN, Role.STAFF}
