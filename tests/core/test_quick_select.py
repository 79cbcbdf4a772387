"""The quick widgets write exactly the HTML of WTForms' own, only faster (app/core/forms.py)."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    Form,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import DateInput, Select, TextInput

from app.core.babel import lazy_gettext
from app.core.forms import (
    QuickDateInput,
    QuickSelect,
    QuickSelectField,
    QuickTextInput,
    html_attributes,
)


class Sample(Form):
    plain = SelectField(
        "Plain",
        validators=[Optional()],
        choices=[SelectChoice("", "All"), SelectChoice("a&b", 'Say "hi" <b>')],
    )
    languages = SelectField(
        "Languages",
        validators=[DataRequired()],
        choices=[
            SelectChoice("en", "English", render_kw={"lang": "en"}),
            SelectChoice("zh_Hant_TW", "繁體中文", render_kw={"lang": "zh-Hant-TW"}),
        ],
    )
    flags = SelectField("Yes or no", choices=[SelectChoice(True, "Yes"), SelectChoice(False, "No")])
    # A long list of plain choices (cities) is written without WTForms' per-option calls.
    numbers = SelectField(
        "Numbers",
        coerce=int,
        choices=[SelectChoice(1, "One"), SelectChoice(2, 'Two <2> & "3"'), SelectChoice(3)],
    )
    mixed = SelectField(
        "Mixed",
        choices=[
            SelectChoice("", "Any"),
            SelectChoice("t", "Tee"),
            SelectChoice("x", render_kw={"lang": "ja"}),
        ],
    )
    # Labels as the platform's tables hold them: lazy texts (translated when written), markup.
    translated = SelectField(
        "Translated",
        validators=[Optional()],
        choices=[
            SelectChoice("", lazy_gettext("All types")),
            SelectChoice("m", Markup("<i>Marked</i>")),
            SelectChoice("x&y", lazy_gettext('Say "hi" <b>')),
            SelectChoice("empty", lazy_gettext("")),
        ],
    )


@pytest.mark.parametrize("name", ["plain", "languages", "flags", "numbers", "mixed", "translated"])
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"class": "input", "aria-describedby": "x-error", "aria-invalid": "true"}],
)
def test_quick_select_writes_what_wtforms_writes(name, kwargs):
    form = Sample(
        MultiDict(
            {
                "plain": "a&b",
                "languages": "zh_Hant_TW",
                "flags": "False",
                "numbers": "2",
                "mixed": "t",
                "translated": "x&y",
            }
        )
    )
    form.validate()
    field = form[name]
    expected = Select()(field, **kwargs)
    written = QuickSelect()(field, **kwargs)
    assert isinstance(written, Markup)
    assert written == expected
    assert "selected" in written  # the submitted value is chosen


def test_quick_select_with_nothing_chosen_and_no_choices():
    form = Sample(MultiDict({"numbers": "9"}))
    form.validate()
    assert QuickSelect()(form.numbers) == Select()(form.numbers)
    assert "selected" not in QuickSelect()(form.numbers)
    form.numbers.choices = []
    assert QuickSelect()(form.numbers) == Select()(form.numbers)


def test_html_attributes_sorts_escapes_and_drops_false():
    assert (
        html_attributes({"value": 'a"<', "selected": True, "hidden": False, "data_x": 1})
        == 'data-x="1" selected value="a&#34;&lt;"'
    )


class Inputs(Form):
    q = StringField("Search", validators=[Optional()])
    since = DateField("Dates from", validators=[Optional()])


@pytest.mark.parametrize(
    ("name", "wtforms_widget", "quick_widget"),
    [
        ("q", TextInput, QuickTextInput),
        ("since", DateInput, QuickDateInput),
    ],
)
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"class": "input", "aria-describedby": "x-error", "aria-invalid": "true", "required": True},
    ],
)
def test_quick_inputs_write_what_wtforms_writes(name, wtforms_widget, quick_widget, kwargs):
    form = Inputs(MultiDict({"q": 'say "hi" <b>&', "since": "2026-12-01"}))
    form.validate()
    field = form[name]
    written = quick_widget()(field, **kwargs)
    assert isinstance(written, Markup)
    assert written == wtforms_widget()(field, **kwargs)
    assert "value=" in written


def test_the_field_macro_writes_the_label_wtforms_writes(app):
    with app.test_request_context("/"):
        form = Inputs(MultiDict({"q": "x"}))
        macro = app.jinja_env.get_template("_macros.html").module.field
        html = str(macro(form.q))
    assert str(form.q.label(class_="label")) in html


def _app_form_classes():
    """Every form class defined in the platform's ``forms`` modules."""
    import importlib
    import inspect
    import pkgutil

    import wtforms

    import app as package

    for module_info in pkgutil.walk_packages(package.__path__, "app."):
        if module_info.name.rsplit(".", 1)[-1] != "forms":
            continue
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, wtforms.Form) and value.__module__ == module.__name__:
                yield value


def test_every_select_of_the_platform_is_written_by_the_quick_widget():
    """A plain WTForms select costs ~40 us an option: 600 cities took 28 ms of a page."""
    from wtforms.fields.core import UnboundField

    selects = []
    for form_class in _app_form_classes():
        for name in dir(form_class):
            unbound = getattr(form_class, name)
            if isinstance(unbound, UnboundField) and issubclass(unbound.field_class, SelectField):
                if issubclass(unbound.field_class, (SelectMultipleField, RadioField)):
                    continue
                selects.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
                widget = unbound.kwargs.get("widget", unbound.field_class.widget)
                assert isinstance(widget, QuickSelect), selects[-1]
    assert len(selects) > 20  # the walk found the platform's forms


class Choosing(Form):
    wtforms_city = SelectField(coerce=int, choices=[SelectChoice(1, "Taipei"), SelectChoice(2)])
    quick_city = QuickSelectField(coerce=int, choices=[SelectChoice(1, "Taipei"), SelectChoice(2)])
    wtforms_topic = SelectField(choices=[SelectChoice("", "All"), SelectChoice("water", "Water")])
    quick_topic = QuickSelectField(
        choices=[SelectChoice("", "All"), SelectChoice("water", "Water")]
    )


@pytest.mark.parametrize(
    ("city", "topic"),
    [("1", ""), ("2", "water"), ("3", "fire"), ("x", "Water"), (None, None)],
)
def test_quick_select_field_accepts_and_refuses_what_wtforms_does(city, topic):
    data = {}
    if city is not None:
        data = {
            "wtforms_city": city,
            "quick_city": city,
            "wtforms_topic": topic,
            "quick_topic": topic,
        }
    form = Choosing(MultiDict(data))
    form.validate()
    assert form.quick_city.errors == form.wtforms_city.errors
    assert form.quick_topic.errors == form.wtforms_topic.errors
    assert form.quick_city.data == form.wtforms_city.data
