"""File storage by content: put a stream, get back its SHA-256 key; open, ask whether it exists.

Nothing is ever deleted (earlier versions of a material stay restorable), and no name given by
a person reaches a path or an object key: the key is the hex digest of the content. Two
implementations, chosen by ``STORAGE_URL``: a local folder (default: ``STORAGE_DIR``, under the
instance folder, outside the web root) and any S3-compatible object store (boto3), for
deployments with several app servers.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from typing import BinaryIO, Protocol
from urllib.parse import parse_qs, urlsplit

from flask import Flask, current_app

CHUNK = 1024 * 1024
KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class StorageError(Exception):
    """The storage could not keep or find a file."""


@dataclass(frozen=True)
class Stored:
    key: str  # SHA-256 of the content, 64 hex digits
    size: int


def check_key(key: str) -> str:
    """Only a content hash is ever a key; anything else (``../x``) is refused."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise StorageError("not a storage key")
    return key


class Storage(Protocol):
    def put(self, stream: BinaryIO) -> Stored: ...

    def open(self, key: str) -> BinaryIO: ...

    def exists(self, key: str) -> bool: ...


def _spool(stream: BinaryIO, directory: str | None = None) -> tuple[str, Stored]:
    """Copy the stream to a temporary file, hashing it on the way."""
    digest = hashlib.sha256()
    size = 0
    handle, path = tempfile.mkstemp(prefix=".upload-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except BaseException:
        os.unlink(path)
        raise
    return path, Stored(key=digest.hexdigest(), size=size)


class LocalStorage:
    """Files under ``root/ab/cd/<key>``; written to a temporary name, then renamed atomically."""

    def __init__(self, root: str):
        self.root = os.path.realpath(root)

    def path(self, key: str) -> str:
        check_key(key)
        path = os.path.realpath(os.path.join(self.root, key[:2], key[2:4], key))
        if os.path.commonpath([path, self.root]) != self.root:  # cannot happen with a hex key
            raise StorageError("outside the storage root")
        return path

    def put(self, stream: BinaryIO) -> Stored:
        os.makedirs(self.root, exist_ok=True)
        temporary, stored = _spool(stream, self.root)
        target = self.path(stored.key)
        try:
            if os.path.exists(target):
                return stored  # same content already kept
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.chmod(temporary, 0o640)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return stored

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self.path(key), "rb")  # the response closes it
        except FileNotFoundError as error:
            raise StorageError("no such file") from error

    def exists(self, key: str) -> bool:
        return os.path.isfile(self.path(key))


class S3Storage:
    """Objects ``<prefix><key>`` in one bucket of an S3-compatible store."""

    def __init__(self, bucket: str, prefix: str = "", **client_options):
        # boto3 is needed (and imported) only with an S3 STORAGE_URL
        import boto3

        self.bucket = bucket
        self.prefix = prefix
        self.client = boto3.client("s3", **client_options)

    def _name(self, key: str) -> str:
        return f"{self.prefix}{check_key(key)}"

    def put(self, stream: BinaryIO) -> Stored:
        temporary, stored = _spool(stream)
        try:
            if not self.exists(stored.key):
                with open(temporary, "rb") as source:
                    self.client.upload_fileobj(
                        source,
                        self.bucket,
                        self._name(stored.key),
                        ExtraArgs={"ContentType": "application/octet-stream"},
                    )
        finally:
            os.unlink(temporary)
        return stored

    def open(self, key: str) -> BinaryIO:
        # boto3 is needed (and imported) only with an S3 STORAGE_URL
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            raise StorageError("no such file") from error
        return answer["Body"]

    def exists(self, key: str) -> bool:
        # boto3 is needed (and imported) only with an S3 STORAGE_URL
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True


def storage_from_url(url: str, default_dir: str) -> Storage:
    """``""`` or ``file:///path`` → a local folder; ``s3://bucket/prefix?endpoint_url=&region=``
    → an S3-compatible store."""
    if not url:
        return LocalStorage(default_dir)
    parts = urlsplit(url)
    if parts.scheme == "file":
        return LocalStorage(parts.path or default_dir)
    if parts.scheme == "s3":
        if not parts.netloc:
            raise StorageError("STORAGE_URL needs a bucket: s3://bucket/prefix")
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        options = {}
        if query.get("endpoint_url"):
            options["endpoint_url"] = query["endpoint_url"]
        if query.get("region"):
            options["region_name"] = query["region"]
        prefix = parts.path.lstrip("/")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return S3Storage(parts.netloc, prefix, **options)
    raise StorageError(f"unknown storage scheme {parts.scheme!r}")


def init_storage(app: Flask) -> None:
    app.extensions["kcc_storage"] = storage_from_url(
        app.config.get("STORAGE_URL", ""), app.config["STORAGE_DIR"]
    )


def get_storage() -> Storage:
    app = current_app._get_current_object()
    if "kcc_storage" not in app.extensions:
        init_storage(app)
    return app.extensions["kcc_storage"]


def copy_to(storage: Storage, key: str, target) -> None:
    """Write a stored file to an open binary file (exports, tests)."""
    with storage.open(key) as source:
        shutil.copyfileobj(source, target, CHUNK)
