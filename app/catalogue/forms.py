"""Catalogue filters and the forms staff and instructors use to build offerings."""

from __future__ import annotations

from urllib.parse import urlsplit

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.catalogue.models import (
    FORMAT_TITLES,
    KIND_TITLES,
    MODE_TITLES,
    TOPICS,
)
from app.catalogue.services import utc_to_local
from app.core.babel import lazy_gettext as _l
from app.core.forms import (
    LANGUAGE_CHOICES,
    MultiCheckboxField,
    QuickDateField,
    QuickSelectField,
    QuickStringField,
    timezone_choices,
)
from app.core.i18n import LOCALES, BaseForm

# What <input type=datetime-local> sends and expects back (no seconds, a T in the middle).
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _any(label):
    return [SelectChoice("", label)]


def validate_web_url(form, field):
    """Only http(s) links with a host: no javascript:, data: or relative tricks."""
    if not field.data:
        return
    parts = urlsplit(field.data.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(ch in field.data for ch in "\r\n\t<>\"'` ")
    ):
        raise ValidationError(_l("Enter a full web address starting with https://."))


class CatalogueFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = QuickStringField(_l("Search"), validators=[Optional(), Length(max=100)])
    kind = QuickSelectField(
        _l("Type"),
        validators=[Optional()],
        choices=_any(_l("All types")) + [SelectChoice(k.value, t) for k, t in KIND_TITLES.items()],
    )
    topic = QuickSelectField(
        _l("Topic"),
        validators=[Optional()],
        choices=_any(_l("All topics")) + [SelectChoice(k, t) for k, t in TOPICS.items()],
    )
    format = QuickSelectField(
        _l("Format"),
        validators=[Optional()],
        choices=_any(_l("All formats"))
        + [SelectChoice(k.value, t) for k, t in FORMAT_TITLES.items()],
    )
    language = QuickSelectField(
        _l("Language of instruction"),
        validators=[Optional()],
        choices=_any(_l("All languages")) + LANGUAGE_CHOICES,
    )
    when = QuickSelectField(
        _l("When"),
        validators=[Optional()],
        choices=[
            SelectChoice("", _l("Any time")),
            SelectChoice("upcoming", _l("Upcoming")),
            SelectChoice("open", _l("Open for enrolment")),
            SelectChoice("past", _l("Past")),
        ],
    )
    date_from = QuickDateField(_l("Dates from"), validators=[Optional()])
    date_to = QuickDateField(_l("Dates until"), validators=[Optional()])
    sort = QuickSelectField(
        _l("Sort by"),
        validators=[Optional()],
        choices=[
            SelectChoice("start", _l("Start date, soonest first")),
            SelectChoice("start_desc", _l("Start date, latest first")),
            SelectChoice("newest", _l("Newly published")),
        ],
    )


