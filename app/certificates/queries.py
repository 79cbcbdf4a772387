"""Reading the certificate register: the filtered list staff browse and download as CSV."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, lazyload, selectinload

from app.accounts.models import User
from app.certificates.models import Certificate, CertificateStatus
from app.cities.models import City
from app.core.db import escape_like
from app.extensions import db


def _register_conditions(
    *, q: str = "", city: str = "", status: str = "", offering_id=None
) -> list:
    """The register's filters, as the list and its count share them."""
    conditions = []
    if q:
        pattern = f"%{escape_like(q)}%"
        conditions.append(
            or_(
                Certificate.serial.ilike(pattern, escape="\\"),
                Certificate.holder_name_native.ilike(pattern, escape="\\"),
                Certificate.holder_name_latin.ilike(pattern, escape="\\"),
                Certificate.title.ilike(pattern, escape="\\"),
                Certificate.title_en.ilike(pattern, escape="\\"),
            )
        )
    if city:
        conditions.append(City.name_contains(city))
    if status in set(CertificateStatus):
        conditions.append(Certificate.status == status)
    if offering_id:
        conditions.append(Certificate.offering_id == offering_id)
    return conditions


def register_statement(**filters):
    """Certificates newest first, with holder and city loaded; ``q`` matches serial, holder
    names and offering titles, ``city`` any name of the holder's city."""
    return (
        select(Certificate)
        # Every certificate has a holder: an outer join gives the same rows.
        .outerjoin(User, User.id == Certificate.user_id)
        .outerjoin(City, City.id == User.city_id)
        .options(
            contains_eager(Certificate.user).options(
                contains_eager(User.city), lazyload(User.role_rows)
            )
        )
        .where(*_register_conditions(**filters))
        .order_by(Certificate.id.desc())
    )


def register_count(**filters):
    """The number of the register's certificates, joined with their holders' cities only to
    filter by city: SQLite keeps an outer join in a count, and counting 81,701 certificates
    with their holders and cities took 56 ms there."""
    statement = select(func.count()).select_from(Certificate)
    if filters.get("city"):
        statement = statement.join(User, User.id == Certificate.user_id).join(
            City, City.id == User.city_id
        )
    return statement.where(*_register_conditions(**filters))


def register_rows(statement) -> Iterator[list]:
    """The register as spreadsheet rows: fixed English column keys, then one certificate a
    row (city and offering in English, times in ISO 8601)."""
    yield [
        "serial",
        "status",
        "holder_native",
        "holder_latin",
        "city",
        "offering",
        "issued_at",
        "revoked_at",
        "reason",
        "replaced_by",
    ]
    statement = statement.options(selectinload(Certificate.replaced_by))
    for certificate in db.session.scalars(statement).unique():
        city = certificate.user.city
        yield [
            certificate.serial,
            certificate.status,
            certificate.holder_name_native,
            certificate.holder_name_latin,
            city.name("en") if city else "",
            certificate.title_en,
            certificate.issued_at.isoformat(),
            certificate.revoked_at.isoformat() if certificate.revoked_at else "",
            certificate.revocation_reason,
            certificate.replaced_by.serial if certificate.replaced_by else "",
        ]
