from __future__ import annotations

import functools

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app.cities.services import name_taken
from app.core.i18n import BaseForm, country_name

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


class CityForm(BaseForm):
    country_code = SelectField(_l("Country/region"), validators=[DataRequired()])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=160)])
    name_zh_hant_tw = StringField(
        _l("Name in Traditional Chinese"), validators=[DataRequired(), Length(max=160)]
    )
    name_ko = StringField(_l("Name in Korean"), validators=[DataRequired(), Length(max=160)])
    name_ja = StringField(_l("Name in Japanese"), validators=[DataRequired(), Length(max=160)])
    name_zh_hans_cn = StringField(
        _l("Name in Simplified Chinese"), validators=[DataRequired(), Length(max=160)]
    )
    is_member = BooleanField(_l("ICLEI member"))
    is_active = BooleanField(_l("Shown in the list"), default=True)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, city_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.city_id = city_id
        locale = str(get_locale())
        # A required list starts with an empty choice, so nothing is chosen by accident.
        self.country_code.choices = [SelectChoice("", _l("Choose a country or region"))] + [
            SelectChoice(c, country_name(c, locale)) for c in COUNTRY_CODES
        ]

    def validate_name_en(self, field):
        if name_taken(field.data, self.city_id):
            raise ValidationError(_l("A city or organisation with this name already exists."))
