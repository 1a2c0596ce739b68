"""A Lambda context object for invocations outside AWS (the local gateway, `littlelemon invoke`).

It carries the attributes Lambda's Python runtime gives handlers and that Powertools reads.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field


@dataclass(kw_only=True)
class LocalLambdaContext:
    """What `context` holds on Lambda: names, memory, request id and the remaining time."""

    function_name: str
    memory_limit_in_mb: int = 256
    timeout_s: float = 30.0
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = ""
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:000000000000:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self._started
        return max(0, int((self.timeout_s - elapsed) * 1000))
