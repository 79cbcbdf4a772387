"""One structured line per security event (SECURITY.md 7.1.x/7.2.x; OWASP logging vocabulary).

Each line is JSON on the ``kcc.security`` logger: the event name, the time, the client address,
the account (id, never a password or token) and the route. Secrets never go in here.
"""

from __future__ import annotations

import json
import logging

from flask import has_request_context, request
from flask_login import current_user

from app.core.db import utcnow

log = logging.getLogger("kcc.security")


def security_event(event: str, *, user_id: int | None = None, **fields) -> dict:
    """Write one security log line and return what was written (for tests and callers)."""
    record = {"event": event, "at": utcnow().isoformat(), "user_id": user_id}
    if has_request_context():
        record.update(
            address=request.remote_addr,
            method=request.method,
            path=request.path[:200],
        )
    record.update({key: value for key, value in fields.items() if value is not None})
    log.warning("security %s", json.dumps(record, ensure_ascii=False, default=str))
    return record


def register_security_log(app) -> None:
    """Refusals of access (403) and of rate (429) are logged wherever they come from."""

    events = {403: "authz_fail", 429: "rate_limit_exceeded"}

    @app.after_request
    def log_refusals(response):
        name = events.get(response.status_code)
        if name:
            user = current_user if getattr(current_user, "is_authenticated", False) else None
            security_event(name, user_id=getattr(user, "id", None), status=response.status_code)
        return response
