"""Report pages and their exports: parse the filter, check access, read, render."""

from __future__ import annotations

import click
from babel.dates import format_date
from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.panels import add_person_panel
from app.catalogue.models import Offering
from app.catalogue.panels import add_offering_panel
from app.cities.models import City
from app.core.access import is_staff
from app.core.babel import locale_code
from app.core.guard import load_or_404, require
from app.core.i18n import country_name
from app.core.localized import localized_sql
from app.core.reads import read
from app.extensions import db
from app.reports import access, charts, exports, figures, pdf, services
from app.reports.forms import ReportFilterForm
from app.reports.queries import ReportFilter

bp = Blueprint("reports", __name__, template_folder="templates")

FORMATS = "<any(csv, xlsx):fmt>"


def _locale() -> str:
    return locale_code()


def _filter_form(city: City | None = None) -> tuple[ReportFilterForm, ReportFilter]:
    """The filter from the URL; on a city's report the city is always that city."""
    locale = _locale()
    if city is None:
        cities = read(
            select(City.id, localized_sql(City.names, locale), City.country_code)
            .where(City.is_active.is_(True))
            .order_by(City.country_code, localized_sql(City.names, "en"))
        ).all()
        countries = sorted({row.country_code for row in cities})
        form = ReportFilterForm(
            request.args,
            countries=[(code, country_name(code, locale)) for code in countries],
            cities=[(row.id, row[1]) for row in cities],
        )
        return form, form.report_filter()
    form = ReportFilterForm(request.args)  # its city and country fields are not shown
    f = form.report_filter()
    return form, ReportFilter(**{**f.__dict__, "city_id": city.id, "country": ""})


@bp.route("/staff/reports")
@login_required
def dashboard():
    require(access.can_see_dashboard(current_user))
    form, f = _filter_form()
    locale = _locale()
    report = services.dashboard(f, locale)
    return render_template(
        "reports/dashboard.html",
        form=form,
        filters=f.as_args(),
        report=report,
        charts={s.dimension: charts.bars(s.rows, lambda r: r["label"]) for s in report["sections"]},
        trend=charts.columns(report["trend"].rows),
        locale=locale,
    )


@bp.route(f"/staff/reports/export.{FORMATS}")
@login_required
def dashboard_export(fmt: str):
    require(access.can_see_dashboard(current_user))
    _form, f = _filter_form()
    locale = _locale()
    city = db.session.get(City, f.city_id) if f.city_id else None
    tables = [services.filter_table(f, city, locale)]
    tables += services.dashboard_tables(services.dashboard(f, locale))
    return exports.download(tables, fmt, "kcc-report")


def _offering(offering_id: int) -> Offering:
    return load_or_404(Offering, offering_id, access.can_see_offering_report)


@bp.route("/staff/reports/offerings/<int:offering_id>")
@login_required
def offering_report(offering_id: int):
    offering = _offering(offering_id)
    locale = _locale()
    report = services.offering_report(offering, locale, current_user)
    return render_template(
        "reports/offering.html",
        offering=offering,
        report=report,
        cities_chart=charts.bars(report["cities"], lambda r: r["label"]),
        locale=locale,
    )


@bp.route(f"/staff/reports/offerings/<int:offering_id>/export.{FORMATS}")
@login_required
def offering_export(offering_id: int, fmt: str):
    offering = _offering(offering_id)
    locale = _locale()
    report = services.offering_report(offering, locale, current_user)
    tables = services.offering_tables(offering, report, locale)
    return exports.download(tables, fmt, f"kcc-offering-{offering.id}")


def _city(city_id: int) -> City:
    return load_or_404(City, city_id, access.can_see_city_report)


@bp.route("/reports/cities/<int:city_id>")
@login_required
def city_report(city_id: int):
    city = _city(city_id)
    form, f = _filter_form(city)
    locale = _locale()
    report = services.city_report(city, f, locale)
    return render_template(
        "reports/city.html",
        city=city,
        form=form,
        filters=f.as_args(),
        report=report,
        topics_chart=charts.bars(report["topics"].rows, lambda r: r["label"]),
        years_chart=charts.columns(
            [{**row, "key": row["label"]} for row in report["years"]],
        ),
        locale=locale,
    )


@bp.route(f"/reports/cities/<int:city_id>/export.{FORMATS}")
@login_required
def city_export(city_id: int, fmt: str):
    city = _city(city_id)
    _form, f = _filter_form(city)
    locale = _locale()
    report = services.city_report(city, f, locale)
    tables = [services.filter_table(f, city, locale), *services.city_tables(city, report, locale)]
    return exports.download(tables, fmt, f"kcc-city-{city.id}")


@bp.route("/my/transcript")
@login_required
def my_transcript():
    locale = _locale()
    return render_template(
        "reports/transcript.html", rows=services.transcript(current_user, locale), locale=locale
    )


@bp.route(f"/my/transcript.{FORMATS}")
@login_required
def my_transcript_export(fmt: str):
    rows = services.transcript(current_user, _locale())
    return exports.download([services.transcript_table(rows)], fmt, "kcc-transcript")


@bp.route("/my/transcript.pdf")
@login_required
def my_transcript_pdf():
    data = pdf.render_transcript(current_user)
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": 'inline; filename="kcc-transcript.pdf"',
            "Cache-Control": "no-store",
        },
    )


def _person(user_id: int) -> User:
    return load_or_404(User, user_id, access.can_see_transcript)


@bp.route("/staff/users/<int:user_id>/transcript")
@login_required
def person_transcript(user_id: int):
    """A person's transcript as staff see it (the same rows as the person's own page)."""
    person = _person(user_id)
    locale = _locale()
    return render_template(
        "reports/transcript.html",
        person=person,
        rows=services.transcript(person, locale),
        locale=locale,
    )


@bp.route(f"/staff/users/<int:user_id>/transcript.{FORMATS}")
@login_required
def person_transcript_export(user_id: int, fmt: str):
    person = _person(user_id)
    rows = services.transcript(person, _locale())
    return exports.download([services.transcript_table(rows)], fmt, f"kcc-transcript-{person.id}")


# Links from the pages of the layers below (their hooks) --------------------------------------


def offering_report_link(offering: Offering, now) -> Markup:
    """On an offering's page, for staff: a link to its report (no statement: a role check)."""
    if offering.status == "draft" or not is_staff(current_user):
        return Markup("")
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template("reports/_offering_link.html", offering=offering)
    )


def person_city_link(user) -> Markup:
    """On a person's staff page: their transcript and their city's report."""
    return Markup(  # noqa: S704 (a template rendered with autoescape)
        render_template("reports/_person_link.html", person=user)
    )


bp.record_once(lambda state: add_offering_panel(state.app, offering_report_link, "side"))
bp.record_once(lambda state: add_person_panel(state.app, person_city_link))


def _transcript_day(day, locale: str) -> str:
    return format_date(day, "long", locale=locale)


# Template globals, not a context processor (which would run again for every template
# rendered): none of them reads the request.
bp.record_once(
    lambda state: state.app.jinja_env.globals.update(
        report_headers=services.metric_headers,
        report_cells=services.metric_cells,
        year_headers=services.year_headers,
        year_cells=services.year_cells,
        transcript_day=_transcript_day,
    )
)


@bp.cli.command("refresh-figures")
def refresh_figures_command():
    """Count the dashboard's summary rows afresh from every enrolment (after a bulk load that
    bypasses the ORM, such as ``flask scale-data``)."""
    rows = figures.rebuild_all(db.session)
    db.session.commit()
    click.echo(f"report_figures: {rows} rows")
