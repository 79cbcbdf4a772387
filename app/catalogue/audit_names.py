"""How the audit log (accounts) names offerings and the codes of their fields, added at
start-up so that accounts never imports the catalogue."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select

from app.accounts.audit_log import RecordKind, add_record_kind, add_value_titles
from app.catalogue.models import (
    FORMAT_TITLES,
    KIND_TITLES,
    MODE_TITLES,
    STATUS_TITLES,
    TOPICS,
    Offering,
)
from app.extensions import db


def _offerings(ids: set[int]) -> dict[int, Offering]:
    rows = db.session.scalars(select(Offering).where(Offering.id.in_(ids)))
    return {offering.id: offering for offering in rows}


def register_audit_names(app: Flask) -> None:
    add_record_kind(
        app,
        RecordKind(
            name="Offering",
            load=_offerings,
            label=lambda offering, locale: offering.title(locale),
            url=lambda offering_id: url_for("manage.edit_offering", offering_id=offering_id),
            fields=("offering_id", "source_id"),
        ),
    )
    add_value_titles(app, "status", STATUS_TITLES, record="Offering")
    add_value_titles(app, "topics", TOPICS)
    add_value_titles(app, "kind", KIND_TITLES)
    add_value_titles(app, "format", FORMAT_TITLES)
    add_value_titles(app, "enrolment_mode", MODE_TITLES)
