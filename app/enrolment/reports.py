"""Counts of an offering's participants by country and by city, each in one grouped statement."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.cities.models import City
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db

COUNTED = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.PENDING)


def _grouped(offering_id: int, column) -> dict:
    """{value of column: {status: count}} over the people still in the running for a seat."""
    statement = (
        select(column, Enrolment.status, func.count())
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(City, City.id == User.city_id)
        .where(Enrolment.offering_id == offering_id, Enrolment.status.in_(COUNTED))
        .group_by(column, Enrolment.status)
    )
    counts: dict = {}
    for group, status, count in db.session.execute(statement):
        counts.setdefault(group, {})[status] = count
    return counts


def counts_by_country(offering_id: int) -> dict[str | None, dict[str, int]]:
    """Country code (None for people without a city) → status → count."""
    return _grouped(offering_id, City.country_code)


def counts_by_city(offering_id: int) -> list[tuple[City | None, dict[str, int]]]:
    """(city, counts) ordered by country then by the number enrolled, largest first."""
    by_id = _grouped(offering_id, City.id)
    ids = [city_id for city_id in by_id if city_id]
    cities = {c.id: c for c in db.session.scalars(select(City).where(City.id.in_(ids)))}
    rows = [(cities.get(city_id), counts) for city_id, counts in by_id.items()]
    rows.sort(
        key=lambda row: (
            row[0] is None,
            row[0].country_code if row[0] else "",
            -row[1].get(EnrolmentStatus.ENROLLED, 0),
            row[0].id if row[0] else 0,
        )
    )
    return rows
