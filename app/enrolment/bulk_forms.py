"""Forms of bulk enrolment: the list of addresses, then the confirmation."""

from __future__ import annotations

from flask import current_app
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField

from app.core.babel import gettext as _
from app.core.babel import lazy_gettext as _l
from app.core.i18n import BaseForm
from app.enrolment import bulk


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

    def read(self) -> tuple[list[tuple[int, str]], list] | None:
        """The addresses in the file and the lines that are not one (see
        ``bulk.read_addresses``); None, with the reason on the field, when it is too large."""
        limit = current_app.config["BULK_CSV_MAX_BYTES"]
        data = self.file.data.read(limit + 1)
        if len(data) > limit:
            self.file.errors.append(_("The file is too large: at most 256 KB."))
            return None
        return bulk.read_addresses(data, current_app.config["BULK_CSV_MAX_ROWS"])


class BulkConfirmForm(BaseForm):
    addresses = HiddenField()
    submit = SubmitField(_l("Confirm"))

    def emails(self) -> list[str]:
        """The addresses checked before, one a line."""
        return [e.strip().lower() for e in (self.addresses.data or "").splitlines() if e.strip()]
