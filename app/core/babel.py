"""Flask-Babel, with each page's many translations looked up cheaply.

A list page asks for ~200 translated strings and formats ~100 dates and lists. Flask-Babel
answers each ``gettext`` by reaching the request's context three times and naming the locale
afresh (``str(Locale)`` rebuilds "zh_Hant_TW" from its parts), which was a tenth of a
catalogue page's time. Here the catalogue is kept per ``Locale`` object (the request's locale
is one object, chosen once per request), and templates call the domain directly.
"""

from __future__ import annotations

from babel import Locale, support
from flask import Flask
from flask.globals import _cv_app
from flask_babel import Babel, Domain
from flask_babel import get_locale as _select_locale
from flask_babel import get_timezone as _select_timezone
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from markupsafe import Markup


class _ByLocale:
    """A value per locale. Each request parses its own Locale object, equal to the last
    request's but not the same: the object last asked for is answered first, by identity
    (Locale's ``==`` compares five fields with ``hasattr``, ~100 times a page)."""

    def __init__(self, make) -> None:
        self._make = make
        self._values: dict[Locale, object] = {}
        self._last: tuple[Locale | None, object] = (None, None)

    def __call__(self, locale: Locale):
        last = self._last  # one read: another thread may replace it, never half of it
        if last[0] is locale:
            return last[1]
        value = self._values.get(locale)
        if value is None:
            value = self._values[locale] = self._make(locale)
        self._last = (locale, value)
        return value


_code_of = _ByLocale(str)


def _babel_state():
    """Flask-Babel's per-context namespace in ``g`` (the chosen locale, time zone), read from
    Flask's context variable, the one behind the ``g`` proxy; None before its first use."""
    context = _cv_app.get(None)
    return None if context is None else context.g.__dict__.get("_flask_babel")


def get_locale() -> Locale | None:
    """The request's locale, as ``flask_babel.get_locale`` gives it, read in one step.

    Flask-Babel keeps the locale it chose (or that ``force_locale`` set) on a namespace in
    ``g``, and finds it through three reads of the ``g`` proxy on every call; a page asks
    ~300 times. Here the application context's ``g`` is read straight from Flask's context
    variable (the one behind the ``g`` proxy); the first call of a context, and any call
    outside one, still goes through Flask-Babel, which chooses and stores the locale.
    """
    locale = getattr(_babel_state(), "babel_locale", None)
    return _select_locale() if locale is None else locale


def get_timezone():
    """The reader's time zone, as ``flask_babel.get_timezone`` gives it, read in one step."""
    zone = getattr(_babel_state(), "babel_tzinfo", None)
    return _select_timezone() if zone is None else zone


def locale_code() -> str:
    """The current locale's code ("en", "zh_Hant_TW"), without rebuilding it on each call."""
    locale = get_locale()
    return "en" if locale is None else _code_of(locale)


class LocaleKeyedDomain(Domain):
    """The messages domain, its catalogues found by the locale object itself."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._by_locale = _ByLocale(
            lambda locale: super(LocaleKeyedDomain, self).get_translations()
        )

    def get_translations(self):
        locale = get_locale()
        if locale is None:  # outside a request or app context
            return support.NullTranslations()
        return self._by_locale(locale)


# The platform's one domain ("messages"). Its functions are what the code imports: Flask-Babel's
# module functions find the domain through the request's context on every call first.
DOMAIN = LocaleKeyedDomain()
gettext = DOMAIN.gettext
ngettext = DOMAIN.ngettext
pgettext = DOMAIN.pgettext


class LazyText(LazyString):
    """A text translated when it is shown, remembered per language once translated.

    The titles of kinds, statuses and languages are lazy strings in tables, shown on every
    row of a list: Flask-Babel's lazy string translates afresh on each ``str()`` (through the
    domain and the request's catalogue, ~3 µs); this one looks its text up by the language's
    code. Outside a request or application context nothing is remembered (there is no
    catalogue then, and the text is the message itself)."""

    def __init__(self, func, *args, **kwargs) -> None:
        super().__init__(func, *args, **kwargs)
        self._texts: dict[str, str] = {}

    def __str__(self) -> str:
        locale = get_locale()
        if locale is None:
            return str(self._func(*self._args, **self._kwargs))
        code = _code_of(locale)
        text = self._texts.get(code)
        if text is None:
            text = self._texts[code] = str(self._func(*self._args, **self._kwargs))
        return text


def lazy_gettext(string: str, **variables) -> LazyText:
    return LazyText(DOMAIN.gettext, string, **variables)


def lazy_pgettext(context: str, string: str, **variables) -> LazyText:
    return LazyText(DOMAIN.pgettext, context, string, **variables)


class KccBabel(Babel):
    @property
    def domain_instance(self) -> Domain:
        return DOMAIN

    def init_app(self, app: Flask, *args, **kwargs) -> None:
        super().init_app(app, *args, **kwargs)
        # Flask-Babel installs Jinja's i18n callables (pgettext and npgettext stay theirs: they
        # reach this domain too); the three every page calls are replaced by one-call ones.
        gettext, ngettext = _template_gettext()
        app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)


def _template_gettext():
    """``_``/``gettext`` and ``ngettext`` for templates, with Jinja's "newstyle" meaning: the
    text is escaped for HTML and always formatted with the named values.

    Jinja's own pair costs three template calls per string (``_`` looks up ``gettext`` in the
    context, which calls the function it wraps, each through ``Context.call``); a list page
    has ~150 strings. These do the same work in one call. A string without values is
    remembered per language as the markup it becomes (labels repeat on every card and row).
    """
    remembered: dict[str, dict[str, Markup]] = {}  # language → message → markup

    @pass_eval_context
    def gettext(eval_ctx, string: str, **variables):
        locale = get_locale()
        if not variables and eval_ctx.autoescape and locale is not None:
            texts = remembered.setdefault(_code_of(locale), {})
            known = texts.get(string)
            if known is None:
                text = DOMAIN.get_translations().ugettext(string)
                known = texts[string] = Markup(text) % {}  # noqa: S704 (as below)
            return known
        text = DOMAIN.get_translations().ugettext(string)
        # The catalogues are the platform's own text, trusted as Jinja trusts them.
        return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, num: int, **variables):
        variables.setdefault("num", num)
        text = DOMAIN.get_translations().ungettext(singular, plural, num)
        return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704

    return gettext, ngettext
