"""The quick widgets write exactly the HTML of WTForms' own, only faster (app/core/forms.py)."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import DateField, Form, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import DateInput, Select, TextInput

from app.core.forms import QuickDateInput, QuickSelect, QuickTextInput, html_attributes


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


@pytest.mark.parametrize("name", ["plain", "languages", "flags"])
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"class": "input", "aria-describedby": "x-error", "aria-invalid": "true"}],
)
def test_quick_select_writes_what_wtforms_writes(name, kwargs):
    form = Sample(MultiDict({"plain": "a&b", "languages": "zh_Hant_TW", "flags": "False"}))
    form.validate()
    field = form[name]
    expected = Select()(field, **kwargs)
    written = QuickSelect()(field, **kwargs)
    assert isinstance(written, Markup)
    assert written == expected
    assert "selected" in written  # the submitted value is chosen


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
