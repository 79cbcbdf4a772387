"""Offerings (courses, symposiums, workshops), their text per language, sessions and modules."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel.speaklater import LazyString
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from app.core.babel import lazy_gettext as _l
from app.core.babel import pgettext
from app.core.db import utcnow
from app.core.localized import localized
from app.extensions import db


class OfferingKind(enum.StrEnum):
    COURSE = "course"
    SYMPOSIUM = "symposium"
    WORKSHOP = "workshop"

    @property
    def title(self) -> str:
        return str(KIND_TITLES[self])


KIND_TITLES = {
    OfferingKind.COURSE: _l("Training course"),
    OfferingKind.SYMPOSIUM: _l("International symposium"),
    OfferingKind.WORKSHOP: _l("Action-plan workshop"),
}


class OfferingFormat(enum.StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    HYBRID = "hybrid"

    @property
    def title(self) -> str:
        return str(FORMAT_TITLES[self])


FORMAT_TITLES = {
    OfferingFormat.ONLINE: _l("Online"),
    OfferingFormat.IN_PERSON: _l("In person"),
    OfferingFormat.HYBRID: _l("Hybrid"),
}


class OfferingStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    CANCELLED = "cancelled"  # called off after people enrolled: kept, readable, told

    @property
    def title(self) -> str:
        return str(STATUS_TITLES[self])


STATUS_TITLES = {
    OfferingStatus.DRAFT: _l("Draft"),
    OfferingStatus.PUBLISHED: _l("Published"),
    OfferingStatus.ARCHIVED: _l("Archived"),
    # "Cancelled" alone is an enrolment's status; this one says the offering will not happen.
    OfferingStatus.CANCELLED: LazyString(lambda: pgettext("not taking place", "Cancelled")),
}
# Allowed status changes: draft → published → archived, and back to draft from published
# (only while nobody has enrolled); a published offering with participants is cancelled instead.
STATUS_TRANSITIONS = {
    OfferingStatus.DRAFT: {OfferingStatus.PUBLISHED},
    OfferingStatus.PUBLISHED: {
        OfferingStatus.ARCHIVED,
        OfferingStatus.DRAFT,
        OfferingStatus.CANCELLED,
    },
    OfferingStatus.ARCHIVED: {OfferingStatus.PUBLISHED},
    OfferingStatus.CANCELLED: set(),
}


class EnrolmentMode(enum.StrEnum):
    OPEN = "open"
    APPROVAL = "approval"
    NOMINATION = "nomination"

    @property
    def title(self) -> str:
        return str(MODE_TITLES[self])


MODE_TITLES = {
    EnrolmentMode.OPEN: _l("Open: enrolled at once while seats last"),
    EnrolmentMode.APPROVAL: _l("Approval by the centre"),
    EnrolmentMode.NOMINATION: _l("Nomination by the city"),
}

TOPICS = {
    "low_carbon": _l("Low-carbon development"),
    "resilience": _l("Climate resilience and adaptation"),
    "biodiversity": _l("Biodiversity"),
    "environmental_education": _l("Environmental education"),
    "policy": _l("Sustainable policy and regulation"),
    "urban_planning": _l("Urban planning"),
    "energy": _l("Energy"),
    "circular_economy": _l("Waste and circular economy"),
    "nature_based": _l("Nature-based solutions"),
    "water": _l("Water management"),
}

offering_instructors = Table(
    "offering_instructors",
    db.metadata,
    Column("offering_id", ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


def seats_left(capacity: int | None, seats_taken: int) -> int | None:
    """Seats still free (None: no limit); an offering is full at 0. Also for counts read
    without the offering (the catalogue cards' seats, cards.fill_seats)."""
    return None if capacity is None else max(0, capacity - seats_taken)


class Offering(db.Model):
    __tablename__ = "offerings"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="no_overbooking"),
        # Every column the catalogue's filters and orders read, so that a list finds and
        # sorts its keys from this index alone, never the wide rows with their texts (see
        # catalogue/queries.py; migration b6d2e8f4a1c3).
        Index(
            "ix_offerings_listing",
            "status",
            "ends_on",
            "starts_on",
            "id",
            "kind",
            "format",
            "published_at",
            "enrol_opens_at",
            "enrol_closes_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default=OfferingStatus.DRAFT, index=True)
    format: Mapped[str] = mapped_column(String(16), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Taipei")
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date] = mapped_column(index=True)
    capacity: Mapped[int | None]
    enrol_opens_at: Mapped[datetime | None]
    enrol_closes_at: Mapped[datetime | None]
    enrolment_mode: Mapped[str] = mapped_column(String(16), default=EnrolmentMode.OPEN)
    fallback_locale: Mapped[str] = mapped_column(String(16), default="en")
    venue: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When anything the public pages show of this offering last changed (text, sessions,
    # modules, topics, seats): part of the key of its cached fragments (catalogue/fragments.py).
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # Enrolment rules: at most this many seats per city; a freed seat is offered for this many
    # hours (none: the next person is enrolled at once); officials may cancel until this time.
    city_cap: Mapped[int | None]
    offer_hours: Mapped[int | None]
    cancel_until: Mapped[datetime | None]
    # Seats held (enrolled or offered), kept in the same transaction as every change; the
    # database refuses a value above the capacity.
    seats_taken: Mapped[int] = mapped_column(default=0, server_default="0")
    waitlist_counter: Mapped[int] = mapped_column(default=0, server_default="0")
    # The text people wrote, {locale: text} (core/localized.py). A language exists for the
    # offering when it has a title in it; the descriptions (sanitised HTML, the longest part)
    # are read only by the pages that show them.
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    summaries: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict, deferred=True)
    # The languages of instruction and the topics as strings of codes ("en ja"), read by the
    # catalogue's statements (queries.CARD_LOADING, queries.load_shown_columns); None until
    # one of them has.
    listed_language_codes: Mapped[str | None] = query_expression()
    listed_topic_codes: Mapped[str | None] = query_expression()

    # The parts of an offering are loaded by the query that fetches it (catalogue/queries.py:
    # PARTS, load_offering) or by the service that needs them (core/db.py: load_parts); a
    # lazy load would be a statement per offering of a list, so it raises instead.
    topic_rows: Mapped[list[OfferingTopic]] = relationship(
        cascade="all, delete-orphan", lazy="raise_on_sql"
    )
    language_rows: Mapped[list[OfferingLanguage]] = relationship(
        cascade="all, delete-orphan", lazy="raise_on_sql"
    )
    sessions: Mapped[list[OfferingSession]] = relationship(
        back_populates="offering",
        cascade="all, delete-orphan",
        order_by="OfferingSession.starts_at",
        lazy="raise_on_sql",
    )
    modules: Mapped[list[Module]] = relationship(
        back_populates="offering",
        cascade="all, delete-orphan",
        order_by="Module.position",
        lazy="raise_on_sql",
    )
    instructors = relationship("User", secondary=offering_instructors, lazy="raise_on_sql")

    def __init__(self, **kwargs):
        # A new offering has no parts yet: known without asking the database, also after
        # its first flush.
        for name in ("topic_rows", "language_rows", "sessions", "modules", "instructors"):
            kwargs.setdefault(name, [])
        super().__init__(**kwargs)

    def __repr__(self) -> str:
        return f"<Offering {self.id} {self.kind} {self.status}>"

    @property
    def topics(self) -> list[str]:
        return sorted(row.topic for row in self.topic_rows)

    @property
    def languages(self) -> list[str]:
        return sorted(row.locale for row in self.language_rows)

    @property
    def listed_languages(self) -> list[str]:
        """The languages of instruction as a page shows them: from the codes its statement
        read with the row, else from the loaded rows (which raises when they are not)."""
        if self.listed_language_codes is None:
            return self.languages
        return sorted(self.listed_language_codes.split())

    @property
    def listed_topics(self) -> list[str]:
        """The topics as a page shows them, like ``listed_languages``."""
        if self.listed_topic_codes is None:
            return self.topics
        return sorted(self.listed_topic_codes.split())

    @property
    def content_locales(self) -> list[str]:
        """The languages the offering is written in: those with a title."""
        return [code for code, title in (self.titles or {}).items() if title]

    def text(self, locale: str) -> OfferingText | None:
        """The text in ``locale``, else in the fallback language, else in any language it is
        written in (the choice of ``localized``, made once for title, summary and
        description so that they are in one language); None when nothing is written."""
        titles = self.titles or {}
        chosen = next(
            (code for code in (locale, self.fallback_locale, *titles) if titles.get(code)), None
        )
        return OfferingText(self, chosen) if chosen else None

    def title(self, locale: str) -> str:
        return localized(self.titles, locale, self.fallback_locale) or f"#{self.id}"

    @property
    def seats_left(self) -> int | None:
        return seats_left(self.capacity, self.seats_taken)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    def is_enrolment_open(self, now: datetime) -> bool:
        if self.status != OfferingStatus.PUBLISHED:
            return False
        if self.enrol_opens_at and now < self.enrol_opens_at:
            return False
        return not (self.enrol_closes_at and now > self.enrol_closes_at)


@dataclass(frozen=True)
class OfferingText:
    """An offering's text in one language, as the pages show it; the description is read
    (a deferred column) only when a page asks for it."""

    offering: Offering
    locale: str

    @property
    def title(self) -> str:
        return (self.offering.titles or {}).get(self.locale, "")

    @property
    def summary(self) -> str:
        return (self.offering.summaries or {}).get(self.locale, "")

    @property
    def description(self) -> str:
        return (self.offering.descriptions or {}).get(self.locale, "")


class OfferingTopic(db.Model):
    __tablename__ = "offering_topics"

    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    def __repr__(self) -> str:
        return f"<OfferingTopic {self.offering_id} {self.topic}>"


class OfferingLanguage(db.Model):
    """A language of instruction."""

    __tablename__ = "offering_languages"

    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)

    def __repr__(self) -> str:
        return f"<OfferingLanguage {self.offering_id} {self.locale}>"


