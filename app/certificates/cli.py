"""``flask certificates ...``: offline checks, export for outside verifiers, key rotation."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from app.certificates import keys
from app.certificates.credentials import check_credential, status_list_credential
from app.certificates.models import Certificate, StatusList
from app.extensions import db

certificates_cli = AppGroup("certificates", help="Signed certificates: verify, export, keys.")


@certificates_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(file: Path):
    """Check a credential file against the platform's keys and status lists (no network)."""

    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise click.ClickException(f"not a JSON file: {error}") from error
    problems = check_credential(document)
    if problems:
        click.echo(f"NOT VALID: {'; '.join(problems)}")
        raise SystemExit(1)
    subject = document.get("credentialSubject", {})
    click.echo(f"VALID: {subject.get('licenseNumber', '')} {subject.get('name', '')}".rstrip())


@certificates_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_command(folder: Path):
    """Write every credential (<serial>.json), the DID document and the status lists."""

    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for certificate in db.session.scalars(select(Certificate).order_by(Certificate.id)):
        (folder / f"{certificate.serial}.json").write_text(certificate.credential, encoding="utf-8")
        count += 1
    if not keys.uses_did_key():
        (folder / "did.json").write_text(json.dumps(keys.did_document(), indent=2))
    for list_id in db.session.scalars(select(StatusList.id).order_by(StatusList.id)):
        document = status_list_credential(list_id)
        (folder / f"status-{list_id}.json").write_text(json.dumps(document, ensure_ascii=False))
    click.echo(f"Exported {count} credential(s) to {folder}.")


@certificates_cli.command("rotate-key")
def rotate_key_command():
    """Sign new credentials with a new key; older ones keep verifying with the old keys."""

    key = keys.rotate()
    click.echo(f"Key {key.number} now signs new credentials ({key.multibase}).")


def register_cli(app: Flask) -> None:
    app.cli.add_command(certificates_cli)
