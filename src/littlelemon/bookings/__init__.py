"""Table bookings: one small Lambda function per transaction, storing in DynamoDB."""

from __future__ import annotations

import os

# Pydantic looks for plugins in every installed distribution's entry points when the first
# model is built (importlib.metadata: ~15 ms of a cold start); the functions use none.
# https://docs.pydantic.dev/latest/concepts/plugins/#how-to-disable-a-plugin
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