class OfferingSession(db.Model):
    """A dated part of an offering; times are stored in UTC and shown in the viewer's zone."""

    __tablename__ = "sessions"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    titles: Mapped[dict] = mapped_column(JSON, default=dict)  # {locale: title}
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    counts_for_attendance: Mapped[bool] = mapped_column(default=True)
    # A session of an offering with participants is cancelled, never deleted: it stays in
    # the programme marked cancelled and no longer counts for attendance.
    cancelled_at: Mapped[datetime | None]

    offering: Mapped[Offering] = relationship(back_populates="sessions")

    def __repr__(self) -> str:
        return f"<OfferingSession {self.id} of {self.offering_id} at {self.starts_at}>"

    def title(self, locale: str) -> str:
        return localized(self.titles, locale, self.offering.fallback_locale)


class Module(db.Model):
    """An ordered part of a course."""

    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    # Like sessions: a module of an offering with participants is cancelled, never deleted.
    cancelled_at: Mapped[datetime | None]

    offering: Mapped[Offering] = relationship(back_populates="modules")

    def __repr__(self) -> str:
        return f"<Module {self.id} of {self.offering_id} #{self.position}>"

    def title(self, locale: str) -> str:
        return localized(self.titles, locale, self.offering.fallback_locale)


class OfferingSearch(db.Model):
    """The words of everything a catalogue search looks in (an offering's titles, summaries
    and descriptions in every language, its venue and its sessions' places), written as
    search tokens separated by spaces (see catalogue/search.py), one row per offering, kept
    in step in the flush that changes the text.

    The index over it is not an ordinary column index, so it exists only in the migrations:
    on PostgreSQL a generated column ``tokens``, the stored
    ``array_to_tsvector(string_to_array(document, ' '))``, with a GIN index over it
    (fastupdate off); on
    SQLite the FTS5 table ``offering_search_fts`` (its rowid is the offering's id), kept in
    step with this table by triggers."""

    __tablename__ = "offering_search"

    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text, default="")
