"""Secrets for local runs only: generated once, kept under the data directory, never committed.

Production settings never call this module: there a missing secret is a start-up error.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

DATA_DIR_ENV = "LITTLELEMON_DATA_DIR"


def data_dir() -> Path:
    """Where local state lives (`.data/` in the working directory unless configured)."""
    path = Path(os.environ.get(DATA_DIR_ENV) or Path.cwd() / ".data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_secret(name: str, generate: Callable[[], str]) -> str:
    """The secret stored as `<data dir>/secrets/<name>`, generating it on first use."""
    folder = data_dir() / "secrets"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    value = generate()
    # O_EXCL: when two processes start together, the first writer wins and both read its value.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def local_web_tier_key() -> str:
    """The key both local tiers sign and check the visitor's address with (contract/webtier)."""
    return local_secret("web-tier-key", lambda: secrets.token_urlsafe(48))
