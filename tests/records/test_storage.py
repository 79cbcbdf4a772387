"""The storage interface on a local folder and on a real S3-compatible server (moto)."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from app.core.storage import LocalStorage, S3Storage, StorageError, storage_from_url


@pytest.fixture(params=("local", "s3"))
def storage(request, tmp_path):
    if request.param == "local":
        return storage_from_url(f"file://{tmp_path / 'files'}", str(tmp_path / "unused"))
    return storage_from_url(request.getfixturevalue("s3_url"), str(tmp_path / "unused"))


def test_put_keys_by_content_and_opens_it_back(storage):
    """The key is the SHA-256 of the bytes; the same bytes are kept once under the same key."""
    body = "材料 📄 ".encode() * 50_000  # larger than one chunk
    stored = storage.put(io.BytesIO(body))
    assert stored.key == hashlib.sha256(body).hexdigest()
    assert stored.size == len(body)
    assert storage.exists(stored.key)
    with storage.open(stored.key) as handle:
        assert handle.read() == body
    again = storage.put(io.BytesIO(body))
    assert again == stored


def test_unknown_key_does_not_exist(storage):
    """A well-formed key of content never stored is reported missing, and opening it fails."""
    key = hashlib.sha256(b"never stored").hexdigest()
    assert not storage.exists(key)
    with pytest.raises(StorageError):
        storage.open(key)


@pytest.mark.parametrize("key", ["../../etc/passwd", "a" * 63, "A" * 64, "..%2f" * 13, ""])
def test_only_content_hashes_are_keys(storage, key):
    """No name from a person can reach a path or an object key."""
    with pytest.raises(StorageError):
        storage.exists(key)
    with pytest.raises(StorageError):
        storage.open(key)


def test_storage_has_no_delete(storage):
    """Files are never deleted: earlier versions stay restorable."""
    assert not any(hasattr(storage, name) for name in ("delete", "remove", "unlink"))


def test_local_files_live_under_the_root_by_hash(tmp_path):
    """The local folder keeps files under their hash, inside the root, leaving no temporary."""
    root = tmp_path / "files"
    storage = LocalStorage(str(root))
    stored = storage.put(io.BytesIO(b"%PDF-1.4 hello"))
    path = storage.path(stored.key)
    assert os.path.realpath(path).startswith(str(root.resolve()) + os.sep)
    assert os.path.basename(path) == stored.key
    files = [name for _, _, names in os.walk(root) for name in names]
    assert files == [stored.key]


def test_storage_url_chooses_the_implementation(tmp_path, s3_url):
    """Empty: the default folder; file://: that folder; s3://: the object store."""
    default = storage_from_url("", str(tmp_path / "default"))
    assert isinstance(default, LocalStorage)
    assert default.root == str((tmp_path / "default").resolve())
    s3 = storage_from_url(s3_url, "")
    assert isinstance(s3, S3Storage)
    assert s3.prefix == "materials/"
    with pytest.raises(StorageError):
        storage_from_url("ftp://example.org/x", "")
