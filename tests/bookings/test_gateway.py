"""The bookings service end to end: `littlelemon up --no-web`, real API-issued JWTs, real HTTP.

The gateway emulator verifies the API's RS256 tokens with its JWT authorizer, turns each
request into an HTTP API v2 event and invokes the bookings handlers, which store in
DynamoDB Local: the same path a request takes on AWS.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.bookings.helpers import free_port

pytestmark = pytest.mark.e2e

READY_DEADLINE_S = 180.0
SEATS = 10  # the stack below runs with 10 seats per slot
DEMO_PASSWORD = f"demo-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Stack:
    base_url: str
    tokens: dict[str, str]

    def client(self, user: str | None) -> httpx.Client:
        headers = {"authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)


def _wait_until_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_DEADLINE_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"littlelemon up exited {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(
                f"littlelemon up not ready in {READY_DEADLINE_S} s:\n{log.read_text()[-4000:]}"
            )
        time.sleep(0.2)


@contextmanager
def running_stack(data: Path, *, workers: bool) -> Iterator[Stack]:
    """The API, the gateway and DynamoDB Local on free ports, with a throwaway data dir."""
    api_port, dynamodb_port = free_port(), free_port()
    env = {
        **os.environ,
        "LITTLELEMON_DATA_DIR": str(data),
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "BOOKINGS_SEATS_PER_SLOT": str(SEATS),
        "BOOKINGS_TABLE": "littlelemon-bookings",
        "JWT_ISSUER": f"http://127.0.0.1:{api_port}",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    for name in ("DATABASE_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"):
        env.pop(name, None)
    log = data / "up.log"
    command = [
        str(Path(sys.executable).with_name("littlelemon")),
        "up",
        "--no-web",
        "--host",
        "127.0.0.1",
        "--api-port",
        str(api_port),
        "--dynamodb-port",
        str(dynamodb_port),
        *(["--workers"] if workers else []),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{api_port}"
    try:
        _wait_until_ready(base_url, process, log)
        tokens = {}
        for user in ("customer", "crew", "manager"):
            response = httpx.post(
                f"{base_url}/auth/jwt/create/",
                json={"username": user, "password": DEMO_PASSWORD},
                timeout=30,
            )
            assert response.status_code == 200, response.text
            tokens[user] = response.json()["access"]
        yield Stack(base_url=base_url, tokens=tokens)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack with the functions in the gateway's process (as `make up` runs them)."""
    with running_stack(tmp_path_factory.mktemp("up-data"), workers=False) as running:
        yield running


