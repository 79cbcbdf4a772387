from __future__ import annotations

from wtforms import BooleanField, SubmitField

from app.core.babel import lazy_gettext as _l
from app.core.i18n import BaseForm


class PreferencesForm(BaseForm):
    wants_reminders = BooleanField(_l("Session reminders by e-mail"))
    wants_digests = BooleanField(_l("Announcements and summaries by e-mail"))
    submit = SubmitField(_l("Save"))
