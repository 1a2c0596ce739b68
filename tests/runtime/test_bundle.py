"""The Lambda zips: only runtime dependencies, our code for that function, reproducible, working.

They are built for this machine's Python (x86_64) so the bundle can be unpacked and run
here; the wheel cache under build/wheels keeps the second and later builds offline.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from littlelemon.bundle import lambda_zip

REPOSITORY = Path(__file__).resolve().parents[2]
WHEELS = REPOSITORY / "build" / "wheels"
HERE_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
EVENT = REPOSITORY / "tests" / "gateway" / "aws-events" / "apiGatewayProxyV2Event_GET.json"


def build(target: str, out_dir: Path) -> Path:
    return lambda_zip.build(
        target, out_dir=out_dir, arch="x86_64", python_version=HERE_PYTHON, wheel_cache=WHEELS
    )


@pytest.fixture(scope="module")
def api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("api", tmp_path_factory.mktemp("api-bundle"))


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_api_zip_has_the_handler_and_its_dependencies_but_not_what_lambda_ships(
    api_zip: Path,
) -> None:
    entries = names(api_zip)
    tops = {name.split("/")[0] for name in entries}
    assert "littlelemon/runtime/api.py" in entries
    assert "littlelemon/api/settings.py" in entries
    assert {"django", "rest_framework", "apig_wsgi", "aws_lambda_powertools"} <= tops
    assert not {"boto3", "botocore", "s3transfer"} & tops
    assert not {"social_core", "requests", "oauthlib"} & tops
    assert not any(name.startswith(("littlelemon/bookings", "littlelemon/web")) for name in entries)
    assert not any(name.startswith("bin/") or name.endswith(".po") for name in entries)


def test_api_zip_is_byte_compiled_dependencies_without_source(api_zip: Path) -> None:
    entries = set(names(api_zip))
    assert "django/__init__.pyc" in entries
    assert "django/__init__.py" not in entries
    tag = f"cpython-{sys.version_info.major}{sys.version_info.minor}"
    assert f"littlelemon/runtime/__pycache__/api.{tag}.pyc" in entries


def test_api_zip_entries_are_sorted_with_fixed_timestamps(api_zip: Path) -> None:
    with zipfile.ZipFile(api_zip) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert {info.date_time for info in infos} == {lambda_zip.FIXED_DATE_TIME}


def test_same_input_gives_the_same_zip(api_zip: Path, tmp_path: Path) -> None:
    assert lambda_zip.sha256(build("api", tmp_path)) == lambda_zip.sha256(api_zip)


def test_unpacked_api_zip_serves_a_request_without_site_packages(
    api_zip: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(api_zip) as archive:
        archive.extractall(tmp_path / "task")
    script = f"""
import json, sys
sys.path.insert(0, {str(tmp_path / "task")!r})
from littlelemon.runtime.api import handler
from littlelemon.runtime.context import LocalLambdaContext
event = json.load(open({str(EVENT)!r}))
event["rawPath"] = event["requestContext"]["http"]["path"] = "/health"
event["headers"] = {{"host": "localhost"}}
print(json.dumps(handler(event, LocalLambdaContext(function_name="api"))))
"""
    # -S: no site-packages, so every import must come from the bundle (like /var/task).
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"LITTLELEMON_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
    )
    response = json.loads(result.stdout.strip().splitlines()[-1])
    assert (response["statusCode"], json.loads(response["body"])) == (200, {"status": "ok"})


def test_bookings_zip_carries_only_the_bookings_service(tmp_path: Path) -> None:
    entries = names(build("bookings", tmp_path))
    tops = {name.split("/")[0] for name in entries}
    assert any(name.startswith("littlelemon/bookings/handlers/") for name in entries)
    assert "pydantic" in tops
    assert not {"boto3", "botocore", "django"} & tops
    assert not any(name.startswith(("littlelemon/api", "littlelemon/runtime")) for name in entries)


def test_lock_filter_drops_whole_requirement_blocks() -> None:
    lock = (
        "boto3==1.0 \\\n    --hash=sha256:aa\n    # via x\nsix==1.17.0 \\\n    --hash=sha256:bb\n"
    )
    assert lambda_zip.requirements_without(lock, frozenset({"boto3"})) == (
        "six==1.17.0 \\\n    --hash=sha256:bb\n"
    )
