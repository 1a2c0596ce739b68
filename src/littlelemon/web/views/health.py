"""Health checks: `/health` for the load balancer, `/health?deep=1` also asks the API."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from littlelemon.web.auth import api_client
from littlelemon.web.client import ApiError
from littlelemon.web.middleware import HEALTHY


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    if request.GET.get("deep") != "1":
        # Answers without the API: an API outage must not make the load balancer kill web hosts.
        # (HealthCheckMiddleware normally answers this one before it gets here.)
        return JsonResponse(HEALTHY)
    try:
        api_client(request).health(deep=True)
    except ApiError as error:
        return JsonResponse({"status": "error", "api": error.detail}, status=503)
    return JsonResponse({"status": "ok", "api": "ok"})
