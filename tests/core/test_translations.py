"""The five catalogues are complete, free of fuzzy entries, and compiled from the current .po."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.core.i18n import LOCALE_CODES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"


def _catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def _template_ids() -> set:
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_template_is_current():
    """messages.pot holds every string of the code (run `make translations` after a change)."""
    from babel.messages.extract import extract_from_dir

    method_map = [
        ("**.py", "python"),
        ("**/templates/**.html", "jinja2"),
        ("**/templates/**.txt", "jinja2"),
    ]
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT / "app"),
        method_map,
        keywords={
            "_": None,
            "_l": None,
            "gettext": None,
            "lazy_gettext": None,
            "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2),
            "lazy_pgettext": ((1, "c"), 2),
        },
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    assert found == _template_ids()


@pytest.mark.parametrize("locale", LOCALE_CODES)
def test_catalogue_is_complete(locale):
    catalog = _catalog(locale)
    ids = {m.id for m in catalog if m.id}
    assert ids == _template_ids(), "catalogue out of date: run `make translations`"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{locale}: fuzzy entry {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{locale}: untranslated {message.id!r}"
        assert not message.check(catalog), f"{locale}: placeholder mismatch in {message.id!r}"


@pytest.mark.parametrize("locale", LOCALE_CODES)
def test_compiled_catalogue_is_not_stale(locale):
    catalog = _catalog(locale)
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = read_mo(handle)
    as_key = lambda value: tuple(value) if isinstance(value, list | tuple) else value  # noqa: E731
    expected = {as_key(m.id): as_key(m.string) for m in catalog if m.id}
    actual = {as_key(m.id): as_key(m.string) for m in compiled if m.id}
    assert actual == expected, "messages.mo is stale: run `make translations`"


@pytest.mark.parametrize("locale", ["zh_Hant_TW", "ko", "ja", "zh_Hans_CN"])
def test_translations_differ_from_english(locale):
    """A catalogue filled with English would pass the checks above; this one would not."""
    catalog = _catalog(locale)
    # Words of its own: a pattern of placeholders alone ("%(label)s: %(value)s") has none.
    own_words = lambda text: any(c.isalpha() for c in re.sub(r"%\(\w+\)[sd]", "", text))  # noqa: E731
    same = [m.id for m in catalog if m.id and m.string == m.id and own_words(m.id)]
    allowed = {"KCC Academy", "PDF"}  # a format name every language writes so
    assert not [s for s in same if s not in allowed]
