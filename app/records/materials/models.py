"""Materials (files and links) of an offering, their kept versions and the record of opening."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.core.localized import localized
from app.extensions import db


class MaterialKind(enum.StrEnum):
    FILE = "file"
    LINK = "link"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    ENROLLED = "enrolled"

    @property
    def title(self) -> str:
        return str(VISIBILITY_TITLES[self])


VISIBILITY_TITLES = {
    Visibility.PUBLIC: _l("Everyone"),
    Visibility.ENROLLED: _l("Enrolled participants only"),
}


class Material(db.Model):
    """A file or a link handed out in an offering, attached to it, to a module or a session.

    A file's content lives in its versions (never deleted); ``version`` is the number of the
    one participants get. Withdrawn materials stay for the record but are shown to nobody but
    the offering's instructors and staff.
    """

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(8))
    titles: Mapped[dict] = mapped_column(JSON, default=dict)  # {locale: title}
    url: Mapped[str] = mapped_column(String(1000), default="")  # links only
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.ENROLLED)
    release_at: Mapped[datetime | None]
    is_required: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=0)
    withdrawn_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Read through materials/services.py (versions_of, one statement), never lazily.
    versions: Mapped[list[MaterialVersion]] = relationship(
        back_populates="material", order_by="MaterialVersion.number", lazy="raise_on_sql"
    )

    def __repr__(self) -> str:
        return f"<Material {self.id} {self.kind} of {self.offering_id} v{self.version}>"

    def title(self, locale: str, fallback: str) -> str:
        return localized(self.titles, locale, fallback) or f"#{self.id}"

    def is_released(self, now: datetime) -> bool:
        return self.release_at is None or self.release_at <= now


class MaterialVersion(db.Model):
    """One uploaded file of a material; the stored content is found by its hash."""

    __tablename__ = "material_versions"
    __table_args__ = (UniqueConstraint("material_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="CASCADE"))
    number: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))  # as given, cleaned; metadata only
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    restored_from: Mapped[int | None]  # the version number this one brought back
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    material: Mapped[Material] = relationship(back_populates="versions")

    def __repr__(self) -> str:
        return f"<MaterialVersion {self.material_id} v{self.number} {self.storage_key[:8]}>"


class MaterialOpening(db.Model):
    """The first time a person opened a material (the record completion rules read)."""

    __tablename__ = "material_openings"
    __table_args__ = (UniqueConstraint("material_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(default=0)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<MaterialOpening {self.material_id} by {self.user_id}>"
