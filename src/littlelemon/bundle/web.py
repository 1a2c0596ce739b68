"""The Elastic Beanstalk source bundle of the web site: `build/web-eb.zip`.

The zip holds the `littlelemon.web` package (and the package root it lives in), the static
files already collected with hashed names, `requirements.txt` from the hash-locked
`requirements/web.txt`, the `Procfile`, `.ebextensions` and `.platform` hooks. Nothing of the
API, the bookings service or the Lambda runtime goes in. The same sources give the same
bytes: entries are sorted, timestamps and permissions fixed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import Fernet

BUNDLE_NAME = "web-eb.zip"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # src/littlelemon
REPOSITORY_ROOT = PACKAGE_ROOT.parents[1]
WEB_DIR = PACKAGE_ROOT / "web"
# The framework-free names every tier shares (roles, claims, headers): the web imports them.
BUNDLED_PACKAGES = ("web", "contract")
DEPLOY_DIR = WEB_DIR / "deploy"
REQUIREMENTS = REPOSITORY_ROOT / "requirements" / "web.txt"
# Where the production settings look for collected static files (STATIC_ROOT).
STATIC_IN_BUNDLE = "littlelemon/web/staticfiles"
# Zip timestamps cannot go below 1980; a fixed one makes the archive reproducible.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
HOOKS_PREFIX = ".platform/hooks/"
CONFIG_HOOKS_PREFIX = ".platform/confighooks/"
SKIPPED_PARTS = frozenset({"__pycache__", "staticfiles", "deploy"})


def _package_files() -> Iterator[tuple[str, Path]]:
    """(name in the zip, file) for the package root module, the web and contract packages."""
    yield "littlelemon/__init__.py", PACKAGE_ROOT / "__init__.py"
    for package in BUNDLED_PACKAGES:
        for path in sorted((PACKAGE_ROOT / package).rglob("*")):
            relative = path.relative_to(PACKAGE_ROOT / package)
            skipped = SKIPPED_PARTS.intersection(relative.parts) or path.suffix == ".pyc"
            if path.is_dir() or skipped:
                continue
            yield f"littlelemon/{package}/{relative.as_posix()}", path


def _deploy_files() -> Iterator[tuple[str, Path]]:
    """Procfile, .ebextensions and .platform: they belong at the root of the bundle."""
    for path in sorted(DEPLOY_DIR.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(DEPLOY_DIR).as_posix()
        yield name, path
        if name.startswith(HOOKS_PREFIX):
            # Configuration-only deployments run `confighooks`: check the settings there too.
            yield CONFIG_HOOKS_PREFIX + name.removeprefix(HOOKS_PREFIX), path


def collect_static(static_root: Path) -> None:
    """Run collectstatic with the production storage (hashed, compressed names) into `static_root`.

    The production settings demand their secrets even for this; throwaway values generated
    here satisfy them, and nothing derived from them ends up in the static files.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.web.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": Fernet.generate_key().decode(),
        "SESSION_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "API_BASE_URL": "https://api.invalid",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_STATIC_ROOT": str(static_root),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(PACKAGE_ROOT.parent), os.environ.get("PYTHONPATH")])
        ),
    }
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        check=True,
    )


def _write_entry(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the permission bits below are honoured on unzip
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    archive.writestr(info, data)


def build(out_dir: Path) -> Path:
    """Build `out_dir/web-eb.zip` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / BUNDLE_NAME
    entries: dict[str, Path] = dict(_package_files())
    entries.update(_deploy_files())
    entries["requirements.txt"] = REQUIREMENTS
    with tempfile.TemporaryDirectory(prefix="web-static-") as tmp:
        static_root = Path(tmp) / "static"
        collect_static(static_root)
        for path in sorted(static_root.rglob("*")):
            if path.is_file():
                entries[f"{STATIC_IN_BUNDLE}/{path.relative_to(static_root).as_posix()}"] = path
        partial = target.with_suffix(".zip.partial")
        with zipfile.ZipFile(partial, "w", compresslevel=9) as archive:
            for name in sorted(entries):
                path = entries[name]
                executable = name.endswith(".sh") or bool(
                    path.stat().st_mode & 0o111 and name.startswith(".platform/")
                )
                _write_entry(archive, name, path.read_bytes(), executable)
        # Replace in one step: a reader never sees a half-written bundle.
        partial.replace(target)
    return target
