"""Access rules as named functions and decorators, used by views and templates alike."""

from __future__ import annotations

from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import current_user

from app.accounts.models import Role


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.STAFF, Role.ADMIN))


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.ADMIN))


def can_manage_users(user) -> bool:
    return is_staff(user)


def can_change_roles(user) -> bool:
    """Granting roles is for staff; only an admin may grant or take the staff and admin roles."""
    return is_staff(user)


def can_manage_cities(user) -> bool:
    return is_staff(user)


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


def fresh_login_required(view):
    """Sensitive actions need the password entered in the last few minutes."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        from app.accounts.services import is_recently_authenticated

        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        if not is_recently_authenticated(g.get("login_session")):
            return redirect(url_for("accounts.reauthenticate", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped
