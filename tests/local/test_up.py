"""`littlelemon up` gives both tiers what they need to trust each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from littlelemon.contract import webtier
from littlelemon.local.secrets import DATA_DIR_ENV
from littlelemon.local.up import _child_env


def test_up_generates_one_web_tier_key_and_passes_it_to_both_tiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(webtier.KEY_VARIABLE, raising=False)

    first = _child_env(host="127.0.0.1", api_port=1, dynamodb_port=2, data=tmp_path)
    again = _child_env(host="127.0.0.1", api_port=1, dynamodb_port=2, data=tmp_path)

    key = first[webtier.KEY_VARIABLE]
    assert len(key.encode()) >= webtier.MIN_KEY_BYTES
    assert again[webtier.KEY_VARIABLE] == key  # kept, not regenerated on every `up`
    assert (tmp_path / "secrets" / "web-tier-key").read_text() == key
    assert (tmp_path / "secrets" / "web-tier-key").stat().st_mode & 0o077 == 0


def test_up_keeps_a_web_tier_key_set_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(webtier.KEY_VARIABLE, "k" * 40)

    env = _child_env(host="127.0.0.1", api_port=1, dynamodb_port=2, data=tmp_path)

    assert env[webtier.KEY_VARIABLE] == "k" * 40
