"""Forms of the certificates domain."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField
from wtforms import SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.certificates.models import REASON_TITLES, RevocationReason
from app.core.babel import lazy_gettext as _l
from app.core.forms import QuickSelectField
from app.core.i18n import BaseForm


class RevokeForm(BaseForm):
    reason = QuickSelectField(
        _l("Reason"),
        choices=[SelectChoice("", _l("Choose a reason"))]
        + [
            SelectChoice(r.value, REASON_TITLES[r])
            for r in RevocationReason
            if r != RevocationReason.DETAILS_CORRECTED
        ],
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Note for the record (not shown publicly)"), validators=[Length(max=500)]
    )


class ReissueForm(BaseForm):
    note = TextAreaField(_l("What was corrected"), validators=[Length(max=500)])


class SettingsForm(BaseForm):
    centre_name = StringField(
        _l("Name of the centre"), validators=[DataRequired(), Length(max=200)]
    )
    officer_name = StringField(_l("Name of the issuing officer"), validators=[Length(max=120)])
    officer_title = StringField(_l("Title of the issuing officer"), validators=[Length(max=160)])
    signature = FileField(
        _l("Signature image (PNG, optional)"),
        validators=[Optional(), FileAllowed(["png"], _l("Please choose a PNG image."))],
    )


class LookupForm(BaseForm):
    class Meta:
        csrf = False  # a public search by GET, like the catalogue's

    serial = StringField(_l("Serial number"), validators=[DataRequired(), Length(max=20)])
    family_name = StringField(
        _l("Family name of the holder"), validators=[DataRequired(), Length(max=120)]
    )
