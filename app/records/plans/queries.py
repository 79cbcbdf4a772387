"""Reading action plans: a participant's enrolment and reviews, the versions an instructor
compares, and the public library with its filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, func, select, true, union_all

from app.accounts.models import User
from app.catalogue.models import TOPICS, Offering
from app.cities.models import City
from app.core.db import escape_like
from app.core.i18n import country_name
from app.core.localized import localized_sql
from app.enrolment.models import Enrolment
from app.extensions import db
from app.records.plans.diff import compare
from app.records.plans.models import ActionPlan, ActionPlanVersion, PlanReview, PlanStatus


def enrolment_of(user_id: int, offering_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.offering_id == offering_id)
    )


def reviews_of(plan_id: int) -> list[PlanReview]:
    """The plan's reviews, newest first."""
    return list(
        db.session.scalars(
            select(PlanReview)
            .where(PlanReview.plan_id == plan_id)
            .order_by(PlanReview.created_at.desc(), PlanReview.id.desc())
        )
    )


@dataclass
class VersionComparison:
    versions: list[ActionPlanVersion]
    shown: ActionPlanVersion | None = None  # the latest version sent
    older: ActionPlanVersion | None = None
    newer: ActionPlanVersion | None = None
    changes: list | None = None  # None: nothing to compare


def compare_versions(plan_id: int, a: int | None, b: int | None) -> VersionComparison:
    """The plan's submitted versions and the changes between versions ``a`` and ``b`` (the
    last two when not given)."""
    versions = list(
        db.session.scalars(
            select(ActionPlanVersion)
            .where(ActionPlanVersion.plan_id == plan_id)
            .order_by(ActionPlanVersion.number)
        )
    )
    result = VersionComparison(versions=versions, shown=versions[-1] if versions else None)
    if len(versions) >= 2:
        by_number = {v.number: v for v in versions}
        a = a or versions[-2].number
        b = b or versions[-1].number
        result.older, result.newer = by_number.get(min(a, b)), by_number.get(max(a, b))
        older, newer = result.older, result.newer
        if older and newer and older is not newer:
            result.changes = compare(older.title, older.content, newer.title, newer.content)
    return result


def library_countries(locale: str) -> list[tuple[str, str]]:
    """The countries that have a published plan, as (code, name) choices sorted by their name
    in ``locale``."""
    return sorted(
        ((code, country_name(code, locale)) for code in _published_countries() if code),
        key=lambda pair: pair[1],
    )


def _published_countries():
    """The distinct countries of the published plans, one index probe each (a loose index
    scan over ix_action_plans_published_places: the next code after the last one found), not
    a read of every published plan's entry: 1.5-1.8 -> 0.55 ms on PostgreSQL for 5,954
    plans in 9 countries, and flat as plans accumulate."""
    published = ActionPlan.is_published == true()
    found = (
        select(func.min(ActionPlan.country_code).label("code"))
        .where(published)
        .cte("published_countries", recursive=True)
    )
    following = (
        select(func.min(ActionPlan.country_code))
        .where(published, ActionPlan.country_code > found.c.code)
        .scalar_subquery()
    )
    found = found.union_all(select(following).where(found.c.code.is_not(None)))
    return db.session.scalars(select(found.c.code).where(found.c.code.is_not(None)))


def library_cities(locale: str, country: str) -> list[tuple[str, str]]:
    """The cities of ``country`` that have a published plan, as (id, name) choices sorted by
    their name in ``locale``. Listed for one country at a time: the library's cities number in
    the hundreds (600 options took 3 ms to write and 36 KB of every page)."""
    name_column = localized_sql(City.names, locale)
    in_country = select(ActionPlan.city_id).where(
        ActionPlan.is_published == true(), ActionPlan.country_code == country
    )
    rows = db.session.execute(
        select(City.id, name_column).where(City.id.in_(in_country)).order_by(name_column)
    )
    return [(str(city_id), name) for city_id, name in rows]


def country_of_city(city_id: int) -> str:
    """The country of a city chosen without its country (a link to one city's plans)."""
    return db.session.scalar(select(City.country_code).where(City.id == city_id)) or ""


