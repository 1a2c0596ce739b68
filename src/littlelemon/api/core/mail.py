"""E-mail backends of the API: the DynamoDB outbox (AWS, `make up`) and .eml files.

The API Lambda cannot reach SES (no NAT, no interface endpoints, by design): it writes each
message into the outbox table through the free DynamoDB gateway endpoint, and the mailer
function outside the VPC sends it (littlelemon.mailer, docs/architecture.md).
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from littlelemon.mailer import outbox

logger = logging.getLogger(__name__)


def _raw(message: EmailMessage) -> bytes:
    """The message as RFC 5322 bytes with CRLF line ends (what SES and mail clients expect)."""
    # Django's SafeMIMEMessage.as_bytes takes `linesep`; the stdlib stubs do not know it.
    raw: bytes = message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]
    return raw


@cache
def _dynamodb() -> Any:
    # Lazily: only a request that sends mail pays for boto3's import.
    import boto3

    endpoint = settings.MAIL_OUTBOX_ENDPOINT_URL or None
    # DynamoDB Local (`make up`) accepts any credentials, but boto3 signs and needs some.
    dummy = "local" if endpoint and not os.environ.get("AWS_ACCESS_KEY_ID") else None
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None,
        aws_access_key_id=dummy,
        aws_secret_access_key=dummy,
    )


class OutboxEmailBackend(BaseEmailBackend):
    """Writes every message, as raw RFC 5322 bytes, into the outbox table (MAIL_OUTBOX_TABLE)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            try:
                outbox.outbox_put(
                    _dynamodb(),
                    table=settings.MAIL_OUTBOX_TABLE,
                    raw=_raw(message),
                    recipients=recipients,
                )
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent


class EmlFileEmailBackend(BaseEmailBackend):
    """One `.eml` file per message under MAIL_FILE_DIR (local runs without the outbox)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = Path(settings.MAIL_FILE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}.eml"
            (folder / name).write_bytes(_raw(message))
        return len(email_messages)


class UnconfiguredEmailBackend(BaseEmailBackend):
    """Production without MAIL_OUTBOX_TABLE: drops messages, warning once per message."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for _ in email_messages:
            logger.warning("e-mail dropped: %s is not set", outbox.TABLE_VARIABLE)
        return 0
