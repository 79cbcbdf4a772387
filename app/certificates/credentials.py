"""Open Badges 3.0 credentials (W3C VC 2.0) for certificates, their status lists, and the
offline check used by ``flask certificates verify``."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select, update

from app.certificates import keys, signing
from app.certificates.models import Certificate, CertificateStatus, StatusList
from app.core.db import utcnow
from app.extensions import db

STATUS_PATH = "/certificates/status/"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def verify_url(code: str) -> str:
    return f"{keys.base_url()}/verify/{code}"


def status_list_url(list_id: int) -> str:
    return f"{keys.base_url()}{STATUS_PATH}{list_id}"


def _day_start(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def build_credential(
    certificate: Certificate, offering, centre_name: str, key: keys.SigningKey
) -> dict:
    """The signed OpenBadgeCredential of a certificate."""
    issuer = keys.issuer_did(key)
    base = keys.base_url()
    list_url = status_list_url(certificate.status_list_id)
    description = f"{certificate.serial}: {certificate.title_en}"
    if certificate.title != certificate.title_en:
        description += f" / {certificate.title}"
    document = {
        "@context": [signing.VC_V2, signing.OB_V3],
        "id": verify_url(certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": centre_name, "url": base},
        "validFrom": _iso(certificate.issued_at),
        "awardedDate": _iso(certificate.issued_at),
        "name": certificate.title_en,
        "description": description,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": f"{certificate.holder_name_native} ({certificate.holder_name_latin})"
            if certificate.holder_name_native != certificate.holder_name_latin
            else certificate.holder_name_latin,
            "licenseNumber": certificate.serial,
            "activityStartDate": _day_start(offering.starts_on),
            "activityEndDate": _day_start(offering.ends_on),
            "achievement": {
                "id": f"{base}/offerings/{offering.id}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.title_en,
                "description": description,
                "criteria": {
                    "narrative": "Completed the offering under the completion rule of the "
                    f"ICLEI Kaohsiung Capacity Centre ({certificate.attended_minutes} minutes "
                    "attended)."
                },
                "inLanguage": "en",
            },
        },
        "credentialStatus": {
            "id": f"{list_url}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": list_url,
        },
    }
    return signing.sign(
        document, key.private_key, keys.verification_method(key), _iso(certificate.issued_at)
    )


# Status lists --------------------------------------------------------------------------------


def allocate_status_entries(key: keys.SigningKey, count: int = 1) -> tuple[int, int]:
    """``count`` fresh indexes on the status list of ``key`` (one atomic UPDATE, like the
    serials): the list's id and the first of the indexes, which follow one another."""
    list_id = key.number
    last = _move_status_list(list_id, count)
    if last is None:  # the key's first certificate
        # services signs credentials with this module: a module-level import would be a cycle
        from app.certificates.services import insert_ignoring_duplicate

        insert_ignoring_duplicate(StatusList, {"id": list_id, "key_number": key.number})
        last = _move_status_list(list_id, count)
    if last > signing.STATUS_LIST_BITS:
        raise RuntimeError("status list full: rotate the signing key")
    return list_id, last - count


def _move_status_list(list_id: int, count: int) -> int | None:
    return db.session.execute(
        update(StatusList)
        .where(StatusList.id == list_id)
        .values(next_index=StatusList.next_index + count)
        .returning(StatusList.next_index)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()


def sign_status_list(list_id: int) -> StatusList:
    """Build and sign the status list credential from the certificates that are no longer
    valid; kept in the row, served as it is."""
    row = db.session.get(StatusList, list_id)
    key = next(k for k in keys.all_keys() if k.number == row.key_number)
    revoked = db.session.scalars(
        select(Certificate.status_index).where(
            Certificate.status_list_id == list_id,
            Certificate.status != CertificateStatus.VALID,
        )
    ).all()
    url = status_list_url(list_id)
    now = utcnow()
    document = {
        "@context": [signing.VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.issuer_did(key),
        "validFrom": _iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": signing.encode_status_list(revoked),
        },
    }
    signed = signing.sign(document, key.private_key, keys.verification_method(key), _iso(now))
    row.credential = json.dumps(signed, ensure_ascii=False)
    row.signed_at = now
    return row


def status_list_credential(list_id: int) -> dict | None:
    row = db.session.get(StatusList, list_id)
    if row is None:
        return None
    if not row.credential:
        sign_status_list(list_id)
        db.session.commit()
    return json.loads(row.credential)


# Offline check --------------------------------------------------------------------------------


def check_credential(document: dict, now: datetime | None = None) -> list[str]:
    """Problems with a credential, checked against our keys and status lists; empty if valid."""
    now = now or utcnow()
    problems: list[str] = []
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    try:
        method = signing.verify(document, keys.resolve)
    except signing.ProofError as error:
        return [f"proof: {error}"]
    if not method.startswith(f"{issuer_id}#"):
        problems.append("proof: the key does not belong to the issuer")
    for field, late in (("validFrom", False), ("validUntil", True)):
        value = document.get(field)
        if not value:
            continue
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if (now > moment) if late else (now < moment):
            problems.append("expired" if late else "not yet valid")
    status = document.get("credentialStatus")
    if status:
        problems += _check_status(status, now)
    return problems


def _check_status(status: dict, now: datetime) -> list[str]:
    url = status.get("statusListCredential", "")
    prefix = keys.base_url() + STATUS_PATH
    if status.get("type") != "BitstringStatusListEntry" or not url.startswith(prefix):
        return ["status: not one of our status lists"]
    list_id = url.removeprefix(prefix)
    listed = status_list_credential(int(list_id)) if list_id.isdigit() else None
    if listed is None:
        return ["status: unknown status list"]
    try:
        signing.verify(listed, keys.resolve)
        revoked = signing.status_bit(
            listed["credentialSubject"]["encodedList"], int(status["statusListIndex"])
        )
    except (signing.ProofError, KeyError, ValueError):
        return ["status: the status list cannot be checked"]
    return ["revoked"] if revoked else []
