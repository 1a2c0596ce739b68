"""gunicorn settings of the floor: the site's own (src/littlelemon/web/gunicorn.conf.py)
without its warm-up hooks, which need the site (the loaded heap is frozen all the same)."""

from __future__ import annotations

import runpy
from pathlib import Path

SITE_WARM_UPS = {"when_ready", "post_worker_init"}
SITE = Path(__file__).resolve().parents[2] / "src" / "littlelemon" / "web" / "gunicorn.conf.py"
_site = runpy.run_path(str(SITE))

globals().update(
    (name, value)
    for name, value in _site.items()
    if not name.startswith("__") and name not in SITE_WARM_UPS
)


def when_ready(server: object) -> None:
    """The site's hook without its warm-up."""
    _site["freeze_loaded_heap"]()
