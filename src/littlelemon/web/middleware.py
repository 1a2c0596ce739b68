"""Middleware that turns API failures into friendly pages and adds the remaining headers."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render

from littlelemon.contract.webtier import ORIGIN_VERIFY_HEADER
from littlelemon.web.auth import LOGIN_REQUIRED_MESSAGE, login_url_for, return_url
from littlelemon.web.client import (
    ApiError,
    ApiNotFoundError,
    ApiPermissionError,
    ApiThrottledError,
    ApiUnavailableError,
    AuthenticationRequiredError,
)

logger = logging.getLogger(__name__)

# Browser features this site never uses, switched off for every page.
THROTTLED_MESSAGE = "We are getting a lot of requests right now. Please try again in a moment."
HEALTH_PATH = "/health"
HEALTHY = {"status": "ok"}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class HealthCheckMiddleware:
    """Answers the load balancer's `GET /health` before anything checks the Host header.

    Elastic Beanstalk's health checks address the instance by its private IP, which is not
    (and should not be) in ALLOWED_HOSTS; Django would answer them 400. The deep check
    (`?deep=1`) goes through the normal stack, host check included.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == HEALTH_PATH and request.method == "GET" and "deep" not in request.GET:
            return JsonResponse(HEALTHY)
        return self.get_response(request)


ORIGIN_NOT_VERIFIED_MESSAGE = "This site is served through its CloudFront address only."


class OriginVerifyMiddleware:
    """Refuses requests that did not come through this site's CloudFront distribution.

    The origin's security group admits only CloudFront's origin-facing servers, which serve
    every CloudFront distribution, anyone's. Ours adds ORIGIN_VERIFY_HEADER with a value
    from Secrets Manager (settings.WEB_ORIGIN_VERIFY_SECRET); without a configured value
    (local runs, a load balancer with its own certificate) the check is off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.expected = str(getattr(settings, "WEB_ORIGIN_VERIFY_SECRET", "")).encode()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.expected:
            presented = request.headers.get(ORIGIN_VERIFY_HEADER, "").encode()
            if not hmac.compare_digest(presented, self.expected):
                return HttpResponseForbidden(ORIGIN_NOT_VERIFIED_MESSAGE)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` (Django's SecurityMiddleware does not)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ApiErrorMiddleware:
    """Maps errors a view did not handle itself to a page: 503, login, 403 or 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApiError):
            return None
        if isinstance(exception, ApiUnavailableError):
            logger.warning("API unavailable for %s %s: %s", request.method, request.path, exception)
            return unavailable_page(request)
        if isinstance(exception, AuthenticationRequiredError):
            request.session.flush()
            messages.info(request, LOGIN_REQUIRED_MESSAGE)
            return HttpResponseRedirect(login_url_for(request))
        if isinstance(exception, ApiPermissionError):
            context = {"title": "Not allowed", "detail": exception.detail}
            return render(request, "web/error.html", context, status=403)
        if isinstance(exception, ApiThrottledError):
            context = {"title": "One moment, please", "detail": THROTTLED_MESSAGE}
            response = render(request, "web/error.html", context, status=429)
            response["Retry-After"] = str(exception.retry_after)
            return response
        if isinstance(exception, ApiNotFoundError):
            return render(request, "web/error.html", {"title": "Not found"}, status=404)
        # Any other API answer here means a view forgot to handle it: a bug worth a traceback.
        logger.error("unhandled API error on %s", request.path, exc_info=exception)
        context = {"title": "That did not work", "detail": exception.detail}
        return render(request, "web/error.html", context, status=400)


def unavailable_page(request: HttpRequest) -> HttpResponse:
    """The friendly 503 page, with a link that retries what the user asked for."""
    context = {"retry_url": return_url(request)}
    response = render(request, "web/unavailable.html", context, status=503)
    response["Retry-After"] = "5"
    return response
