"""The issuer's Ed25519 signing keys and its decentralised identifier (DID).

Keys come from ``CREDENTIAL_KEYS`` (comma-separated base64url 32-byte seeds, oldest first) or,
without it, from ``<instance>/credential-keys/key-<n>.seed``, created on first use. The highest
number signs new credentials; older keys stay published, so credentials they signed still
verify after a rotation (``flask certificates rotate-key``).

The issuer is ``did:web`` of ``BASE_URL``'s host (DID document at ``/.well-known/did.json``
listing every key), or ``did:key`` of each key when the host is a loopback address (a laptop
cannot be resolved by anyone else).
"""

from __future__ import annotations

import base64
import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from flask import current_app

from app.certificates import signing

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


@dataclass(frozen=True)
class SigningKey:
    number: int
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def multibase(self) -> str:
        return signing.public_multibase(self.public_key)


def _seed(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _from_seed(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return Ed25519PrivateKey.from_private_bytes(raw)


def key_dir() -> Path:
    configured = current_app.config.get("CREDENTIAL_KEY_DIR")
    return Path(configured or os.path.join(current_app.instance_path, "credential-keys"))


def _read_dir(folder: Path) -> list[SigningKey]:
    found = []
    for path in folder.glob("key-*.seed"):
        number = path.stem.removeprefix("key-")
        if number.isdigit():
            found.append(SigningKey(int(number), _from_seed(path.read_text())))
    return sorted(found, key=lambda k: k.number)


def _write_new(folder: Path, number: int) -> None:
    """Create key ``number`` unless another process just did. The seed is written to a file
    of its own first and then linked into place, so a process reading the folder at the same
    moment sees no key file or a whole one, never an empty one (two workers start at once)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"key-{number}.seed"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".new-key-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(_seed(Ed25519PrivateKey.generate()) + "\n")
        with contextlib.suppress(FileExistsError):  # another process created the key first
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def all_keys() -> list[SigningKey]:
    """Every key, oldest first; the first is created here when there is none."""
    configured = current_app.config.get("CREDENTIAL_KEYS") or ""
    if configured.strip():
        seeds = [s for s in configured.split(",") if s.strip()]
        return [SigningKey(n, _from_seed(s)) for n, s in enumerate(seeds, start=1)]
    cached = current_app.extensions.get("certificate_keys")
    if cached:
        return cached
    folder = key_dir()
    keys = _read_dir(folder) if folder.exists() else []
    if not keys:
        _write_new(folder, 1)
        keys = _read_dir(folder)
    current_app.extensions["certificate_keys"] = keys
    return keys


def active_key() -> SigningKey:
    return all_keys()[-1]


def rotate() -> SigningKey:
    """Add a new key that signs from now on; older ones stay published for verification."""
    if (current_app.config.get("CREDENTIAL_KEYS") or "").strip():
        raise RuntimeError("keys come from CREDENTIAL_KEYS: add a seed there to rotate")
    number = all_keys()[-1].number + 1
    _write_new(key_dir(), number)
    current_app.extensions.pop("certificate_keys", None)
    return active_key()


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def uses_did_key() -> bool:
    host = (urlsplit(base_url()).hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.endswith(".localhost")


def web_did() -> str:
    """did:web of BASE_URL's host (a port is percent-encoded, a path becomes colons)."""
    parts = urlsplit(base_url())
    did = "did:web:" + quote(parts.netloc, safe="")
    path = parts.path.strip("/")
    if path:
        did += ":" + ":".join(quote(p, safe="") for p in path.split("/"))
    return did


def issuer_did(key: SigningKey) -> str:
    return signing.did_key(key.public_key) if uses_did_key() else web_did()


def verification_method(key: SigningKey) -> str:
    if uses_did_key():
        return f"{signing.did_key(key.public_key)}#{key.multibase}"
    return f"{web_did()}#key-{key.number}"


def resolve(method: str) -> Ed25519PublicKey | None:
    """The public key of one of our verification methods, or None for any other."""
    for key in all_keys():
        if method in (
            f"{signing.did_key(key.public_key)}#{key.multibase}",
            f"{web_did()}#key-{key.number}",
        ):
            return key.public_key
    return None


def did_document() -> dict:
    did = web_did()
    methods = [
        {
            "id": f"{did}#key-{key.number}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.multibase,
        }
        for key in all_keys()
    ]
    return {
        "@context": [signing.DID_V1, signing.MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
