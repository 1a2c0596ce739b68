"""Structured JSON logging for the API functions (Powertools Logger).

Every line carries the Lambda request id, the API Gateway request id as correlation id and,
on AWS, the X-Ray trace id (Powertools reads `_X_AMZN_TRACE_ID`). Whole events are never
logged: they hold cookies and Authorization headers.
"""

from __future__ import annotations

import logging

from aws_lambda_powertools import Logger

SERVICE_NAME = "littlelemon-api"

# POWERTOOLS_SERVICE_NAME and POWERTOOLS_LOG_LEVEL override these from the environment.
logger = Logger(service=SERVICE_NAME)
# Powertools writes JSON itself; passing records on to the root logger (which Django's
# LOGGING configures) would print every line a second time in another format.
logging.getLogger(logger.name).propagate = False
