"""Checks before every request (registered by the app factory): staff and admins pass the
second factor first, and someone given a password chooses their own before anything else."""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_login import current_user

from app.core.babel import gettext as _

SECOND_FACTOR_ENDPOINTS = frozenset(
    {
        "accounts.second_factor",
        "accounts.two_factor_setup",
        "accounts.send_two_factor_setup_link",
        "accounts.confirm_two_factor_setup",
        "accounts.logout",
        "main.set_language",
        "static",
        "main.healthz",
    }
)

PASSWORD_CHANGE_ENDPOINTS = SECOND_FACTOR_ENDPOINTS | {"accounts.change_password"}


def enforce_second_factor():
    """Staff and admins reach nothing but the second-factor pages until they pass them."""
    if not current_user.is_authenticated:  # loads the session row into g
        return None
    row = g.get("login_session")
    if row is None or row.second_factor_done or not current_user.needs_second_factor:
        return None
    if request.endpoint in SECOND_FACTOR_ENDPOINTS:
        return None
    target = "accounts.second_factor" if current_user.totp_secret else "accounts.two_factor_setup"
    return redirect(url_for(target))


def enforce_password_change():
    """Someone signed in with a password chosen for them changes it before anything else."""
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if request.endpoint in PASSWORD_CHANGE_ENDPOINTS:
        return None
    flash(_("Please choose your own password first."), "info")
    return redirect(url_for("accounts.change_password"))
