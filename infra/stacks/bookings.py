"""Bookings: one function per route behind the HTTP API's JWT authorizer, least privilege each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.assets import bundle_path
from infra.config import InfraConfig
from infra.constructs.function import AppFunction, construct_id_of
from infra.stacks.api import JWT_AUDIENCE, ApiStack
from littlelemon.bookings import table as bookings_table
from littlelemon.gateway.routes import ROUTES, function_named

BOOKINGS_NAMESPACE = "LittleLemon"  # CloudWatch namespace of the Powertools metrics


@dataclass(frozen=True, kw_only=True)
class TableAccess:
    """The DynamoDB actions one function calls, and whether on the table or its indexes."""

    actions: tuple[str, ...]
    on_indexes: bool = False


# What each handler's repository calls use (littlelemon.bookings.repository, idempotency).
# TransactWriteItems has no IAM action of its own: it is authorized per item as
# PutItem / UpdateItem / ConditionCheckItem.
TABLE_ACCESS: dict[str, TableAccess] = {
    "bookings-availability": TableAccess(actions=("dynamodb:Query",)),
    # transaction (Put booking + Update seats) and Powertools idempotency records
    "bookings-create": TableAccess(
        actions=(
            "dynamodb:ConditionCheckItem",
            "dynamodb:DeleteItem",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
        )
    ),
    "bookings-list": TableAccess(actions=("dynamodb:Query",), on_indexes=True),
    "bookings-get": TableAccess(actions=("dynamodb:GetItem",)),
    # read the booking, then one transaction: Update booking + Update seats
    "bookings-cancel": TableAccess(
        actions=("dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:UpdateItem")
    ),
}


class BookingsStack(Stack):
    """The bookings functions, their routes on the shared HTTP API and the JWT authorizer."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        table: dynamodb.ITable,
        api: ApiStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # API Gateway fetches {issuer}/.well-known/openid-configuration and the JWKS it names
        # when the authorizer is created or updated, then checks iss, aud, exp and the RS256
        # signature before any function runs. The issuer is the api itself, so the authorizer
        # lives here, in a stack deployed only after the api stack is complete: its stage,
        # its routes, the custom domain's DNS record and the migrations that make the api
        # answer. (An HttpJwtAuthorizer binds into the HttpApi's own stack instead.)
        self.jwt_authorizer = apigwv2.HttpAuthorizer(
            self,
            "JwtAuthorizer",
            http_api=api.http_api,
            type=apigwv2.HttpAuthorizerType.JWT,
            authorizer_name=config.stack_name("jwt"),
            identity_source=["$request.header.Authorization"],
            jwt_issuer=api.issuer_url,
            jwt_audience=[JWT_AUDIENCE],
        )
        self.authorizer = apigwv2.HttpAuthorizer.from_http_authorizer_attributes(
            self,
            "Jwt",
            authorizer_id=self.jwt_authorizer.authorizer_id,
            authorizer_type=apigwv2.HttpAuthorizerType.JWT.value,
        )
        code = lambda_.Code.from_asset(bundle_path(config.bookings_bundle, part="bookings"))
        self.functions: dict[str, AppFunction] = {}
        for name, access in TABLE_ACCESS.items():
            function = AppFunction(
                self,
                construct_id_of(name),
                spec=function_named(name),
                code=code,
                config=config,
                environment={
                    "BOOKINGS_TABLE": table.table_name,
                    "POWERTOOLS_SERVICE_NAME": "bookings",
                    "POWERTOOLS_METRICS_NAMESPACE": BOOKINGS_NAMESPACE,
                },
            )
            resources = [table.table_arn]
            if access.on_indexes:
                resources = [
                    f"{table.table_arn}/index/{index['IndexName']}"
                    for index in bookings_table.TABLE_GLOBAL_SECONDARY_INDEXES
                ]
            function.function.add_to_role_policy(
                iam.PolicyStatement(actions=list(access.actions), resources=resources)
            )
            self.functions[name] = function

        for route in ROUTES:
            if route.function in self.functions:
                api.add_route(
                    route,
                    self.functions[route.function].target,
                    authorizer=self.authorizer if route.authorizer == "jwt" else None,
                    scope=self,
                )
