"""The API function's Lambda handler: `littlelemon.runtime.api.handler`.

Django is set up once, when Lambda imports this module (the init phase, which SnapStart
snapshots); warm invocations only translate the event and run the request.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlelemon.api.settings")

from littlelemon.api.wsgi import application
from littlelemon.runtime.adapter import make_http_handler
from littlelemon.runtime.observability import logger

handler = make_http_handler(application, logger=logger)
