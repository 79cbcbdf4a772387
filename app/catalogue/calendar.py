"""RFC 5545 calendars (via the icalendar package): one per offering, and a personal feed."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, current_app
from icalendar import Calendar, Event

from app.catalogue.models import OfferingSession
from app.core.db import utcnow
from app.core.text import clean_line


def build_calendar(name: str, sessions: Iterable[OfferingSession], locale: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//ICLEI KCC//KCC Academy//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Every value on one line: a line break or control character stored in a title, a place
    # or a link would otherwise break the file (or inject a property).
    calendar.add("x-wr-calname", clean_line(name))
    base_url = current_app.config["BASE_URL"].rstrip("/")
    stamp = utcnow()
    for session in sessions:
        offering = session.offering
        event = Event()
        event.add("uid", f"session-{session.id}@kcc-academy")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)  # aware UTC: written with a trailing Z
        event.add("dtend", session.ends_at)
        title = session.title(locale)
        offering_title = offering.title(locale)
        summary = f"{offering_title}: {title}" if title else offering_title
        event.add("summary", clean_line(summary))
        where = clean_line(session.location or offering.venue or "")
        if where:
            event.add("location", where)
        event.add("url", f"{base_url}/offerings/{offering.id}")
        link = clean_line(session.online_url or offering.online_url or "")
        if link:
            event.add("description", link)
        if session.cancelled_at is not None or offering.status == "cancelled":
            event.add("status", "CANCELLED")  # calendar programs strike it out
        calendar.add_component(event)
    return calendar.to_ical()


def ics_response(body: bytes | str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
