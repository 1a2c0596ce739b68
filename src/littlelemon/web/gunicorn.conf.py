"""gunicorn settings of the web site, the same on Elastic Beanstalk and under `littlelemon up`.

The site spends its time waiting on the API, so each worker runs threads (gthread) rather
than adding processes: threads share the worker's pooled keep-alive connections to the API.
"""

from __future__ import annotations

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


def post_worker_init(worker: object) -> None:
    """Warm each new worker (URLconf, templates, API client) before it accepts requests."""
    from littlelemon.web.warmup import warm_up

    warm_up()
