"""Flask-Babel, with each page's many translations looked up cheaply.

A list page asks for ~200 translated strings and formats ~100 dates and lists. Flask-Babel
answers each ``gettext`` by reaching the request's context three times and naming the locale
afresh (``str(Locale)`` rebuilds "zh_Hant_TW" from its parts), which was a tenth of a
catalogue page's time. Here the catalogue is kept per ``Locale`` object (the request's locale
is one object, chosen once per request), and templates call the domain directly.
"""

from __future__ import annotations

from functools import cached_property

from babel import Locale, support
from flask import Flask
from flask_babel import Babel, Domain, get_locale


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


class KccBabel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return LocaleKeyedDomain(domain=self.domain)

    def init_app(self, app: Flask, *args, **kwargs) -> None:
        super().init_app(app, *args, **kwargs)
        # Flask-Babel's template callables go through its module functions (the request's
        # context again); these call the one domain the platform uses.
        # (The domain is built at its first use: naming it needs an application context.)
        app.jinja_env.install_gettext_callables(
            gettext=lambda s: self._translations().ugettext(s),
            ngettext=lambda s, p, n: self._translations().ungettext(s, p, n),
            pgettext=lambda c, s: self._translations().upgettext(c, s),
            npgettext=lambda c, s, p, n: self._translations().unpgettext(c, s, p, n),
            newstyle=True,
        )

    def _translations(self):
        return self.domain_instance.get_translations()
