"""The rate limits of the account pages: their keys, and their sizes read from the config."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from app.accounts.services import addresses, sign_in


def account_key() -> str:
    """Rate-limit key for the account named in the form (per account, whatever the address)."""
    email = addresses.normalise_email(request.form.get("email", ""))[:254]
    return f"account:{email}"


def failed_sign_in(response) -> bool:
    """Only a sign-in that did not go through counts against the limits."""
    return response.status_code != 302


def known_device_for_named_account() -> bool:
    """The browser carries the known-device cookie of the account named in the form."""
    cookie = request.cookies.get(current_app.config["KNOWN_DEVICE_COOKIE_NAME"])
    if not cookie:
        return False
    user = addresses.find_user_by_email(request.form.get("email", "")[:254])
    return user is not None and sign_in.is_known_device(user, cookie)


def signed_in_account_key() -> str:
    """Rate-limit key for the signed-in person, whatever their address."""
    return f"user:{getattr(current_user, 'id', None)}"


def new_address_key() -> str:
    """Rate-limit key for the address a change of e-mail would mail."""
    email = addresses.normalise_email(request.form.get("email", ""))[:254]
    return f"new-address:{email}"


def email_change_limit() -> str:
    return current_app.config["EMAIL_CHANGE_RATE_LIMIT"]


def email_change_address_limit() -> str:
    return current_app.config["EMAIL_CHANGE_ADDRESS_RATE_LIMIT"]


def second_factor_limit() -> str:
    return current_app.config["SECOND_FACTOR_ACCOUNT_LIMIT"]


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def account_limit() -> str:
    return current_app.config["ACCOUNT_RATE_LIMIT"]


def registration_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]
