"""Is a build current? Bundles against their sources, a cloud assembly against its inputs.

A bundle is rebuilt when it is missing or older than any file it is built from. A cloud
assembly is re-synthesized when the SHA-256 of everything synthesis reads (infra/, the
route table and shared names, cdk.json, the locks, the bundles' bytes, the context) differs
from the digest recorded in the assembly directory when it was synthesized.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from littlelemon.ops.toolchain import REPO_ROOT

BUNDLE_FILES = {
    "api": "build/api-lambda.zip",
    "bookings": "build/bookings-lambda.zip",
    "web": "build/web-eb.zip",
}
_SHARED = ("src/littlelemon/__init__.py", "src/littlelemon/contract", "src/littlelemon/bundle")
BUNDLE_SOURCES: dict[str, tuple[str, ...]] = {
    "api": (
        *_SHARED,
        "src/littlelemon/api",
        "src/littlelemon/runtime",
        "src/littlelemon/local",
        "requirements/lambda-api.txt",
        "package-lock.json",  # the RDS CA bundle comes from an npm package
    ),
    "bookings": (*_SHARED, "src/littlelemon/bookings", "requirements/lambda-bookings.txt"),
    "web": (*_SHARED, "src/littlelemon/web", "requirements/web.txt"),
}
SYNTH_INPUTS = (
    "infra",
    "cdk.json",
    "package-lock.json",
    "requirements/deploy.txt",
    "src/littlelemon/gateway/routes.py",
    "src/littlelemon/contract",
    "src/littlelemon/cost",
)
STAMP_FILE = "littlelemon-inputs.sha256"
_IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", "node_modules"})
_IGNORED_SUFFIXES = frozenset({".pyc", ".pyo"})


def source_files(root: Path, entries: Iterable[str]) -> Iterator[Path]:
    """The files under `entries` (files or folders), sorted, without caches."""
    for entry in entries:
        path = root / entry
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for candidate in candidates:
            relative = candidate.relative_to(root).parts
            if (
                candidate.is_file()
                and _IGNORED_PARTS.isdisjoint(relative)
                and candidate.suffix not in _IGNORED_SUFFIXES
            ):
                yield candidate


def stale_bundles(root: Path = REPO_ROOT) -> list[str]:
    """The bundles that are missing or older than one of their sources."""
    stale = []
    for part, bundle in BUNDLE_FILES.items():
        path = root / bundle
        if not path.is_file():
            stale.append(part)
            continue
        built = path.stat().st_mtime
        if any(
            source.stat().st_mtime > built for source in source_files(root, BUNDLE_SOURCES[part])
        ):
            stale.append(part)
    return stale


def inputs_digest(*, context: Mapping[str, str], root: Path = REPO_ROOT, profile: str) -> str:
    """SHA-256 over what a synthesis of `profile` with `context` reads."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"profile": profile, **context}, sort_keys=True).encode())
    files = [*source_files(root, SYNTH_INPUTS), *(root / name for name in BUNDLE_FILES.values())]
    for path in files:
        digest.update(b"\0" + str(path.relative_to(root)).encode() + b"\0")
        if path.is_file():
            with path.open("rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
    return digest.hexdigest()


def assembly_is_current(outdir: Path, digest: str) -> bool:
    """The assembly in `outdir` was synthesized from exactly these inputs."""
    stamp = outdir / STAMP_FILE
    return (
        (outdir / "manifest.json").is_file()
        and stamp.is_file()
        and stamp.read_text().strip() == digest
    )


def record_inputs(outdir: Path, digest: str) -> None:
    """Write the digest next to the assembly it describes (after a successful synth)."""
    (outdir / STAMP_FILE).write_text(digest + "\n")
