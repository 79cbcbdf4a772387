"""The announcement form: a subject and a message per language, and who receives it."""

from __future__ import annotations

from wtforms import SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.babel import lazy_gettext as _l
from app.core.forms import MultiCheckboxField
from app.core.i18n import LOCALES, BaseForm
from app.enrolment.models import STATUS_TITLES, EnrolmentStatus


class AnnouncementForm(BaseForm):
    """A subject and a message per language; at least one language is needed."""

    statuses = MultiCheckboxField(_l("Send to"), validators=[DataRequired()])
    submit = SubmitField(_l("Send the announcement"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = (
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.PENDING,
            EnrolmentStatus.OFFERED,
            EnrolmentStatus.NOMINATED,
        )
        self.statuses.choices = [SelectChoice(s.value, STATUS_TITLES[s]) for s in wanted]

    def texts(self):
        return [
            (loc, getattr(self, f"subject_{loc.code}"), getattr(self, f"body_{loc.code}"))
            for loc in LOCALES
        ]

    def subjects(self) -> dict[str, str]:
        return {loc.code: getattr(self, f"subject_{loc.code}").data or "" for loc in LOCALES}

    def bodies(self) -> dict[str, str]:
        return {loc.code: getattr(self, f"body_{loc.code}").data or "" for loc in LOCALES}

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        pairs = [
            (s.strip(), b.strip())
            for s, b in zip(self.subjects().values(), self.bodies().values(), strict=True)
        ]
        if not any(s and b for s, b in pairs):
            self.subject_en.errors = [
                *self.subject_en.errors,
                str(_l("Write a subject and a message in at least one language.")),
            ]
            return False
        if any(bool(s) != bool(b) for s, b in pairs):
            self.subject_en.errors = [
                *self.subject_en.errors,
                str(_l("Each language needs both a subject and a message.")),
            ]
            return False
        return valid


for _locale in LOCALES:
    setattr(
        AnnouncementForm,
        f"subject_{_locale.code}",
        StringField(
            _l("Subject"),
            validators=[Optional(), Length(max=200)],
            render_kw={"lang": _locale.html_lang},
        ),
    )
    setattr(
        AnnouncementForm,
        f"body_{_locale.code}",
        TextAreaField(
            _l("Message"),
            validators=[Optional(), Length(max=5000)],
            render_kw={"lang": _locale.html_lang, "rows": 6},
        ),
    )
