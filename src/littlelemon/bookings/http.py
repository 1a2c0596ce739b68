"""The HTTP edge of the bookings functions: API Gateway v2 events in, proxy responses out.

Identity comes only from the JWT authorizer's claims, the role from the api's `role` claim.
API Gateway hands every claim over as a string and flattens an array to
`"[manager delivery-crew]"`; a list is read as well. Only access tokens identify a caller:
the routes' authorization scopes already keep refresh tokens out at the gateway, and the
`token_type` check here holds if a route ever lacks them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ValidationError

from littlelemon.bookings.errors import BookingsError, InvalidInput, NotAuthenticated
from littlelemon.bookings.models import Caller
from littlelemon.bookings.startup import resume_collection
from littlelemon.contract.claims import (
    ACCESS_TOKEN_TYPE,
    EMAIL_CLAIM,
    ROLE_CLAIM,
    TOKEN_TYPE_CLAIM,
    USERNAME_CLAIM,
)
from littlelemon.contract.roles import ROLES, Role, effective_role

M = TypeVar("M", bound=BaseModel)

REQUIRED = "This field is required."
INVALID_JSON = "The body must be a JSON object."
NON_FIELD_ERRORS = "non_field_errors"

JSON_HEADERS = {"content-type": "application/json"}


def parse_groups(value: object) -> tuple[str, ...]:
    """Group names from a `groups` claim: a list, `"[a b]"` (API Gateway), or JSON text."""
    if isinstance(value, list | tuple):
        return tuple(str(group) for group in value)
    if not isinstance(value, str):
        return ()
    text = value.strip()
    if text.startswith("[") and '"' in text:
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError:
            loaded = None
        if isinstance(loaded, list):
            return tuple(str(group) for group in loaded)
    return tuple(part for part in text.strip("[]").replace(",", " ").split() if part)


def caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    """The caller the authorizer vouched for; NotAuthenticated without a subject or when the
    token is not an access token (a refresh token is valid for a day and survives logout)."""
    if claims.get(TOKEN_TYPE_CLAIM) != ACCESS_TOKEN_TYPE:
        raise NotAuthenticated()
    subject = claims.get("sub")
    if not isinstance(subject, str | int) or str(subject) == "":
        raise NotAuthenticated()
    username = claims.get(USERNAME_CLAIM)
    groups = parse_groups(claims.get("groups"))
    return Caller(
        user_id=str(subject),
        username=str(username) if username is not None else str(subject),
        groups=groups,
        role=role_from_claims(claims, groups),
        email=str(claims.get(EMAIL_CLAIM) or ""),
    )


def role_from_claims(claims: Mapping[str, Any], groups: tuple[str, ...]) -> Role:
    """The api's effective `role` claim (admins are managers); from the groups without it.

    A token minted before the api added the claim carries group names only; an unknown
    value of the claim grants nothing beyond what the groups say.
    """
    role = claims.get(ROLE_CLAIM)
    for known in ROLES:
        if role == known:
            return known
    return effective_role(is_staff=False, groups=groups)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    """Pydantic's errors as DRF-style messages by field name."""
    errors: dict[str, list[str]] = {}
    for problem in error.errors(include_url=False):
        location = problem["loc"]
        field = str(location[0]) if location else NON_FIELD_ERRORS
        if problem["type"] == "missing":
            message = REQUIRED
        elif problem["type"] in ("json_invalid", "model_type", "model_attributes_type"):
            field, message = NON_FIELD_ERRORS, INVALID_JSON
        else:
            message = str(problem["msg"]).removeprefix("Value error, ")
        errors.setdefault(field, []).append(message)
    return errors


def json_response(
    status: int, body: Any, *, headers: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """An HTTP API (payload 2.0) proxy response with a JSON body."""
    return {
        "statusCode": status,
        "headers": {**JSON_HEADERS, **(headers or {})},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


@dataclass(frozen=True)
class Request:
    """One call of a bookings function: the event, who is calling, the Lambda context.

    Reads the few fields of the HTTP API (payload 2.0) event it needs from the event itself:
    Powertools' `APIGatewayProxyEventV2` comes with its package, which imports all of its
    forty event classes (about 15 ms of every cold start) for five dictionary lookups.
    """

    event: Mapping[str, Any]
    caller: Caller
    context: LambdaContext | None = None

    def body(self, model: type[M]) -> M:
        """The JSON body validated as `model`; InvalidInput with field errors otherwise."""
        text: str = self.event.get("body") or ""
        if self.event.get("isBase64Encoded") and text:
            # API Gateway base64-encodes bodies it does not take for text; decoding can fail
            try:
                text = base64.b64decode(text.encode()).decode()
            except (binascii.Error, UnicodeDecodeError):
                raise InvalidInput({NON_FIELD_ERRORS: [INVALID_JSON]}) from None
        try:
            return model.model_validate_json(text)
        except ValidationError as error:
            raise InvalidInput(field_errors(error)) from None

    def query(self, model: type[M]) -> M:
        """The query string validated as `model` (a repeated parameter arrives as `a,b`)."""
        try:
            return model.model_validate(self.event.get("queryStringParameters") or {})
        except ValidationError as error:
            raise InvalidInput(field_errors(error)) from None

    def header(self, name: str) -> str | None:
        """A request header, by case-insensitive name (HTTP API sends them in lower case)."""
        headers: Mapping[str, str] = self.event.get("headers") or {}
        wanted = name.lower()
        for key, value in headers.items():
            if key.lower() == wanted:
                return value
        return None

    def path_parameter(self, name: str) -> str:
        """A path parameter the route guarantees (`{id}`)."""
        parameters: Mapping[str, str] = self.event.get("pathParameters") or {}
        return parameters.get(name, "")


def jwt_claims(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The claims the JWT authorizer put into `event`; empty without an authorizer."""
    context = event.get("requestContext") or {}
    jwt = (context.get("authorizer") or {}).get("jwt") or {}
    claims: Mapping[str, Any] = jwt.get("claims") or {}
    return claims


View = Callable[[Request], dict[str, Any]]


def respond(event: Mapping[str, Any], context: LambdaContext | None, view: View) -> dict[str, Any]:
    """Run `view` for an HTTP API event; domain errors become their 4xx JSON answers.

    Anything else propagates: Lambda logs it with its traceback, counts it in the Errors
    metric, and API Gateway answers 500.
    """
    resume_collection()  # the init phase is over (littlelemon.bookings.startup)
    try:
        caller = caller_from_claims(jwt_claims(event))
        return view(Request(event=event, caller=caller, context=context))
    except BookingsError as error:
        return json_response(error.status, error.body())
