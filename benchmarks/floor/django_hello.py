"""The Django floor: the smallest Django project (one view, no app, no middleware) under gunicorn.

What Django's own import and setup cost a worker's start, beside the no-op WSGI app of
`wsgi_hello.py`: the part of the site's start no change of the site can remove.
"""

from __future__ import annotations

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    SECRET_KEY="floor-benchmark-only",
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [re_path(r"", ok)]
application = get_wsgi_application()
