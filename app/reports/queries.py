"""The reports' figures: each one grouped SQL statement (GROUP BY), whatever the data size.

Counting rules, the same on every page and in every export:
- an offering *ran* when it is published or archived (drafts and cancelled ones never ran) and
  its first day is in the period;
- a *participant* is an enrolment with the status "enrolled" (a seat taken); their city is the
  one recorded on the enrolment (the city they belonged to when they enrolled);
- a *completion* is a participant whose completion is "completed"; a *certificate* a valid one;
- an offering is counted in each of its topics and languages of instruction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, contains_eager
from sqlalchemy.sql import Select

from app.catalogue.models import Offering, OfferingLanguage, OfferingTopic
from app.certificates.models import Certificate, CertificateStatus
from app.cities.models import City
from app.core.localized import localized_sql
from app.core.reads import read
from app.enrolment.models import CompletionState, Enrolment, EnrolmentStatus
from app.evaluation.access import MIN_RESPONSES
from app.extensions import db
from app.records.attendance.models import AttendanceMark, AttendanceStatus
from app.records.plans.models import ActionPlan, PlanStatus
from app.reports.models import ReportEvaluation, ReportFigures

RAN = ("published", "archived")
DIMENSIONS = ("kind", "topic", "language", "country", "city", "month", "year")


@dataclass(frozen=True)
class ReportFilter:
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    topic: str = ""
    city_id: int | None = None
    country: str = ""
    language: str = ""

    def as_args(self) -> dict[str, str]:
        """The filter as URL arguments (links, exports, bookmarks)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "kind": self.kind,
            "topic": self.topic,
            "city": str(self.city_id) if self.city_id else "",
            "country": self.country,
            "language": self.language,
        }
        return {k: v for k, v in values.items() if v}


def _year():
    return extract("year", Offering.starts_on)


def _month():
    return extract("month", Offering.starts_on)


def _metrics():
    completed = Enrolment.completion == CompletionState.COMPLETED
    return (
        func.count(func.distinct(Offering.id)).label("offerings"),
        func.count(Enrolment.id).label("enrolments"),
        func.count(func.distinct(Enrolment.user_id)).label("officials"),
        func.count(case((completed, Enrolment.id))).label("completions"),
        func.count(Certificate.id).label("certificates"),
    )


def _participants(columns, f: ReportFilter) -> Select:
    """Participants of offerings that ran, with their city and valid certificate, filtered."""
    statement = (
        select(*columns)
        .select_from(Enrolment)
        .join(Offering, Offering.id == Enrolment.offering_id)
        .outerjoin(City, City.id == Enrolment.city_id)
        .outerjoin(
            Certificate,
            and_(
                Certificate.enrolment_id == Enrolment.id,
                Certificate.status == CertificateStatus.VALID,
            ),
        )
        .where(Enrolment.status == EnrolmentStatus.ENROLLED)
    )
    statement = _offering_filters(statement, f)
    if f.city_id:
        statement = statement.where(Enrolment.city_id == f.city_id)
    if f.country:
        statement = statement.where(City.country_code == f.country)
    return statement


def _offering_filters(statement: Select, f: ReportFilter) -> Select:
    """Offerings that ran, in the period, of the type, topic and language asked for."""
    statement = statement.where(Offering.status.in_(RAN))
    if f.date_from:
        statement = statement.where(Offering.starts_on >= f.date_from)
    if f.date_to:
        statement = statement.where(Offering.starts_on <= f.date_to)
    if f.kind:
        statement = statement.where(Offering.kind == f.kind)
    # Aliases: the topic and language breakdowns join the same tables in the outer query.
    if f.topic:
        topic = aliased(OfferingTopic)
        statement = statement.where(
            exists().where(topic.offering_id == Offering.id, topic.topic == f.topic)
        )
    if f.language:
        language = aliased(OfferingLanguage)
        statement = statement.where(
            exists().where(language.offering_id == Offering.id, language.locale == f.language)
        )
    return statement


# Every section of a page in one statement ----------------------------------------------------

METRICS = ("offerings", "enrolments", "officials", "completions", "certificates")


