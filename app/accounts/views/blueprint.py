"""The accounts blueprint (endpoints ``accounts.*``)."""

from __future__ import annotations

from flask import Blueprint

# Named after the package, so the templates are found in app/accounts/templates.
bp = Blueprint("accounts", "app.accounts", template_folder="templates")
