"""gunicorn settings of the floor: the site's own (src/littlelemon/web/gunicorn.conf.py)
without its worker warm-up hook, which needs the site."""

from __future__ import annotations

import runpy
from pathlib import Path

SITE = Path(__file__).resolve().parents[2] / "src" / "littlelemon" / "web" / "gunicorn.conf.py"

globals().update(
    (name, value)
    for name, value in runpy.run_path(str(SITE)).items()
    if not name.startswith("__") and name != "post_worker_init"
)
