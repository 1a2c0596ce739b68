"""Lambda deployment zips (`build/api-lambda.zip`, `build/bookings-lambda.zip`) without Docker.

pip installs the hash-locked wheels for Lambda's platform (Python 3.12, manylinux2014 on
arm64 or x86_64, binary wheels only) into a staging folder, our package code for that
function goes next to them, everything is byte-compiled when a matching interpreter is at
hand, and the zip is written with sorted entries and fixed timestamps: the same input gives
the same bytes. boto3, botocore and s3transfer are left out: the Lambda Python runtime ships
them, and they are the biggest dependency (about 14 MB of botocore data unzipped).
"""

from __future__ import annotations

import compileall
import hashlib
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from py_compile import PycInvalidationMode

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # src/littlelemon
REPOSITORY_ROOT = PACKAGE_ROOT.parents[1]
PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}
PROVIDED_BY_LAMBDA = frozenset({"boto3", "botocore", "s3transfer"})
LAMBDA_PYTHON = "3.12"
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; fixed for reproducibility
# Console scripts (bin/) carry this machine's interpreter path; tests are never imported.
SKIPPED_DIRECTORIES = frozenset({"bin", "tests"})
# What the functions never read, left out to stay under the size target (measured in
# docs/performance.md): gettext sources (*.po; only compiled *.mo are read), message
# catalogues of languages other than English (the API has no LocaleMiddleware, so it only
# ever speaks LANGUAGE_CODE), GeoDjango (not installed), and ReDoc (only Swagger UI is routed).
SKIPPED_SUFFIXES = frozenset({".po"})
KEPT_LANGUAGE_PREFIX = "en"
SKIPPED_PATHS = (
    "django/contrib/gis",
    "drf_spectacular_sidecar/static/drf_spectacular_sidecar/redoc",
)
REQUIREMENT_START = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")


@dataclass(frozen=True)
class Target:
    """One function family: its lock file and the parts of our package its handlers import."""

    name: str
    lock_file: str
    package_parts: tuple[str, ...]
    unused: frozenset[str] = frozenset()  # locked distributions no handler ever imports


TARGETS = {
    "api": Target(
        name="api",
        lock_file="requirements/lambda-api.txt",
        # The settings read local secrets only when DJANGO_ENV=local, but import the module.
        package_parts=("__init__.py", "api", "runtime", "local/__init__.py", "local/secrets.py"),
        # djoser depends on the social-auth stack (and through it on requests) for its
        # optional `djoser.social` app, which the API does not install; djoser only names
        # those modules in strings. A test serves requests from the unpacked bundle.
        unused=frozenset(
            {
                "social-auth-core",
                "social-auth-app-django",
                "python3-openid",
                "oauthlib",
                "requests-oauthlib",
                "defusedxml",
                "requests",
                "charset-normalizer",
            }
        ),
    ),
    "bookings": Target(
        name="bookings",
        lock_file="requirements/lambda-bookings.txt",
        package_parts=("__init__.py", "bookings"),
    ),
}


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements_without(lock_text: str, excluded: frozenset[str]) -> str:
    """The lock file minus the requirement blocks (name line + hash lines) of `excluded`."""
    kept: list[str] = []
    skipping = False
    for line in lock_text.splitlines():
        match = REQUIREMENT_START.match(line)
        if match:
            skipping = normalise(match.group(1)) in excluded
        if not skipping and line.strip() and not line.lstrip().startswith("#"):
            kept.append(line)
    return "\n".join(kept) + "\n"


def _pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args]
    # Output only when pip fails: local pip configuration may add noisy index warnings.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise subprocess.CalledProcessError(
            result.returncode, command, result.stdout, result.stderr
        )


def _platform_args(arch: str, python_version: str) -> list[str]:
    return [
        "--platform",
        PLATFORMS[arch],
        "--python-version",
        python_version,
        "--implementation",
        "cp",
        "--only-binary=:all:",
    ]


def install_dependencies(
    requirements: Path, staging: Path, *, arch: str, python_version: str, cache: Path
) -> None:
    """Install the locked wheels into `staging`, downloading into `cache` only what is missing."""
    platform = _platform_args(arch, python_version)
    install = [
        "install",
        *platform,
        "--require-hashes",
        "--no-deps",
        "--no-index",
        "--find-links",
        str(cache),
        "--no-compile",
        "--target",
        str(staging),
        "-r",
        str(requirements),
    ]
    cache.mkdir(parents=True, exist_ok=True)
    try:
        _pip(*install)  # offline from the cache: the usual case
    except subprocess.CalledProcessError:
        _pip(
            "download",
            *platform,
            "--require-hashes",
            "--no-deps",
            "-r",
            str(requirements),
            "-d",
            str(cache),
        )
        _pip(*install)


