"""Powertools Logger, Tracer and metrics of the bookings functions, configured once per process.

Locally and in tests the Tracer is off (no Lambda environment, or POWERTOOLS_TRACE_DISABLED)
and metrics print CloudWatch EMF lines to stdout (or nothing under POWERTOOLS_METRICS_DISABLED).
"""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

SERVICE = "bookings"
DEFAULT_NAMESPACE = "LittleLemon"

BOOKINGS_CREATED = "BookingsCreated"
BOOKINGS_CANCELLED = "BookingsCancelled"
BOOKINGS_REJECTED = "BookingsRejected"

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME") or SERVICE)
# Only botocore is patched (the DynamoDB calls become subsegments): by default the X-Ray SDK
# patches every library it finds installed, importing each (httpx, requests, pymysql…)
# at cold start although the functions never call them.
TRACED_MODULES = ("botocore",)
tracer = Tracer(
    service=os.environ.get("POWERTOOLS_SERVICE_NAME") or SERVICE, patch_modules=TRACED_MODULES
)


def count(metric: str, *, reason: str | None = None) -> None:
    """Emit one count of `metric` (e.g. BOOKINGS_CREATED), flushed at once.

    `single_metric` instead of a shared `Metrics` object: it keeps no state between calls,
    so threads of a local gateway that call handlers side by side cannot mix their metrics.
    """
    if is_metrics_disabled():  # `single_metric` prints even when metrics are disabled
        return
    namespace = os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or DEFAULT_NAMESPACE
    with single_metric(name=metric, unit=MetricUnit.Count, value=1, namespace=namespace) as emitted:
        emitted.add_dimension(name="service", value=SERVICE)
        if reason is not None:
            emitted.add_dimension(name="reason", value=reason)
