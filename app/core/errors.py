"""Domain errors and the translated error pages."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, jsonify, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from app.core.babel import lazy_gettext as _l
from app.extensions import db

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A business rule said no. ``message`` is a lazy translated string for the person.

    Each domain's errors derive from this class; one error handler (app/core/uow.py) undoes
    the request's changes and shows the message, or answers a JSON problem under ``/api/``
    with ``status`` and ``reason`` (a stable name derived from the class, e.g.
    ``enrolment-closed``).
    """

    message = _l("This action is not possible.")
    title = _l("This action is not possible.")
    status = 409

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))

    @property
    def reason(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "-", type(self).__name__).lower()


ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The upload is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}
ERROR_HINTS = {
    400: _l("Please go back, reload the page and try again."),
    403: _l("If you think you should have access, please contact the centre staff."),
    404: _l("The address may be mistyped, or the page may have been moved or removed."),
    405: _l("Please go back and use the buttons on the page."),
    413: _l("Please choose a smaller file and try again."),
    429: _l("Please wait a few minutes before you try again."),
    500: _l("The problem has been recorded. Please try again later."),
    503: _l("Please try again in a few minutes."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def render_error(status: int, error_id: str | None = None):
    title = ERROR_TITLES.get(status, ERROR_TITLES[500])
    hint = ERROR_HINTS.get(status, ERROR_HINTS[500])
    if _wants_json():
        body = {"error": str(title), "detail": str(hint), "status": status}
        if error_id:
            body["error_id"] = error_id
        return jsonify(body), status
    return (
        render_template(
            "errors/error.html", status=status, title=title, hint=hint, error_id=error_id
        ),
        status,
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):

        if request_ctx.url_adapter is None:  # a Host not in TRUSTED_HOSTS: no page to build
            title = ERROR_TITLES.get(error.code or 500, ERROR_TITLES[500])
            return str(title), error.code or 500, {"Content-Type": "text/plain; charset=utf-8"}
        response = render_error(error.code or 500)
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            body, status = response
            return body, status, {"Allow": ", ".join(error.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        error_id = uuid.uuid4().hex[:12]
        log.exception("unhandled error %s on %s %s", error_id, request.method, request.path)
        db.session.rollback()
        return render_error(500, error_id)
