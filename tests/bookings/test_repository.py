"""Repository behaviour that the handler tests cannot provoke at will: transaction conflicts."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from littlelemon.bookings import repository


def canceled(*codes: str) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
            "CancellationReasons": [{"Code": code} for code in codes],
        },
        "TransactWriteItems",
    )


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("littlelemon.bookings.repository.time.sleep", lambda seconds: None)


def test_a_transaction_conflict_is_retried_until_it_goes_through() -> None:
    outcomes: list[ClientError | str] = [
        canceled("None", "TransactionConflict"),
        canceled("TransactionConflict", "None"),
        "written",
    ]

    def call() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, ClientError):
            raise outcome
        return outcome

    assert repository._retry_conflicts(call) == "written"
    assert outcomes == []


def test_a_failed_condition_is_not_retried() -> None:
    calls = 0

    def call() -> None:
        nonlocal calls
        calls += 1
        raise canceled("None", "ConditionalCheckFailed")

    with pytest.raises(ClientError):
        repository._retry_conflicts(call)
    assert calls == 1


def test_conflicts_that_never_end_give_up_after_the_last_attempt() -> None:
    calls = 0

    def call() -> None:
        nonlocal calls
        calls += 1
        raise canceled("TransactionConflict", "None")

    with pytest.raises(ClientError):
        repository._retry_conflicts(call)
    assert calls == repository._CONFLICT_ATTEMPTS
