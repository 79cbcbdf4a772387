"""Certificates' files (PDFs, the officer's signature image, ZIPs of an offering's PDFs) in the
platform's storage (``app/core/storage.py``: the local folder or an S3-compatible store, chosen
by ``STORAGE_URL``, the same as materials), under the SHA-256 of their content.

Keys written before the storage interface existed (``certificates/ab/<sha256>.pdf`` under
``STORAGE_DIR``) are still read, from that folder; a PDF read that way is stored again under
its new key by ``services.ensure_pdf``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from app.core.storage import StorageError, check_key, get_storage

_LEGACY_KEY = re.compile(r"^certificates/[0-9a-f]{2}/[0-9a-f]{64}\.(pdf|png)$")


def put_bytes(data: bytes) -> str:
    """Keep ``data``; returns its storage key."""
    return get_storage().put(io.BytesIO(data)).key


def put_stream(stream: BinaryIO) -> tuple[str, int]:
    """Keep a file read from ``stream`` (a ZIP written to a temporary file); key and size."""
    stored = get_storage().put(stream)
    return stored.key, stored.size


def is_current_key(key: str | None) -> bool:
    try:
        check_key(key or "")
    except StorageError:
        return False
    return True


def read_bytes(key: str | None) -> bytes | None:
    """The stored file's content, or None when there is none under ``key``."""
    if not key:
        return None
    if _LEGACY_KEY.match(key):
        path = Path(current_app.config["STORAGE_DIR"]) / key
        return path.read_bytes() if path.is_file() else None
    try:
        with get_storage().open(key) as stream:
            return stream.read()
    except StorageError:
        return None


def open_stream(key: str | None) -> BinaryIO | None:
    """The stored file to stream in a response (the response closes it), or None."""
    if not is_current_key(key):
        return None
    try:
        return get_storage().open(key)
    except StorageError:
        return None
