"""Forms of action plans: the plan itself, a review, the consent to publish, library filters."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from app.catalogue.forms import LANGUAGE_CHOICES, _any
from app.catalogue.models import TOPICS
from app.core.babel import gettext as _
from app.core.babel import lazy_gettext as _l
from app.core.forms import QuickSelectField
from app.core.i18n import BaseForm
from app.records.plans.models import FOLLOW_UP_STATUS_TITLES, Decision
from app.records.plans.services import PlanDraft

ROW_TEXT = [Optional(), Length(max=500)]


class ActionRowForm(Form):
    action = StringField(_l("Action"), validators=ROW_TEXT)
    owner = StringField(_l("Owner (responsible unit)"), validators=ROW_TEXT)
    deadline = StringField(_l("Deadline"), validators=ROW_TEXT)
    budget = StringField(_l("Budget"), validators=ROW_TEXT)
    partners = StringField(_l("Partners"), validators=ROW_TEXT)


class IndicatorRowForm(Form):
    name = StringField(_l("Indicator"), validators=ROW_TEXT)
    baseline = StringField(_l("Baseline value"), validators=ROW_TEXT)
    target = StringField(_l("Target value"), validators=ROW_TEXT)


def topic_choices():
    return [
        SelectChoice("", _l("Choose a topic")),
        *(SelectChoice(k, v) for k, v in TOPICS.items()),
    ]


class PlanForm(BaseForm):
    title = StringField(_l("Title of the plan"), validators=[Optional(), Length(max=200)])
    topic = QuickSelectField(_l("Topic"), validators=[Optional()])
    locale = QuickSelectField(
        _l("Language the plan is written in"), choices=LANGUAGE_CHOICES, default="en"
    )
    context = TextAreaField(
        _l("Context and baseline"),
        validators=[Optional(), Length(max=20000)],
        description=_l("The situation in your city today, with figures where you have them."),
        render_kw={"rows": 6},
    )
    goals = TextAreaField(
        _l("Goals"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 4}
    )
    actions = FieldList(FormField(ActionRowForm), min_entries=1, max_entries=30)
    indicators = FieldList(FormField(IndicatorRowForm), min_entries=1, max_entries=30)
    timeline = TextAreaField(
        _l("Timeline"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 4}
    )
    save = SubmitField(_l("Save draft"))
    add_action = SubmitField(_l("Add an action"))
    add_indicator = SubmitField(_l("Add an indicator"))
    send = SubmitField(_l("Submit for review"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = topic_choices()

    def content(self) -> dict:
        return {
            "context": self.context.data or "",
            "goals": self.goals.data or "",
            "timeline": self.timeline.data or "",
            "actions": [dict(entry.data) for entry in self.actions],
            "indicators": [dict(entry.data) for entry in self.indicators],
        }

    def draft(self) -> PlanDraft:
        """What the participant wrote, for the service to clean and save."""
        return PlanDraft(
            title=self.title.data or "",
            topic=self.topic.data or "",
            locale=self.locale.data,
            content=self.content(),
        )

    def start(self, plan, locale: str) -> None:
        """The form as first shown: the saved ``plan``, else an empty one in ``locale``."""
        if plan:
            self.fill(plan)
        else:
            self.locale.data = locale

    def added_row(self) -> bool:
        """Whether the participant asked for one more action or indicator row (then added)."""
        if not (self.add_action.data or self.add_indicator.data):
            return False
        (self.actions if self.add_action.data else self.indicators).append_entry()
        return True

    def saved_message(self) -> str:
        if self.send.data:
            return _("Your action plan has been submitted for review.")
        return _("Your draft has been saved.")

    def fill(self, plan) -> None:
        """Show the saved ``plan`` (an ActionPlan), one entry a row of actions and indicators
        (at least one each)."""
        self.title.data = plan.title
        self.topic.data = plan.topic
        self.locale.data = plan.locale
        content = plan.content or {}
        for name in ("context", "goals", "timeline"):
            getattr(self, name).data = content.get(name, "")
        for name in ("actions", "indicators"):
            field = getattr(self, name)
            while len(field.entries):
                field.pop_entry()
            for row in content.get(name) or []:
                field.append_entry(row)
            if not field.entries:
                field.append_entry()


class ReviewForm(BaseForm):
    decision = RadioField(
        _l("Your decision"),
        choices=[
            SelectChoice(Decision.COMMENT.value, _l("Comment only")),
            SelectChoice(Decision.CHANGES_REQUESTED.value, _l("Request changes")),
            SelectChoice(Decision.APPROVED.value, _l("Approve")),
        ],
        default=Decision.COMMENT.value,
    )
    body = TextAreaField(
        _l("Comment for the participant"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Needed when you request changes."),
        render_kw={"rows": 5},
    )
    submit = SubmitField(_l("Send"))


class WithdrawApprovalForm(BaseForm):
    body = TextAreaField(_l("Why is the approval withdrawn?"), validators=[Optional()])
    submit = SubmitField(_l("Withdraw the approval"))


class ConsentForm(BaseForm):
    consent = BooleanField(
        _l(
            "Publish my plan in the public action-plan library once it is approved, so that "
            "other cities can learn from it"
        )
    )
    submit = SubmitField(_l("Save my choice"))


class LibraryFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    topic = QuickSelectField(_l("Topic"), validators=[Optional()])
    country = QuickSelectField(
        _l("Country/region"),
        validators=[Optional()],
        description=_l("To filter by city, choose a country or region first."),
    )
    city = QuickSelectField(_l("City"), validators=[Optional()])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(2000, 2100)])

    def __init__(self, *args, countries=(), cities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = [
            *_any(_l("All topics")),
            *(SelectChoice(k, v) for k, v in TOPICS.items()),
        ]
        self.country.choices = [
            *_any(_l("All countries and regions")),
            *(SelectChoice(code, name) for code, name in countries),
        ]
        self.city.choices = [
            *_any(_l("All cities")),
            *(SelectChoice(city_id, name) for city_id, name in cities),
        ]


class ProgressRowForm(Form):
    status = QuickSelectField(
        _l("Progress"),
        choices=[SelectChoice(k.value, v) for k, v in FOLLOW_UP_STATUS_TITLES.items()],
    )
    note = TextAreaField(
        _l("What was done, and what is next"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )


class FollowUpForm(BaseForm):
    rows = FieldList(FormField(ProgressRowForm), max_entries=30)
    summary = TextAreaField(
        _l("Overall progress"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 5}
    )
    save = SubmitField(_l("Save draft"))
    send = SubmitField(_l("Submit the follow-up report"))

    def report(self) -> tuple[list[dict], str]:
        """(progress a row, summary) as written, for the service to check and save."""
        return [dict(entry.data) for entry in self.rows], self.summary.data or ""

    def saved_message(self) -> str:
        if self.send.data:
            return _("Your follow-up report has been submitted.")
        return _("Your draft has been saved.")

    def fill(self, report) -> None:
        """Show the saved ``report`` (a FollowUpReport): one row an action of the plan."""
        while len(self.rows.entries):
            self.rows.pop_entry()
        for row in report.progress:
            self.rows.append_entry({"status": row["status"], "note": row["note"]})
        self.summary.data = report.summary


class FollowUpSettingsForm(BaseForm):
    months = IntegerField(
        _l("Follow-up report, months after approval"),
        validators=[Optional(), NumberRange(1, 60)],
        description=_l("Leave empty when no follow-up report is needed."),
    )
    submit = SubmitField(_l("Save"))
