"""`littlelemon up` starts the API behind the gateway and DynamoDB Local, and Ctrl-C stops all."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from littlelemon.local.testing import free_port

STARTUP_DEADLINE_S = 180
REPOSITORY = Path(__file__).resolve().parents[2]


def get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _reset_mail_lands_in_the_mail_folder(base: str, folder: Path, seen: list[str]) -> None:
    """A password reset asked through the gateway reaches the folder `up` announced, as .eml:
    API -> outbox table in DynamoDB Local -> local mailer -> file."""
    assert any(
        f"ready: mail: every e-mail a user would get lands in {folder}/" in line for line in seen
    )
    request = urllib.request.Request(
        f"{base}/auth/users/reset_password/",
        data=json.dumps({"email": "customer@littlelemon.example"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204
    deadline = time.monotonic() + 30
    while not list(folder.glob("*.eml")):
        assert time.monotonic() < deadline, "no .eml arrived"
        time.sleep(0.2)
    [mail] = list(folder.glob("*.eml"))
    text = mail.read_text()
    assert "To: customer@littlelemon.example" in text
    assert "/account/reset/" in text


@pytest.mark.e2e
def test_up_serves_the_api_and_bookings_routes_and_stops_on_sigint(tmp_path: Path) -> None:
    api_port, dynamodb_port = free_port(), free_port()
    command = [
        sys.executable,
        "-c",
        "from littlelemon.cli import main; main()",
        "up",
        "--no-web",
        "--api-port",
        str(api_port),
        "--dynamodb-port",
        str(dynamodb_port),
    ]
    env = {**os.environ, "LITTLELEMON_DATA_DIR": str(tmp_path), "DEMO_PASSWORD": "demo-pass-123"}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        command,
        cwd=REPOSITORY,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stderr], daemon=True
    ).start()  # type: ignore[union-attr]
    seen: list[str] = []
    try:
        deadline = time.monotonic() + STARTUP_DEADLINE_S
        while not any("ready: all services up" in line for line in seen):
            assert time.monotonic() < deadline, "".join(seen[-30:])
            assert process.poll() is None, "".join(seen[-30:])
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        assert any("password demo-pass-123" in line for line in seen)
        base = f"http://127.0.0.1:{api_port}"
        assert get(f"{base}/health") == (200, {"status": "ok"})
        status, body = get(f"{base}/api/menu-items?page_size=1")
        assert status == 200
        assert body["count"]  # seeded
        assert get(f"{base}/bookings/availability?date=2030-01-01") == (
            401,
            {"message": "Unauthorized"},
        )
        assert (tmp_path / "dynamodb").is_dir()
        _reset_mail_lands_in_the_mail_folder(base, tmp_path / "mail", seen)
    finally:
        process.send_signal(signal.SIGINT)
        status_code = process.wait(timeout=60)
    assert status_code == 0
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{api_port}/health", timeout=2)
