"""Cities and organisations that officials belong to."""

from __future__ import annotations

from sqlalchemy import JSON, String, Text, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import escape_like
from app.core.i18n import DEFAULT_LOCALE
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
    # The names in every language, lowercased, one a line: what a search by name reads (one
    # plain column, not five JSON fields each lowercased for each of the ~600 rows: 1.8 ms a
    # search on SQLite, 3.2 on PostgreSQL). Written from ``names`` whenever they are written.
    search_names: Mapped[str] = mapped_column(Text, default="", server_default="")
    is_member: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<City {self.id} {self.name(DEFAULT_LOCALE)} ({self.country_code})>"

    def name(self, locale: str) -> str:
        return localized(self.names, locale, DEFAULT_LOCALE)

    @classmethod
    def name_contains(cls, text: str):
        """Cities whose name in any language contains ``text``, whatever its case."""
        pattern = f"%{escape_like(text.lower())}%"
        return cls.search_names.like(pattern, escape="\\")


def search_names_of(names: dict | None) -> str:
    return "\n".join(name.lower() for name in (names or {}).values() if name)


@event.listens_for(City, "before_insert")
def _write_search_names(_mapper, _connection, city: City) -> None:
    city.search_names = search_names_of(city.names)


@event.listens_for(City, "before_update")
def _keep_search_names(_mapper, _connection, city: City) -> None:
    # Only when the names were given anew (a JSON column is written on assignment): a change
    # of another field must not read names it has not loaded.
    if inspect(city).attrs.names.history.has_changes():
        city.search_names = search_names_of(city.names)
