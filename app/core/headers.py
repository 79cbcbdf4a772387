"""Response headers that depend on the page (the site-wide ones come from Flask-Talisman)."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import current_user


def no_referrer(view):
    """Mark a view whose address carries a secret token: its page sends no Referer onwards."""
    view.no_referrer = True
    return view


def register_response_headers(app: Flask) -> None:
    """Registered before Flask-Talisman, so this hook runs after it and may refine its headers."""

    @app.after_request
    def refine_headers(response):
        view = current_app.view_functions.get(request.endpoint or "")
        if getattr(view, "no_referrer", False):
            response.headers["Referrer-Policy"] = "no-referrer"
        if current_user.is_authenticated:  # pages for one person are never cached
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        response.headers.pop("Server", None)
        return response
