"""The cyclic garbage collector around a cold start: off while a function initialises.

Importing a bookings function builds about 100,000 objects that live as long as the
process (modules, classes, pydantic's and botocore's models) and almost no garbage: about
200 collections ran during the import and found under 1,000 unreachable objects in all.
Each collection still walks the young objects, and while the first request builds the
DynamoDB client (botocore's JSON models) the collector walks the whole heap again and
again: about 25 ms of CPU of every cold start. So on Lambda the collector is off from the
package's import to the first request, which moves everything alive into the permanent
generation (`gc.freeze()`: never walked again) and turns the collector back on: the
recipe of Python's documentation for servers that fork after start-up
(https://docs.python.org/3/library/gc.html#gc.freeze). Elsewhere (tests, the local
gateway, processes the functions share with other code) nothing changes.
"""

from __future__ import annotations

import gc
import os

_state = {"paused": False}


def pause_collection() -> None:
    """Turn the collector off for the init phase; on Lambda only (LAMBDA_TASK_ROOT is set)."""
    if os.environ.get("LAMBDA_TASK_ROOT") and gc.isenabled():
        gc.disable()
        _state["paused"] = True


def resume_collection() -> None:
    """Freeze what the init phase built and turn the collector back on; once, if paused."""
    if _state["paused"]:
        _state["paused"] = False
        gc.freeze()
        gc.enable()
