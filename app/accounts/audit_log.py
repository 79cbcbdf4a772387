"""The audit log as people read it: who, what, which record, when, and each changed field as
"before → after" in the reader's language; filters, search and the rows of its CSV export.

The rows keep codes (``user.roles_changed``, ``{"roles": ["official"]}``); this module turns
them into words. An action or a field it does not know yet is shown by its code, never hidden.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Flask, current_app, url_for
from sqlalchemy import Select, String, cast, or_, select

from app.accounts.models import User
from app.cities.models import City
from app.core.audit import AuditEvent
from app.core.babel import get_timezone, lazy_pgettext
from app.core.babel import gettext as _
from app.core.babel import lazy_gettext as _l
from app.core.db import escape_like
from app.core.formatting import format_date_range, format_when
from app.core.i18n import language_name
from app.core.roles import ROLE_TITLES, Role
from app.extensions import db

ACTION_TITLES = {
    "account.registered": _l("Account created"),
    "account.email_verified": _l("E-mail address confirmed"),
    "account.email_changed": _l("E-mail address changed"),
    "account.password_changed": _l("Password changed"),
    "account.profile_updated": _l("Profile changed"),
    "account.preferences_updated": _l("Notification settings changed"),
    "account.second_factor_enabled": _l("Two-step verification turned on"),
    "account.recovery_code_used": _l("Recovery code used"),
    "account.calendar_token_regenerated": _l("Calendar address replaced"),
    "user.roles_changed": _l("Roles changed"),
    "user.activated": _l("Account activated"),
    "user.deactivated": _l("Account deactivated"),
    "user.admin_created": _l("Administrator created"),
    "user.verification_mail_sent": _l("Verification mail sent by staff"),
    "user.reset_link_sent": _l("Password-reset link sent by staff"),
    "account.closed": _l("Account closed by its holder"),
    "city.created": _l("City or organisation added"),
    "city.updated": _l("City or organisation changed"),
    "offering.created": _l("Offering created"),
    "offering.updated": _l("Offering settings changed"),
    "offering.cloned": _l("Offering copied"),
    "offering.status_changed": _l("Offering status changed"),
    "offering.text_saved": _l("Offering text saved"),
    "offering.text_deleted": _l("Offering text removed"),
    "session.created": _l("Session added"),
    "session.updated": _l("Session changed"),
    "session.deleted": _l("Session removed"),
    "module.saved": _l("Module saved"),
    "module.moved": _l("Module moved"),
    "module.deleted": _l("Module removed"),
    "enrolment.requested": _l("Enrolment requested"),
    "enrolment.nominated": _l("Official nominated"),
    "enrolment.status_changed": _l("Enrolment status changed"),
    "announcement.created": _l("Announcement sent"),
    "mail.retried": _l("Mail sent again"),
    "mail.retry_all_started": _l("Failed mails sent again"),
}

RECORD_TITLES = {
    "User": _l("Person"),
    "Offering": _l("Offering"),
    "OfferingSession": lazy_pgettext("a dated meeting of an offering", "Session"),
    "Module": _l("Module"),
    "Enrolment": _l("Enrolment"),
    "City": _l("City or organisation"),
    "Announcement": _l("Announcement"),
    "OutboxMail": _l("Mail"),
    "JobRecord": _l("Background task"),
}
# Rows written before record_event unwrapped Flask-Login's proxy name the person so.
RECORD_ALIASES = {"LocalProxy": "User"}

FIELD_TITLES = {
    "email": _l("E-mail address"),
    "name_native": _l("Name in your own script"),
    "name_latin": _l("Name in Latin letters"),
    "city_id": _l("City or organisation"),
    "department": _l("Department"),
    "job_title": _l("Job title"),
    "locale": _l("Preferred language"),
    "timezone": _l("Time zone"),
    "roles": _l("Roles"),
    "is_enabled": _l("Status"),
    "status": _l("Status"),
    "reason": _l("Reason"),
    "wants_reminders": _l("Reminders by e-mail"),
    "wants_digests": _l("Announcements and summaries by e-mail"),
    "kind": _l("Type"),
    "format": _l("Format"),
    "topics": _l("Topics"),
    "languages": _l("Language of instruction"),
    "venue": _l("Venue"),
    "online_url": _l("Online link"),
    "capacity": _l("Seats"),
    "starts_on": _l("First day"),
    "ends_on": _l("Last day"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "enrolment_mode": _l("Enrolment"),
    "fallback_locale": _l("Fallback language of the text"),
    "city_cap": _l("Seats per city"),
    "offer_hours": _l("Hours to accept a freed seat"),
    "instructors": _l("Instructors"),
    "title": _l("Title"),
    "titles": _l("Title"),
    "summary": _l("Summary"),
    "position": _l("Position"),
    "offering_id": _l("Offering"),
    "source_id": _l("Copied from"),
    "country_code": _l("Country/region"),
    "is_member": _l("ICLEI member"),
    "is_active": _l("Shown in forms"),
    "names": _l("Names"),  # a city's {locale: name}, in every language
    # A city's names before they were one field (events written before b29dc63c475f).
    "name_en": _l("Name in English"),
    "name_zh_hant_tw": _l("Name in Traditional Chinese"),
    "name_zh_hans_cn": _l("Name in Simplified Chinese"),
    "name_ko": _l("Name in Korean"),
    "name_ja": _l("Name in Japanese"),
    "statuses": _l("Sent to"),
}


@dataclass(frozen=True)
class RecordKind:
    """How the audit log names one kind of record owned by a layer above accounts, which adds it
    with ``add_record_kind`` at start-up (the catalogue names offerings), so that accounts never
    imports that layer."""

    name: str  # the event's target_type, e.g. "Offering"
    load: Callable[[set[int]], Mapping[int, Any]]  # ids → the records that still exist
    label: Callable[[Any, str], str]  # (record, locale) → its name in words
    url: Callable[[int], str] | None = None  # the page of a record that still exists
    fields: tuple[str, ...] = ()  # changed fields whose value is the id of such a record


_KINDS_KEY = "accounts.audit_record_kinds"
_TITLES_KEY = "accounts.audit_value_titles"


def add_record_kind(app: Flask, kind: RecordKind) -> None:
    app.extensions.setdefault(_KINDS_KEY, {})[kind.name] = kind


def add_value_titles(
    app: Flask, field_name: str, titles: Mapping[str, Any], record: str | None = None
) -> None:
    """Words for the codes a field holds (an enrolment's ``status``, an offering's ``topics``),
    for every kind of record or only for ``record``."""
    app.extensions.setdefault(_TITLES_KEY, {})[field_name, record] = titles


def _record_kinds() -> dict[str, RecordKind]:
    return current_app.extensions.get(_KINDS_KEY, {})


def _value_titles(field_name: str, kind: str) -> Mapping[str, Any] | None:
    registered = current_app.extensions.get(_TITLES_KEY, {})
    titles = registered.get((field_name, kind))
    return titles if titles is not None else registered.get((field_name, None))


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    event: AuditEvent
    who: str
    who_id: int | None
    action: str
    record_kind: str
    record: str
    record_url: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class Filters:
    q: str = ""
    person: str = ""
    action: str = ""
    record: str = ""
    record_id: int | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_args(cls, args) -> Filters:
        def day(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None

        record_id = args.get("record_id", "")
        return cls(
            q=args.get("q", "").strip()[:100],
            person=args.get("person", "").strip()[:100],
            action=args.get("action", "") if args.get("action") in ACTION_TITLES else "",
            record=args.get("record", "") if args.get("record") in RECORD_TITLES else "",
            record_id=int(record_id) if record_id.isdigit() else None,
            since=day("since"),
            until=day("until"),
        )

    @property
    def active(self) -> bool:
        return any((self.q, self.person, self.action, self.record, self.since, self.until))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=get_timezone()).astimezone(UTC)


def statement(filters: Filters) -> Select:
    """The events the filters ask for, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if filters.person:
        pattern = f"%{escape_like(filters.person.lower())}%"
        people = select(User.id).where(
            or_(
                User.email.ilike(pattern, escape="\\"),
                User.name_native.ilike(pattern, escape="\\"),
                User.name_latin.ilike(pattern, escape="\\"),
            )
        )
        query = query.where(
            or_(
                AuditEvent.actor_id.in_(people),
                (AuditEvent.target_type.in_(("User", "LocalProxy")))
                & AuditEvent.target_id.in_(people),
            )
        )
    if filters.q:
        pattern = f"%{escape_like(filters.q)}%"
        query = query.where(
            or_(
                cast(AuditEvent.before, String).ilike(pattern, escape="\\"),
                cast(AuditEvent.after, String).ilike(pattern, escape="\\"),
                AuditEvent.action.ilike(pattern, escape="\\"),
            )
        )
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.record:
        kinds = [filters.record] + [k for k, v in RECORD_ALIASES.items() if v == filters.record]
        query = query.where(AuditEvent.target_type.in_(kinds))
        if filters.record_id is not None:
            query = query.where(AuditEvent.target_id == filters.record_id)
    if filters.since:
        query = query.where(AuditEvent.created_at >= _local_midnight(filters.since))
    if filters.until:
        query = query.where(
            AuditEvent.created_at < _local_midnight(filters.until + timedelta(days=1))
        )
    return query


