"""Public catalogue: list with search and filters, offering page, programme, calendars."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, render_template, request

from app.catalogue import fragments, pages
from app.catalogue.access import can_view
from app.catalogue.calendar import build_calendar, ics_response
from app.catalogue.cards import offering_card
from app.catalogue.models import (
    FORMAT_TITLES,
    KIND_TITLES,
    MODE_TITLES,
    STATUS_TITLES,
    TOPICS,
    Offering,
)
from app.core.babel import get_timezone, locale_code
from app.core.db import load_parts
from app.core.guard import load_or_404
from app.core.pagination import parse_page

bp = Blueprint("catalogue", __name__, template_folder="templates")


@bp.route("/offerings")
def index():
    """The list, cached per language, time zone, day and filters (see catalogue/pages.py)."""
    page_number = str(parse_page(request.args.get("page")))
    return render_template(
        "catalogue/index.html", body=pages.catalogue_list(request.args, page_number)
    )


def load_visible(offering_id: int) -> Offering:
    """The offering and its texts; what its pages show besides is loaded only when a cached
    fragment has to be rendered again."""
    return load_or_404(Offering, offering_id, can_view, hide=True)


@bp.route("/offerings/<int:offering_id>")
def show(offering_id: int):
    offering = load_visible(offering_id)
    return render_template("catalogue/show.html", **pages.show(offering))


@bp.route("/offerings/<int:offering_id>/programme")
def programme(offering_id: int):
    """The sessions grouped by day, in the reader's time zone."""
    offering = load_visible(offering_id)
    locale = locale_code()

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
    locale = locale_code()
    body = fragments.cached_value(
        fragments.offering_key("calendar", offering),
        lambda: build_calendar(
            offering.title(locale), load_parts(offering, "sessions").sessions, locale
        ).decode(),
    )
    return ics_response(body, f"kcc-offering-{offering.id}.ics")


bp.after_app_request(fragments.cache_header)


def _title_of(table):
    return lambda key: str(table.get(key, key))


# Template globals, not a context processor (which runs on every render_template, a list's
# fragments included): they read nothing of the request.
CATALOGUE_HELPERS = {
    "offering_kind_title": _title_of(KIND_TITLES),
    "offering_format_title": _title_of(FORMAT_TITLES),
    "enrolment_mode_title": _title_of(MODE_TITLES),
    "topic_title": _title_of(TOPICS),
    "offering_status_title": _title_of(STATUS_TITLES),
    "offering_card": offering_card,
}
bp.record_once(lambda state: state.app.jinja_env.globals.update(CATALOGUE_HELPERS))
