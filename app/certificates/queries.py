"""Reading the certificate register: the filtered list staff browse and download as CSV."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, lazyload

from app.accounts.models import User
from app.certificates.models import Certificate, CertificateStatus
from app.cities.models import City
from app.core.db import escape_like
from app.core.localized import localized
from app.enrolment.models import CompletionState, Enrolment
from app.extensions import db


def completed_participants(offering_id: int):
    """An offering's participants who completed it, by Latin name, each with their valid
    certificate (or None): (Enrolment, User, Certificate | None) rows."""
    return (
        select(Enrolment, User, Certificate)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(Certificate, _valid_certificate_of_enrolment())
        .where(
            Enrolment.offering_id == offering_id,
            Enrolment.completion == CompletionState.COMPLETED,
        )
        .order_by(User.name_latin, Enrolment.id)
        .options(joinedload(Enrolment.user).lazyload("*"))
    )


def without_valid_certificate(offering_id: int):
    """The ids of an offering's completed participants who hold no valid certificate: whom
    the bulk job issues to, and the page's "without a certificate" count."""
    return (
        select(Enrolment.id)
        .outerjoin(Certificate, _valid_certificate_of_enrolment())
        .where(
            Enrolment.offering_id == offering_id,
            Enrolment.completion == CompletionState.COMPLETED,
            Certificate.id.is_(None),
        )
    )


def count_without_certificate(offering_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(without_valid_certificate(offering_id).subquery())
    )


def _valid_certificate_of_enrolment():
    return (Certificate.enrolment_id == Enrolment.id) & (
        Certificate.status == CertificateStatus.VALID
    )


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


def register_rows(**filters) -> Iterator[list]:
    """The register as spreadsheet rows: fixed English column keys, then one certificate a
    row (city and offering in English, times in ISO 8601). Read as plain columns, not
    certificates with their holders and cities: the whole register (81,701 certificates in
    the benchmark data set) took 12 s of CPU as objects."""
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
    replacement = aliased(Certificate)
    statement = (
        select(
            Certificate.serial,
            Certificate.status,
            Certificate.holder_name_native,
            Certificate.holder_name_latin,
            # As stored (text): each city's names are read once, not once a certificate.
            cast(City.names, Text),
            Certificate.title_en,
            Certificate.issued_at,
            Certificate.revoked_at,
            Certificate.revocation_reason,
            replacement.serial,
        )
        .outerjoin(User, User.id == Certificate.user_id)
        .outerjoin(City, City.id == User.city_id)
        .outerjoin(replacement, replacement.id == Certificate.replaced_by_id)
        .where(*_register_conditions(**filters))
        .order_by(Certificate.id.desc())
        .execution_options(yield_per=2000)
    )
    city_names: dict[str | None, str] = {None: ""}
    for row in db.session.execute(statement):
        serial, status, native, latin, names, title, issued, revoked, reason, replaced = row
        city = city_names.get(names)
        if city is None:
            city = city_names[names] = localized(json.loads(names), "en")
        yield [
            serial,
            status,
            native,
            latin,
            city,
            title,
            issued.isoformat(),
            revoked.isoformat() if revoked else "",
            reason,
            replaced or "",
        ]
