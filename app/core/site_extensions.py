"""Flask-Limiter and Flask-Talisman, doing for each request only what depends on it.

Both extensions hook every request, and both did work there whose answer was the same for
every request to a page (counted with ``bench/instructions.py --path /about/contact``, 4.92
million instructions a rendering: the limiter's hooks 0.50 million, Talisman's 0.46):

- Flask-Limiter's before-request pass applies the limits that are not a view's own: default,
  application-wide, blueprint and meta limits. None is configured here (every limit is a
  view's decorator, which checks its limits when the view is called, wherever the request
  came from), yet the pass looked up each request's endpoint, its exemptions and its limits.
  It is skipped while there are no such limits, and runs as before once there are.
- Flask-Talisman worked out each response's headers afresh: the view's options (four times a
  request), the Content-Security-Policy's text from its dictionary, the HSTS value. They
  depend only on the view (``@talisman(...)`` options) and on whether the request came over
  HTTPS, so each view's headers are worked out once and then copied. A policy with a nonce
  (``content_security_policy_nonce_in``) differs per request and is left to Talisman.
"""

from __future__ import annotations

from types import SimpleNamespace

import flask_limiter
import flask_talisman
from flask import request
from werkzeug.datastructures import Headers


class Limiter(flask_limiter.Limiter):
    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and not self._has_request_wide_limits():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _has_request_wide_limits(self) -> bool:
        """Whether any limit applies outside a view's own decorator (what the
        before-request pass is for)."""
        manager = self.limit_manager
        return bool(
            manager.default_limits
            or manager.application_limits
            or manager._blueprint_limits  # (Flask-Limiter has no public reading of them)
            or self._meta_limits
        )


class Talisman(flask_talisman.Talisman):
    def init_app(self, app, **kwargs) -> None:
        # One Talisman serves every application made in a process (the tests make many):
        # what it worked out for the last configuration is forgotten with it.
        self._view_options: dict[str | None, dict] = {}
        self._view_headers: dict[tuple[str | None, bool], tuple[tuple[str, str], ...]] = {}
        super().init_app(app, **kwargs)

    def _get_local_options(self) -> dict:
        endpoint = request.endpoint
        options = self._view_options.get(endpoint)
        if options is None:
            options = self._view_options[endpoint] = super()._get_local_options()
        return options

    def _set_response_headers(self, response):
        if self.content_security_policy_nonce_in:
            return super()._set_response_headers(response)
        key = (request.endpoint, self._over_https())
        headers = self._view_headers.get(key)
        if headers is None:
            written = SimpleNamespace(headers=Headers())  # Talisman writes only the headers
            super()._set_response_headers(written)
            headers = self._view_headers[key] = tuple(written.headers.items())
        for name, value in headers:
            response.headers[name] = value
        return response

    @staticmethod
    def _over_https() -> bool:
        """Talisman's own test for sending HSTS (its _set_hsts_headers)."""
        return request.is_secure or request.headers.get("X-Forwarded-Proto", "http") == "https"
