"""Health and key discovery endpoints (the gateway's JWT authorizer reads the latter)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpRequest, HttpResponse
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from littlelemon.api.core import keys

logger = logging.getLogger(__name__)

DEEP_IS_0_OR_1 = "Use deep=1 (check the database too) or deep=0."
# Public keys change only when the signing key rotates; caches may keep them a while.
KEY_CACHE_SECONDS = 300


class _PublicView(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes: list[type] = []


class HealthView(_PublicView):
    """`{"status": "ok"}`; with `?deep=1` the database is queried too (503 if it fails)."""

    query_parameters = ("deep",)
    # Uptime checkers and load balancers add their own parameters (cache busters): ignored.
    ignores_other_query_parameters = True

    def get(self, request: Request) -> Response:
        deep = request.query_params.get("deep", "0")
        if deep not in ("0", "1"):
            raise ValidationError({"deep": [DEEP_IS_0_OR_1]})
        if deep == "0":
            return Response({"status": "ok"})
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            logger.exception("deep health check: database unavailable")
            return Response(
                {"status": "error", "database": "unavailable"},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"status": "ok", "database": "ok"})


class JwksView(_PublicView):
    """The public key(s) that verify the API's RS256 tokens (RFC 7517)."""

    def get(self, request: Request) -> Response:
        response = Response({"keys": [keys.public_jwk(settings.JWT_PUBLIC_KEY)]})
        response["Cache-Control"] = f"public, max-age={KEY_CACHE_SECONDS}"
        return response


class OpenIdConfigurationView(_PublicView):
    """OpenID discovery: where the API Gateway JWT authorizer finds the issuer's keys."""

    def get(self, request: Request) -> Response:
        issuer = settings.JWT_ISSUER
        response = Response(
            {
                "issuer": issuer,
                "jwks_uri": f"{issuer}/.well-known/jwks.json",
                "id_token_signing_alg_values_supported": ["RS256"],
                "subject_types_supported": ["public"],
                "response_types_supported": ["token"],
            }
        )
        response["Cache-Control"] = f"public, max-age={KEY_CACHE_SECONDS}"
        return response


def media(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """A stored dish photo from MEDIA_ROOT (local runs only; CloudFront serves them on AWS).

    Django's `serve` refuses paths outside the folder; a missing file is a JSON 404.
    """
    from django.views.static import serve

    response: HttpResponse | FileResponse = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
