"""Fixtures of the records tests: a real S3-compatible server on loopback (moto's standalone
server) and the two storage back-ends the materials tests run on."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import free_port

STORAGES = ("local", "s3")


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in a thread on a free loopback port, for the whole run."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_url(s3_server, monkeypatch):
    """A STORAGE_URL naming a fresh bucket on the loopback S3 server."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = f"kcc-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1").create_bucket(Bucket=bucket)
    return f"s3://{bucket}/materials?endpoint_url={s3_server}&region=us-east-1"


@pytest.fixture(params=STORAGES)
def storage_url(request, tmp_path):
    """Each materials test runs on a local folder and on the S3-compatible server."""
    if request.param == "local":
        return f"file://{tmp_path / 'storage'}"
    return request.getfixturevalue("s3_url")


@pytest.fixture
def workshop(create_user, create_offering):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(kind="workshop", instructors=[instructor])
    return offering, instructor
