"""Forms of attendance: the check-in code an official types, the marks on a sheet."""

from __future__ import annotations

from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.core.babel import lazy_gettext as _l
from app.core.i18n import BaseForm
from app.core.urls import parse_id
from app.records.attendance.models import AttendanceStatus


class CheckInForm(BaseForm):
    code = StringField(
        _l("Check-in code"),
        validators=[DataRequired(), Length(max=32)],
        description=_l("The code your instructor shows, e.g. ABCD-EFGH."),
    )
    submit = SubmitField(_l("Check in"))


def chosen_marks(data) -> dict[int, str]:
    """The marks chosen on the attendance sheet (``data``: its posted form): a mark for each
    enrolment listed on it that has one, and with the "all present" action, present for those
    left without."""
    on_sheet = {i for i in map(parse_id, data.getlist("on_sheet")) if i is not None}
    chosen = {}
    for enrolment_id in on_sheet:
        value = data.get(f"mark-{enrolment_id}", "")
        if value:
            chosen[enrolment_id] = value
    if data.get("action") == "all_present":
        for enrolment_id in on_sheet:
            chosen.setdefault(enrolment_id, AttendanceStatus.PRESENT)
    return chosen
