"""The catalogue query: search in every language, filters and sort, in a bounded number of
statements whatever the number of offerings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, case, exists, func, or_, select

from app.catalogue.models import (
    Offering,
    OfferingLanguage,
    OfferingStatus,
    OfferingTopic,
    OfferingTranslation,
)
from app.core.db import escape_like

SORTS = {
    "start": (Offering.starts_on.asc(), Offering.id.asc()),
    "start_desc": (Offering.starts_on.desc(), Offering.id.desc()),
    "newest": (Offering.published_at.desc(), Offering.id.desc()),
}


@dataclass
class CatalogueFilter:
    q: str = ""
    kind: str = ""
    topic: str = ""
    format: str = ""
    language: str = ""
    when: str = ""  # upcoming | open | past
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "start"


def catalogue_statement(f: CatalogueFilter, today: date, now: datetime) -> Select:
    statement = select(Offering).where(Offering.status == OfferingStatus.PUBLISHED)
    if f.q:
        pattern = f"%{escape_like(f.q.strip().lower())}%"
        statement = statement.where(
            exists().where(
                OfferingTranslation.offering_id == Offering.id,
                or_(
                    func.lower(OfferingTranslation.title).like(pattern, escape="\\"),
                    func.lower(OfferingTranslation.summary).like(pattern, escape="\\"),
                ),
            )
        )
    if f.kind:
        statement = statement.where(Offering.kind == f.kind)
    if f.format:
        statement = statement.where(Offering.format == f.format)
    if f.topic:
        statement = statement.where(
            exists().where(OfferingTopic.offering_id == Offering.id, OfferingTopic.topic == f.topic)
        )
    if f.language:
        statement = statement.where(
            exists().where(
                OfferingLanguage.offering_id == Offering.id, OfferingLanguage.locale == f.language
            )
        )
    if f.when == "upcoming":
        statement = statement.where(Offering.ends_on >= today)
    elif f.when == "past":
        statement = statement.where(Offering.ends_on < today)
    elif f.when == "open":
        statement = statement.where(
            Offering.ends_on >= today,
            or_(Offering.enrol_opens_at.is_(None), Offering.enrol_opens_at <= now),
            or_(Offering.enrol_closes_at.is_(None), Offering.enrol_closes_at >= now),
        )
    if f.date_from:
        statement = statement.where(Offering.ends_on >= f.date_from)
    if f.date_to:
        statement = statement.where(Offering.starts_on <= f.date_to)
    sort = SORTS.get(f.sort, SORTS["start"])
    if f.sort not in ("start_desc", "newest"):
        # Soonest first, and offerings that have ended after every one still to come.
        sort = (case((Offering.ends_on < today, 1), else_=0), *sort)
    return statement.order_by(*sort)
