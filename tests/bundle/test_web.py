"""The Elastic Beanstalk bundle: contents, reproducibility, and that the unzipped app serves."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from littlelemon.bundle.web import BUNDLE_NAME, build

WEB_TIER_KEY = "bundle-test-web-tier-key-" + "k" * 32

CHECK_BUNDLED_APP = """
import django, littlelemon.web
from django.test import Client
django.setup()
print("module:", littlelemon.web.__file__)
client = Client()
health = client.get("/health")
print("health:", health.status_code, health.content.decode())
page = client.get("/no-such-page", secure=True)
print("page:", page.status_code)
css = re.search(r'href="(/static/web/site\\.[0-9a-f]{12}\\.css)"', page.content.decode()).group(1)
print("css:", css, client.get(css, secure=True).status_code)
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("build"))


def test_bundle_holds_the_web_app_requirements_procfile_and_hooks(bundle: Path) -> None:
    names = set(zipfile.ZipFile(bundle).namelist())

    assert bundle.name == BUNDLE_NAME
    assert {"Procfile", "requirements.txt", ".ebextensions/01-web.config"} <= names
    assert ".platform/hooks/predeploy/01-check-settings.sh" in names
    assert ".platform/confighooks/predeploy/01-check-settings.sh" in names
    assert {
        "littlelemon/__init__.py",
        "littlelemon/web/wsgi.py",
        "littlelemon/web/gunicorn.conf.py",
    } <= names
    assert "littlelemon/web/staticfiles/staticfiles.json" in names
    assert any(
        re.fullmatch(r"littlelemon/web/staticfiles/web/site\.[0-9a-f]{12}\.css", n) for n in names
    )
    for forbidden in (
        "littlelemon/api/",
        "littlelemon/bookings/",
        "littlelemon/runtime/",
        "tests/",
    ):
        assert not any(name.startswith(forbidden) for name in names), forbidden
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)


def test_bundle_requirements_are_the_hash_locked_web_set(bundle: Path) -> None:
    requirements = zipfile.ZipFile(bundle).read("requirements.txt").decode()

    assert requirements == (Path(__file__).parents[2] / "requirements" / "web.txt").read_text()
    assert "gunicorn==" in requirements
    assert "--hash=sha256:" in requirements
    assert "djangorestframework" not in requirements


def test_procfile_runs_gunicorn_with_the_bundled_config(bundle: Path) -> None:
    procfile = zipfile.ZipFile(bundle).read("Procfile").decode()

    assert procfile.strip() == (
        "web: gunicorn --config littlelemon/web/gunicorn.conf.py littlelemon.web.wsgi:application"
    )


def test_hooks_are_executable_in_the_zip(bundle: Path) -> None:
    info = zipfile.ZipFile(bundle).getinfo(".platform/hooks/predeploy/01-check-settings.sh")

    assert (info.external_attr >> 16) & 0o111


def test_the_same_sources_build_the_same_bytes(bundle: Path, tmp_path: Path) -> None:
    assert build(tmp_path).read_bytes() == bundle.read_bytes()


def test_the_unzipped_bundle_serves_health_and_hashed_static_files(
    bundle: Path, tmp_path: Path
) -> None:
    app = tmp_path / "app"
    zipfile.ZipFile(bundle).extractall(app)
    env = {
        **os.environ,
        "PYTHONPATH": str(app),
        "DJANGO_SETTINGS_MODULE": "littlelemon.web.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": Fernet.generate_key().decode(),
        "SESSION_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "WEB_TIER_KEY": WEB_TIER_KEY,
        "API_BASE_URL": "https://api.invalid",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("DJANGO_STATIC_ROOT", None)

    result = subprocess.run(
        [sys.executable, "-c", "import re\n" + CHECK_BUNDLED_APP],
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert f"module: {app}/littlelemon/web/__init__.py" in result.stdout
    assert 'health: 200 {"status": "ok"}' in result.stdout
    assert "page: 404" in result.stdout
    assert re.search(r"css: /static/web/site\.[0-9a-f]{12}\.css 200", result.stdout)
