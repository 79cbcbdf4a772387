"""The CSV import form of the records view."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import DataRequired

from app.core.babel import lazy_gettext as _l
from app.core.i18n import BaseForm

MAX_BYTES = 4 * 1024 * 1024


class ImportForm(BaseForm):
    kind = RadioField(
        _l("What the file holds"),
        choices=[
            SelectChoice("attendance", _l("Attendance: email, session_id, status")),
            SelectChoice("overrides", _l("Completion decisions: email, decision, reason")),
        ],
        default="attendance",
        validators=[DataRequired()],
    )
    file = FileField(
        _l("CSV file (UTF-8)"),
        validators=[FileRequired()],
        description=_l("The first line names the columns. At most 5,000 rows."),
    )
    check = SubmitField(_l("Check the file (nothing is saved)"))
    apply = SubmitField(_l("Import"))

    def content(self) -> bytes:
        """The file's bytes; a file larger than MAX_BYTES is refused with 413."""
        data = self.file.data.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise RequestEntityTooLarge()
        return data
