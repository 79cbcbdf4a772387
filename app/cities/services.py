"""Cities and organisations: the list people choose from, kept by staff."""

from __future__ import annotations

from sqlalchemy import case, null, or_, select

from app.cities.models import City
from app.core.audit import record_event
from app.core.i18n import DEFAULT_LOCALE
from app.core.localized import localized, localized_sql, only_filled
from app.extensions import db

EDITABLE_FIELDS = ("country_code", "names", "is_member", "is_active")


def active_city_names(locale: str, include_id: int | None = None) -> list[tuple[int, str]]:
    """The cities offered in forms, as (id, name in ``locale``), by country then English name
    (plus the person's own city). Rows of two columns, not cities: the registration page
    built 600 City objects for its select (about half of its 29 ms). The name is chosen in
    SQL; a row's names come back as JSON only for the rare city named in neither ``locale``
    nor English (decoding 600 of them cost the registration page about 2 ms)."""
    condition = City.is_active.is_(True)
    if include_id:
        condition = or_(condition, City.id == include_id)
    name = localized_sql(City.names, locale)
    rows = db.session.execute(
        select(City.id, name, case((name == "", City.names), else_=null()))
        .where(condition)
        .order_by(City.country_code, localized_sql(City.names, DEFAULT_LOCALE))
    )
    return [(city_id, text or localized(names, locale)) for city_id, text, names in rows]


def save_city(actor, city: City | None, **values) -> City:
    """Create or change a city; ``names`` is ``{locale: name}`` (empty languages are left
    out, English is required)."""
    creating = city is None
    if city is None:
        city = City()
        db.session.add(city)
    before = None if creating else _audited(city)
    for field in EDITABLE_FIELDS:
        if field in values:
            value = values[field]
            if field == "names":
                value = only_filled(value)  # a new dict: JSON columns track assignment only
            elif isinstance(value, str):
                value = value.strip()
            setattr(city, field, value)
    if not (city.names or {}).get(DEFAULT_LOCALE):
        raise ValueError("A city needs its name in English.")
    city.country_code = city.country_code.upper()
    db.session.flush()
    record_event(
        actor,
        "city.created" if creating else "city.updated",
        city,
        before=before,
        after=_audited(city),
    )
    return city


def _audited(city: City) -> dict:
    return {
        f: dict(city.names or {}) if f == "names" else getattr(city, f) for f in EDITABLE_FIELDS
    }


def name_taken(name_en: str, exclude_id: int | None) -> bool:
    """Another city already has this English name (the database refuses it too)."""
    statement = select(City.id).where(City.names[DEFAULT_LOCALE].as_string() == name_en.strip())
    if exclude_id:
        statement = statement.where(City.id != exclude_id)
    return db.session.scalar(statement) is not None