def copy_package(target: Target, staging: Path) -> None:
    """Our code for this target only: e.g. the api bundle never carries the bookings service."""
    for part in target.package_parts:
        source = PACKAGE_ROOT / part
        destination = staging / "littlelemon" / part
        if source.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            continue
        shutil.copytree(
            source,
            destination,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests"),
            dirs_exist_ok=True,
        )


def byte_compile(staging: Path, python_version: str) -> bool:
    """Compile every module for the target Python; False if this interpreter is another one.

    Lambda's /var/task is read-only, so modules without a .pyc are compiled again on every
    cold start. pyc files are version-specific, so only a matching interpreter may write
    them; UNCHECKED_HASH makes them independent of file times (reproducible). Third-party
    modules ship as .pyc only (the source would double the zip); our own code keeps its
    source next to `__pycache__`, so tracebacks show our lines.
    """
    if f"{sys.version_info.major}.{sys.version_info.minor}" != python_version:
        return False
    for entry in sorted(staging.iterdir()):
        if not entry.is_dir():
            if entry.suffix == ".py":
                _compile(entry, staging, legacy=True)
            continue
        _compile(entry, staging, legacy=entry.name != "littlelemon")
    for source in sorted(staging.rglob("*.py")):
        if (
            not source.is_relative_to(staging / "littlelemon")
            and source.with_suffix(".pyc").exists()
        ):
            source.unlink()
    return True


def _compile(path: Path, staging: Path, *, legacy: bool) -> None:
    options = {
        "quiet": 2,
        "stripdir": str(staging),
        "prependdir": "/var/task",
        "invalidation_mode": PycInvalidationMode.UNCHECKED_HASH,
        "legacy": legacy,
    }
    ok = (
        compileall.compile_dir(str(path), workers=1, **options)  # type: ignore[arg-type]
        if path.is_dir()
        else compileall.compile_file(str(path), **options)  # type: ignore[arg-type]
    )
    if not ok:
        raise RuntimeError(f"byte-compiling {path.relative_to(staging)} failed")


def _is_skipped(relative: Path) -> bool:
    parts = relative.parts
    if SKIPPED_DIRECTORIES.intersection(parts[:-1]) or relative.suffix in SKIPPED_SUFFIXES:
        return True
    if "LC_MESSAGES" in parts:
        language = parts[parts.index("LC_MESSAGES") - 1]
        if not language.startswith(KEPT_LANGUAGE_PREFIX):
            return True
    posix = relative.as_posix()
    return any(posix == path or posix.startswith(path + "/") for path in SKIPPED_PATHS)


def prune(staging: Path) -> None:
    """Delete what the functions never read (see SKIPPED_* above)."""
    for path in sorted(staging.rglob("*")):
        if path.is_file() and _is_skipped(path.relative_to(staging)):
            path.unlink()


def write_reproducible_zip(staging: Path, target_zip: Path) -> None:
    """Zip `staging` with sorted names, fixed times and fixed permissions."""
    files = sorted(
        (path for path in staging.rglob("*") if path.is_file()),
        key=lambda path: path.relative_to(staging).as_posix(),
    )
    partial = target_zip.with_suffix(".zip.partial")
    with zipfile.ZipFile(
        partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(staging).as_posix(), FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permission bits below are honoured
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(target_zip)


def build(
    target_name: str,
    *,
    out_dir: Path,
    arch: str = "arm64",
    python_version: str = LAMBDA_PYTHON,
    wheel_cache: Path | None = None,
) -> Path:
    """Build `out_dir/<target>-lambda.zip` and return its path (wheels cached in build/wheels)."""
    target = TARGETS[target_name]
    if arch not in PLATFORMS:
        raise ValueError(f"arch must be one of {', '.join(PLATFORMS)}")
    work = out_dir / "work" / f"{target.name}-{arch}-py{python_version}"
    staging = work / "staging"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    requirements = work / "requirements.txt"
    lock_text = (REPOSITORY_ROOT / target.lock_file).read_text()
    requirements.write_text(requirements_without(lock_text, PROVIDED_BY_LAMBDA | target.unused))
    cache = (wheel_cache or out_dir / "wheels") / f"{PLATFORMS[arch]}-py{python_version}"
    install_dependencies(
        requirements, staging, arch=arch, python_version=python_version, cache=cache
    )
    copy_package(target, staging)
    prune(staging)
    if not byte_compile(staging, python_version):
        print(
            f"bundle: no Python {python_version} here, modules left as source "
            "(Lambda compiles them at each cold start; build with that Python to byte-compile)",
            file=sys.stderr,
        )
    target_zip = out_dir / f"{target.name}-lambda.zip"
    write_reproducible_zip(staging, target_zip)
    return target_zip


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file (the bundle's identity)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unzipped_size(path: Path) -> int:
    """Total size of the files inside the zip, in bytes (Lambda's limit is 250 MB)."""
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


__all__ = ["TARGETS", "build", "sha256", "unzipped_size"]
