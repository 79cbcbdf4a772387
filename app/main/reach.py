"""The centre's reach on the home page: cities and officials taking part, offerings
published and certificates in force.

Counting officials and their cities once each reads every enrolment: about 300 ms of SQL on
the benchmark data set (500,000 enrolments), for the most visited page. So the counts are kept
in one row (``SiteReach``) and a page only reads it. The periodic tick (``flask jobs tick``)
counts afresh; a reader who finds the row older than ``REACH_MAX_AGE`` (an installation
without the tick, such as ``flask run``) starts a count in a job after the response, and
moves ``counted_at`` on first, with a conditional UPDATE, so that readers at the same moment
start no second one. The first reader of a new installation counts in the request.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Row, distinct, func, select, update

from app.accounts.models import User
from app.catalogue.models import Offering, OfferingStatus
from app.certificates.models import Certificate, CertificateStatus
from app.core.db import conflict_insert, utcnow
from app.core.jobs import enqueue_after_commit
from app.core.reads import read
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.main.models import SiteReach

REACH_MAX_AGE = timedelta(minutes=10)
ROW_ID = 1
# The kept counts as the page shows them: columns, not a mapped row (core/reads.py).
KEPT_REACH = select(
    SiteReach.cities,
    SiteReach.officials,
    SiteReach.offerings,
    SiteReach.certificates,
    SiteReach.counted_at,
).where(SiteReach.id == ROW_ID)


def count_reach() -> dict[str, int]:
    """Cities whose officials take part, officials taking part, offerings published and
    certificates in force (a revoked one is not counted, a re-issued one once)."""
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
    names = ("cities", "officials", "offerings", "certificates")
    return {name: value or 0 for name, value in zip(names, row, strict=True)}


def store_reach() -> Row:
    """Count now and keep the counts (one INSERT … ON CONFLICT UPDATE: two first readers at
    once both succeed); the kept counts as ``current_reach`` reads them. The caller's unit of
    work commits."""
    values = {**count_reach(), "counted_at": utcnow()}
    statement = conflict_insert(db.session, SiteReach).values(id=ROW_ID, **values)
    db.session.execute(statement.on_conflict_do_update(index_elements=[SiteReach.id], set_=values))
    return read(KEPT_REACH).one()


def recount_reach() -> None:
    """The job: count and commit."""
    store_reach()
    db.session.commit()


def recount_due_reach() -> str:
    """The periodic tick's share."""
    recount_reach()
    return "Counted the centre's reach"


def current_reach(now: datetime | None = None) -> Row:
    """The kept counts (cities, officials, offerings, certificates, counted_at); an old row
    starts one recount after this response."""
    now = now or utcnow()
    row = read(KEPT_REACH).first()
    if row is None:
        return store_reach()
    if row.counted_at < now - REACH_MAX_AGE:
        claimed = db.session.execute(
            update(SiteReach)
            .where(SiteReach.id == ROW_ID, SiteReach.counted_at == row.counted_at)
            .values(counted_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            enqueue_after_commit("app.main.reach.recount_reach")
    return row
