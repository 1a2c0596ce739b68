"""gunicorn settings of the web site, the same on Elastic Beanstalk and under `littlelemon up`.

The site spends its time waiting on the API, so each worker runs threads (gthread) rather
than adding processes: threads share the worker's pooled keep-alive connections to the API.
"""

from __future__ import annotations

import gc
import os

# Elastic Beanstalk's nginx proxies to 127.0.0.1:8000 (its PORT); `up` passes --bind.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, os.cpu_count() or 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Above the API client's connect + read timeouts, so a slow API yields the 503 page, not a kill.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-Proto (from the load balancer or CloudFront) arrives through the instance's
# nginx: trust proxy headers from there only.
forwarded_allow_ips = "127.0.0.1"
# No runtime control socket: nothing here uses gunicornc, and several local instances
# (tests, `make up`) would otherwise share one default socket path.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The query string is logged but never holds a secret: tokens stay in the session cookie.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


# Load the site once, in the master, and fork every worker from it: a new worker, also one
# replacing a recycled worker, starts with Django, every view and every compiled template in
# memory instead of importing and compiling them again (docs/performance.md). Sockets must
# not cross a fork: each worker builds its own pooled API client (post_worker_init). A HUP
# re-forks workers from the loaded code; a deploy restarts the whole process.
preload_app = True
# Python's recipe for a server that forks (https://docs.python.org/3/library/gc.html#gc.freeze):
# no collection while the master loads the site (what it creates lives as long as the
# process: collecting only costs, about 15 % of the load), freeze it before the first fork,
# collect again from the fork on.
gc.disable()


def freeze_loaded_heap() -> None:
    """Move everything loaded so far out of the collector's sight, for good.

    A worker's collections then never touch the objects it inherited, so their memory pages
    stay shared with the master instead of being copied during the worker's first pages.
    """
    gc.freeze()


def pre_fork(server: object, worker: object) -> None:
    """Collect as usual again (in the master too, after a HUP has re-read this file)."""
    gc.enable()


def when_ready(server: object) -> None:
    """In the master, once the site is loaded and before the first fork: warm what workers share."""
    from littlelemon.web.warmup import warm_up_shared

    warm_up_shared()
    freeze_loaded_heap()


def post_worker_init(worker: object) -> None:
    """In each new worker, before it accepts requests: its API client and first connection."""
    from littlelemon.web.warmup import warm_up_worker

    warm_up_worker()
