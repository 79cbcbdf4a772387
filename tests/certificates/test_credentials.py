"""Signed Open Badges 3.0 credentials, checked by the independent verifier that learner
wallets use (../shared/tools/vc-verifier, offline, both engines) and by our offline CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from app.certificates import keys, services, signing
from app.certificates.models import Certificate
from app.core.db import utcnow
from tests.certificates.conftest import HOLDERS

ROOT = Path(__file__).resolve().parents[2]
HOST = "academy.example.org"


def _verifier_source() -> Path:
    for candidate in (
        os.environ.get("KCC_VC_VERIFIER_DIR"),
        ROOT.parent / "shared" / "tools" / "vc-verifier",
    ):
        if candidate and (Path(candidate) / "verify.mjs").exists():
            return Path(candidate)
    raise AssertionError(
        "the independent verifier is missing: ../shared/tools/vc-verifier (or KCC_VC_VERIFIER_DIR)"
    )


@pytest.fixture(scope="session")
def vc_verifier() -> Path:
    """A copy of the verifier with its packages installed by `npm ci` (shared/ is read-only);
    kept between runs, keyed by its lock file."""
    source = _verifier_source()
    lock = hashlib.sha256((source / "package-lock.json").read_bytes()).hexdigest()[:12]
    target = Path(tempfile.gettempdir()) / f"kcc-vc-verifier-{lock}"
    if not (target / "node_modules" / ".package-lock.json").exists():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
        for path in [target, *target.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=target, check=True, capture_output=True
        )
    return target / "verify.mjs"


def run_verifier(script: Path, credential: Path, folder: Path, engine: str) -> dict:
    args = ["node", str(script), str(credential), "--engine", engine]
    did = folder / "did.json"
    if did.exists():
        args += ["--resource", f"did:web:{HOST}={did}"]
    for status in sorted(folder.glob("status-*.json")):
        document = json.loads(status.read_text())
        args += ["--resource", f"{document['id']}={status}"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == report["verified"]
    assert report["networkAttempts"] == []
    return report


@pytest.fixture
def cert_settings(tmp_path):
    return {
        "CREDENTIAL_KEY_DIR": str(tmp_path / "keys"),
        "STORAGE_DIR": str(tmp_path / "storage"),
        "BASE_URL": f"https://{HOST}",
    }


def _export(app, folder: Path) -> None:
    result = app.test_cli_runner().invoke(args=["certificates", "export", str(folder)])
    assert result.exit_code == 0, result.output


def test_every_language_verifies_revoked_is_revoked_tampered_fails(
    app, db, staff, completed_enrolment, vc_verifier, tmp_path
):
    issued = {}
    for locale in HOLDERS:
        certificate = services.issue(staff, completed_enrolment(locale).id, notify_holder=False)
        db.session.commit()
        issued[locale] = certificate
    folder = tmp_path / "export"
    _export(app, folder)
    document = keys_doc = json.loads((folder / "did.json").read_text())
    assert keys_doc["id"] == f"did:web:{HOST}"
    for locale, certificate in issued.items():
        path = folder / f"{certificate.serial}.json"
        credential = json.loads(path.read_text())
        assert credential["credentialSubject"]["name"].startswith(HOLDERS[locale][0])
        assert credential["issuer"]["id"] == document["id"]
        for engine in ("vc", "core"):
            report = run_verifier(vc_verifier, path, folder, engine)
            assert report["verified"], (locale, engine, report["errors"])

    # Revoked: the status list is re-signed and both engines say so.
    revoked = issued["ko"]
    services.revoke(staff, revoked.id, "issued_in_error")
    db.session.commit()
    _export(app, folder)
    for engine in ("vc", "core"):
        report = run_verifier(vc_verifier, folder / f"{revoked.serial}.json", folder, engine)
        assert not report["verified"]
        assert any("revocation" in e or "REVOKED" in e for e in report["errors"]), report
    # The others are still valid on the same, re-signed list.
    report = run_verifier(vc_verifier, folder / f"{issued['ja'].serial}.json", folder, "vc")
    assert report["verified"], report["errors"]

    # One character changed anywhere in the signed content: refused.
    original = (folder / f"{issued['zh_Hant_TW'].serial}.json").read_text()
    tampered = folder / "tampered.json"
    tampered.write_text(original.replace("陳美玲", "陳美鈴", 1))
    assert tampered.read_text() != original
    for engine in ("vc", "core"):
        assert not run_verifier(vc_verifier, tampered, folder, engine)["verified"]


@pytest.mark.real_commits  # two applications' sessions interleave on one connection otherwise
def test_loopback_issuer_uses_did_key(
    app_factory, tmp_path, staff, db, completed_enrolment, vc_verifier
):
    """With a loopback BASE_URL (development) the issuer is did:key, resolvable by anyone."""
    app = app_factory(
        CREDENTIAL_KEY_DIR=str(tmp_path / "keys"),
        STORAGE_DIR=str(tmp_path / "storage"),
        BASE_URL="http://127.0.0.1:5000",
    )
    with app.app_context():
        certificate = services.issue(staff, completed_enrolment("ja").id, notify_holder=False)
        db.session.commit()
        serial = certificate.serial
        folder = tmp_path / "export"
        _export(app, folder)
    path = folder / f"{serial}.json"
    assert json.loads(path.read_text())["issuer"]["id"].startswith("did:key:z6Mk")
    assert not (folder / "did.json").exists()
    for engine in ("vc", "core"):
        assert run_verifier(vc_verifier, path, folder, engine)["verified"]


def _cli_verify(app, path: Path) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["certificates", "verify", str(path)])
    return result.exit_code, result.output


def test_offline_check_rejects_tampered_revoked_wrong_key_and_expired(
    app, db, staff, completed_enrolment, tmp_path
):
    certificate = services.issue(staff, completed_enrolment("zh_Hans_CN").id, notify_holder=False)
    db.session.commit()
    good = tmp_path / "good.json"
    good.write_text(certificate.credential)
    assert _cli_verify(app, good) == (0, f"VALID: {certificate.serial} 王伟 (Wang Wei)\n")

    document = json.loads(certificate.credential)
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps({**document, "name": document["name"] + "!"}))
    code, output = _cli_verify(app, tampered)
    assert code == 1 and "signature does not match" in output

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    unsigned = {k: v for k, v in document.items() if k != "proof"}
    with app.app_context():
        method = keys.verification_method(keys.active_key())
        active = keys.active_key().private_key
    forged = signing.sign(unsigned, Ed25519PrivateKey.generate(), method, "2026-01-01T00:00:00Z")
    wrong_key = tmp_path / "wrong-key.json"
    wrong_key.write_text(json.dumps(forged))
    code, output = _cli_verify(app, wrong_key)
    assert code == 1 and "signature does not match" in output

    past = (utcnow() - timedelta(days=1)).replace(microsecond=0).isoformat()
    expired_doc = signing.sign(
        {**unsigned, "validUntil": past.replace("+00:00", "Z")},
        active,
        method,
        "2026-01-01T00:00:00Z",
    )
    expired = tmp_path / "expired.json"
    expired.write_text(json.dumps(expired_doc))
    code, output = _cli_verify(app, expired)
    assert code == 1 and "expired" in output

    services.revoke(staff, certificate.id, "completion_withdrawn")
    db.session.commit()
    code, output = _cli_verify(app, good)
    assert code == 1 and "revoked" in output


def test_after_a_key_rotation_older_credentials_still_verify(
    app, db, staff, completed_enrolment, tmp_path, vc_verifier
):
    old = services.issue(staff, completed_enrolment("ko").id, notify_holder=False)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["certificates", "rotate-key"])
    assert result.exit_code == 0 and "Key 2" in result.output
    current_app.extensions.pop("certificate_keys", None)  # the twin reads the folder again
    new = services.issue(staff, completed_enrolment("ko").id, notify_holder=False)
    db.session.commit()
    assert json.loads(new.credential)["proof"]["verificationMethod"].endswith("#key-2")
    assert json.loads(old.credential)["proof"]["verificationMethod"].endswith("#key-1")
    folder = tmp_path / "export"
    _export(app, folder)
    assert len(json.loads((folder / "did.json").read_text())["verificationMethod"]) == 2
    for certificate in (old, new):
        path = folder / f"{certificate.serial}.json"
        assert _cli_verify(app, path)[0] == 0
        for engine in ("vc", "core"):
            assert run_verifier(vc_verifier, path, folder, engine)["verified"]
    # The public endpoints serve the same documents.
    client = app.test_client()
    assert client.get("/.well-known/did.json").get_json() == json.loads(
        (folder / "did.json").read_text()
    )
    listed = client.get("/certificates/status/1")
    assert listed.status_code == 200 and listed.get_json()["type"][1] == (
        "BitstringStatusListCredential"
    )
    assert db.session.scalar(select(Certificate.id).where(Certificate.id == old.id))