def _base(f: ReportFilter):
    """The filtered participants, read once: each with what the sections group by."""
    completed = Enrolment.completion == CompletionState.COMPLETED
    columns = (
        Enrolment.user_id.label("user_id"),
        Enrolment.offering_id.label("offering_id"),
        Enrolment.city_id.label("city_id"),
        City.country_code.label("country"),
        Offering.kind.label("kind"),
        cast(_year(), Integer).label("year"),
        cast(_year() * 100 + _month(), Integer).label("month"),
        case((completed, 1), else_=0).label("completed"),
        case((Certificate.id.is_not(None), 1), else_=0).label("certified"),
    )
    return _participants(columns, f).cte("participants")


def _key(base, dimension: str):
    """The grouping column of ``dimension`` over ``base``, and the table it needs joined."""
    if dimension == "topic":
        topic = aliased(OfferingTopic, name="section_topic")
        return topic.topic, (topic, topic.offering_id == base.c.offering_id)
    if dimension == "language":
        language = aliased(OfferingLanguage, name="section_language")
        return language.locale, (language, language.offering_id == base.c.offering_id)
    if dimension == "city":
        return base.c.city_id, None
    if dimension in ("kind", "country", "year", "month"):
        return base.c[dimension], None
    return literal("all"), None


def _section(base, rated, dimension: str, officials: bool = True) -> Select:
    """One section's rows: (dimension, key as text, the metrics, the evaluation sums).

    Two levels, so that each offering's evaluation is added once per group: participants by
    (group, offering), then by group. People counted once per group however many of its
    offerings they took part in (a hash of the distinct pairs, then a count)."""
    key, join = _key(base, dimension)
    # As text, and "" for no value (no city recorded), so that the two levels join on equality.
    key = func.coalesce(cast(key, String), "")

    def source(*columns):
        statement = select(*columns).select_from(base)
        return statement.join(join[0], join[1]) if join is not None else statement

    per_offering = (
        source(
            key.label("key"),
            base.c.offering_id,
            func.count().label("enrolments"),
            func.sum(base.c.completed).label("completions"),
            func.sum(base.c.certified).label("certificates"),
        )
        .group_by(key, base.c.offering_id)
        .subquery(f"{dimension}_offerings")
    )
    statement = _grouped(per_offering, rated, dimension)
    if not officials:
        return statement.add_columns(literal(None).label("officials"))
    pairs = source(key.label("key"), base.c.user_id).distinct().subquery(f"{dimension}_people")
    people = (
        select(pairs.c.key, func.count().label("officials"))
        .group_by(pairs.c.key)
        .subquery(f"{dimension}_officials")
    )
    return statement.join(people, people.c.key == per_offering.c.key).add_columns(
        func.min(people.c.officials).label("officials")
    )


def _grouped(per_offering, rated, dimension: str) -> Select:
    """(group, offering) rows added up by group, with the evaluations of its offerings."""
    return (
        select(
            literal(dimension).label("dimension"),
            per_offering.c.key,
            func.count().label("offerings"),
            func.sum(per_offering.c.enrolments).label("enrolments"),
            func.sum(per_offering.c.completions).label("completions"),
            func.sum(per_offering.c.certificates).label("certificates"),
            func.sum(rated.c.total).label("total"),
            func.sum(rated.c.ratings).label("ratings"),
            func.sum(rated.c.responses).label("responses"),
        )
        .select_from(per_offering)
        .outerjoin(rated, rated.c.offering_id == per_offering.c.offering_id)
        .group_by(per_offering.c.key)
    )


# The dashboard from the summary rows (models.py) ------------------------------------------------

SUMMARY_DIMENSIONS = ("all", "kind", "topic", "language", "country", "month")


