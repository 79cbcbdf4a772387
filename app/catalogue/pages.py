"""What the catalogue's pages show: one function a page gathers its template's context (the
cached fragments included), so a view only parses the request, calls a service and renders."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_login import current_user
from markupsafe import Markup

from app.catalogue import fragments, queries
from app.catalogue.access import can_edit_content, can_manage
from app.catalogue.cards import fill_seats
from app.catalogue.forms import CatalogueFilterForm
from app.catalogue.lifecycle import participant_count
from app.catalogue.models import Offering
from app.catalogue.panels import offering_panels
from app.core.babel import get_timezone, locale_code
from app.core.db import load_parts, utcnow
from app.core.forms import ConfirmForm
from app.core.i18n import LANGUAGE_NAMES, LOCALE_CODES
from app.core.pagination import paginate
from app.core.urls import filter_values

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


def catalogue_list(args, page_number: str) -> Markup:
    """The list, rendered once per language, time zone, day and filters until the catalogue
    changes (see catalogue/fragments.py), its cards' seats read afresh. The filter form is
    built from the request's ``args`` only when the list is rendered: a cached list needs
    none of it."""
    now = utcnow()
    zone = get_timezone()
    today = now.astimezone(zone).date()
    locale = locale_code()
    # The key holds exactly what the fragment is built from: the filter fields and the page.
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
        form = CatalogueFilterForm(args)
        filters = _filters(form)
        statement, values = queries.catalogue_query(filters, today, now)
        page = paginate(statement, page_number, PER_PAGE, params=values)
        return render_template(
            "catalogue/_index_body.html",
            form=form,
            page=page,
            now=now,
            locale=locale,
            language_names=LANGUAGE_NAMES,
            filters=CATALOGUE_FILTERS,
        )

    # Cached without its cards' seats (an enrolment does not change the list), written now.
    return fill_seats(fragments.cached(key, render_list))


# What the offering's page shows of its parts (loaded only when the fragment is rendered).
# (And the languages and topics, as codes, and the instructors' names: queries.)
SHOWN_PARTS = ("modules", "sessions")


def show(offering: Offering) -> dict:
    """The offering page: its cached parts, and the reader's own panels and actions."""
    locale = locale_code()
    text = offering.text(locale)
    now = utcnow()
    parts = fragments.cached_parts(
        fragments.offering_key("page", offering),
        lambda: fragments.render_blocks(
            "catalogue/_show_parts.html",
            offering=load_parts(queries.load_shown_columns(offering), *SHOWN_PARTS),
            instructors=queries.instructor_names(offering),
            text=text,
            locale=locale,
            now=now,
            language_names=LANGUAGE_NAMES,
        ),
    )
    return {
        "parts": parts,
        "offering": offering,
        "text": text,
        "locale": locale,
        "now": now,
        "panels": offering_panels(offering, now, "side"),
        "panels_below": offering_panels(offering, now, "below"),
        "can_edit": can_edit_content(current_user, offering),
        "can_manage": can_manage(current_user, offering),
    }


def workspace(offering: Offering, form) -> dict:
    """The offering's workspace: the settings ``form`` (staff only, else None), its text,
    sessions and modules."""
    return {
        "offering": offering,
        "form": form,
        "locale": locale_code(),
        "locales": LOCALE_CODES,
        "language_names": LANGUAGE_NAMES,
        "confirm": ConfirmForm(),
        "can_manage": can_manage(current_user, offering),
        "has_participants": bool(participant_count(offering)),
    }


def edit_text(offering: Offering, form, text_locale: str) -> dict:
    """The form for the offering's text in one language."""
    return {
        "form": form,
        "offering": offering,
        "text_locale": text_locale,
        "language_names": LANGUAGE_NAMES,
        "locale": locale_code(),
    }
