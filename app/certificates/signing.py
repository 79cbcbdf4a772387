"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA).

Pure functions, no Flask: canonicalise with RDFC-1.0 (URDNA2015, pyld) against local copies of
the JSON-LD contexts only (the document loader refuses every other address, so nothing is ever
fetched), hash, sign with Ed25519 (cryptography), encode multibase base58btc.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json
from functools import cache, lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld import jsonld

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
DI_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
# The standard documents, byte for byte as published (the same files the outside verifier uses).
LOCAL_CONTEXTS = {
    VC_V2: "www.w3.org_ns_credentials_v2.jsonld",
    OB_V3: "purl.imsglobal.org_spec_ob_v3p0_context-3.0.3.json",
    DID_V1: "www.w3.org_ns_did_v1.jsonld",
    DI_V2: "w3id.org_security_data-integrity_v2.jsonld",
}
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub
ED25519_PRIV_PREFIX = b"\x80\x26"  # multicodec ed25519-priv
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class ContextNotAvailable(Exception):
    """A JSON-LD context that is not kept locally was asked for; it is never fetched."""


class ProofError(Exception):
    """The credential's proof is missing, malformed or does not match."""


# Multibase base58btc ----------------------------------------------------------------------


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError("not base58")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def public_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + b58encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ProofError("public key is not multibase base58btc")
    raw = b58decode(value[1:])
    if not raw.startswith(ED25519_PUB_PREFIX) or len(raw) != 34:
        raise ProofError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def did_key(public_key: Ed25519PublicKey) -> str:
    return "did:key:" + public_multibase(public_key)


# JSON-LD ----------------------------------------------------------------------------------


@cache
def _context_document(url: str) -> dict:
    return json.loads((CONTEXT_DIR / LOCAL_CONTEXTS[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    """Serve only the local copies; any other address is an error, never a request."""
    if url not in LOCAL_CONTEXTS:
        raise ContextNotAvailable(url)
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": _context_document(url),
        "tag": "static",
    }


def canonical_hash(document: dict) -> bytes:
    """SHA-256 of the RDFC-1.0 canonical N-Quads of ``document``."""
    nquads = jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
            "safe": True,  # an undefined term is an error, as the outside verifiers require
        },
    )
    return hashlib.sha256(nquads.encode("utf-8")).digest()


@lru_cache(maxsize=32)
def _config_hash(config_json: str) -> bytes:
    """The proof configuration's hash: the same for every credential signed in one second
    with one key (a bulk issue's batch shares its moment), so it is computed once."""
    return canonical_hash(json.loads(config_json))


def _hash_data(unsecured: dict, proof_options: dict) -> bytes:
    config = {**proof_options, "@context": unsecured["@context"]}
    return _config_hash(json.dumps(config, sort_keys=True)) + canonical_hash(unsecured)


def sign(
    document: dict, private_key: Ed25519PrivateKey, verification_method: str, created: str
) -> dict:
    """A copy of ``document`` with a ``DataIntegrityProof`` (``eddsa-rdfc-2022``) added."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(_hash_data(unsecured, options))
    return {
        **copy.deepcopy(unsecured),
        "proof": {**options, "proofValue": "z" + b58encode(signature)},
    }


def verify(document: dict, resolve_key) -> str:
    """Check the proof; ``resolve_key(verification_method)`` gives the public key or None.

    Returns the verification method. Raises ProofError when anything does not match.
    """
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-rdfc-2022":
        raise ProofError("unsupported proof type")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("wrong proof purpose")
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("proof value is not multibase base58btc")
    method = proof.get("verificationMethod", "")
    public_key = resolve_key(method)
    if public_key is None:
        raise ProofError("unknown verification method")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    try:
        hash_data = _hash_data(unsecured, options)
        public_key.verify(b58decode(value[1:]), hash_data)
    except (InvalidSignature, ValueError) as error:
        raise ProofError("signature does not match") from error
    except (ContextNotAvailable, jsonld.JsonLdError) as error:
        raise ProofError(f"cannot canonicalise: {error}") from error
    return method


# Bitstring status lists --------------------------------------------------------------------

STATUS_LIST_BITS = 131072  # 16 KiB, the minimum size the specification asks for (privacy)


def encode_status_list(set_indexes) -> str:
    """Multibase base64url (no padding) of the GZIP-compressed bitstring; bit 0 is the most
    significant bit of the first byte."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def status_bit(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise ProofError("status list is not multibase base64url")
    data = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
