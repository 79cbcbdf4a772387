"""What the home page shows, read in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import get_locale, get_timezone
from sqlalchemy import distinct, func, select

from app.accounts.models import User
from app.catalogue.models import Offering, OfferingStatus
from app.catalogue.queries import CatalogueFilter, catalogue_statement
from app.certificates.models import Certificate, CertificateStatus
from app.core.db import utcnow
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.my_learning import my_learning
from app.extensions import db


@dataclass
class Reach:
    cities: int = 0
    officials: int = 0
    offerings: int = 0
    certificates: int = 0


@dataclass
class Home:
    open_offerings: list = field(default_factory=list)
    reach: Reach = field(default_factory=Reach)
    mine: object = None  # My learning of the signed-in official, or None


def _reach() -> Reach:
    """Cities whose officials took part, officials who took part, offerings published and
    certificates issued (those in force: a revoked one is not counted, a re-issued one once)."""

    taking_part = select(Enrolment.user_id).where(Enrolment.status == EnrolmentStatus.ENROLLED)
    row = db.session.execute(
        select(
            select(func.count(distinct(User.city_id)))
            .where(User.id.in_(taking_part))
            .scalar_subquery(),
            select(func.count(distinct(Enrolment.user_id)))
            .where(Enrolment.status == EnrolmentStatus.ENROLLED)
            .scalar_subquery(),
            select(func.count(Offering.id))
            .where(Offering.status.in_((OfferingStatus.PUBLISHED, OfferingStatus.ARCHIVED)))
            .scalar_subquery(),
            select(func.count(Certificate.id))
            .where(Certificate.status == CertificateStatus.VALID)
            .scalar_subquery(),
        )
    ).one()
    return Reach(
        cities=row[0] or 0, officials=row[1] or 0, offerings=row[2] or 0, certificates=row[3] or 0
    )


def home_page(user, open_count: int) -> Home:
    now = utcnow()
    today = now.astimezone(get_timezone()).date()
    home = Home()
    home.open_offerings = list(
        db.session.scalars(
            catalogue_statement(CatalogueFilter(when="open"), today, now).limit(open_count)
        )
    )
    home.reach = _reach()
    if getattr(user, "is_authenticated", False):
        home.mine = my_learning(user.id, str(get_locale()), now, today)
    return home
