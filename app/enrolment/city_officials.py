"""A focal point's view of their own city: its officials and their enrolments."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User, UserRole
from app.core.pagination import Page, paginate
from app.core.roles import Role
from app.enrolment.models import Enrolment
from app.extensions import db

PER_PAGE = 25


def officials_page(city_id: int, raw_page: str | None) -> tuple[Page, dict[int, list[Enrolment]]]:
    """One page of the city's officials (by Latin name) and their enrolments by user id, in
    three statements whatever the number of people or enrolments (count, page, enrolments with
    their offerings' texts in a fourth)."""
    statement = (
        select(User)
        .where(
            User.city_id == city_id,
            User.closed_at.is_(None),
            exists().where(UserRole.user_id == User.id, UserRole.role == Role.OFFICIAL),
        )
        .order_by(User.name_latin, User.id)
    )
    page = paginate(statement, raw_page, PER_PAGE)
    by_person: dict[int, list[Enrolment]] = defaultdict(list)
    ids = [person.id for person in page.items]
    if ids:
        for enrolment in db.session.scalars(
            select(Enrolment)
            .where(Enrolment.user_id.in_(ids))
            .options(selectinload(Enrolment.offering))
            .order_by(Enrolment.created_at.desc(), Enrolment.id.desc())
        ):
            by_person[enrolment.user_id].append(enrolment)
    return page, by_person
