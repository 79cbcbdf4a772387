"""Cities and organisations that officials belong to."""

from __future__ import annotations

from sqlalchemy import JSON, String, or_
from sqlalchemy.orm import Mapped, mapped_column

from app.core.i18n import DEFAULT_LOCALE, LOCALE_CODES
from app.core.localized import localized
from app.extensions import db


class City(db.Model):
    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(String(2), index=True)
    # {locale: name}; English is always there (the fallback, the name exports use) and no
    # two cities share it: cities/services.name_taken says so in the form, and a unique index
    # over the JSON key refuses it in the database. The index exists only in its migration
    # (b29dc63c475f: SQLite does not reflect an index over an expression, so a later
    # batch_alter_table("cities") on SQLite must create it again).
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    is_member: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<City {self.id} {self.name(DEFAULT_LOCALE)} ({self.country_code})>"

    def name(self, locale: str) -> str:
        return localized(self.names, locale, DEFAULT_LOCALE)

    @classmethod
    def any_name_like(cls, pattern: str, *, lower: bool = False):
        """Cities whose name in any of the site's languages is LIKE ``pattern`` (escaped
        with a backslash); ``lower`` compares the lower-cased names."""
        names = [cls.names[code].as_string() for code in LOCALE_CODES]
        if lower:
            return or_(*(db.func.lower(n).like(pattern, escape="\\") for n in names))
        return or_(*(n.ilike(pattern, escape="\\") for n in names))