def _summary_rows(f: ReportFilter):
    """The summary rows of the offerings the filter selects (per offering and country), and
    the same added up per offering: read once, shared by every section."""
    R = ReportFigures
    statement = select(
        R.offering_id.label("offering_id"),
        R.country_code.label("country"),
        Offering.kind.label("kind"),
        cast(_year() * 100 + _month(), Integer).label("month"),
        R.enrolments.label("enrolments"),
        R.completions.label("completions"),
        R.certificates.label("certificates"),
    ).join(Offering, Offering.id == R.offering_id)
    statement = _offering_filters(statement, f)
    if f.country:
        statement = statement.where(R.country_code == f.country)
    rows = statement.cte("figure_rows")
    per_offering = (
        select(
            rows.c.offering_id,
            rows.c.kind,
            rows.c.month,
            func.sum(rows.c.enrolments).label("enrolments"),
            func.sum(rows.c.completions).label("completions"),
            func.sum(rows.c.certificates).label("certificates"),
        )
        .group_by(rows.c.offering_id, rows.c.kind, rows.c.month)
        .cte("figure_offerings")
    )
    return rows, per_offering


def _summary_section(rows, per_offering, rated, dimension: str) -> Select:
    """(group, offering) pairs, each once, added up by ``_grouped``."""
    source, join = per_offering, None
    if dimension == "topic":
        topic = aliased(OfferingTopic, name="section_topic")
        key, join = topic.topic, (topic, topic.offering_id == per_offering.c.offering_id)
    elif dimension == "language":
        language = aliased(OfferingLanguage, name="section_language")
        key, join = language.locale, (language, language.offering_id == per_offering.c.offering_id)
    elif dimension == "country":
        source, key = rows, rows.c.country
    elif dimension in ("kind", "month"):
        key = per_offering.c[dimension]
    else:
        key = literal("all")
    statement = select(
        func.coalesce(cast(key, String), "").label("key"),
        source.c.offering_id,
        source.c.enrolments,
        source.c.completions,
        source.c.certificates,
    ).select_from(source)
    if join is not None:
        statement = statement.join(*join)
    pairs = statement.subquery(f"{dimension}_offerings")
    return _grouped(pairs, rated, dimension).add_columns(literal(None).label("officials"))


def summary_figures(f: ReportFilter, dimensions, locale: str = "en") -> dict[str, list[dict]]:
    """As ``figures`` without the people counted once ("officials": not additive), from the
    summary rows: a few thousand rows whatever the number of enrolments. Not for a filter by
    city (the rows are per country; ``figures`` counts one city's participants)."""
    if f.city_id:
        raise ValueError("summary rows are per country")
    for dimension in dimensions:
        if dimension not in SUMMARY_DIMENSIONS:
            raise ValueError(dimension)
    rated = _rated_offerings()
    rows, per_offering = _summary_rows(f)
    statement = union_all(*(_summary_section(rows, per_offering, rated, d) for d in dimensions))
    return _collect(statement, dimensions, locale)


def figures(
    f: ReportFilter, dimensions, locale: str = "en", officials: bool = True
) -> dict[str, list[dict]]:
    """Dimension → rows (key, label parts, the metrics, the rate and the evaluation ``score``),
    largest first, months and years in time order; "all" gives the totals (one row, zeros when
    nothing matches). One statement for every dimension (the participants are read once),
    and one more for the names of the cities when "city" is asked for."""
    for dimension in dimensions:
        if dimension not in (*DIMENSIONS, "all"):
            raise ValueError(dimension)
    base = _base(f)
    rated = _rated_offerings()
    statement = union_all(*(_section(base, rated, d, officials) for d in dimensions))
    return _collect(statement, dimensions, locale)


def _collect(statement, dimensions, locale: str) -> dict[str, list[dict]]:
    """The rows of a union of sections, by dimension, typed, labelled and in order."""
    result: dict[str, list[dict]] = {d: [] for d in dimensions}
    for row in read(statement).mappings().all():
        values = dict(row)
        dimension = values.pop("dimension")
        total, ratings = values.pop("total"), values.pop("ratings")
        responses = values.pop("responses")
        for name in METRICS:
            if values[name] is None and name == "officials":
                del values[name]  # not counted (summary rows, or not asked for)
            else:
                values[name] = int(values[name] or 0)
        values["key"] = _typed_key(dimension, values["key"])
        values["score"] = (
            {"score": round(float(total) / float(ratings), 2), "responses": int(responses)}
            if ratings
            else None
        )
        result[dimension].append(_with_rate(values))
    if "city" in result:
        _name_cities(result["city"], locale)
    for dimension, rows in result.items():
        if dimension in ("month", "year"):
            rows.sort(key=lambda r: r["key"])
        else:
            rows.sort(key=lambda r: (-r["enrolments"], _sortable(r["key"])))
    if "all" in result and not result["all"]:
        result["all"] = [_with_rate({"key": "all", **dict.fromkeys(METRICS, 0), "score": None})]
    return result


