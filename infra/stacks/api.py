"""Api: the Django REST API on Lambda in the VPC, the HTTP API in front of it, migrations."""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import Annotations, ArnFormat, CfnOutput, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from constructs import Construct

from infra.assets import bundle_path, file_digest, find_in_bundle
from infra.config import InfraConfig, app_secret
from infra.constructs.function import AppFunction, construct_id_of, log_group
from infra.constructs.mail import Mail
from infra.constructs.media import Media, allow_https_to_gateway_endpoints
from infra.constructs.migrations import Migrations
from infra.nag import suppress
from infra.stacks.data import MYSQL_PORT, DataStack
from infra.stacks.network import NetworkStack
from littlelemon.gateway.routes import ROUTES, Route, function_named

JWT_AUDIENCE = "littlelemon"
LAMBDA_TASK_ROOT = "/var/task"  # where Lambda unpacks the zip
# AWS's bundle of the RDS certificate authorities (truststore.pki.rds.amazonaws.com).
RDS_CA_BUNDLE = "rds-global-bundle.pem"
API_FUNCTIONS = ("api", "manage")

# One JSON object per request (API Gateway's $context variables); no headers, no bodies.
ACCESS_LOG_FORMAT = (
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
    '"requestTime":"$context.requestTime","method":"$context.httpMethod",'
    '"routeKey":"$context.routeKey","path":"$context.path","status":"$context.status",'
    '"protocol":"$context.protocol","responseLength":"$context.responseLength",'
    '"latencyMs":"$context.responseLatency","integrationLatencyMs":"$context.integrationLatency",'
    '"integrationError":"$context.integrationErrorMessage",'
    '"authorizerError":"$context.authorizer.error"}'
)


@jsii.implements(apigwv2.IAccessLogSettings)
class AccessLogSettings:
    """Where and how the stage writes its access log (CDK takes an interface here)."""

    def __init__(
        self, *, destination: apigwv2.IAccessLogDestination, format: apigw.AccessLogFormat
    ) -> None:
        self._destination = destination
        self._format = format

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat:
        return self._format


def route_key(route: Route) -> apigwv2.HttpRouteKey:
    """The CDK route key of a route of the route table."""
    if route.route_key == "$default":
        return apigwv2.HttpRouteKey.DEFAULT
    return apigwv2.HttpRouteKey.with_(route.path, apigwv2.HttpMethod[route.method])


