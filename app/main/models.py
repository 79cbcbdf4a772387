"""The home page's counts, kept in one row (see reach.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime
from app.extensions import db


class SiteReach(db.Model):
    """The centre's reach as last counted. One row (id 1). ``counted_at`` is when a count was
    last started, so a reader who finds it old starts no second one."""

    __tablename__ = "site_reach"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cities: Mapped[int] = mapped_column(Integer, default=0)
    officials: Mapped[int] = mapped_column(Integer, default=0)
    offerings: Mapped[int] = mapped_column(Integer, default=0)
    certificates: Mapped[int] = mapped_column(Integer, default=0)
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return (
            f"<SiteReach {self.cities} cities, {self.officials} officials, "
            f"{self.offerings} offerings, {self.certificates} certificates at {self.counted_at}>"
        )