def _typed_key(dimension: str, key: str):
    if key == "":
        return None
    if dimension in ("city", "year"):
        return int(key)
    if dimension == "month":
        return f"{int(key) // 100:04d}-{int(key) % 100:02d}"
    return key


def _sortable(key) -> tuple:
    return (key is None, str(key) if key is not None else "")


def _name_cities(rows: list[dict], locale: str) -> None:
    ids = [row["key"] for row in rows if row["key"] is not None]
    name = localized_sql(City.names, locale)
    names = {}
    if ids:
        names = {
            row.id: row
            for row in read(
                select(
                    City.id,
                    name.label("name"),
                    localized_sql(City.names, "en").label("name_en"),
                    City.country_code,
                ).where(City.id.in_(ids))
            ).all()
        }
    for row in rows:
        city = names.get(row["key"])
        row["name"] = city.name if city else None
        row["name_en"] = city.name_en if city else None
        row["country"] = city.country_code if city else None


def totals(f: ReportFilter) -> dict:
    return figures(f, ("all",))["all"][0]


def breakdown(f: ReportFilter, dimension: str, locale: str = "en") -> list[dict]:
    """One row per value of ``dimension`` (key, label parts and the metrics), largest first;
    months and years in time order."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    return figures(f, (dimension,), locale)[dimension]


def _rated_offerings():
    """Per offering with at least MIN_RESPONSES evaluation responses (below that nobody sees
    an aggregate: answers are anonymous): the sum and number of ratings and the responses,
    from the summary rows (``report_evaluations``, kept with the answers)."""
    E = ReportEvaluation
    return (
        select(
            E.offering_id.label("offering_id"),
            E.rating_total.label("total"),
            E.ratings.label("ratings"),
            E.responses.label("responses"),
        )
        .where(E.responses >= MIN_RESPONSES)
        .cte("rated")
    )


def evaluation_scores(f: ReportFilter, dimension: str = "") -> dict:
    """Key of ``dimension`` ("" for all) → {"score", "responses"}: every rating given in the
    evaluations of the group's offerings (pooled), over offerings with enough responses.
    Responses are anonymous, so a city's or a country's score is that of the offerings its
    officials took part in, as all their respondents rated them."""
    rows = figures(f, (dimension or "all",))[dimension or "all"]
    return {row["key"]: row["score"] for row in rows if row["score"]}


def _with_rate(row: dict) -> dict:
    enrolled = row.get("enrolments") or 0
    row["rate"] = round(100 * row["completions"] / enrolled, 1) if enrolled else None
    return row


# One offering -------------------------------------------------------------------------------


def funnel(offering_id: int) -> dict:
    """Requested (every request, whatever became of it) → enrolled → attended (at least one
    session marked present) → completed → certified (a valid certificate)."""
    enrolled = Enrolment.status == EnrolmentStatus.ENROLLED
    present = (
        exists()
        .where(
            AttendanceMark.enrolment_id == Enrolment.id,
            AttendanceMark.status == AttendanceStatus.PRESENT,
        )
        .correlate(Enrolment)
    )
    statement = (
        select(
            func.count(Enrolment.id).label("requested"),
            func.count(case((enrolled, Enrolment.id))).label("enrolled"),
            func.count(case((and_(enrolled, present), Enrolment.id))).label("attended"),
            func.count(
                case((and_(enrolled, Enrolment.completion == CompletionState.COMPLETED), 1))
            ).label("completed"),
            func.count(Certificate.id).label("certified"),
        )
        .select_from(Enrolment)
        .outerjoin(
            Certificate,
            and_(
                Certificate.enrolment_id == Enrolment.id,
                Certificate.status == CertificateStatus.VALID,
            ),
        )
        .where(Enrolment.offering_id == offering_id)
    )
    return read(statement).one()._asdict()


def attendance_by_session(offering_id: int) -> dict[int, dict[str, int]]:
    """Session id → marks by status, over the offering's participants."""
    statement = (
        select(AttendanceMark.session_id, AttendanceMark.status, func.count())
        .join(Enrolment, Enrolment.id == AttendanceMark.enrolment_id)
        .where(
            Enrolment.offering_id == offering_id,
            Enrolment.status == EnrolmentStatus.ENROLLED,
        )
        .group_by(AttendanceMark.session_id, AttendanceMark.status)
    )
    counts: dict[int, dict[str, int]] = {}
    for session_id, status, count in read(statement).all():
        counts.setdefault(session_id, {})[status] = count
    return counts


