"""Who may do what with certificates."""

from __future__ import annotations

from app.core.access import is_staff


def can_issue_certificates(user) -> bool:
    """Issue, revoke, re-issue, bulk-issue, edit the issuer's settings: centre staff."""
    return is_staff(user)


def can_see_register(user) -> bool:
    return is_staff(user)


def can_download(user, certificate) -> bool:
    """The PDF and the signed credential: the holder and centre staff."""
    return bool(
        user and user.is_authenticated and (certificate.user_id == user.id or is_staff(user))
    )
