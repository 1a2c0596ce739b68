"""WhiteNoise that lists the static files when the first one is asked for, not at start-up.

With `WHITENOISE_USE_FINDERS` WhiteNoise walks every app's static folder (the admin's,
Swagger UI's: about 15 ms of a cold start) when the middleware is built. Only the admin
and the API docs load static files, so here the walk waits for the first request under
STATIC_URL. Serving is WhiteNoise's own, unchanged.
"""

from __future__ import annotations

import threading
from typing import Any

from django.http import HttpRequest
from whitenoise.middleware import WhiteNoiseMiddleware


class LazyWhiteNoiseMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]
    """WhiteNoiseMiddleware whose finder walk runs on the first static request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._finders_pending = False
        self._finders_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def add_files_from_finders(self) -> None:
        # Called by WhiteNoise's __init__: remember it, walk later.
        self._finders_pending = True

    def __call__(self, request: HttpRequest) -> Any:
        if self._finders_pending and request.path_info.startswith(self.static_prefix):
            # Threads of `make up` may ask together: one walks, the others wait for it.
            with self._finders_lock:
                if self._finders_pending:
                    super().add_files_from_finders()
                    self._finders_pending = False
        return super().__call__(request)
