"""What a person changes on their own profile, and asking the centre to change their city."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User, UserRole
from app.cities.models import City
from app.core.audit import record_event
from app.core.roles import Role
from app.core.urls import absolute_url
from app.extensions import db
from app.notifications.services import notify

# What a person edits on their own profile. The city is not among them: it decides a focal
# point's scope and the city caps, so staff change it (``set_city``) on the person's request.
PROFILE_FIELDS = (
    "name_native",
    "name_latin",
    "department",
    "job_title",
    "locale",
    "timezone",
)


def update_profile(user: User, **values) -> None:
    before = {f: getattr(user, f) for f in PROFILE_FIELDS}
    for field in PROFILE_FIELDS:
        if field in values:
            value = values[field]
            setattr(user, field, value.strip() if isinstance(value, str) else value)
    after = {f: getattr(user, f) for f in PROFILE_FIELDS}
    if before != after:
        changed = [f for f in PROFILE_FIELDS if before[f] != after[f]]
        record_event(
            user,
            "account.profile_updated",
            user,
            before={f: before[f] for f in changed},
            after={f: after[f] for f in changed},
        )


def request_city_change(user: User, city_id: int, reason: str) -> None:
    """Ask the centre to change one's city: recorded in the audit log, shown to staff."""

    city = db.session.get(City, city_id)
    if city is None or not city.is_active:
        raise ValueError("unknown city")
    record_event(
        user,
        "account.city_change_requested",
        user,
        before={"city_id": user.city_id},
        after={"city_id": city.id, "reason": reason.strip()[:300]},
    )
    staff = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.STAFF, User.is_enabled.is_(True))
        .distinct()
        .limit(50)
    ).all()
    for member in staff:
        notify(
            member,
            "city_change_requested",
            mail=False,
            link=absolute_url("users.show_user", user_id=user.id),
            name=user.display_name,
            city=city.name("en"),
        )