class ApiStack(Stack):
    """The HTTP API (routes from `littlelemon.gateway.routes`) and the api/manage functions."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        network: NetworkStack,
        data: DataStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.access_logs = log_group(self, "AccessLogs", config=config)
        self.http_api = apigwv2.HttpApi(
            self,
            "HttpApi",
            api_name=config.stack_name("http-api"),
            description="Little Lemon HTTP API: the Django API and the bookings functions",
            create_default_stage=False,
        )
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=config.throttle_rate_per_s, burst_limit=config.throttle_burst
            ),
            access_log_settings=AccessLogSettings(
                destination=apigwv2.LogGroupLogDestination(self.access_logs),
                format=apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
            ),
        )

        self.custom_domain: apigwv2.DomainName | None = None
        if config.has_domain:
            self.custom_domain = self._custom_domain()
        # The api issues tokens with this issuer; the JWT authorizer trusts exactly it.
        self.issuer_url = (
            f"https://{config.api_host}"
            if config.has_domain
            else f"https://{self.http_api.api_id}.execute-api.{self.region}.{self.url_suffix}"
        )

        api_bundle = bundle_path(config.api_bundle, part="api")
        code = lambda_.Code.from_asset(api_bundle)
        # Dish photos (S3 + CloudFront) and e-mail (outbox + mailer), both reached from the
        # isolated subnets through free gateway endpoints (docs/architecture.md).
        self.media = Media(self, "Media", vpc=network.vpc)
        self.mail = Mail(
            self,
            "Mail",
            config=config,
            vpc=network.vpc,
            code=lambda_.Code.from_asset(bundle_path(config.bookings_bundle, part="bookings")),
            sender=mail_sender(config),
        )
        allow_https_to_gateway_endpoints(network.app_security_group)
        self.rds_ca_file = self._rds_ca_file(api_bundle, data)
        self.functions: dict[str, AppFunction] = {}
        for name in API_FUNCTIONS:
            spec = function_named(name)
            self.functions[name] = AppFunction(
                self,
                construct_id_of(name),
                spec=spec,
                code=code,
                config=config,
                environment=self._environment(data, service=name),
                vpc=network.vpc,
                security_groups=[network.app_security_group],
                reserved_concurrency=config.api_concurrency if name == "api" else None,
                snapstart=config.snapstart and name == "api",
            )
            self._grant_database(data, self.functions[name])
            self.media.grant_photo_writes(self.functions[name].role)
            self.mail.grant_outbox_writes(self.functions[name].function)

        for route in ROUTES:
            if route.function in self.functions:
                added = self.add_route(route, self.functions[route.function].target)
                if route.authorizer is None:
                    suppress(added, "AwsSolutions-APIG4", "default-route")

        self.migrations = Migrations(
            self,
            "Migrations",
            manage_function=self.functions["manage"].function,
            code_version=file_digest(api_bundle),
            config=config,
        )
        # Migrate only once the stage answers: a failed migration rolls back the whole stack.
        self.migrations.node.add_dependency(self.stage)

        CfnOutput(self, "ApiUrl", value=self.issuer_url, description="Base URL of the HTTP API")
        CfnOutput(
            self,
            "ManageFunctionName",
            value=self.functions["manage"].function.function_name,
            description="aws lambda invoke --function-name <this> for management commands",
        )

    @property
    def api_url(self) -> str:
        """The public base URL of the API (custom domain when configured)."""
        return self.issuer_url

    def add_route(
        self,
        route: Route,
        handler: lambda_.IFunction,
        authorizer: apigwv2.IHttpRouteAuthorizer | None = None,
        scope: Construct | None = None,
    ) -> apigwv2.HttpRoute:
        """Add one route of the route table, integrated with `handler` (payload format 2.0)."""
        owner = scope or self
        construct_id = construct_id_of(route.function) + construct_id_of(
            route.route_key.replace("$", "").replace("{", "").replace("}", "")
        )
        return apigwv2.HttpRoute(
            owner,
            f"Route{construct_id}",
            http_api=self.http_api,
            route_key=route_key(route),
            integration=integrations.HttpLambdaIntegration(
                f"Integration{construct_id}",
                handler,
                payload_format_version=apigwv2.PayloadFormatVersion.VERSION_2_0,
            ),
            authorizer=authorizer,
        )

    def _environment(self, data: DataStack, *, service: str) -> dict[str, str]:
        """What littlelemon.api.settings and littlelemon.runtime read on Lambda."""
        config = self.config
        # Resolved by CloudFormation at deploy time: no Secrets Manager call at runtime, so no
        # VPC interface endpoint (US$7.30 per AZ and month). The trade-off: the values are
        # visible to whoever may read the function's configuration, and changing them
        # takes a deploy.
        db_user = config.db_master_user if data.proxy is not None else config.db_app_user
        host = data.database_endpoint
        hosts = [f"{self.http_api.api_id}.execute-api.{self.region}.{self.url_suffix}"]
        if config.api_host:
            hosts.append(config.api_host)
        environment = {
            "DJANGO_ENV": "production",
            "DJANGO_ALLOWED_HOSTS": ",".join(hosts),
            "DJANGO_CSRF_TRUSTED_ORIGINS": self.issuer_url,
            "DJANGO_SECRET_KEY": app_secret(config, "django_secret_key"),
            "JWT_PRIVATE_KEY": app_secret(config, "jwt_private_key"),
            "JWT_ISSUER": self.issuer_url,
            "JWT_AUDIENCE": JWT_AUDIENCE,
            # No password in the URL: DATABASE_CREDENTIALS=iam makes the runtime sign a
            # 15-minute IAM token locally (no network call) per new connection, over TLS.
            "DATABASE_URL": f"mysql://{db_user}@{host}:{MYSQL_PORT}/{config.db_name}",
            "DATABASE_CREDENTIALS": "iam",
            "DATABASE_CONN_MAX_AGE": "600",
            **({"DATABASE_TLS_CA_FILE": self.rds_ca_file} if self.rds_ca_file else {}),
            "POWERTOOLS_SERVICE_NAME": service,
            **self.media.environment,
            **self.mail.environment,
            # Reset links in e-mails lead to the web site.
            **({"WEB_BASE_URL": f"https://{config.web_host}"} if config.web_host else {}),
        }
        if service == "manage":
            # `createsuperuser --no-input` takes the first admin's password from here; the
            # operator reads it from the secret and changes it after the first sign-in.
            environment["DJANGO_SUPERUSER_PASSWORD"] = app_secret(config, "admin_password")
        if data.proxy is None and service == "manage":
            # Lean has no proxy, so the IAM-authenticated application user must exist in
            # MySQL: the management function creates it (idempotently) before migrating,
            # signed in as the master user. RDS rotates that password; it is needed only
            # until the application user exists (the first deploy).
            environment["DATABASE_BOOTSTRAP_USER"] = config.db_master_user
            environment["DATABASE_BOOTSTRAP_PASSWORD"] = data.master_secret.secret_value_from_json(
                "password"
            ).unsafe_unwrap()
        return environment

    def _rds_ca_file(self, api_bundle: str, data: DataStack) -> str | None:
        """Where the RDS CA bundle lands on Lambda, if the api bundle carries it.

        Through RDS Proxy the server certificate chains to Amazon's public roots; the RDS
        instance itself presents a certificate of the RDS CAs, which only their bundle
        verifies.
        """
        member = find_in_bundle(api_bundle, RDS_CA_BUNDLE)
        if member is not None:
            return f"{LAMBDA_TASK_ROOT}/{member}"
        if data.proxy is None:
            Annotations.of(self).add_warning_v2(
                "littlelemon:rds-ca",
                f"the api bundle has no {RDS_CA_BUNDLE}: TLS to the RDS instance (lean) "
                "cannot be verified until `littlelemon bundle api` ships it",
            )
        return None

    def _grant_database(self, data: DataStack, function: AppFunction) -> None:
        """rds-db:connect as the one database user, on the proxy or on the instance."""
        if data.proxy is not None:
            data.proxy.grant_connect(function.function, self.config.db_master_user)
            return
        function.function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["rds-db:connect"],
                resources=[
                    self.format_arn(
                        service="rds-db",
                        resource="dbuser",
                        resource_name=(f"{data.database_resource_id}/{self.config.db_app_user}"),
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    )
                ],
            )
        )

    def _custom_domain(self) -> apigwv2.DomainName:
        """api.<domain>: an ACM certificate (DNS-validated), the API mapping, a Route 53 alias."""
        config = self.config
        assert config.api_host is not None
        assert config.domain_name is not None
        assert config.hosted_zone_id is not None
        zone = route53.HostedZone.from_hosted_zone_attributes(
            self, "Zone", hosted_zone_id=config.hosted_zone_id, zone_name=config.domain_name
        )
        certificate = acm.Certificate(
            self,
            "Certificate",
            domain_name=config.api_host,
            validation=acm.CertificateValidation.from_dns(zone),
        )
        domain = apigwv2.DomainName(
            self, "DomainName", domain_name=config.api_host, certificate=certificate
        )
        apigwv2.ApiMapping(self, "Mapping", api=self.http_api, domain_name=domain, stage=self.stage)
        route53.ARecord(
            self,
            "Alias",
            zone=zone,
            record_name=config.api_host,
            target=route53.RecordTarget.from_alias(
                targets.ApiGatewayv2DomainProperties(
                    domain.regional_domain_name, domain.regional_hosted_zone_id
                )
            ),
        )
        return domain


def mail_sender(config: InfraConfig) -> str:
    """The From address: no-reply@ the domain when there is one (a verified SES identity)."""
    domain = config.domain_name or "littlelemon.example"
    return f"no-reply@{domain}"
