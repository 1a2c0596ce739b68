"""Short human booking references: six characters a guest can read out on the phone.

The alphabet leaves out letters and digits people confuse when reading or hearing them
(0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V), so 23 symbols remain: 23**6 (about 148 million)
references. Uniqueness is not left to chance: the repository stores each reference as its
own item with a condition that it does not exist yet, in the booking's transaction, and
draws again on a collision.
"""

from __future__ import annotations

import secrets
from typing import Final

ALPHABET: Final = "ACDEFGHJKMNPQRTWXY34679"
LENGTH: Final = 6


def new_reference() -> str:
    """A random reference (secrets: references must not be guessable from one another)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalized_reference(text: str) -> str | None:
    """`text` as a reference (case, spaces and dashes forgiven), or None if it cannot be one."""
    candidate = text.strip().upper().replace("-", "").replace(" ", "")
    if len(candidate) == LENGTH and all(char in ALPHABET for char in candidate):
        return candidate
    return None
