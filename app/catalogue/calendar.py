"""RFC 5545 calendars (via the icalendar package): one per offering, and a personal feed."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from icalendar import Calendar, Event

from app.catalogue.models import OfferingSession
from app.core.db import utcnow


def build_calendar(name: str, sessions: Iterable[OfferingSession], locale: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//ICLEI KCC//KCC Academy//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
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
        event.add("summary", f"{offering_title}: {title}" if title else offering_title)
        where = session.location or offering.venue
        if where:
            event.add("location", where)
        event.add("url", f"{base_url}/offerings/{offering.id}")
        link = session.online_url or offering.online_url
        if link:
            event.add("description", link)
        calendar.add_component(event)
    return calendar.to_ical()
