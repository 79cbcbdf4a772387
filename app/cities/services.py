"""Cities and organisations: the list people choose from, kept by staff."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.cities.models import NAME_COLUMNS, City
from app.core.audit import record_event
from app.extensions import db

EDITABLE_FIELDS = ("country_code", *NAME_COLUMNS.values(), "is_member", "is_active")


def active_cities(include_id: int | None = None) -> list[City]:
    """Cities offered in forms, by country then English name (plus the person's own city)."""
    condition = City.is_active.is_(True)
    if include_id:
        condition = or_(condition, City.id == include_id)
    return list(
        db.session.scalars(select(City).where(condition).order_by(City.country_code, City.name_en))
    )


def save_city(actor, city: City | None, **values) -> City:
    creating = city is None
    if city is None:
        city = City()
        db.session.add(city)
    before = None if creating else {f: getattr(city, f) for f in EDITABLE_FIELDS}
    for field in EDITABLE_FIELDS:
        if field in values:
            value = values[field]
            setattr(city, field, value.strip() if isinstance(value, str) else value)
    city.country_code = city.country_code.upper()
    db.session.flush()
    record_event(
        actor,
        "city.created" if creating else "city.updated",
        city,
        before=before,
        after={f: getattr(city, f) for f in EDITABLE_FIELDS},
    )
    return city


def name_taken(name_en: str, exclude_id: int | None) -> bool:
    statement = select(City.id).where(City.name_en == name_en.strip())
    if exclude_id:
        statement = statement.where(City.id != exclude_id)
    return db.session.scalar(statement) is not None
