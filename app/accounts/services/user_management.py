"""What staff and admins change on someone's account: roles, active or not, city; and the
first admin, created from the command line."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from app.accounts.errors import (
    EmailTaken,
    LastAdminError,
    OwnAccountError,
    OwnPrivilegedRolesError,
)
from app.accounts.models import User, UserRole
from app.accounts.passwords import hash_password
from app.accounts.services.addresses import find_user_by_email, normalise_email
from app.accounts.services.login_sessions import end_other_sessions
from app.cities.models import City
from app.core.audit import record_event
from app.core.db import utcnow
from app.core.roles import PRIVILEGED_ROLES, Role
from app.core.urls import absolute_url
from app.extensions import db
from app.notifications.services import notify


def check_role_change(actor: User, user: User, roles: set[Role]) -> None:
    """Nobody takes away their own staff or admin role (they could not give it back)."""
    if actor.id == user.id and (user.roles - set(roles)) & PRIVILEGED_ROLES:
        raise OwnPrivilegedRolesError()


def set_roles(actor: User, user: User, roles: set[Role]) -> None:
    check_role_change(actor, user, roles)
    before = sorted(user.roles)
    if Role.ADMIN in user.roles and Role.ADMIN not in roles and _admin_count() <= 1:
        raise LastAdminError()
    for row in list(user.role_rows):
        if Role(row.role) not in roles:
            user.role_rows.remove(row)
    for role in sorted(roles - user.roles):
        user.role_rows.append(UserRole(role=role))
    after = sorted(roles)
    if before != after:
        record_event(
            actor, "user.roles_changed", user, before={"roles": before}, after={"roles": after}
        )
        # New rights or lost rights: make every browser of that person sign in again.
        end_other_sessions(user, None)
        notify(user, "roles_changed", link=absolute_url("accounts.profile"))


def check_active_change(actor: User, user: User) -> None:
    """Nobody switches their own account on or off: a person signed in is active, and
    deactivating themselves would lock them out. Views ask before anything else."""
    if actor.id == user.id:
        raise OwnAccountError()


def set_enabled(actor: User, user: User, enabled: bool) -> None:
    check_active_change(actor, user)
    if user.is_enabled == enabled:
        return
    if not enabled and Role.ADMIN in user.roles and _admin_count() <= 1:
        raise LastAdminError()
    record_event(
        actor,
        "user.activated" if enabled else "user.deactivated",
        user,
        before={"is_enabled": user.is_enabled},
        after={"is_enabled": enabled},
    )
    user.is_enabled = enabled
    if not enabled:
        end_other_sessions(user, None)


def _admin_count() -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(UserRole)
            .join(User)
            .where(UserRole.role == Role.ADMIN, User.is_enabled.is_(True))
        )
        or 0
    )


def set_city(actor: User, user: User, city_id: int) -> None:
    """Staff change a person's city (audited). Enrolments keep the city they were made with."""

    city = db.session.get(City, city_id)
    if city is None:
        raise ValueError("unknown city")
    if user.city_id == city.id:
        return
    record_event(
        actor,
        "user.city_changed",
        user,
        before={"city_id": user.city_id},
        after={"city_id": city.id},
    )
    user.city_id = city.id


def create_admin(email: str, name: str) -> tuple[User, str]:
    """The first admin comes from the CLI, with a random one-time password printed once."""
    if find_user_by_email(email):
        raise EmailTaken()
    password = secrets.token_urlsafe(18)
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        name_native=name,
        name_latin=name,
        email_verified_at=utcnow(),
        must_change_password=True,  # the printed one-time password works once
    )
    user.role_rows.extend([UserRole(role=Role.ADMIN), UserRole(role=Role.STAFF)])
    db.session.add(user)
    db.session.flush()
    record_event(None, "user.admin_created", user, after={"email": user.email})
    return user, password
