"""The platform's template context calls functions exactly as Jinja's own does, only cheaper
(app/core/templating.py)."""

from __future__ import annotations

import pytest
from jinja2 import (
    Environment,
    UndefinedError,
    pass_context,
    pass_environment,
    pass_eval_context,
)
from jinja2.runtime import Context

from app.core.templating import TemplateContext


@pass_context
def from_context(context, name):
    return context.get(name)


@pass_eval_context
def escaping(eval_ctx, text):
    return f"{text}:{eval_ctx.autoescape}"


@pass_environment
def environment_name(environment, text):
    return f"{text}:{environment.globals['site']}"


class CallableWithContext:
    @pass_context
    def __call__(self, context, name):
        return f"callable:{context.get(name)}"


class PlainCallable:
    def __call__(self, text):
        return f"plain:{text}"


def stops():
    raise StopIteration


TEMPLATE = """
{%- set outer = "block variable" -%}
{{ plain("a") }}|{{ from_context("outer") }}|{{ escaping("<b>") }}|{{ environment_name("e") }}
{%- for item in items %}|{{ from_context("item") }}|{{ with_context("item") }}|{{ call_me(item) }}
{%- set inside = item ~ "!" %}|{{ from_context("inside") }}{% endfor %}
|{{ stops() is undefined }}|{% macro shout(text) %}{{ text|upper }}{% endmacro %}{{ shout("m") }}
{%- macro wrap() %}[{{ caller() }}]{% endmacro %}|{% call wrap() %}{{ plain("c") }}{% endcall %}
"""


def render(context_class, autoescape: bool) -> str:
    environment = Environment(autoescape=autoescape)  # noqa: S701 (both ways compared)
    environment.context_class = context_class
    environment.globals.update(
        site="KCC",
        plain=lambda text: f"plain:{text}",
        from_context=from_context,
        escaping=escaping,
        environment_name=environment_name,
        with_context=CallableWithContext(),
        call_me=PlainCallable(),
        stops=stops,
    )
    return environment.from_string(TEMPLATE).render(items=["x", "<y>"])


@pytest.mark.parametrize("autoescape", [True, False])
def test_calls_render_what_jinjas_context_renders(autoescape):
    ours = render(TemplateContext, autoescape)
    assert ours == render(Context, autoescape)
    # What each kind of function was given, so the comparison cannot pass on two blank pages.
    assert "plain:a|block variable|" in ours
    assert f"<b>:{autoescape}" in ours or f"&lt;b&gt;:{autoescape}" in ours
    assert "e:KCC" in ours
    # (Jinja gives a function that takes the context the variables set in a loop, not the
    # loop's own target.)
    assert "|None|callable:None|plain:x|x!" in ours
    assert "|True|M|[plain:c]" in ours


def test_calling_an_undefined_name_still_fails():
    environment = Environment(autoescape=True)
    environment.context_class = TemplateContext
    with pytest.raises(UndefinedError):
        environment.from_string("{{ missing() }}").render()


def test_the_application_renders_with_it(app):
    assert app.jinja_env.context_class is TemplateContext
    assert type(app.jinja_env.get_template("base.html").globals) is dict
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(
            "{{ _('Catalogue') }} {{ url_for('catalogue.index') }}"
        )
        assert template.render() == "Catalogue /offerings"


def test_template_globals_are_worked_out_once_per_request_and_language(app):
    """A page's panels are templates of their own; the globals every template gets are
    worked out for the first and reused, but never across languages or requests."""
    from flask import render_template_string
    from flask_babel import force_locale

    names = [function.__name__ for function in app.template_context_processors[None]]
    processor = app.template_context_processors[None][names.index("inject_globals")]
    with app.test_request_context("/"):
        assert render_template_string("{{ site_locale.code }}") == "en"
        english = processor()
        assert processor() is english
        with force_locale("ja"):
            assert render_template_string("{{ site_locale.code }}") == "ja"
            assert processor() is not english
        assert render_template_string("{{ site_locale.code }}") == "en"
    with app.test_request_context("/"):
        assert processor() is not english