class OfferingForm(BaseForm):
    kind = QuickSelectField(
        _l("Type"), choices=[SelectChoice(k.value, t) for k, t in KIND_TITLES.items()]
    )
    format = QuickSelectField(
        _l("Format"), choices=[SelectChoice(k.value, t) for k, t in FORMAT_TITLES.items()]
    )
    topics = MultiCheckboxField(
        _l("Topics"), choices=[SelectChoice(k, t) for k, t in TOPICS.items()]
    )
    languages = MultiCheckboxField(
        _l("Languages of instruction"), choices=LANGUAGE_CHOICES, validators=[DataRequired()]
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    timezone = QuickSelectField(
        _l("Time zone of the offering"),
        description=_l("Session times are entered in this time zone."),
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    online_url = StringField(
        _l("Online link"), validators=[Optional(), Length(max=500), validate_web_url]
    )
    capacity = IntegerField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, max=10000)],
        description=_l("Leave empty for no limit."),
    )
    enrolment_mode = QuickSelectField(
        _l("Enrolment"), choices=[SelectChoice(k.value, t) for k, t in MODE_TITLES.items()]
    )
    city_cap = IntegerField(
        _l("Seats per city"),
        validators=[Optional(), NumberRange(min=1, max=1000)],
        description=_l("Keeps international workshops diverse. Leave empty for no limit."),
    )
    offer_hours = IntegerField(
        _l("Hours to accept a freed seat"),
        validators=[Optional(), NumberRange(min=1, max=336)],
        description=_l("Leave empty to enrol the next person on the waitlist at once."),
    )
    cancel_until_local = DateTimeLocalField(
        _l("Learners may cancel until"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    enrol_opens_local = DateTimeLocalField(
        _l("Enrolment opens"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    enrol_closes_local = DateTimeLocalField(
        _l("Enrolment closes"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    fallback_locale = QuickSelectField(
        _l("Fallback language of the text"),
        choices=LANGUAGE_CHOICES,
        description=_l("Shown to readers whose language has no text."),
    )
    instructors = MultiCheckboxField(_l("Instructors"), coerce=int)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, instructors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()
        self.instructors.choices = [
            SelectChoice(u.id, f"{u.name_native} ({u.name_latin})") for u in instructors
        ]

    def fill(self, offering) -> None:
        """Show what ``obj`` does not: the offering's lists and its times in its time zone."""
        self.topics.data = offering.topics
        self.languages.data = offering.languages
        self.instructors.data = [i.id for i in offering.instructors]
        self.enrol_opens_local.data = utc_to_local(offering.enrol_opens_at, offering.timezone)
        self.enrol_closes_local.data = utc_to_local(offering.enrol_closes_at, offering.timezone)
        self.cancel_until_local.data = utc_to_local(offering.cancel_until, offering.timezone)

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_enrol_closes_local(self, field):
        opens = self.enrol_opens_local.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Enrolment must close after it opens."))


class TranslationForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(
        _l("Summary"),
        validators=[Optional(), Length(max=600)],
        description=_l("One or two sentences shown in the catalogue."),
        render_kw={"rows": 3},
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Paragraphs, lists and links are kept; anything else is removed."),
        render_kw={"rows": 12},
    )
    submit = SubmitField(_l("Save"))

    def fill(self, offering, locale: str) -> None:
        """Show the offering's text in ``locale``."""
        self.title.data = (offering.titles or {}).get(locale, "")
        self.summary.data = (offering.summaries or {}).get(locale, "")
        self.description.data = (offering.descriptions or {}).get(locale, "")

    def text(self) -> dict[str, str]:
        """The text as written, as keyword arguments of ``save_translation``."""
        return {
            "title": self.title.data,
            "summary": self.summary.data or "",
            "description": self.description.data or "",
        }


def localized_title_fields(prefix: str, label):
    """One optional text field per language; a form-level check wants at least one."""
    return {
        f"{prefix}_{loc.code}": StringField(
            label, validators=[Optional(), Length(max=200)], render_kw={"lang": loc.html_lang}
        )
        for loc in LOCALES
    }


class _TitlesMixin:
    def titles(self) -> dict[str, str]:
        return {loc.code: getattr(self, f"title_{loc.code}").data or "" for loc in LOCALES}

    def title_fields(self):
        return [(loc, getattr(self, f"title_{loc.code}")) for loc in LOCALES]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not any(v.strip() for v in self.titles().values()):
            # A form-level rule: Optional() on each field would skip a per-field check.
            self.title_en.errors = [
                *self.title_en.errors,
                str(_l("Enter a title in at least one language.")),
            ]
            return False
        return valid


SessionFormBase = type("SessionFormBase", (BaseForm,), localized_title_fields("title", _l("Title")))
ModuleFormBase = type("ModuleFormBase", (BaseForm,), localized_title_fields("title", _l("Title")))


class SessionForm(_TitlesMixin, SessionFormBase):
    starts_local = DateTimeLocalField(
        _l("Starts"), format=LOCAL_FORMAT, validators=[DataRequired()]
    )
    ends_local = DateTimeLocalField(_l("Ends"), format=LOCAL_FORMAT, validators=[DataRequired()])
    # Translators: where a session is held (地點, 장소, 会場, 地点).
    location = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_url = StringField(
        _l("Online link"), validators=[Optional(), Length(max=500), validate_web_url]
    )
    counts_for_attendance = BooleanField(_l("Counts for attendance"), default=True)
    submit = SubmitField(_l("Save"))

    def validate_ends_local(self, field):
        if self.starts_local.data and field.data and field.data <= self.starts_local.data:
            raise ValidationError(_l("The end must be after the start."))


class ModuleForm(_TitlesMixin, ModuleFormBase):
    submit = SubmitField(_l("Save"))


class CloneForm(BaseForm):
    starts_on = DateField(_l("First day of the new cohort"), validators=[DataRequired()])
    submit = SubmitField(_l("Create the copy"))
