"""Public catalogue: list with search and filters, offering page, programme, calendars."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale, get_timezone
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from app.catalogue import fragments, queries
from app.catalogue.access import can_edit_content, can_manage, can_view
from app.catalogue.calendar import build_calendar
from app.catalogue.forms import LANGUAGE_NAMES, CatalogueFilterForm
from app.catalogue.models import Offering
from app.core.db import utcnow
from app.core.pagination import paginate
from app.extensions import db

bp = Blueprint("catalogue", __name__, template_folder="templates")
PER_PAGE = 12


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
    asked = tuple((f.name, tuple(request.args.getlist(f.name))) for f in form)
    page_number = request.args.get("page", "")
    key = ("catalogue", fragments.catalogue_stamp(), locale, str(zone), today, asked, page_number)

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
        )

    return render_template("catalogue/index.html", body=fragments.cached(key, render_list))


def load_visible(offering_id: int) -> Offering:
    """The offering and its texts; what its pages show besides is loaded only when a cached
    fragment has to be rendered again."""
    offering = db.session.scalar(
        select(Offering)
        .where(Offering.id == offering_id)
        .options(lazyload(Offering.topic_rows), lazyload(Offering.language_rows))
    )
    if offering is None or not can_view(current_user, offering):
        abort(404)
    return offering


@bp.route("/offerings/<int:offering_id>")
def show(offering_id: int):
    from app.enrolment.services import find_enrolment, waitlist_position

    offering = load_visible(offering_id)
    locale = str(get_locale())
    text = offering.text(locale)
    now = utcnow()
    my_enrolment = my_position = None
    if current_user.is_authenticated:
        my_enrolment = find_enrolment(current_user.id, offering.id)
        my_position = waitlist_position(my_enrolment) if my_enrolment else None
    parts = fragments.cached_parts(
        fragments.offering_key("page", offering),
        lambda: fragments.render_blocks(
            "catalogue/_show_parts.html",
            offering=offering,
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
        my_enrolment=my_enrolment,
        my_position=my_position,
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
        for session in offering.sessions:
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


def ics_response(body: bytes | str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/offerings/<int:offering_id>/calendar.ics")
def offering_calendar(offering_id: int):
    offering = load_visible(offering_id)
    locale = str(get_locale())
    body = fragments.cached_value(
        fragments.offering_key("calendar", offering),
        lambda: build_calendar(offering.title(locale), offering.sessions, locale).decode(),
    )
    return ics_response(body, f"kcc-offering-{offering.id}.ics")


@bp.route("/calendar/<token>.ics")
def personal_calendar(token: str):
    """A person's own feed, reached by a secret address they can replace at any time."""
    from app.accounts.models import User, hash_token
    from app.catalogue.calendar import build_calendar
    from app.catalogue.services import sessions_for_person

    user = db.session.scalar(select(User).where(User.calendar_token_hash == hash_token(token)))
    if user is None or not user.is_enabled:
        abort(404)
    body = build_calendar("KCC Academy", sessions_for_person(user), user.locale)
    return ics_response(body, "kcc-academy.ics")


@bp.route("/account/calendar", methods=["GET", "POST"])
@login_required
def calendar_settings():
    from flask import url_for

    from app.accounts.forms import ConfirmForm
    from app.catalogue.services import regenerate_calendar_token

    form = ConfirmForm()
    feed_url = None
    if form.validate_on_submit():
        token = regenerate_calendar_token(current_user)
        db.session.commit()
        feed_url = url_for("catalogue.personal_calendar", token=token, _external=True)
    return render_template("catalogue/calendar_settings.html", form=form, feed_url=feed_url)


@bp.app_context_processor
def catalogue_helpers():
    from app.catalogue.models import (
        FORMAT_TITLES,
        KIND_TITLES,
        MODE_TITLES,
        STATUS_TITLES,
        TOPICS,
    )

    def title_of(table):
        return lambda key: str(table.get(key, key))

    return {
        "offering_kind_title": title_of(KIND_TITLES),
        "offering_format_title": title_of(FORMAT_TITLES),
        "enrolment_mode_title": title_of(MODE_TITLES),
        "topic_title": title_of(TOPICS),
        "offering_status_title": title_of(STATUS_TITLES),
    }
