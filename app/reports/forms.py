"""The reports' filter form: read from the URL (GET), so a report can be bookmarked and sent."""

from __future__ import annotations

from datetime import date

from wtforms import DateField, SelectChoice
from wtforms.validators import Optional, ValidationError

from app.catalogue.models import KIND_TITLES, TOPICS
from app.core.babel import lazy_gettext as _l
from app.core.babel import lazy_pgettext
from app.core.forms import LANGUAGE_CHOICES, QuickSelectField
from app.core.i18n import BaseForm
from app.core.urls import parse_id
from app.reports.queries import ReportFilter


def _any(title):
    return [SelectChoice("", title)]


class ReportFilterForm(BaseForm):
    class Meta:
        csrf = False

    # With a context: a bare "To" is the recipient of a message in the catalogues.
    date_from = DateField(lazy_pgettext("start of a period", "From"), validators=[Optional()])
    date_to = DateField(lazy_pgettext("end of a period", "To"), validators=[Optional()])
    kind = QuickSelectField(
        _l("Type"),
        validators=[Optional()],
        choices=_any(_l("All types")) + [SelectChoice(k.value, t) for k, t in KIND_TITLES.items()],
    )
    topic = QuickSelectField(
        _l("Topic"),
        validators=[Optional()],
        choices=_any(_l("All topics")) + [SelectChoice(k, t) for k, t in TOPICS.items()],
    )
    country = QuickSelectField(_l("Country/region"), validators=[Optional()], choices=[])
    city = QuickSelectField(_l("City or organisation"), validators=[Optional()], choices=[])
    language = QuickSelectField(
        _l("Language of instruction"),
        validators=[Optional()],
        choices=_any(_l("All languages")) + LANGUAGE_CHOICES,
    )

    def __init__(self, *args, countries=(), cities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = _any(_l("All countries and regions")) + [
            SelectChoice(code, name) for code, name in countries
        ]
        self.city.choices = _any(_l("All cities and organisations")) + [
            SelectChoice(str(city_id), name) for city_id, name in cities
        ]

    def validate_date_to(self, field):
        start = self.date_from.data
        if isinstance(field.data, date) and isinstance(start, date) and field.data < start:
            raise ValidationError(_l("The end of the period must not be before its start."))

    def report_filter(self) -> ReportFilter:
        """Only values that passed validation reach the query; the rest are dropped (their
        message stays on the page)."""
        if not self.validate():
            for field in self:
                if field.errors:
                    field.data = None
        return ReportFilter(
            date_from=self.date_from.data if isinstance(self.date_from.data, date) else None,
            date_to=self.date_to.data if isinstance(self.date_to.data, date) else None,
            kind=self.kind.data or "",
            topic=self.topic.data or "",
            city_id=parse_id(self.city.data) if self.city.data else None,
            country=self.country.data or "",
            language=self.language.data or "",
        )
