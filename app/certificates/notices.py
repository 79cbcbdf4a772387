"""What certificates tell people: a certificate has been issued (mail: certificate_issued)."""

from __future__ import annotations

from app.core.babel import lazy_gettext as _l
from app.notifications.kinds import Category, Kind, register_kinds

register_kinds(
    Kind(
        "certificate_issued",
        _l("Your certificate for “%(offering)s” has been issued: %(serial)s."),
        Category.TRANSACTIONAL,
        "certificate_issued",
    ),
)
