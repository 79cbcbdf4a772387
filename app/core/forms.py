"""Form pieces several domains share: bare CSRF forms, checkbox lists, language and zone choices."""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import (
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, Select, TextInput
from wtforms.widgets.core import clean_key

from app.core.babel import lazy_gettext as _l
from app.core.formatting import timezone_label
from app.core.i18n import LOCALES, TIMEZONES, BaseForm

LANGUAGE_CHOICES = [
    SelectChoice(loc.code, loc.label, render_kw={"lang": loc.html_lang}) for loc in LOCALES
]


def timezone_choices() -> list[SelectChoice]:
    """The zones offered, named in the reader's language ("台北時間 (GMT+8)")."""
    return [SelectChoice(tz, timezone_label(tz)) for tz in TIMEZONES]


def html_attributes(options: dict) -> str:
    """What WTForms' ``html_params`` writes (sorted names, ``True`` bare, ``False`` left
    out, values escaped), with plain string joins instead of a ``Markup.format`` per
    attribute: a select's options are written many times per page."""
    parts = []
    for key, value in sorted(options.items()):
        if value is True:
            parts.append(clean_key(key))
        elif value is not False:
            text = str(escape(value)).replace('"', "&quot;")
            parts.append(f'{clean_key(key)}="{text}"')
    return " ".join(parts)


def quick_html_params(**options) -> Markup:
    """``html_attributes`` in the place of WTForms' ``html_params``, which its inputs take from
    their class attribute of that name (WTForms' way to write attributes differently)."""
    return Markup(html_attributes(options))  # noqa: S704 (every value is escaped)


class QuickTextInput(TextInput):
    html_params = staticmethod(quick_html_params)


class QuickDateInput(DateInput):
    html_params = staticmethod(quick_html_params)


class QuickStringField(StringField):
    widget = QuickTextInput()


class QuickDateField(DateField):
    widget = QuickDateInput()


def plain_choices(choices) -> bool:
    """Whether every choice is a ``SelectChoice`` with no attributes of its own (a city, a
    topic): what the quick select writes and checks without WTForms' per-option objects."""
    return all(type(choice) is SelectChoice and not choice.render_kw for choice in choices)


class QuickSelect(Select):
    """WTForms' ``Select`` with the same HTML, written with plain string joins: the
    catalogue's filters spent most of their time in ``html_params``, and the action-plan
    library's list of 600 cities 28 of its 35 ms in WTForms' per-option ``Markup.format``."""

    def __call__(self, field, **kwargs):
        if self.multiple or field.has_groups():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = getattr(flags, name)
        attributes = html_attributes({"name": field.name, **kwargs})
        options = "".join(self._options(field))
        return Markup(f"<select {attributes}>{options}</select>")  # noqa: S704

    def _options(self, field):
        """Each ``<option>``; a choice with no attributes of its own (a city, a topic) is
        written directly, as ``render_option`` would write it."""
        choices = field.choices or []
        if not isinstance(field, SelectField) or not plain_choices(choices):
            return [self.render_option(choice) for choice in field._iter_choices_normalized()]
        coerce, data = field.coerce, field.data
        written = []
        for choice in choices:
            value = choice.value
            label = escape(choice.label or value)
            if isinstance(value, bool):
                value = str(value)
            selected = " selected" if coerce(choice.value) == data else ""
            written.append(f'<option{selected} value="{escape(value)}">{label}</option>')
        return written

    @classmethod
    def render_option(cls, choice, **kwargs):
        value = choice.value
        if isinstance(value, bool):
            value = str(value)
        options = {"value": value, **(choice.render_kw or {}), **kwargs}
        if choice.selected:
            options["selected"] = True
        label = escape(choice.label or choice.value)
        return Markup(f"<option {html_attributes(options)}>{label}</option>")  # noqa: S704


class QuickSelectField(SelectField):
    """The platform's select: written by ``QuickSelect``, and its value checked against plain
    choices directly (WTForms builds an object per option to find the chosen one)."""

    widget = QuickSelect()

    def pre_validate(self, form):
        choices = self.choices
        if self.process_errors or not self.validate_choice or not plain_choices(choices or []):
            return super().pre_validate(form)
        coerce, data = self.coerce, self.data
        if not any(coerce(choice.value) == data for choice in choices):
            raise ValidationError(
                self.invalid_choice_message or self.gettext("Not a valid choice.")
            )


class ConfirmForm(BaseForm):
    """A bare form for buttons that only need CSRF protection."""

    submit = SubmitField(_l("Confirm"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