@pytest.fixture(scope="module")
def worker_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack with each function in Lambda-like worker processes (`up --workers`)."""
    with running_stack(tmp_path_factory.mktemp("up-workers-data"), workers=True) as running:
        yield running


def day(n: int) -> str:
    """A bookable date n days ahead; each test takes its own so tests share no seats."""
    return (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=n)).isoformat()


def booking_body(date: str, *, slot: str = "18:00", guests: int = 2) -> dict[str, Any]:
    return {"date": date, "slot": slot, "guests": guests, "name": "Ada", "note": "e2e"}


def seats(stack: Stack, date: str, slot: str) -> dict[str, Any]:
    with stack.client("customer") as client:
        response = client.get("/bookings/availability", params={"date": date})
    assert response.status_code == 200, response.text
    return next(entry for entry in response.json()["slots"] if entry["slot"] == slot)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/bookings/availability?date=2030-01-01"),
        ("POST", "/bookings"),
        ("GET", "/bookings"),
        ("GET", f"/bookings/{uuid.uuid4()}"),
        ("DELETE", f"/bookings/{uuid.uuid4()}"),
    ],
)
def test_every_bookings_route_without_a_token_is_401_from_the_authorizer(
    stack: Stack, method: str, path: str
) -> None:
    response = httpx.request(method, f"{stack.base_url}{path}", json={}, timeout=30)

    assert response.status_code == 401
    assert "message" in response.json()  # API Gateway's own shape: no function ran


def test_a_forged_token_is_401(stack: Stack) -> None:
    header, payload, _ = stack.tokens["customer"].split(".")
    response = httpx.get(
        f"{stack.base_url}/bookings",
        headers={"authorization": f"Bearer {header}.{payload}.c2lnbmF0dXJl"},
        timeout=30,
    )

    assert response.status_code == 401


def test_customer_books_sees_and_cancels_a_table(stack: Stack) -> None:
    date = day(2)
    with stack.client("customer") as client:
        created = client.post("/bookings", json=booking_body(date, guests=3))
        assert created.status_code == 201, created.text
        booking = created.json()
        assert booking["username"] == "customer"
        assert booking["status"] == "confirmed"
        assert seats(stack, date, "18:00")["booked"] == 3

        assert booking in client.get("/bookings").json()["results"]
        assert client.get(f"/bookings/{booking['id']}").json() == booking

        cancelled = client.delete(f"/bookings/{booking['id']}")
        assert cancelled.status_code == 200
        assert cancelled.json() == {**booking, "status": "cancelled"}
        assert client.delete(f"/bookings/{booking['id']}").json()["status"] == "cancelled"
    assert seats(stack, date, "18:00")["booked"] == 0


def test_validation_errors_come_back_by_field(stack: Stack) -> None:
    with stack.client("customer") as client:
        response = client.post("/bookings", json=booking_body(day(3), guests=13))

    assert response.status_code == 400
    assert response.json()["guests"] == ["Must be 1 to 12."]


def test_another_user_cannot_read_or_cancel_a_booking_but_a_manager_can(stack: Stack) -> None:
    date = day(4)
    with stack.client("customer") as customer:
        booking = customer.post("/bookings", json=booking_body(date)).json()
    with stack.client("crew") as crew:
        assert crew.get(f"/bookings/{booking['id']}").status_code == 404
        assert crew.delete(f"/bookings/{booking['id']}").status_code == 404
        assert booking["id"] not in {b["id"] for b in crew.get("/bookings").json()["results"]}
    with stack.client("manager") as manager:
        listed = manager.get("/bookings", params={"date": date}).json()["results"]
        assert booking["id"] in {b["id"] for b in listed}
        assert manager.get(f"/bookings/{booking['id']}").status_code == 200
    assert seats(stack, date, "18:00")["booked"] == 2


def test_a_retry_with_the_same_idempotency_key_books_once(stack: Stack) -> None:
    date = day(5)
    key = str(uuid.uuid4())
    with stack.client("customer") as client:
        first = client.post("/bookings", json=booking_body(date), headers={"Idempotency-Key": key})
        again = client.post("/bookings", json=booking_body(date), headers={"Idempotency-Key": key})

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert seats(stack, date, "18:00")["booked"] == 2


@pytest.mark.parametrize("mode", ["in-process", "workers"])
def test_twenty_parallel_bookings_through_the_gateway_store_exactly_ten(
    request: pytest.FixtureRequest, mode: str
) -> None:
    stack: Stack = request.getfixturevalue("stack" if mode == "in-process" else "worker_stack")
    date = day(6)
    users = ["customer", "crew", "manager"]

    def book(n: int) -> httpx.Response:
        with stack.client(users[n % len(users)]) as client:
            return client.post("/bookings", json=booking_body(date, slot="19:00", guests=1))

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(book, range(20)))

    assert Counter(response.status_code for response in responses) == {201: 10, 409: 10}
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"slot_full"}
    assert seats(stack, date, "19:00") == {
        "slot": "19:00",
        "capacity": SEATS,
        "booked": 10,
        "available": 0,
    }
    with stack.client("manager") as manager:
        stored = manager.get("/bookings", params={"date": date}).json()["results"]
    assert sorted(b["id"] for b in stored) == sorted(
        r.json()["id"] for r in responses if r.status_code == 201
    )


def test_cancel_then_rebook_through_the_gateway(stack: Stack) -> None:
    date = day(7)
    with stack.client("customer") as client:
        first = client.post("/bookings", json=booking_body(date, guests=SEATS)).json()
        assert client.post("/bookings", json=booking_body(date, guests=1)).status_code == 409
        assert client.delete(f"/bookings/{first['id']}").status_code == 200
        assert client.post("/bookings", json=booking_body(date, guests=SEATS)).status_code == 201
    assert seats(stack, date, "18:00")["available"] == 0


def test_a_manager_finds_a_booking_by_reference_and_marks_it_through_the_gateway(
    stack: Stack,
) -> None:
    date = day(9)
    with stack.client("customer") as customer:
        booking = customer.post("/bookings", json=booking_body(date, guests=3)).json()
        refused = customer.patch(f"/bookings/{booking['id']}", json={"status": "cancelled"})
    with stack.client(None) as anonymous:
        unauthenticated = anonymous.patch(f"/bookings/{booking['id']}", json={"status": "seated"})
    with stack.client("manager") as manager:
        found = manager.get(f"/bookings/{booking['reference']}")
        early = manager.patch(f"/bookings/{booking['id']}", json={"status": "seated"})
        cancelled = manager.patch(f"/bookings/{booking['reference']}", json={"status": "cancelled"})
        day_view = manager.get("/bookings", params={"date": date}).json()

    assert refused.status_code == 403
    assert unauthenticated.status_code == 401  # the authorizer, before any function
    assert found.status_code == 200
    assert found.json()["id"] == booking["id"]
    assert early.status_code == 409
    assert early.json()["code"] == "status_conflict"
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert {entry["slot"]: entry["booked"] for entry in day_view["slots"]}["18:00"] == 0
    assert seats(stack, date, "18:00")["booked"] == 0


def test_bookings_survive_a_restart_of_the_local_stack(tmp_path: Path) -> None:
    date = day(8)
    with running_stack(tmp_path, workers=False) as first, first.client("customer") as client:
        booking = client.post("/bookings", json=booking_body(date)).json()

    with running_stack(tmp_path, workers=False) as second, second.client("customer") as client:
        assert client.get(f"/bookings/{booking['id']}").json() == booking
        assert seats(second, date, "18:00")["booked"] == 2
