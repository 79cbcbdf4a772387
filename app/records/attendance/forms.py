"""Forms of attendance: the check-in code an official types."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.core.i18n import BaseForm


class CheckInForm(BaseForm):
    code = StringField(
        _l("Check-in code"),
        validators=[DataRequired(), Length(max=32)],
        description=_l("The code your instructor shows, e.g. ABCD-EFGH."),
    )
    submit = SubmitField(_l("Check in"))
