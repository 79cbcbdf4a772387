from __future__ import annotations

import functools

from wtforms import BooleanField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.cities.services import name_taken
from app.core.babel import lazy_gettext as _l
from app.core.babel import locale_code
from app.core.forms import QuickSelectField
from app.core.i18n import LOCALE_BY_CODE, LOCALE_CODES, BaseForm, country_name

COUNTRY_CODES = (
    "TW",
    "KR",
    "JP",
    "CN",
    "HK",
    "MO",
    "MN",
    "PH",
    "VN",
    "TH",
    "ID",
    "MY",
    "SG",
    "KH",
    "LA",
    "MM",
    "BN",
    "TL",
    "IN",
    "BD",
    "NP",
    "LK",
    "AU",
    "NZ",
    "DE",
    "US",
)


@functools.cache
def countries_for_filter(locale: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country or region cities may belong to, by name in ``locale``."""
    return tuple(sorted(((c, country_name(c, locale)) for c in COUNTRY_CODES), key=lambda x: x[1]))


# The form's field for the name in each language (also the columns of the cities CSV).
NAME_FIELDS = {code: f"name_{code.lower()}" for code in LOCALE_CODES}


def _name_field(label, *validators):
    return StringField(label, validators=[*validators, Length(max=160)])


class CityForm(BaseForm):
    country_code = QuickSelectField(_l("Country/region"), validators=[DataRequired()])
    # English is required (every other language falls back to it); the others are optional.
    name_en = _name_field(_l("Name in English"), DataRequired())
    name_zh_hant_tw = _name_field(_l("Name in Traditional Chinese"), Optional())
    name_ko = _name_field(_l("Name in Korean"), Optional())
    name_ja = _name_field(_l("Name in Japanese"), Optional())
    name_zh_hans_cn = _name_field(_l("Name in Simplified Chinese"), Optional())
    is_member = BooleanField(_l("ICLEI member"))
    is_active = BooleanField(_l("Shown in the list"), default=True)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, city=None, **kwargs):
        if city is not None:  # one field per language, from the city's {locale: name}
            kwargs = {**{f: city.names.get(c, "") for c, f in NAME_FIELDS.items()}, **kwargs}
        super().__init__(*args, obj=city, **kwargs)
        self.city_id = city.id if city is not None else None
        locale = locale_code()
        # A required list starts with an empty choice, so nothing is chosen by accident.
        self.country_code.choices = [SelectChoice("", _l("Choose a country or region"))] + [
            SelectChoice(c, country_name(c, locale)) for c in COUNTRY_CODES
        ]
        for code, name in NAME_FIELDS.items():
            getattr(self, name).render_kw = {"lang": LOCALE_BY_CODE[code].html_lang}

    def names(self) -> dict[str, str]:
        return {code: getattr(self, name).data or "" for code, name in NAME_FIELDS.items()}

    def values(self) -> dict:
        """What ``save_city`` takes."""
        return {
            "country_code": self.country_code.data,
            "names": self.names(),
            "is_member": self.is_member.data,
            "is_active": self.is_active.data,
        }

    def validate_name_en(self, field):
        if name_taken(field.data, self.city_id):
            raise ValidationError(_l("A city or organisation with this name already exists."))
