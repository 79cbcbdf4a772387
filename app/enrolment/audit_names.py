"""How the audit log (accounts) names enrolment states, added at start-up so that accounts
never imports enrolment."""

from __future__ import annotations

from flask import Flask

from app.accounts.audit_log import add_value_titles
from app.enrolment.models import STATUS_TITLES


def register_audit_names(app: Flask) -> None:
    add_value_titles(app, "status", STATUS_TITLES, record="Enrolment")
    add_value_titles(app, "statuses", STATUS_TITLES)  # the statuses an announcement went to
