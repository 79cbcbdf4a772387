"""Forms of bulk enrolment: the list of addresses, then the confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField

from app.core.i18n import BaseForm


class BulkUploadForm(BaseForm):
    file = FileField(
        _l("List of e-mail addresses (CSV, UTF-8)"),
        validators=[FileRequired(message=_l("Please choose a file."))],
        description=_l(
            "One address per line, in the first column; a first line named “email” is skipped. "
            "At most 256 KB."
        ),
    )
    submit = SubmitField(_l("Check the list (nothing is changed)"))


class BulkConfirmForm(BaseForm):
    addresses = HiddenField()
    submit = SubmitField(_l("Confirm"))
