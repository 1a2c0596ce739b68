"""The garbage collector is off during a function's init on Lambda, and back on for requests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import gc, json
import littlelemon.bookings
from littlelemon.bookings.startup import resume_collection
during_init = gc.isenabled()
resume_collection()
resumed = [gc.isenabled(), gc.get_freeze_count() > 0]
resume_collection()  # a second request changes nothing
print(json.dumps([during_init, resumed, [gc.isenabled(), gc.get_freeze_count() > 0]]))
"""


def collector_states(env: dict[str, str]) -> list[object]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    states: list[object] = json.loads(result.stdout)
    return states


def test_on_lambda_the_collector_is_off_during_init_and_on_with_init_frozen_after() -> None:
    env = {**os.environ, "LAMBDA_TASK_ROOT": str(Path.cwd())}
    assert collector_states(env) == [False, [True, True], [True, True]]


def test_off_lambda_importing_the_functions_leaves_the_collector_alone() -> None:
    env = {name: value for name, value in os.environ.items() if name != "LAMBDA_TASK_ROOT"}
    assert collector_states(env) == [True, [True, False], [True, False]]
