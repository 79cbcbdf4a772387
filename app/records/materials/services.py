"""Materials: add files and links, replace and restore versions, withdraw, record opening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import BinaryIO

from flask import current_app
from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.exc import IntegrityError

from app.catalogue.models import Module, Offering, OfferingSession
from app.core.audit import record_event
from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.localized import localized
from app.core.reads import read
from app.core.storage import StorageError, get_storage
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.materials.models import (
    Material,
    MaterialKind,
    MaterialOpening,
    MaterialVersion,
    Visibility,
)
from app.records.materials.uploads import check_upload
from app.records.signals import record_changed


class MaterialError(DomainError):
    message = _l("This material cannot be changed in this way.")


@dataclass
class MaterialDetails:
    titles: dict[str, str]
    visibility: str = Visibility.ENROLLED
    release_at: datetime | None = None
    is_required: bool = False
    module_id: int | None = None
    session_id: int | None = None
    url: str = ""


@dataclass
class Upload:
    filename: str
    stream: BinaryIO


def _snapshot(material: Material) -> dict:
    return {
        "titles": dict(material.titles),
        "visibility": material.visibility,
        "release_at": material.release_at.isoformat() if material.release_at else None,
        "is_required": material.is_required,
        "module_id": material.module_id,
        "session_id": material.session_id,
        "url": material.url,
        "version": material.version,
        "withdrawn": material.withdrawn_at is not None,
    }


def _check_attachment(offering: Offering, details: MaterialDetails) -> None:
    """A module or session given must belong to the same offering (never trust an id)."""
    if details.module_id is not None and details.session_id is not None:
        raise MaterialError(_l("Attach the material to a module or to a session, not both."))
    if details.module_id is not None:
        module = db.session.get(Module, details.module_id)
        if module is None or module.offering_id != offering.id:
            raise MaterialError(_l("This module is not part of the offering."))
    if details.session_id is not None:
        session = db.session.get(OfferingSession, details.session_id)
        if session is None or session.offering_id != offering.id:
            raise MaterialError(_l("This session is not part of the offering."))
    if details.visibility not in set(Visibility):
        raise MaterialError()
    if not any(title.strip() for title in details.titles.values()):
        raise MaterialError(_l("Enter a title in at least one language."))


def _apply(material: Material, details: MaterialDetails) -> None:
    material.titles = {k: v.strip() for k, v in details.titles.items() if v and v.strip()}
    material.visibility = details.visibility
    material.release_at = details.release_at
    material.is_required = details.is_required
    material.module_id = details.module_id
    material.session_id = details.session_id


def _store(actor, material: Material, upload: Upload, restored_from: int | None = None):
    checked = check_upload(upload.filename, upload.stream, current_app.config["MATERIAL_MAX_BYTES"])
    stored = get_storage().put(upload.stream)
    material.version += 1
    version = MaterialVersion(
        material=material,
        number=material.version,
        storage_key=stored.key,
        filename=checked.filename,
        content_type=checked.content_type,
        size=stored.size,
        restored_from=restored_from,
        uploaded_by_id=actor.id,
    )
    db.session.add(version)
    return version


def add_file(actor, offering: Offering, details: MaterialDetails, upload: Upload) -> Material:
    """A new file material; the content is checked before anything is stored."""
    _check_attachment(offering, details)
    check_upload(upload.filename, upload.stream, current_app.config["MATERIAL_MAX_BYTES"])
    material = Material(
        offering_id=offering.id, kind=MaterialKind.FILE, created_by_id=actor.id, version=0
    )
    _apply(material, details)
    db.session.add(material)
    version = _store(actor, material, upload)
    db.session.flush()
    record_event(
        actor,
        "material.added",
        material,
        after={**_snapshot(material), "filename": version.filename, "key": version.storage_key},
    )
    return material


def add_link(actor, offering: Offering, details: MaterialDetails) -> Material:
    _check_attachment(offering, details)
    if not details.url.startswith(("https://", "http://")):
        raise MaterialError(_l("Enter a full web address starting with https://."))
    material = Material(
        offering_id=offering.id, kind=MaterialKind.LINK, url=details.url, created_by_id=actor.id
    )
    _apply(material, details)
    db.session.add(material)
    db.session.flush()
    record_event(actor, "material.added", material, after=_snapshot(material))
    return material


def add_material(
    actor, offering: Offering, kind: str, details: MaterialDetails, upload: Upload | None
) -> Material:
    """A new material of ``kind``: a link, or a file with its ``upload``."""
    if kind == MaterialKind.LINK:
        return add_link(actor, offering, details)
    return add_file(actor, offering, details, upload)


def update_details(actor, offering: Offering, material: Material, details: MaterialDetails):
    _check_attachment(offering, details)
    before = _snapshot(material)
    _apply(material, details)
    if material.kind == MaterialKind.LINK:
        if not details.url.startswith(("https://", "http://")):
            raise MaterialError(_l("Enter a full web address starting with https://."))
        material.url = details.url
    db.session.flush()
    after = _snapshot(material)
    if after != before:
        record_event(actor, "material.changed", material, before=before, after=after)


def replace_file(actor, material: Material, upload: Upload) -> MaterialVersion:
    """A new version; earlier ones stay and can be restored."""
    if material.kind != MaterialKind.FILE:
        raise MaterialError()
    before = material.version
    version = _store(actor, material, upload)
    db.session.flush()
    record_event(
        actor,
        "material.replaced",
        material,
        before={"version": before},
        after={"version": version.number, "filename": version.filename},
    )
    return version


def save_material(
    actor, offering: Offering, material: Material, details: MaterialDetails, upload: Upload | None
) -> None:
    """Save an edited material: its details and, for a file given a new upload, a new version."""
    update_details(actor, offering, material, details)
    if material.kind == MaterialKind.FILE and upload is not None:
        replace_file(actor, material, upload)


def restore_version(actor, material: Material, number: int) -> MaterialVersion:
    """Bring an earlier version back as the newest (history stays linear and complete)."""
    old = db.session.scalar(
        select(MaterialVersion).where(
            MaterialVersion.material_id == material.id, MaterialVersion.number == number
        )
    )
    if old is None or number == material.version:
        raise MaterialError(_l("This version cannot be restored."))
    before = material.version
    material.version += 1
    version = MaterialVersion(
        material=material,
        number=material.version,
        storage_key=old.storage_key,
        filename=old.filename,
        content_type=old.content_type,
        size=old.size,
        restored_from=old.number,
        uploaded_by_id=actor.id,
    )
    db.session.add(version)
    db.session.flush()
    record_event(
        actor,
        "material.restored",
        material,
        before={"version": before},
        after={"version": version.number, "restored_from": number},
    )
    return version


def set_withdrawn(actor, material: Material, withdrawn: bool) -> None:
    before = _snapshot(material)
    material.withdrawn_at = utcnow() if withdrawn else None
    db.session.flush()
    record_event(
        actor,
        "material.withdrawn" if withdrawn else "material.reinstated",
        material,
        before=before,
        after=_snapshot(material),
    )


def current_version(material: Material) -> MaterialVersion | None:
    return db.session.scalar(
        select(MaterialVersion).where(
            MaterialVersion.material_id == material.id,
            MaterialVersion.number == material.version,
        )
    )


def open_version(material: Material, number: int | None) -> tuple[MaterialVersion, BinaryIO] | None:
    """Version ``number`` of a file material (the current one when not given) and its stored
    bytes; None when there is no such version or its file is missing from storage."""
    version = db.session.scalar(
        select(MaterialVersion).where(
            MaterialVersion.material_id == material.id,
            MaterialVersion.number == (number or material.version),
        )
    )
    if version is None:
        return None
    try:
        return version, get_storage().open(version.storage_key)
    except StorageError:
        return None


def open_file(
    user,
    material: Material,
    enrolment: Enrolment | None,
    number: int | None,
    *,
    manager: bool,
) -> tuple[MaterialVersion, BinaryIO] | None:
    """Version ``number`` of a file material and its bytes (see ``open_version``); a reader's
    opening is recorded, a manager's (checking the file) is not."""
    opened = open_version(material, number)
    if opened is not None and not manager:
        record_opening(user, material, enrolment)
    return opened


