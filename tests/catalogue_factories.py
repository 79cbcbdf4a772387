"""Factories for offerings, their text and sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.core.db import utcnow


@pytest.fixture
def create_offering(db):
    from app.catalogue.models import (
        Module,
        Offering,
        OfferingLanguage,
        OfferingSession,
        OfferingTopic,
    )

    def make(titles=None, sessions=1, instructors=(), modules=0, **overrides):
        today = date.today()
        values = {
            "kind": "course",
            "status": "published",
            "format": "online",
            "timezone": "Asia/Taipei",
            "starts_on": today + timedelta(days=10),
            "ends_on": today + timedelta(days=12),
            "capacity": 20,
            "enrolment_mode": "open",
            "fallback_locale": "en",
            "published_at": utcnow(),
        }
        values.update(overrides)
        topics = values.pop("topics", ["low_carbon"])
        languages = values.pop("languages", ["en"])
        offering = Offering(**values)
        titles = titles or {"en": ("A test offering", "Its summary")}
        offering.titles = {code: title for code, (title, _) in titles.items()}
        offering.summaries = {code: summary for code, (_, summary) in titles.items() if summary}
        offering.topic_rows = [OfferingTopic(topic=t) for t in topics]
        offering.language_rows = [OfferingLanguage(locale=code) for code in languages]
        offering.instructors = list(instructors)
        first = datetime.combine(offering.starts_on, datetime.min.time(), tzinfo=UTC)
        offering.sessions = [
            OfferingSession(
                titles={"en": f"Session {n}"},
                starts_at=first + timedelta(hours=2 + 3 * n),
                ends_at=first + timedelta(hours=3 + 3 * n),
            )
            for n in range(sessions)
        ]
        offering.modules = [
            Module(position=n + 1, titles={"en": f"Module {n + 1}"}) for n in range(modules)
        ]
        db.session.add(offering)
        db.session.commit()
        return offering

    return make
