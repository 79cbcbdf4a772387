"""Forms of the evaluation: the answer form (built from the offering's questions) and a
question's texts and settings."""

from __future__ import annotations

from collections.abc import Sequence

from wtforms import BooleanField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.core.babel import lazy_gettext as _l
from app.core.i18n import LOCALES, BaseForm
from app.evaluation.models import KIND_TITLES, RATINGS, EvaluationQuestion, QuestionKind
from app.evaluation.services import MAX_QUESTION, MAX_TEXT

RATING_LABELS = {
    1: _l("1 – Very poor"),
    2: _l("2 – Poor"),
    3: _l("3 – Fair"),
    4: _l("4 – Good"),
    5: _l("5 – Excellent"),
}


def field_name(question: EvaluationQuestion) -> str:
    return f"q_{question.id}"


def answer_form(questions: Sequence[EvaluationQuestion], locale: str, fallback: str, **kwargs):
    """A form with one field per question: a group of five radio buttons for a rating, a text
    area for a free text; required questions must be answered."""

    class AnswerForm(BaseForm):
        submit = SubmitField(_l("Send my answers"))

    for question in questions:
        label = question.text(locale, fallback)
        if question.kind == QuestionKind.RATING:
            validators = [InputRequired(_l("Choose a rating from 1 to 5."))]
            if not question.is_required:
                validators = [Optional()]
            field = RadioField(
                label,
                choices=[SelectChoice(str(r), RATING_LABELS[r]) for r in RATINGS],
                validators=validators,
                validate_choice=True,
            )
        else:
            validators = [Length(max=MAX_TEXT)]
            validators.insert(
                0,
                InputRequired(_l("Please write an answer."))
                if question.is_required
                else Optional(),
            )
            field = TextAreaField(label, validators=validators)
        setattr(AnswerForm, field_name(question), field)
    form = AnswerForm(**kwargs)
    form.questions = list(questions)
    form.summary_order = [field_name(q) for q in questions]
    return form


def answers_of(form) -> dict[int, int | str | None]:
    answers: dict[int, int | str | None] = {}
    for question in form.questions:
        value = form[field_name(question)].data
        if question.kind == QuestionKind.RATING:
            answers[question.id] = int(value) if value and str(value).isdigit() else None
        else:
            answers[question.id] = value or None
    return answers


QuestionFormBase = type(
    "QuestionFormBase",
    (BaseForm,),
    {
        f"text_{loc.code}": StringField(
            _l("Question"),
            validators=[Optional(), Length(max=MAX_QUESTION)],
            render_kw={"lang": loc.html_lang},
        )
        for loc in LOCALES
    },
)


class QuestionForm(QuestionFormBase):
    kind = RadioField(
        _l("Kind of question"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_TITLES.items()],
        default=QuestionKind.RATING.value,
    )
    required = BooleanField(_l("An answer is required"), default=True)
    active = BooleanField(
        _l("Asked (untick to stop asking it; its answers are kept)"), default=True
    )
    submit = SubmitField(_l("Save the question"))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing

    def texts(self) -> dict[str, str]:
        return {loc.code: getattr(self, f"text_{loc.code}").data or "" for loc in LOCALES}

    def text_fields(self):
        return [(loc, getattr(self, f"text_{loc.code}")) for loc in LOCALES]

    def validate_kind(self, field):
        if not self.editing and field.data not in {k.value for k in QuestionKind}:
            raise ValidationError(_l("Choose the kind of question."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not any(v.strip() for v in self.texts().values()):
            self.text_en.errors = [
                *self.text_en.errors,
                str(_l("Write the question in at least one language.")),
            ]
            return False
        return valid
