"""Reading action plans: a participant's enrolment and reviews, the versions an instructor
compares, and the public library with its filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select, true

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


def library_places(locale: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(countries, cities) that have a published plan, as (value, name) choices sorted by
    their name in ``locale``."""
    name_column = localized_sql(City.names, locale)
    published = ActionPlan.is_published == true()
    cities = db.session.execute(
        select(City.id, name_column)
        .where(City.id.in_(select(ActionPlan.city_id).where(published)))
        .order_by(name_column)
    ).all()
    countries = sorted(
        (
            (code, country_name(code, locale))
            for code in db.session.scalars(
                select(ActionPlan.country_code).where(published).distinct()
            )
            if code
        ),
        key=lambda pair: pair[1],
    )
    return countries, [(str(city_id), name) for city_id, name in cities]


def library_statement(
    locale: str,
    *,
    topic: str = "",
    country: str = "",
    city_id: int | None = None,
    year: int | None = None,
    q: str = "",
):
    """Published plans newest first, with the author's names and the city's name in
    ``locale``; ``q`` matches the plan's searchable text."""
    name_column = localized_sql(City.names, locale)
    statement = (
        select(ActionPlan, User.name_native, User.name_latin, name_column)
        # Every plan has an author: an outer join gives the same rows, and the page's count
        # leaves it out (it cannot change the number), so counting reads the plans alone.
        .outerjoin(User, User.id == ActionPlan.user_id)
        .outerjoin(City, City.id == ActionPlan.city_id)
        # = true, not IS TRUE: an index can serve equality (ix_action_plans_published_order)
        .where(ActionPlan.is_published == true())
        .order_by(ActionPlan.approved_at.desc(), ActionPlan.id.desc())
    )
    if topic in TOPICS:
        statement = statement.where(ActionPlan.topic == topic)
    if country:
        statement = statement.where(ActionPlan.country_code == country)
    if city_id is not None:
        statement = statement.where(ActionPlan.city_id == city_id)
    if year:
        statement = statement.where(ActionPlan.published_year == year)
    if q:
        pattern = f"%{escape_like(q.lower())}%"
        statement = statement.where(ActionPlan.search_text.like(pattern, escape="\\"))
    return statement


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
    # The city is COALESCE(enrolment's, plan's), written so that the enrolments of the city
    # are found by their index: as a COALESCE, every enrolment was joined first (140 ms with
    # the full benchmark data set, 32 ms so).
    of_city = (
        or_(
            ActionPlan.enrolment_id.in_(select(Enrolment.id).where(Enrolment.city_id == city_id)),
            and_(Enrolment.city_id.is_(None), ActionPlan.city_id == city_id),
        )
        if city_id is not None
        else false()
    )
    statement = (
        select(ActionPlan, User.name_native, User.name_latin, Offering)
        .join(User, User.id == ActionPlan.user_id)
        .join(Offering, Offering.id == ActionPlan.offering_id)
        .outerjoin(Enrolment, Enrolment.id == ActionPlan.enrolment_id)
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
