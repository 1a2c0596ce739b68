"""Shapes of the error bodies, for the OpenAPI document (the exception handler makes them)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer[Any]):
    """Every error body: a human-readable `detail`, and for business rules a stable `code`."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)


class ValidationErrorSerializer(serializers.Serializer[Any]):
    """`detail` plus one list of messages per invalid field, by field name."""

    detail = serializers.CharField()
