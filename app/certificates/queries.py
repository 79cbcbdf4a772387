"""Reading the certificate register: the filtered list staff browse and download as CSV."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, lazyload, selectinload

from app.accounts.models import User
from app.certificates.models import Certificate, CertificateStatus
from app.cities.models import City
from app.core.db import escape_like
from app.extensions import db


def register_statement(*, q: str = "", city: str = "", status: str = "", offering_id=None):
    """Certificates newest first, with holder and city loaded; ``q`` matches serial, holder
    names and offering titles, ``city`` any name of the holder's city."""
    statement = (
        select(Certificate)
        # Every certificate has a holder: an outer join gives the same rows, and the page's
        # count leaves it out (it cannot change the number), so counting reads certificates.
        .outerjoin(User, User.id == Certificate.user_id)
        .outerjoin(City, City.id == User.city_id)
        .options(
            contains_eager(Certificate.user).options(
                contains_eager(User.city), lazyload(User.role_rows)
            )
        )
        .order_by(Certificate.id.desc())
    )
    if q:
        pattern = f"%{escape_like(q)}%"
        statement = statement.where(
            or_(
                Certificate.serial.ilike(pattern, escape="\\"),
                Certificate.holder_name_native.ilike(pattern, escape="\\"),
                Certificate.holder_name_latin.ilike(pattern, escape="\\"),
                Certificate.title.ilike(pattern, escape="\\"),
                Certificate.title_en.ilike(pattern, escape="\\"),
            )
        )
    if city:
        statement = statement.where(City.name_contains(city))
    if status in set(CertificateStatus):
        statement = statement.where(Certificate.status == status)
    if offering_id:
        statement = statement.where(Certificate.offering_id == offering_id)
    return statement


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
