"""Public catalogue: list with search and filters, offering page, programme, calendars."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import get_locale, get_timezone
from flask_login import current_user

from app.catalogue import fragments, queries
from app.catalogue.access import can_edit_content, can_manage, can_view
from app.catalogue.calendar import build_calendar, ics_response
from app.catalogue.forms import CatalogueFilterForm
from app.catalogue.models import (
    FORMAT_TITLES,
    KIND_TITLES,
    MODE_TITLES,
    STATUS_TITLES,
    TOPICS,
    Offering,
)
from app.catalogue.panels import offering_panels
from app.core.db import load_parts, utcnow
from app.core.guard import load_or_404
from app.core.i18n import LANGUAGE_NAMES
from app.core.pagination import paginate, parse_page
from app.core.urls import filter_values

bp = Blueprint("catalogue", __name__, template_folder="templates")
PER_PAGE = 12
# The catalogue's filter fields: the only request values its links and cache key carry.
CATALOGUE_FILTERS = (
    "q",
    "kind",
    "topic",
    "format",
    "language",
    "when",
    "date_from",
    "date_to",
    "sort",
)


def _filters(form: CatalogueFilterForm) -> queries.CatalogueFilter:
    """Only values that passed validation reach the query; the rest are ignored."""
    if not form.validate():
        for name in form.errors:
            getattr(form, name).data = None  # the message stays on the page; the value goes
    return queries.CatalogueFilter(
        q=(form.q.data or "").strip()[:100],
        kind=form.kind.data or "",
        topic=form.topic.data or "",
        format=form.format.data or "",
        language=form.language.data or "",
        when=form.when.data or "",
        date_from=form.date_from.data if isinstance(form.date_from.data, date) else None,
        date_to=form.date_to.data if isinstance(form.date_to.data, date) else None,
        sort=form.sort.data or "start",
    )


@bp.route("/offerings")
def index():
    """The list, rendered once per language, time zone, day and filters until the catalogue
    changes (see catalogue/fragments.py)."""
    form = CatalogueFilterForm(request.args)
    now = utcnow()
    zone = get_timezone()
    today = now.astimezone(zone).date()
    locale = str(get_locale())
    # The key holds exactly what the fragment is built from: the filter fields and the page.
    page_number = str(parse_page(request.args.get("page")))
    key = (
        "catalogue",
        fragments.catalogue_stamp(),
        locale,
        str(zone),
        today,
        filter_values(CATALOGUE_FILTERS),
        page_number,
    )

    def render_list() -> str:
        filters = _filters(form)
        page = paginate(queries.catalogue_statement(filters, today, now), page_number, PER_PAGE)
        return render_template(
            "catalogue/_index_body.html",
            form=form,
            page=page,
            now=now,
            locale=locale,
            language_names=LANGUAGE_NAMES,
            filters=CATALOGUE_FILTERS,
        )

    return render_template("catalogue/index.html", body=fragments.cached(key, render_list))


# What the offering's page shows of its parts (loaded only when the fragment is rendered).
SHOWN_PARTS = ("language_rows", "topic_rows", "instructors", "modules", "sessions")


def load_visible(offering_id: int) -> Offering:
    """The offering and its texts; what its pages show besides is loaded only when a cached
    fragment has to be rendered again."""
    return load_or_404(Offering, offering_id, can_view, hide=True)


@bp.route("/offerings/<int:offering_id>")
def show(offering_id: int):
    offering = load_visible(offering_id)
    locale = str(get_locale())
    text = offering.text(locale)
    now = utcnow()
    parts = fragments.cached_parts(
        fragments.offering_key("page", offering),
        lambda: fragments.render_blocks(
            "catalogue/_show_parts.html",
            offering=load_parts(offering, *SHOWN_PARTS),
            text=text,
            locale=locale,
            now=now,
            language_names=LANGUAGE_NAMES,
        ),
    )
    return render_template(
        "catalogue/show.html",
        parts=parts,
        offering=offering,
        text=text,
        locale=locale,
        now=now,
        panels=offering_panels(offering, now, "side"),
        panels_below=offering_panels(offering, now, "below"),
        can_edit=can_edit_content(current_user, offering),
        can_manage=can_manage(current_user, offering),
    )


@bp.route("/offerings/<int:offering_id>/programme")
def programme(offering_id: int):
    """The sessions grouped by day, in the reader's time zone."""
    offering = load_visible(offering_id)
    locale = str(get_locale())

    def render_days() -> str:
        zone = get_timezone()
        days = defaultdict(list)
        for session in load_parts(offering, "sessions").sessions:
            days[session.starts_at.astimezone(zone).date()].append(session)
        return render_template(
            "catalogue/_programme_body.html",
            offering=offering,
            days=sorted(days.items()),
            locale=locale,
        )

    body = fragments.cached(fragments.offering_key("programme", offering), render_days)
    return render_template(
        "catalogue/programme.html",
        offering=offering,
        body=body,
        locale=locale,
    )


@bp.route("/offerings/<int:offering_id>/calendar.ics")
def offering_calendar(offering_id: int):
    offering = load_visible(offering_id)
    locale = str(get_locale())
    body = fragments.cached_value(
        fragments.offering_key("calendar", offering),
        lambda: build_calendar(
            offering.title(locale), load_parts(offering, "sessions").sessions, locale
        ).decode(),
    )
    return ics_response(body, f"kcc-offering-{offering.id}.ics")


bp.after_app_request(fragments.cache_header)


@bp.app_context_processor
def catalogue_helpers():
    def title_of(table):
        return lambda key: str(table.get(key, key))

    return {
        "offering_kind_title": title_of(KIND_TITLES),
        "offering_format_title": title_of(FORMAT_TITLES),
        "enrolment_mode_title": title_of(MODE_TITLES),
        "topic_title": title_of(TOPICS),
        "offering_status_title": title_of(STATUS_TITLES),
    }