def versions_of(material: Material) -> list[MaterialVersion]:
    """Every version of the material, newest first."""
    return list(
        db.session.scalars(
            select(MaterialVersion)
            .where(MaterialVersion.material_id == material.id)
            .order_by(MaterialVersion.number.desc())
        )
    )


def record_opening(user, material: Material, enrolment: Enrolment | None) -> bool:
    """Keep the first time a signed-in person opens a material. Returns True when it is new.

    Opening a required material for the first time may complete an enrolment: the records
    domain is told after the flush."""
    if user is None or not user.is_authenticated:
        return False
    exists = db.session.scalar(
        select(MaterialOpening.id).where(
            MaterialOpening.material_id == material.id, MaterialOpening.user_id == user.id
        )
    )
    if exists:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(
                MaterialOpening(material_id=material.id, user_id=user.id, version=material.version)
            )
    except IntegrityError:  # opened at the same moment in another request
        return False
    if material.is_required and enrolment is not None:
        record_changed.send(
            current_app._get_current_object(),
            offering_id=material.offering_id,
            enrolment_ids=[enrolment.id],
        )
    return True


def find_enrolment(user, offering_id: int) -> Enrolment | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.offering_id == offering_id)
    )


def materials_for_manager(offering_id: int) -> list[tuple[Material, MaterialVersion | None]]:
    """Every material with its current version, in one statement."""
    rows = db.session.execute(
        select(Material, MaterialVersion)
        .outerjoin(
            MaterialVersion,
            and_(
                MaterialVersion.material_id == Material.id,
                MaterialVersion.number == Material.version,
            ),
        )
        .where(Material.offering_id == offering_id)
        .order_by(Material.withdrawn_at.is_not(None), Material.created_at, Material.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


@cache
def _reader_statement(enrolled: bool) -> Select:
    """The offering's released materials a reader may open (all, or the public ones), each
    with whether this reader opened it. Built once per case: every view of an offering's
    page runs it, and building it cost about as much as running it."""
    opened = (
        select(MaterialOpening.id)
        .where(
            MaterialOpening.material_id == Material.id,
            MaterialOpening.user_id == bindparam("user_id"),
        )
        .exists()
    )
    statement = (
        select(
            Material.id,
            Material.titles,
            Material.is_required,
            MaterialVersion.filename,
            MaterialVersion.size,
            opened.label("opened"),
            Module.titles.label("module_titles"),
            OfferingSession.titles.label("session_titles"),
        )
        .select_from(Material)
        .outerjoin(
            MaterialVersion,
            and_(
                MaterialVersion.material_id == Material.id,
                MaterialVersion.number == Material.version,
            ),
        )
        .outerjoin(Module, Module.id == Material.module_id)
        .outerjoin(OfferingSession, OfferingSession.id == Material.session_id)
        .where(
            Material.offering_id == bindparam("offering_id"),
            Material.withdrawn_at.is_(None),
            or_(Material.release_at.is_(None), Material.release_at <= bindparam("now")),
        )
        .order_by(Material.created_at, Material.id)
    )
    if not enrolled:
        statement = statement.where(Material.visibility == Visibility.PUBLIC)
    return statement


@dataclass(frozen=True)
class ReaderMaterial:
    """A material as a reader's list shows it (columns, not the material's row)."""

    id: int
    title: str
    is_required: bool
    filename: str | None  # None for a link
    size: int | None
    opened: bool  # by this reader
    part: tuple[str, str] | None  # ("module" | "session", its title), or None


def materials_for_reader(
    offering_id: int, user, enrolled: bool, now: datetime, locale: str = "en", fallback: str = "en"
) -> list[ReaderMaterial]:
    """What a reader may open, in ``locale``: one statement of the columns the list shows."""
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    values = {"offering_id": offering_id, "user_id": user_id, "now": now}
    materials = []
    for row in read(_reader_statement(enrolled), values).all():
        part = None
        if row.module_titles is not None:
            part = ("module", localized(row.module_titles, locale, fallback))
        elif row.session_titles is not None:
            part = ("session", localized(row.session_titles, locale, fallback))
        materials.append(
            ReaderMaterial(
                id=row.id,
                title=localized(row.titles, locale, fallback) or f"#{row.id}",
                is_required=row.is_required,
                filename=row.filename,
                size=row.size,
                opened=bool(row.opened),
                part=part,
            )
        )
    return materials


def is_enrolled(enrolment: Enrolment | None) -> bool:
    return enrolment is not None and enrolment.status == EnrolmentStatus.ENROLLED
