"""Who may read and change notifications and watch background jobs."""

from __future__ import annotations

from app.core.access import is_staff


def is_own_notification(user, notification) -> bool:
    """A person reads and marks only their own notifications (others' look absent)."""
    return bool(user and user.is_authenticated and notification.user_id == user.id)


def can_watch_job(user, record) -> bool:
    """A job's progress: for the person who started it, and for staff."""
    return bool(
        user and user.is_authenticated and (record.created_by_id == user.id or is_staff(user))
    )
