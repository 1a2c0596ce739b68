"""Where the prebuilt bundles (`littlelemon bundle api|bookings|web`) are found."""

from __future__ import annotations

import hashlib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class BundleMissingError(FileNotFoundError):
    """A bundle the app deploys has not been built yet; the message says how to build it."""


def bundle_path(configured: str, *, part: str) -> str:
    """The absolute path of a bundle; relative paths are relative to the repository root."""
    path = Path(configured)
    if not path.is_absolute():
        path = REPO_ROOT / path
    if not path.is_file():
        raise BundleMissingError(
            f"{path} does not exist: build it with `littlelemon bundle {part}`"
        )
    return str(path)


def file_digest(path: str) -> str:
    """SHA-256 of a bundle: changes exactly when its content does."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
