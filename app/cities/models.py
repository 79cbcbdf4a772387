"""Cities and organisations that officials belong to."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

# Column holding the name in each locale.
NAME_COLUMNS = {
    "en": "name_en",
    "zh_Hant_TW": "name_zh_hant_tw",
    "ko": "name_ko",
    "ja": "name_ja",
    "zh_Hans_CN": "name_zh_hans_cn",
}


class City(db.Model):
    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(String(2), index=True)
    name_en: Mapped[str] = mapped_column(String(160), unique=True)
    name_zh_hant_tw: Mapped[str] = mapped_column(String(160))
    name_ko: Mapped[str] = mapped_column(String(160))
    name_ja: Mapped[str] = mapped_column(String(160))
    name_zh_hans_cn: Mapped[str] = mapped_column(String(160))
    is_member: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<City {self.id} {self.name_en} ({self.country_code})>"

    def name(self, locale: str) -> str:
        return getattr(self, NAME_COLUMNS.get(locale, "name_en")) or self.name_en
