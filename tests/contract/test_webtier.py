"""The web tier's signature over the forwarded client address: valid, fresh, bound to its input."""

from __future__ import annotations

from littlelemon.contract.webtier import MAX_SKEW_S, sign, verify

KEY = b"k" * 32
NOW = 1_790_000_000


def test_a_fresh_signature_verifies() -> None:
    signature = sign(key=KEY, client_ip="203.0.113.7", now=NOW)
    assert verify(key=KEY, client_ip="203.0.113.7", signature=signature, now=NOW + 10)


def test_a_signature_does_not_vouch_for_another_address() -> None:
    signature = sign(key=KEY, client_ip="203.0.113.7", now=NOW)
    assert not verify(key=KEY, client_ip="198.51.100.1", signature=signature, now=NOW)


def test_a_signature_made_with_another_key_is_refused() -> None:
    signature = sign(key=b"x" * 32, client_ip="203.0.113.7", now=NOW)
    assert not verify(key=KEY, client_ip="203.0.113.7", signature=signature, now=NOW)


def test_a_stale_or_future_signature_is_refused() -> None:
    signature = sign(key=KEY, client_ip="203.0.113.7", now=NOW)
    for now in (NOW + MAX_SKEW_S + 1, NOW - MAX_SKEW_S - 1):
        assert not verify(key=KEY, client_ip="203.0.113.7", signature=signature, now=now)


def test_malformed_signatures_are_refused() -> None:
    for signature in ("", "garbage", "t=abc,v1=00", "v1=00", f"t={NOW}", f"t=-{NOW},v1=00"):
        assert not verify(key=KEY, client_ip="203.0.113.7", signature=signature, now=NOW)
