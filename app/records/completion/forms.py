"""Forms of completion: the offering's rule and an override with its reason."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.babel import lazy_gettext as _l
from app.core.i18n import BaseForm


class CompletionRuleForm(BaseForm):
    min_attendance_percent = IntegerField(
        _l("Minimum attendance (%)"),
        validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l(
            "Share of the sessions that count for attendance a participant must attend. "
            "Leave empty for no attendance rule."
        ),
    )
    require_materials = BooleanField(_l("Every required material opened"))
    require_action_plan = BooleanField(_l("An approved action plan"))
    require_evaluation = BooleanField(_l("The evaluation answered"))
    submit = SubmitField(_l("Save the completion rule"))


class OverrideForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("completed", _l("Completed")),
            SelectChoice("not_completed", _l("Not completed")),
            SelectChoice("rule", _l("Let the rule decide (withdraw the override)")),
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Kept with the decision and shown with who made it and when."),
    )
    submit = SubmitField(_l("Save the decision"))
