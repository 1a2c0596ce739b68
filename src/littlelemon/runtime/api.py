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
from littlelemon.runtime.snapstart import register as register_snapstart_hooks

handler = make_http_handler(application, logger=logger)
# Only acts on Lambda with SnapStart enabled on the function (see docs/performance.md).
register_snapstart_hooks(handler)
