"""What an uploaded file may be: an allowed extension whose content (magic bytes) agrees."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import puremagic

from app.core.babel import lazy_gettext as _l
from app.core.errors import DomainError

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "mp4": "video/mp4",
    "mp3": "audio/mpeg",
}
# Office Open XML files are ZIP archives; the folder inside says which kind they are.
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
HEAD_BYTES = 8192
MAX_NAME = 180


class UploadRefused(DomainError):
    message = _l("This file cannot be accepted.")


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    extension: str
    content_type: str
    size: int


def clean_filename(raw: str) -> str:
    """The last part of the name a browser sent, without control characters or surrounding
    dots and spaces, at most MAX_NAME characters (the extension kept). Metadata only: it never
    reaches a path or a storage key."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = unicodedata.normalize("NFC", name).strip(" .")
    if len(name) > MAX_NAME:
        stem, ext = os.path.splitext(name)
        name = stem[: MAX_NAME - len(ext)] + ext
    return name


def _size(stream: BinaryIO) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _content_agrees(extension: str, stream: BinaryIO) -> bool:
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    try:
        found = {match.extension.lower() for match in puremagic.magic_string(head)}
    except puremagic.PureError:
        return False
    wanted = {f".{extension}"} | ({".jpg", ".jpeg"} if extension in {"jpg", "jpeg"} else set())
    if not found & wanted:
        return False
    if extension in OOXML_FOLDERS:
        try:
            with zipfile.ZipFile(stream) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            stream.seek(0)
        folder = OOXML_FOLDERS[extension]
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    return True


def check_upload(raw_name: str, stream: BinaryIO, max_bytes: int) -> CheckedUpload:
    """Refuse a file whose name, size or content is not acceptable (before it is stored)."""
    name = clean_filename(raw_name)
    extension = os.path.splitext(name)[1].lstrip(".").lower()
    if not name or extension not in CONTENT_TYPES:
        raise UploadRefused(
            _l(
                "Files of this type are not accepted. Please upload a PDF, an Office document "
                "(Word, Excel, PowerPoint), a PNG or JPEG image, or an MP4 or MP3 file."
            )
        )
    size = _size(stream)
    if size == 0:
        raise UploadRefused(_l("The file is empty."))
    if size > max_bytes:
        raise UploadRefused(
            _l("The file is larger than %(limit)s MB.", limit=max(1, max_bytes // (1024 * 1024)))
        )
    if not _content_agrees(extension, stream):
        raise UploadRefused(
            _l(
                "The content of the file does not match its name (.%(extension)s).",
                extension=extension,
            )
        )
    return CheckedUpload(
        filename=name, extension=extension, content_type=CONTENT_TYPES[extension], size=size
    )