def offering_places(offering_id: int, dimension: str, locale: str) -> list[dict]:
    """The participants' cities or countries, with their completions and certificates."""
    f = ReportFilter()
    statement = (
        _participants((*(c for c in _place_columns(dimension, locale)), *_metrics()), f)
        .where(Offering.id == offering_id)
        .group_by(*_place_columns(dimension, locale))
        .order_by(func.count(Enrolment.id).desc(), "key")
    )
    return [_with_rate(row._asdict()) for row in read(statement).all()]


def _place_columns(dimension: str, locale: str):
    if dimension == "country":
        return (City.country_code.label("key"),)
    return (
        City.id.label("key"),
        localized_sql(City.names, locale).label("name"),
        localized_sql(City.names, "en").label("name_en"),
        City.country_code.label("country"),
    )


# One city ----------------------------------------------------------------------------------


def plans_by_year(city_id: int) -> dict[int, dict[str, int]]:
    """Year → action plans of the city's people approved (by the year of approval) and
    published to the library (by the year of publication)."""
    approved_year = extract("year", ActionPlan.approved_at)
    approved = read(
        select(approved_year, func.count())
        .where(ActionPlan.city_id == city_id, ActionPlan.status == PlanStatus.APPROVED)
        .group_by(approved_year)
    ).all()
    published = read(
        select(ActionPlan.published_year, func.count())
        .where(
            ActionPlan.city_id == city_id,
            ActionPlan.is_published.is_(True),
            ActionPlan.published_year.is_not(None),
        )
        .group_by(ActionPlan.published_year)
    ).all()
    years: dict[int, dict[str, int]] = {}
    for year, count in approved:
        if year is not None:
            years.setdefault(int(year), {"approved": 0, "published": 0})["approved"] = count
    for year, count in published:
        years.setdefault(int(year), {"approved": 0, "published": 0})["published"] = count
    return years


def city_offerings(f: ReportFilter, locale: str, limit: int = 100) -> list[dict]:
    """The offerings the city's people took part in, newest first (at most ``limit``)."""
    statement = (
        _participants(
            (
                Offering.id.label("key"),
                Offering.kind.label("kind"),
                Offering.starts_on.label("starts_on"),
                Offering.ends_on.label("ends_on"),
                *_metrics(),
            ),
            f,
        )
        .group_by(Offering.id, Offering.kind, Offering.starts_on, Offering.ends_on)
        .order_by(Offering.starts_on.desc(), Offering.id.desc())
        .limit(limit)
    )
    return [_with_rate(row._asdict()) for row in read(statement).all()]


# One person ---------------------------------------------------------------------------------


def transcript(user_id: int) -> list:
    """Every offering the person completed, oldest first, with its valid certificate."""
    statement = (
        select(Enrolment, Certificate.id, Certificate.serial)
        .join(Enrolment.offering)
        .outerjoin(
            Certificate,
            and_(
                Certificate.enrolment_id == Enrolment.id,
                Certificate.status == CertificateStatus.VALID,
            ),
        )
        .where(
            Enrolment.user_id == user_id,
            Enrolment.status == EnrolmentStatus.ENROLLED,
            Enrolment.completion == CompletionState.COMPLETED,
        )
        .options(contains_eager(Enrolment.offering))
        .order_by(Offering.starts_on, Offering.id)
    )
    return db.session.execute(statement).all()
