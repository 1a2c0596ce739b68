"""Where the prebuilt bundles (`littlelemon bundle api|bookings|web`) are found."""

from __future__ import annotations

import hashlib
import zipfile
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


def find_in_bundle(path: str, file_name: str) -> str | None:
    """The path inside a zip bundle of the first member called `file_name`, if any."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.rsplit("/", 1)[-1] == file_name:
                return member
    return None
