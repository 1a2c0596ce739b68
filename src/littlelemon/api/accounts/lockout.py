"""Login lockout per (account, client address) with exponential backoff, plus an account ceiling.

A hard lock per account lets anyone lock a chosen user out (issue 12: 21 wrong passwords and
the real user got 429). Here wrong passwords count per account *and* end-user address (the
web tier's signed address, see `core.clientip`): after `FREE_FAILURES` of them that pair waits
`BASE_SECONDS * 2**n` (at most `MAX_SECONDS`) before the next password is even checked, while
the same account logs in as usual from any other address. A separate ceiling per account,
across all addresses (`ACCOUNT_CEILING` failures within `ACCOUNT_WINDOW_SECONDS`), stops a
distributed guesser; it sits far above what one address can try under the backoff.

State lives in the default cache (shared by every process: the database cache unless
CACHE_URL says otherwise). Read-modify-write without a lock: concurrent failures may be
counted once, which only makes the backoff start one attempt later.
"""

from __future__ import annotations

import hashlib
import math
import time
import unicodedata
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.core.cache import cache

LOCKED_ATTRIBUTE: Final = "_littlelemon_login_wait"
# DRF's Throttled appends "Expected available in N seconds." (and sets Retry-After).
LOGIN_LOCKED: Final = "Too many failed logins for this account from your address."


def normalize_account(username: str) -> str:
    """One spelling per account: usernames are unique case-insensitively (NFKC, casefold)."""
    return unicodedata.normalize("NFKC", username).casefold()


def _digest(*parts: str) -> str:
    # surrogatepass: a lone surrogate in a username must not turn into a 500 here.
    joined = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(joined).hexdigest()


@dataclass(frozen=True)
class LoginAttempt:
    """Who is trying which account: the key of the backoff."""

    account: str
    address: str

    @classmethod
    def of(cls, *, username: str, address: str) -> LoginAttempt:
        return cls(account=normalize_account(username), address=address)

    @property
    def pair_key(self) -> str:
        return f"login-lockout:pair:{_digest(self.account, self.address)}"

    @property
    def account_key(self) -> str:
        return f"login-lockout:account:{_digest(self.account)}"


def _config() -> dict[str, int]:
    config: dict[str, int] = settings.LOGIN_LOCKOUT
    return config


def login_wait_seconds(attempt: LoginAttempt, *, now: float | None = None) -> int:
    """Seconds until this attempt may check a password (0: go ahead)."""
    moment = time.time() if now is None else now
    config = _config()
    pair: dict[str, float] = cache.get(attempt.pair_key) or {}
    wait = pair.get("until", 0.0) - moment
    account: dict[str, float] = cache.get(attempt.account_key) or {}
    window_end = account.get("since", 0.0) + config["ACCOUNT_WINDOW_SECONDS"]
    if account.get("failures", 0) >= config["ACCOUNT_CEILING"] and window_end > moment:
        wait = max(wait, window_end - moment)
    return max(0, math.ceil(wait))


def login_failed(attempt: LoginAttempt, *, now: float | None = None) -> int:
    """Count a wrong password; returns the backoff it starts (seconds, 0 while still free)."""
    moment = time.time() if now is None else now
    config = _config()
    pair: dict[str, float] = cache.get(attempt.pair_key) or {}
    failures = int(pair.get("failures", 0)) + 1
    over = failures - config["FREE_FAILURES"]
    backoff = 0 if over < 0 else min(config["MAX_SECONDS"], config["BASE_SECONDS"] * 2**over)
    keep = max(config["MAX_SECONDS"], config["ACCOUNT_WINDOW_SECONDS"]) * 2
    cache.set(attempt.pair_key, {"failures": failures, "until": moment + backoff}, keep)
    account: dict[str, float] = cache.get(attempt.account_key) or {}
    window = config["ACCOUNT_WINDOW_SECONDS"]
    if "since" not in account or account["since"] + window <= moment:
        account = {"failures": 0, "since": moment}
    account = {**account, "failures": account.get("failures", 0) + 1}
    cache.set(attempt.account_key, account, window * 2)
    return backoff


def login_succeeded(attempt: LoginAttempt) -> None:
    """The right password from this address clears its backoff (not the account ceiling)."""
    cache.delete(attempt.pair_key)


def mark_locked(request: Any, wait: int) -> None:
    """Tell the view why authentication failed (the backend can only return None)."""
    target = getattr(request, "_request", request)  # DRF's Request wraps Django's
    if target is not None:
        setattr(target, LOCKED_ATTRIBUTE, wait)


def locked_wait(request: Any) -> int | None:
    """The wait `mark_locked` recorded on this request, if authentication was refused."""
    target = getattr(request, "_request", request)
    wait: int | None = getattr(target, LOCKED_ATTRIBUTE, None)
    return wait
