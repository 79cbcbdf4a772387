"""The reports put together: figures from queries.py, labels in the reader's language, the
evaluation scores when the evaluation domain provides them, and the same numbers as tables for
the exports. No business rule changes anything here: reports only read."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.catalogue.models import KIND_TITLES, TOPICS, Offering
from app.cities.models import City
from app.core.babel import gettext as _
from app.core.babel import lazy_gettext as _l
from app.core.babel import pgettext
from app.core.db import load_parts
from app.core.i18n import country_name, language_name
from app.core.localized import localized
from app.core.reads import read
from app.reports import evaluation, queries
from app.reports.exports import Table
from app.reports.queries import ReportFilter

SECTION_TITLES = {
    "kind": _l("By type of offering"),
    "topic": _l("By topic"),
    "city": _l("By city or organisation"),
    "country": _l("By country or region"),
    "language": _l("By language of instruction"),
    "month": _l("Trend by month"),
    "year": _l("By year"),
}
DASHBOARD_SECTIONS = ("kind", "topic", "city", "country", "language")


def metric_headers() -> list[str]:
    """The figures of every group. People counted once ("officials") are not among them: that
    number does not add up across offerings, so the dashboard would have to read every
    enrolment for it; the city report counts them by year (one city's participants)."""
    return [
        _("Offerings run"),
        _("Participants"),
        _("Completions"),
        _("Completion rate (per cent)"),
        _("Certificates"),
        _("Evaluation score (1–5)"),
    ]


def metric_cells(row: dict) -> list:
    score = row.get("score")
    return [
        row["offerings"],
        row["enrolments"],
        row["completions"],
        row["rate"] if row["rate"] is not None else "",
        row["certificates"],
        score["score"] if score else "",
    ]


def label(dimension: str, row: dict, locale: str) -> str:
    key = row["key"]
    if key is None:
        return _("No city recorded") if dimension in ("city", "country") else "—"
    if dimension == "kind":
        title = KIND_TITLES.get(key)
        return str(title) if title else str(key)
    if dimension == "topic":
        return str(TOPICS.get(key, key))
    if dimension == "language":
        return language_name(key)
    if dimension == "country":
        return country_name(key, locale)
    if dimension == "city":
        return row["name"] or row["name_en"]
    return str(key)


@dataclass
class Section:
    dimension: str
    title: str
    rows: list[dict] = field(default_factory=list)
    counted: bool = True

    def table(self) -> Table:
        first = self.title
        return Table(
            title=first,
            headers=[_("Group"), *metric_headers()],
            rows=[[row["label"], *metric_cells(row)] for row in self.rows],
        )


def _section(dimension: str, rows: list[dict] | None, locale: str) -> Section:
    """``rows`` None: the section is not counted for this filter (the cities without a
    country); the page says how to get it."""
    for row in rows or ():
        row["label"] = label(dimension, row, locale)
    return Section(dimension, str(SECTION_TITLES[dimension]), rows or [], counted=rows is not None)


def dashboard(f: ReportFilter, locale: str) -> dict:
    """Totals, the five breakdowns and the trend by month.

    Without a city filter, everything but the cities comes from the summary rows (one
    statement over a few thousand rows); the cities are counted from the enrolments only once
    a country (or region) is chosen, which bounds how many are read. With a city, that city's
    participants are counted (one statement)."""
    dimensions = ("all", *DASHBOARD_SECTIONS, "month")
    if f.city_id:
        figures = queries.figures(f, dimensions, locale, officials=False)
    else:
        figures = queries.summary_figures(f, [d for d in dimensions if d != "city"], locale)
        figures["city"] = (
            queries.figures(f, ("city",), locale, officials=False)["city"] if f.country else None
        )
    return {
        "totals": figures["all"][0],
        "sections": [_section(d, figures[d], locale) for d in DASHBOARD_SECTIONS],
        "trend": _section("month", figures["month"], locale),
    }


def dashboard_tables(report: dict) -> list[Table]:
    totals = Table(
        title=_("Totals"),
        headers=metric_headers(),
        rows=[metric_cells(report["totals"])],
    )
    return [totals, *(s.table() for s in report["sections"]), report["trend"].table()]


def filter_table(f: ReportFilter, city: City | None, locale: str) -> Table:
    """What the figures were filtered by, as the first table of an export."""
    rows = [
        [pgettext("start of a period", "From"), f.date_from.isoformat() if f.date_from else ""],
        [pgettext("end of a period", "To"), f.date_to.isoformat() if f.date_to else ""],
        [_("Type"), label("kind", {"key": f.kind}, locale) if f.kind else ""],
        [_("Topic"), label("topic", {"key": f.topic}, locale) if f.topic else ""],
        [_("City or organisation"), city.name(locale) if city else ""],
        [_("Country/region"), country_name(f.country, locale) if f.country else ""],
        [_("Language of instruction"), language_name(f.language) if f.language else ""],
    ]
    return Table(title=_("Filters"), headers=[_("Filter"), _("Value")], rows=rows)


# One offering -------------------------------------------------------------------------------

FUNNEL_STEPS = (
    ("requested", _l("Requested a place")),
    ("enrolled", _l("Enrolled")),
    ("attended", _l("Attended at least one session")),
    ("completed", _l("Completed")),
    ("certified", _l("Certified")),
)


def offering_report(offering: Offering, locale: str, viewer) -> dict:
    counts = queries.funnel(offering.id)
    steps = [{"key": key, "label": str(title), "value": counts[key]} for key, title in FUNNEL_STEPS]
    first = counts["requested"] or 1
    for step in steps:
        step["percent"] = round(100 * step["value"] / first, 1) if counts["requested"] else None
    marks = queries.attendance_by_session(offering.id)
    sessions = [
        {
            "session": s,
            "title": s.title(locale),
            "present": marks.get(s.id, {}).get("present", 0),
            "absent": marks.get(s.id, {}).get("absent", 0),
            "excused": marks.get(s.id, {}).get("excused", 0),
        }
        for s in load_parts(offering, "sessions").sessions
    ]
    cities = queries.offering_places(offering.id, "city", locale)
    countries = queries.offering_places(offering.id, "country", locale)
    for row in cities:
        row["label"] = label("city", row, locale)
    for row in countries:
        row["label"] = label("country", row, locale)
    return {
        "steps": steps,
        "sessions": sessions,
        "cities": cities,
        "countries": countries,
        "evaluation": evaluation.offering_results(offering.id, viewer, offering=offering),
    }


def offering_tables(offering: Offering, report: dict, locale: str) -> list[Table]:
    place_headers = [_("Participants"), _("Completions"), _("Certificates")]
    results = report["evaluation"]
    evaluation_rows = []
    if results is not None and results.visible:
        evaluation_rows = [
            [q.question.text(locale), q.answered, round(q.average, 2) if q.average else ""]
            for q in results.questions
            if q.is_rating
        ]
    evaluation = Table(
        title=_("Evaluation"),
        headers=[_("Question"), _("Answers"), _("Average (1–5)")],
        rows=evaluation_rows,
    )
    return [
        Table(
            title=_("From request to certificate"),
            headers=[_("Step"), _("People"), _("Share of requests (per cent)")],
            rows=[[s["label"], s["value"], s["percent"] or ""] for s in report["steps"]],
        ),
        Table(
            title=_("Attendance per session"),
            headers=[_("Session"), _("Starts (UTC)"), _("Present"), _("Absent"), _("Excused")],
            rows=[
                [
                    s["title"],
                    s["session"].starts_at.strftime("%Y-%m-%d %H:%M"),
                    s["present"],
                    s["absent"],
                    s["excused"],
                ]
                for s in report["sessions"]
            ],
        ),
        Table(
            title=_("Cities and organisations represented"),
            headers=[_("City or organisation"), _("Country/region"), *place_headers],
            rows=[
                [
                    r["label"],
                    r["country"] or "",
                    r["enrolments"],
                    r["completions"],
                    r["certificates"],
                ]
                for r in report["cities"]
            ],
        ),
        Table(
            title=_("Countries and regions represented"),
            headers=[_("Country/region"), *place_headers],
            rows=[
                [r["label"], r["enrolments"], r["completions"], r["certificates"]]
                for r in report["countries"]
            ],
        ),
        evaluation,
    ]


# One city -----------------------------------------------------------------------------------


def city_report(city: City, f: ReportFilter, locale: str) -> dict:
    """The city's figures by year (with its action plans) and by topic, and the offerings its
    people took part in; ``f`` narrows them (its city is always this one)."""
    figures = queries.figures(f, ("all", "year", "topic"), locale)
    years = figures["year"]
    plans = queries.plans_by_year(city.id)
    by_year = {row["key"]: row for row in years}
    for year in sorted(set(by_year) | set(plans)):
        row = by_year.setdefault(
            year,
            {
                "key": year,
                "offerings": 0,
                "enrolments": 0,
                "officials": 0,
                "completions": 0,
                "certificates": 0,
                "rate": None,
            },
        )
        row.update(plans.get(year, {"approved": 0, "published": 0}))
        row["label"] = str(year)
    totals = figures["all"][0]
    offerings = queries.city_offerings(f, locale)
    titles = _offering_titles([row["key"] for row in offerings], locale)
    for row in offerings:
        row["label"] = titles.get(row["key"], f"#{row['key']}")
    return {
        "totals": totals,
        "years": [by_year[y] for y in sorted(by_year)],
        "topics": _section("topic", figures["topic"], locale),
        "offerings": offerings,
    }


def _offering_titles(ids: list[int], locale: str) -> dict[int, str]:
    if not ids:
        return {}
    rows = read(
        select(Offering.id, Offering.titles, Offering.fallback_locale).where(Offering.id.in_(ids))
    ).all()
    return {key: localized(titles, locale, fallback) or f"#{key}" for key, titles, fallback in rows}


def year_headers() -> list[str]:
    return [
        _("Year"),
        _("Officials trained"),
        _("Offerings attended"),
        _("Participants"),
        _("Completions"),
        _("Certificates"),
        _("Action plans approved"),
        _("Action plans published"),
    ]


def year_cells(row: dict) -> list:
    return [
        row["label"],
        row["officials"],
        row["offerings"],
        row["enrolments"],
        row["completions"],
        row["certificates"],
        row.get("approved", 0),
        row.get("published", 0),
    ]


def city_tables(city: City, report: dict, locale: str) -> list[Table]:
    return [
        Table(
            title=_("By year"),
            headers=year_headers(),
            rows=[year_cells(row) for row in report["years"]],
        ),
        report["topics"].table(),
        Table(
            title=_("Offerings"),
            headers=[
                _("Offering"),
                _("Starts"),
                _("Participants"),
                _("Completions"),
                _("Certificates"),
            ],
            rows=[
                [
                    row["label"],
                    row["starts_on"].isoformat(),
                    row["enrolments"],
                    row["completions"],
                    row["certificates"],
                ]
                for row in report["offerings"]
            ],
        ),
    ]


# One person ---------------------------------------------------------------------------------


def transcript(user, locale: str) -> list[dict]:
    rows = []
    for enrolment, certificate_id, serial in queries.transcript(user.id):
        offering = enrolment.offering
        rows.append(
            {
                "offering": offering,
                "title": offering.title(locale),
                "kind": label("kind", {"key": offering.kind}, locale),
                "starts_on": offering.starts_on,
                "ends_on": offering.ends_on,
                "hours": round((enrolment.attended_minutes or 0) / 60, 1),
                "completed_at": enrolment.completed_at,
                "certificate_id": certificate_id,
                "serial": serial or "",
            }
        )
    return rows


def transcript_table(rows: list[dict]) -> Table:
    return Table(
        title=_("Transcript"),
        headers=[
            _("Offering"),
            _("Type"),
            _("Starts"),
            _("Ends"),
            _("Hours attended"),
            _("Certificate"),
        ],
        rows=[
            [
                r["title"],
                r["kind"],
                r["starts_on"].isoformat(),
                r["ends_on"].isoformat(),
                r["hours"],
                r["serial"],
            ]
            for r in rows
        ],
    )
