"""Mails that carry a signed link: confirm an address, reset a password, confirm a new
address, allow the first authenticator set-up."""

from __future__ import annotations

from flask import current_app

from app.accounts import tokens
from app.accounts.models import User
from app.core.urls import absolute_url
from app.notifications.services import queue_mail


def send_link_mail(
    user: User,
    kind: str,
    *,
    purpose: str,
    payload: dict,
    endpoint: str,
    link_name: str,
    lifetime: str,
    to: str | None = None,
    **context,
) -> None:
    """Queue mail ``kind`` to ``user`` (or to the address ``to``) in their language, with a
    token for ``purpose`` in a link to ``endpoint`` (the template's ``link_name``).

    ``lifetime`` names the setting the page reads the token with, so the mail states the same
    validity (``minutes`` and ``hours``, whole ones) as the page keeps.
    """
    token = tokens.make_token(purpose, payload)
    seconds = current_app.config[lifetime].total_seconds()
    queue_mail(
        to=to or user.email,
        locale=user.locale,
        kind=kind,
        user_id=user.id,
        name=user.display_name,
        minutes=int(seconds // 60),
        hours=int(seconds // 3600),
        **{link_name: absolute_url(endpoint, token=token)},
        **context,
    )
