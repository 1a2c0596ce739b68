"""The API function's Lambda handler: `littlelemon.runtime.api.handler`.

Django is set up once, when Lambda imports this module (the init phase, which SnapStart
snapshots); warm invocations only translate the event and run the request.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlelemon.api.settings")

from django.conf import settings

from littlelemon.runtime.imports import drf_compat_without_unused_extras, load_for_snapshot

# Before Django loads the apps: DRF then decides once, without requests or psycopg.
drf_compat_without_unused_extras(settings.DATABASES["default"]["ENGINE"])

from littlelemon.api.wsgi import application  # noqa: E402
from littlelemon.runtime.adapter import make_http_handler  # noqa: E402
from littlelemon.runtime.observability import logger  # noqa: E402
from littlelemon.runtime.snapstart import register as register_snapstart_hooks  # noqa: E402

handler = make_http_handler(application, logger=logger)
# Only acts on Lambda with SnapStart enabled on the function (see docs/performance.md).
if register_snapstart_hooks(handler):
    from snapshot_restore_py import register_before_snapshot

    # The priming request (/health) reaches only the root URLconf and no token; the apps'
    # URLconfs and the bearer-token path load lazily, so load them all into the snapshot: a
    # restored instance then imports nothing on its first request.
    register_before_snapshot(load_for_snapshot)
