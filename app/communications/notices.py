"""What communications tell people: staff announcements and session reminders."""

from __future__ import annotations

from app.core.babel import lazy_gettext as _l
from app.notifications.kinds import Category, Kind, register_kinds

register_kinds(
    Kind(
        "announcement",
        _l("Announcement about “%(offering)s”: %(subject)s"),
        Category.DIGEST,  # mailed only to people who keep "announcements" on
        "announcement",
    ),
    Kind(
        "session_reminder",
        _l("Reminder: “%(offering)s”, %(session)s, starts at %(time)s."),
        Category.REMINDER,
        "reminder",
    ),
)