def _library_conditions(
    *, topic: str = "", country: str = "", city_id: int | None = None, year=None, q: str = ""
) -> list:
    """The WHERE of the library's list and of its count: published plans, filtered."""
    # = true, not IS TRUE: an index can serve equality (ix_action_plans_published_order)
    conditions = [ActionPlan.is_published == true()]
    if topic in TOPICS:
        conditions.append(ActionPlan.topic == topic)
    if country:
        conditions.append(ActionPlan.country_code == country)
    if city_id is not None:
        conditions.append(ActionPlan.city_id == city_id)
    if year:
        conditions.append(ActionPlan.published_year == year)
    if q:
        pattern = f"%{escape_like(q.lower())}%"
        conditions.append(ActionPlan.search_text.like(pattern, escape="\\"))
    return conditions


def library_statement(locale: str, **filters):
    """Published plans newest first, with the author's names and the city's name in
    ``locale``; ``filters`` as ``_library_conditions`` reads them (``q`` matches the plan's
    searchable text)."""
    name_column = localized_sql(City.names, locale)
    return (
        select(ActionPlan, User.name_native, User.name_latin, name_column)
        .outerjoin(User, User.id == ActionPlan.user_id)
        .outerjoin(City, City.id == ActionPlan.city_id)
        .where(*_library_conditions(**filters))
        .order_by(ActionPlan.approved_at.desc(), ActionPlan.id.desc())
    )


def library_count(**filters):
    """The number of the library's plans, from the plans alone (and the indexes that serve
    the filters: a topic's plans are counted in ix_action_plans_published_topic)."""
    return select(func.count()).select_from(ActionPlan).where(*_library_conditions(**filters))


def offering_plans_statement(offering_id: int, status: str = ""):
    """Every participant's plan in an offering with the author's names, by status and name;
    only those in ``status`` when it is one."""
    statement = (
        select(ActionPlan, User.name_native, User.name_latin)
        .join(User, User.id == ActionPlan.user_id)
        .where(ActionPlan.offering_id == offering_id)
        .order_by(ActionPlan.status, User.name_latin, ActionPlan.id)
    )
    if status in set(PlanStatus):
        statement = statement.where(ActionPlan.status == status)
    return statement


def city_plans_statement(city_id: int | None, status: str = ""):
    """The submitted plans of a city's officials (the city on the enrolment, else the one on
    the plan), newest first, with the author's names and the offering; only those in
    ``status`` when it is one (drafts never)."""
    # The city is COALESCE(enrolment's, plan's), written as the plans of the city's
    # enrolments (their index, then the plans' by enrolment) and the plans of the city that
    # have no enrolment's city: as a COALESCE, every enrolment was joined first (140 ms with
    # the full benchmark data set), and as one OR every plan was read (90 ms on SQLite).
    if city_id is None:
        of_city = false()
    else:
        of_enrolments = select(ActionPlan.id).where(
            ActionPlan.enrolment_id.in_(select(Enrolment.id).where(Enrolment.city_id == city_id))
        )
        of_plan_alone = (
            select(ActionPlan.id)
            .outerjoin(Enrolment, Enrolment.id == ActionPlan.enrolment_id)
            .where(ActionPlan.city_id == city_id, Enrolment.city_id.is_(None))
        )
        of_city = ActionPlan.id.in_(union_all(of_enrolments, of_plan_alone))
    statement = (
        select(ActionPlan, User.name_native, User.name_latin, Offering)
        .join(User, User.id == ActionPlan.user_id)
        .join(Offering, Offering.id == ActionPlan.offering_id)
        .where(of_city, ActionPlan.version >= 1)
        .order_by(ActionPlan.submitted_at.desc(), ActionPlan.id.desc())
    )
    if status in set(PlanStatus) and status != PlanStatus.DRAFT:
        statement = statement.where(ActionPlan.status == status)
    return statement


def latest_version(plan_id: int) -> ActionPlanVersion | None:
    """The version sent last."""
    return db.session.scalar(
        select(ActionPlanVersion)
        .where(ActionPlanVersion.plan_id == plan_id)
        .order_by(ActionPlanVersion.number.desc())
        .limit(1)
    )
