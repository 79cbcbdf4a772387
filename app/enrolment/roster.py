"""An offering's roster: who is in it, filtered as the staff page asks, for the page and the CSV."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, bindparam, case, select
from sqlalchemy.orm import contains_eager

from app.accounts.models import User
from app.catalogue.models import Offering
from app.cities.models import City
from app.core.babel import gettext as _
from app.core.localized import localized_sql
from app.core.urls import parse_id
from app.enrolment.models import ACTIVE, Enrolment, EnrolmentStatus
from app.enrolment.services import waitlist_positions
from app.extensions import db

# The roster's filter fields: the only request values its links (pages, CSV) carry.
ROSTER_FILTERS = ("status", "city", "country")

# Who holds a seat first, then who waits for a decision or a seat, cancelled people last.
ROSTER_ORDER = {
    status: rank
    for rank, status in enumerate(
        (
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.OFFERED,
            EnrolmentStatus.PENDING,
            EnrolmentStatus.NOMINATED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.REJECTED,
            EnrolmentStatus.CANCELLED,
        )
    )
}


@dataclass(frozen=True)
class RosterFilter:
    """Which people the roster shows. ``status``: a status, ``inactive`` (cancelled or not
    approved), ``all``, or anything else for the people who are still in."""

    status: str = ""
    city_id: int | None = None
    country: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> RosterFilter:
        country = args.get("country", "").upper()
        return cls(
            status=args.get("status", ""),
            city_id=parse_id(args.get("city")),
            country=country if len(country) == 2 and country.isalpha() else "",
        )

    def city(self) -> City | None:
        return db.session.get(City, self.city_id) if self.city_id is not None else None


def _status_shape(status: str) -> str:
    """Which kind of status filter ``status`` asks for: one status, "inactive", "all", or
    "" (the people still in)."""
    if status in set(EnrolmentStatus):
        return "one"
    return status if status in ("inactive", "all") else ""


def roster_statement(columns: tuple, status_shape: str, by_city: bool, by_country: bool) -> Select:
    """The offering's enrolments a filter of that shape lets through, in roster order, the
    offering and the filter's values bound (see ``roster_values``); whole Enrolment rows
    unless ``columns`` names what to read."""
    statement = (
        select(*(columns or (Enrolment,)))
        .select_from(Enrolment)
        # An outer join, though every enrolment has its person: the same rows, and the
        # page's count can leave the join out (PostgreSQL removes it).
        .outerjoin(User, User.id == Enrolment.user_id)
        .outerjoin(City, City.id == User.city_id)
        .where(Enrolment.offering_id == bindparam("offering_id"))
    )
    if status_shape == "one":
        statement = statement.where(Enrolment.status == bindparam("status"))
    elif status_shape == "inactive":  # cancelled or not approved
        statement = statement.where(Enrolment.status.not_in(ACTIVE))
    elif status_shape != "all":  # by default, the people who are still in
        statement = statement.where(Enrolment.status.in_(ACTIVE))
    if by_city:
        statement = statement.where(User.city_id == bindparam("city_id"))
    if by_country:
        statement = statement.where(City.country_code == bindparam("country"))
    return statement.order_by(
        case(ROSTER_ORDER, value=Enrolment.status, else_=len(ROSTER_ORDER)),
        Enrolment.waitlist_seq,
        User.name_latin,
        Enrolment.id,
    )


def roster_values(offering: Offering, chosen: RosterFilter) -> tuple[tuple, dict]:
    """The shape of ``chosen``'s statement (``roster_statement``'s last three arguments)
    and the values it binds."""
    shape = (_status_shape(chosen.status), chosen.city_id is not None, bool(chosen.country))
    values = {"offering_id": offering.id, "status": chosen.status}
    if chosen.city_id is not None:
        values["city_id"] = chosen.city_id
    if chosen.country:
        values["country"] = chosen.country
    return shape, values


def row_columns(locale: str) -> tuple:
    """What a roster row on the page shows, read as plain columns: building 50 ORM objects
    (and their users and cities) cost more than the rest of the page."""
    return (
        Enrolment.id,
        Enrolment.status,
        Enrolment.reason,
        Enrolment.created_at,
        User.name_native,
        User.name_latin,
        localized_sql(City.names, locale).label("city_name"),
    )


@cache
def _page_statement(locale: str, *shape) -> Select:
    return roster_statement(row_columns(locale), *shape)


def roster_page_query(offering: Offering, chosen: RosterFilter, locale: str) -> tuple[Select, dict]:
    """A roster page's statement (built once per language and filter shape: building it
    cost about as much as running it) and its values."""
    shape, values = roster_values(offering, chosen)
    return _page_statement(locale, *shape), values


def csv_rows(offering: Offering, chosen: RosterFilter, locale: str) -> Iterator[list]:
    """The roster as a spreadsheet: the column titles, then one row per person."""
    shape, values = roster_values(offering, chosen)
    rows = db.session.scalars(
        roster_statement((), *shape).options(contains_eager(Enrolment.user)), values
    ).all()
    positions = waitlist_positions(rows)
    yield [
        _("Name in your own script"),
        _("Name in Latin letters"),
        _("E-mail address"),
        _("City or organisation"),
        _("Country/region"),
        _("Department"),
        _("Job title"),
        _("Status"),
        _("Waitlist position"),
    ]
    for e in rows:
        city = e.user.city
        yield [
            e.user.name_native,
            e.user.name_latin,
            e.user.email,
            city.name(locale) if city else "",
            city.country_code if city else "",
            e.user.department,
            e.user.job_title,
            EnrolmentStatus(e.status).title,
            positions.get(e.id, ""),
        ]
