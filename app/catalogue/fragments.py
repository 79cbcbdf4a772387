"""Rendered fragments of the public catalogue pages, cached until what they show changes.

The catalogue is read far more often than it changes. Its list, an offering's page, its
programme and its calendar are rendered once per language, time zone and filter and kept in
the cache (Redis when configured, else each worker's memory). A fragment's key carries the
``changed_at`` of what it shows (the offering's own, or the latest of all offerings for the
list), and every change to an offering or to anything it owns moves that time forward in the
same flush, so a new key is asked for at once and the old fragment is never read again. The
seat counters are not such a change (enrolment/services.py moves them in SQL): the list's
cards carry a mark where their seats go, written afresh for each page (cards.fill_seats).
Fragments also expire after CACHE_DEFAULT_TIMEOUT (a minute): "open for enrolment" and the
upcoming/past split depend on the clock, not only on the data, and of two overlapping changes
the one stamped earlier may commit last, leaving the list's latest time unchanged; the timeout
bounds how long that can show.

What depends on the reader (their enrolment, their rights, CSRF tokens) is never cached.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime

from flask import Response, current_app, g
from markupsafe import Markup
from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.catalogue import search  # noqa: F401  (its flush listener keeps the search index in step)
from app.catalogue.models import (
    Module,
    Offering,
    OfferingLanguage,
    OfferingSession,
    OfferingTopic,
    offering_instructors,
)
from app.core.babel import get_timezone, locale_code
from app.core.db import utcnow
from app.core.reads import read_scalar
from app.extensions import cache

log = logging.getLogger(__name__)

# Rows that belong to one offering and show on its public pages (its text in each language is
# columns of the offering itself: a change to it is a change of the offering).
OWNED = (OfferingTopic, OfferingLanguage, OfferingSession, Module)
# Columns of a person that show on the pages of the offerings they teach.
INSTRUCTOR_SHOWN = ("name_native", "name_latin")


@event.listens_for(Session, "before_flush")
def _mark_changed_offerings(session: Session, flush_context, instances) -> None:
    """Move ``changed_at`` forward for every offering changed in this flush, directly or
    through a row it owns (objects changed here are part of the same flush)."""
    now = utcnow()
    offering_ids: set[int] = set()
    instructor_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, User) and obj in session.dirty:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in INSTRUCTOR_SHOWN):
                instructor_ids.add(obj.id)
            continue
        if isinstance(obj, Offering):
            if obj in session.deleted:
                continue
            if obj in session.new or session.is_modified(obj):
                obj.changed_at = now
        elif isinstance(obj, OWNED):
            owner = obj.__dict__.get("offering")
            if owner is not None and owner not in session.deleted:
                owner.changed_at = now
            elif obj.offering_id is not None:
                offering_ids.add(obj.offering_id)
    if instructor_ids:  # a renamed instructor: the offerings they teach
        offering_ids.update(
            session.scalars(
                select(offering_instructors.c.offering_id).where(
                    offering_instructors.c.user_id.in_(sorted(instructor_ids))
                )
            )
        )
    if offering_ids:
        session.execute(
            update(Offering)
            .where(Offering.id.in_(sorted(offering_ids)))
            .values(changed_at=now)
            .execution_options(synchronize_session=False)
        )


def offering_key(page: str, offering: Offering) -> tuple:
    """The key of one of an offering's pages for the current reader's language and zone."""
    return (
        page,
        offering.id,
        offering.changed_at.isoformat(),
        locale_code(),
        str(get_timezone()),
    )


# Built once: building it for each request cost as much as running it (an index lookup).
LATEST_CHANGE = select(func.max(Offering.changed_at))


def catalogue_stamp() -> str:
    """The time of the latest change to any offering (one index lookup)."""
    latest: datetime | None = read_scalar(LATEST_CHANGE)
    return latest.isoformat() if latest else "empty"


def cached_value(key: tuple, render: Callable):
    """What is stored under ``key``, rendered and stored first when it is missing.

    A cache that does not answer (Redis down or slow) costs a fresh rendering, never a page.
    """
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    try:
        value = cache.get(digest)
    except Exception:  # any backend failure: render afresh
        log.warning("fragment cache unavailable; rendering afresh", exc_info=True)
        _count("misses")
        return render()
    _count("hits" if value is not None else "misses")
    if value is None:
        value = render()
        try:
            cache.set(digest, value, timeout=current_app.config["CACHE_DEFAULT_TIMEOUT"])
        except Exception:
            log.warning("fragment cache unavailable; not stored", exc_info=True)
    return value


def _count(outcome: str) -> None:
    if current_app.config["FRAGMENT_CACHE_HEADER"]:
        counts = g.setdefault("fragment_cache", {"hits": 0, "misses": 0})
        counts[outcome] += 1


def cache_header(response: Response) -> Response:
    """``X-Fragment-Cache: hits=1 misses=0`` on every response, in the benchmark only."""
    if current_app.config["FRAGMENT_CACHE_HEADER"]:
        counts = g.get("fragment_cache", {"hits": 0, "misses": 0})
        response.headers["X-Fragment-Cache"] = f"hits={counts['hits']} misses={counts['misses']}"
    return response


# Markup below wraps only the output of our own autoescaping templates.


def cached(key: tuple, render: Callable[[], str]) -> Markup:
    """A fragment of HTML, from the cache or rendered now."""
    return Markup(cached_value(key, lambda: str(render())))  # noqa: S704


def cached_parts(key: tuple, render: Callable[[], dict[str, str]]) -> dict[str, Markup]:
    """A page's parts (see ``render_blocks``), stored together under one key."""
    return {name: Markup(body) for name, body in cached_value(key, render).items()}  # noqa: S704


def render_blocks(template_name: str, **context) -> dict[str, str]:
    """Every block of a template rendered on its own, with the same context as
    ``render_template`` (context processors included): the parts of a page that are cached
    while the parts around them are not."""
    app = current_app._get_current_object()
    app.update_template_context(context)
    template = app.jinja_env.get_template(template_name)
    return {
        name: "".join(block(template.new_context(context)))
        for name, block in template.blocks.items()
    }
