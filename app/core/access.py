"""Access rules as named functions and decorators, used by views and templates alike."""

from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.core.roles import Role


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.STAFF, Role.ADMIN))


def holds_role(user, *roles: Role) -> bool:
    """Signed in and holding one of ``roles`` (False for a visitor)."""
    return bool(user and user.is_authenticated and user.has_role(*roles))


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.ADMIN))


def role_required(*roles: Role):
    """Signed in (else to the sign-in page) and holding one of ``roles`` (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