def _by_id(model, ids: set[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


class _Lookups:
    """Names of the people, cities and registered records (offerings...) a page of events
    mentions, read in one statement each."""

    def __init__(self, events: list[AuditEvent], locale: str):

        self.locale = locale
        self.kinds = _record_kinds()
        id_fields = {name: kind.name for kind in self.kinds.values() for name in kind.fields}
        user_ids, city_ids = set(), set()
        record_ids: dict[str, set[int]] = {name: set() for name in self.kinds}
        for e in events:
            kind = RECORD_ALIASES.get(e.target_type, e.target_type)
            if e.actor_id:
                user_ids.add(e.actor_id)
            if kind == "User" and e.target_id:
                user_ids.add(e.target_id)
            if kind in record_ids and e.target_id:
                record_ids[kind].add(e.target_id)
            if kind == "City" and e.target_id:
                city_ids.add(e.target_id)
            for values in (e.before or {}, e.after or {}):
                for name, value in values.items():
                    if name in id_fields and isinstance(value, int):
                        record_ids[id_fields[name]].add(value)
                if isinstance(values.get("city_id"), int):
                    city_ids.add(values["city_id"])
                for person in values.get("instructors") or []:
                    if isinstance(person, int):
                        user_ids.add(person)
        self.users = _by_id(User, user_ids)
        self.cities = _by_id(City, city_ids)
        self.records = {
            name: self.kinds[name].load(ids) if ids else {} for name, ids in record_ids.items()
        }
        self.id_fields = id_fields

    def person(self, user_id) -> str:
        user = self.users.get(user_id)
        if user is None:
            return _("Person %(id)s (removed)", id=user_id)
        name = user.name_native
        if user.name_latin and user.name_latin != user.name_native:
            name += f" ({user.name_latin})"
        return f"{name} <{user.email}>"

    def exists(self, kind: str, record_id) -> bool:
        return record_id in self.records.get(kind, {})

    def record(self, kind: str, record_id) -> str:
        record = self.records.get(kind, {}).get(record_id)
        return self.kinds[kind].label(record, self.locale) if record else f"#{record_id}"

    def city(self, city_id) -> str:
        city = self.cities.get(city_id)
        return city.name(self.locale) if city else f"#{city_id}"


def _yes_no(value) -> str:
    return _("Yes") if value else _("No")


def _value(name: str, value, kind: str, lookups: _Lookups) -> str:
    """One field's value in words."""

    if value is None or value == "" or value == []:
        return "—"
    if name == "roles":
        return ", ".join(str(ROLE_TITLES[Role(r)]) if r in set(Role) else str(r) for r in value)
    if name == "is_enabled":
        return _("Active") if value else _("Deactivated")
    if isinstance(value, bool):
        return _yes_no(value)
    if (titles := _value_titles(name, kind)) is not None:
        if isinstance(value, list):
            return ", ".join(str(titles.get(code, code)) for code in value)
        return str(titles.get(value, value))
    if name in ("locale", "fallback_locale"):
        return language_name(value)
    if name == "languages":
        return ", ".join(language_name(code) for code in value)
    if name in lookups.id_fields:
        return lookups.record(lookups.id_fields[name], value)
    if name == "city_id":
        return lookups.city(value)
    if name == "instructors":
        return ", ".join(lookups.person(i) for i in value)
    if name in ("starts_on", "ends_on"):
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return format_date_range(day, day)
    if name in ("starts_at", "ends_at"):
        try:
            return format_when(datetime.fromisoformat(str(value)), zone=True)
        except ValueError:
            return str(value)
    if name in ("titles", "names") and isinstance(value, dict):
        return "; ".join(f"{language_name(code)}: {text}" for code, text in value.items())
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _changes(event: AuditEvent, kind: str, lookups: _Lookups) -> list[Change]:
    before, after = event.before or {}, event.after or {}
    names = list(dict.fromkeys([*before, *after]))
    changes = []
    for name in names:
        title = str(FIELD_TITLES.get(name, name))
        changes.append(
            Change(
                field=title,
                before=_value(name, before.get(name), kind, lookups) if name in before else "",
                after=_value(name, after.get(name), kind, lookups) if name in after else "",
            )
        )
    return changes


def action_title(code: str) -> str:
    title = ACTION_TITLES.get(code)
    return str(title) if title is not None else code


def entries(events: list[AuditEvent], locale: str) -> list[Entry]:
    """The page's events in words, with links to the records that still exist."""

    lookups = _Lookups(events, locale)
    result = []
    for e in events:
        kind = RECORD_ALIASES.get(e.target_type, e.target_type)
        record, url = "", ""
        if kind == "User" and e.target_id:
            record = lookups.person(e.target_id)
            if e.target_id in lookups.users:
                url = url_for("users.show_user", user_id=e.target_id)
        elif kind in lookups.kinds and e.target_id:
            record = lookups.record(kind, e.target_id)
            page = lookups.kinds[kind].url
            if page is not None and lookups.exists(kind, e.target_id):
                url = page(e.target_id)
        elif kind == "City" and e.target_id:
            record = lookups.city(e.target_id)
        elif e.target_id:
            record = f"#{e.target_id}"
        result.append(
            Entry(
                event=e,
                who=lookups.person(e.actor_id) if e.actor_id else _("The system"),
                who_id=e.actor_id,
                action=action_title(e.action),
                record_kind=str(RECORD_TITLES.get(kind, kind)),
                record=record,
                record_url=url,
                changes=_changes(e, kind, lookups),
            )
        )
    return result


def csv_rows(events: list[AuditEvent], locale: str):
    """Header and rows of the export: one row per event, its changes in one cell."""
    yield [
        _("When"),
        _("When (UTC)"),
        _("Who"),
        _("What"),
        _("Record"),
        _("Changes"),
        _("IP address"),
    ]
    for entry in entries(events, locale):
        changes = "; ".join(
            f"{c.field}: {c.before or '—'} → {c.after or '—'}" for c in entry.changes
        )
        yield [
            format_when(entry.event.created_at, zone=True),
            entry.event.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            entry.who,
            entry.action,
            f"{entry.record_kind}: {entry.record}" if entry.record else entry.record_kind,
            changes,
            entry.event.ip_address or "",
        ]
