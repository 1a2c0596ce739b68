"""Api: the Django REST API on Lambda in the VPC, the HTTP API in front of it, migrations."""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import Annotations, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from constructs import Construct

from infra.assets import bundle_path, file_digest, find_in_bundle
from infra.config import InfraConfig, app_secret
from infra.constructs.database import MYSQL_PORT, Database
from infra.constructs.function import AppFunction, construct_id_of, log_group
from infra.constructs.mail import Mail
from infra.constructs.media import Media, allow_https_to_gateway_endpoints
from infra.constructs.migrations import Migrations
from infra.nag import suppress
from littlelemon.gateway.routes import ROUTES, Route, function_named

JWT_AUDIENCE = "littlelemon"
LAMBDA_TASK_ROOT = "/var/task"  # where Lambda unpacks the zip
# AWS's bundle of the RDS certificate authorities (truststore.pki.rds.amazonaws.com): what
# an RDS instance's own certificate chains to.
RDS_CA_BUNDLE = "rds-global-bundle.pem"
# Amazon Trust Services' root CAs: RDS Proxy presents an ACM certificate that chains to them,
# not to the RDS CAs ("RDS Proxy uses certificates from AWS Certificate Manager";
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls).
PROXY_CA_BUNDLE = "amazon-root-ca-bundle.pem"
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
        vpc: ec2.IVpc,
        app_security_group: ec2.ISecurityGroup,
        database: Database,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        # For the deploy-time runner (outside the VPC): it reads the master password and hands
        # it to the bootstrap in the invocation, so no function's configuration holds it.
        self.master_secret = database.master_secret
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
        self.media = Media(self, "Media", vpc=vpc)
        self.mail = Mail(
            self,
            "Mail",
            config=config,
            vpc=vpc,
            code=lambda_.Code.from_asset(bundle_path(config.bookings_bundle, part="bookings")),
            sender=mail_sender(config),
        )
        allow_https_to_gateway_endpoints(app_security_group)
        self.rds_ca_file = self._ca_file(api_bundle, RDS_CA_BUNDLE)
        self.proxy_ca_file = self._ca_file(api_bundle, PROXY_CA_BUNDLE)
        self.environment_key = self._environment_key()
        self.functions: dict[str, AppFunction] = {}
        for name in API_FUNCTIONS:
            spec = function_named(name)
            self.functions[name] = AppFunction(
                self,
                construct_id_of(name),
                spec=spec,
                code=code,
                config=config,
                environment=self._environment(database, service=name),
                environment_key=self.environment_key,
                vpc=vpc,
                security_groups=[app_security_group],
                reserved_concurrency=config.api_concurrency if name == "api" else None,
                snapstart=config.snapstart and name == "api",
            )
            database.grant_connect(self.functions[name].function)
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
            manage_timeout_s=function_named("manage").timeout_s,
            code_version=file_digest(api_bundle),
            config=config,
            master_user=config.db_master_user,
            # The runner reads these outside the VPC and passes the passwords to the
            # bootstrap in the invocation: the master's to sign in on the instance, the
            # application user's (standard: RDS Proxy signs in with it) to create that user.
            master_secret=database.master_secret,
            app_user_secret=database.app_user_secret,
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
            # only access tokens carry them: refresh tokens get API Gateway's 403
            authorization_scopes=list(route.scopes) or None,
        )

    def _environment_key(self) -> kms.Key:
        """A customer-managed key for the functions' environment variables.

        Lambda decrypts them when an execution environment starts, with the function's role
        and outside the VPC, so the api needs no KMS endpoint. Whoever reads the function's
        configuration (lambda:GetFunctionConfiguration, the console) without kms:Decrypt on
        this key sees ciphertext instead of the JWT signing key and the Django secret key.
        Only the api and manage roles are granted kms:Decrypt (AppFunction). US$1/month.
        """
        return kms.Key(
            self,
            "EnvironmentKey",
            description=f"Little Lemon {self.config.stack_name('api')}: function environments",
            enable_key_rotation=True,
            alias=f"alias/{self.config.stack_name('api-environment')}",
            removal_policy=RemovalPolicy.DESTROY,
            pending_window=Duration.days(7),
        )

    def _environment(self, database: Database, *, service: str) -> dict[str, str]:
        """What littlelemon.api.settings and littlelemon.runtime read on Lambda."""
        config = self.config
        # Resolved by CloudFormation at deploy time: no Secrets Manager call at runtime, so no
        # VPC interface endpoint (US$7.30 per AZ and month). The values are encrypted with the
        # environment key (see _environment_key); changing them takes a deploy.
        hosts = [f"{self.http_api.api_id}.execute-api.{self.region}.{self.url_suffix}"]
        if config.api_host:
            hosts.append(config.api_host)
        # TLS trust per target: Amazon's roots for the proxy, the RDS CAs for the instance.
        ca_file = self.proxy_ca_file if database.proxy is not None else self.rds_ca_file
        environment = {
            "DJANGO_ENV": "production",
            "DJANGO_ALLOWED_HOSTS": ",".join(hosts),
            "DJANGO_CSRF_TRUSTED_ORIGINS": self.issuer_url,
            "DJANGO_SECRET_KEY": app_secret(config, "django_secret_key"),
            "JWT_PRIVATE_KEY": app_secret(config, "jwt_private_key"),
            # Its public half, derived by `littlelemon deploy`: a cold start parses no key.
            "JWT_PUBLIC_KEY": app_secret(config, "jwt_public_key"),
            # The web tier signs the visitor's address with it (contract/webtier.py).
            "WEB_TIER_KEY": app_secret(config, "web_tier_key"),
            "JWT_ISSUER": self.issuer_url,
            "JWT_AUDIENCE": JWT_AUDIENCE,
            # One least-privilege application user in every profile, never the master user.
            # No password in the URL: DATABASE_CREDENTIALS=iam makes the runtime sign a
            # 15-minute IAM token locally (no network call) per new connection, over TLS.
            "DATABASE_URL": (
                f"mysql://{config.db_app_user}@{database.endpoint}:{MYSQL_PORT}/{config.db_name}"
            ),
            "DATABASE_CREDENTIALS": "iam",
            "DATABASE_CONN_MAX_AGE": "600",
            **({"DATABASE_TLS_CA_FILE": ca_file} if ca_file else {}),
            "POWERTOOLS_SERVICE_NAME": service,
            **self.media.environment,
            **self.mail.environment,
            # Reset links in e-mails lead to the web site.
            **({"WEB_BASE_URL": f"https://{config.web_host}"} if config.web_host else {}),
        }
        if service == "api" and database.replicas.instances:
            # reads go there (littlelemon/api/core/routers.py); same user, IAM auth, TLS CAs
            environment["DATABASE_REPLICA_URLS"] = database.replicas.urls(
                user=config.db_app_user, database=config.db_name
            )
        if service == "manage":
            # `createsuperuser --no-input` takes the first admin's password from here; the
            # operator reads it from the secret and changes it after the first sign-in.
            environment["DJANGO_SUPERUSER_PASSWORD"] = app_secret(config, "admin_password")
            # The bootstrap creates the application user, signed in as the master user on
            # the instance itself (the proxy knows only the application user). Its password
            # is not here: the deploy-time runner reads it and passes it in the invocation.
            environment["DATABASE_BOOTSTRAP_USER"] = config.db_master_user
            environment["DATABASE_BOOTSTRAP_HOST"] = database.bootstrap_host
            if self.rds_ca_file:
                environment["DATABASE_BOOTSTRAP_TLS_CA_FILE"] = self.rds_ca_file
        return environment

    def _ca_file(self, api_bundle: str, file_name: str) -> str | None:
        """Where a CA bundle lands on Lambda, if the api bundle carries it (else a warning)."""
        member = find_in_bundle(api_bundle, file_name)
        if member is not None:
            return f"{LAMBDA_TASK_ROOT}/{member}"
        Annotations.of(self).add_warning_v2(
            f"littlelemon:ca-{file_name}",
            f"the api bundle has no {file_name}: TLS to the database cannot be verified "
            "until `littlelemon bundle api` ships it",
        )
        return None

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