def test_lazy_texts_are_translated_in_each_language_they_are_shown_in(app):
    """A lazy title remembers its text per language: asked again in another language (or
    outside any request) it must still give that language's text."""
    from flask_babel import force_locale

    from app.core.babel import gettext, lazy_gettext

    title = lazy_gettext("Catalogue")
    assert str(title) == "Catalogue"  # no request, no catalogue: the message itself
    with app.test_request_context("/"):
        expected = {}
        for code in ("en", "ja", "ko", "zh_Hant_TW", "zh_Hans_CN"):
            with force_locale(code):
                expected[code] = gettext("Catalogue")
        assert len(set(expected.values())) >= 4  # the languages' own words
        for _ in range(2):  # the second round reads what the first remembered
            for code, text in expected.items():
                with force_locale(code):
                    assert str(title) == text
                    assert f"[{title}]" == f"[{text}]" and title == text


def test_template_strings_without_values_are_remembered_per_language(app):
    from flask_babel import force_locale

    from app.core.babel import gettext

    template = app.jinja_env.from_string('{{ _("Catalogue") }}|{{ _("100%% sure") }}')
    with app.test_request_context("/"):
        for _ in range(2):
            for code in ("en", "ja", "ko", "zh_Hant_TW", "zh_Hans_CN"):
                with force_locale(code):
                    assert template.render() == f"{gettext('Catalogue')}|100% sure"


def test_table_cells_escape_each_text(app):
    from app.core.html import table_cells

    written = table_cells(["Present", "<b>&", "—", "Present"])
    assert written == "<td>Present</td><td>&lt;b&gt;&amp;</td><td>—</td><td>Present</td>"
    template = app.jinja_env.from_string("<tr>{{ cells|table_cells }}</tr>")
    assert template.render(cells=["<i>"]) == "<tr><td>&lt;i&gt;</td></tr>"


def test_select_options_escape_and_choose_by_text(app):
    from app.core.html import select_options

    choices = [(7, "Taipei"), (12, '<b>"Seoul"</b> & Co'), ("x", "X")]
    assert select_options(choices, "12") == (
        '<option value="7">Taipei</option>'
        '<option value="12" selected>&lt;b&gt;&#34;Seoul&#34;&lt;/b&gt; &amp; Co</option>'
        '<option value="x">X</option>'
    )
    assert " selected" not in select_options(choices, None)
    assert " selected" not in select_options(choices, "")
    template = app.jinja_env.from_string("{{ select_options(choices, chosen) }}")
    assert template.render(choices=[('"><script>', "a")], chosen="") == (
        '<option value="&#34;&gt;&lt;script&gt;">a</option>'
    )


def test_link_for_id_writes_what_url_for_writes(app):
    from flask import url_for

    from app.core.urls import link_for_id

    with app.test_request_context("/"):
        link = link_for_id("completion.participant", "enrolment_id")
        for key in (1, 42, 918_273_645, 10**12):
            assert link(key) == url_for("completion.participant", enrolment_id=key)
        roster = link_for_id("enrolment.roster", "offering_id", status="all")
        assert roster(5) == url_for("enrolment.roster", offering_id=5, status="all")
        with pytest.raises(ValueError, match="does not put offering_id in its path"):
            link_for_id("catalogue.index", "offering_id")
        with pytest.raises(ValueError, match="invalid literal for int"):
            link("1/../../admin")  # an id is an integer, never a piece of a path


def test_a_global_added_after_a_template_is_loaded_is_seen(app):
    """Templates keep a plain copy of the globals; changing them empties the template cache,
    so a template is loaded again with the change (Jinja's ChainMap would have shown it)."""
    from jinja2 import DictLoader

    app.jinja_env.loader = DictLoader({"greeting.html": "{{ greeting|default('none') }}"})
    with app.test_request_context("/"):
        assert app.jinja_env.get_template("greeting.html").render() == "none"
        app.jinja_env.globals["greeting"] = "hello"
        assert app.jinja_env.get_template("greeting.html").render() == "hello"
        app.jinja_env.globals.update(greeting="again")
        assert app.jinja_env.get_template("greeting.html").render() == "again"
        del app.jinja_env.globals["greeting"]
        assert app.jinja_env.get_template("greeting.html").render() == "none"
