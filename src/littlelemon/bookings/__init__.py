"""Table bookings: one small Lambda function per transaction, storing in DynamoDB."""

from __future__ import annotations

import os

from littlelemon.bookings.startup import pause_collection

# First thing of every function's init (its handler module imports this package first).
pause_collection()

# Pydantic looks for plugins in every installed distribution's entry points when the first
# model is built (importlib.metadata: ~15 ms of a cold start); the functions use none.
# https://docs.pydantic.dev/latest/concepts/plugins/#how-to-disable-a-plugin
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
