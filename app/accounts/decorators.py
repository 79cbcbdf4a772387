"""View decorators of accounts: sensitive actions need a recent password."""

from __future__ import annotations

from functools import wraps

from flask import g, redirect, request, url_for
from flask_login import current_user

from app.accounts.services.login_sessions import is_recently_authenticated


def fresh_login_required(view):
    """Sensitive actions need the password entered in the last few minutes."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        if not is_recently_authenticated(g.get("login_session")):
            return redirect(url_for("accounts.reauthenticate", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped
