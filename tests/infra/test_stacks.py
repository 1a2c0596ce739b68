"""Assertions on the synthesized templates of both profiles."""

from __future__ import annotations

import json
import zipfile
from typing import Any

from aws_cdk.assertions import Annotations, Match

from infra.assets import find_in_bundle
from infra.nag import UNSCOPABLE_ACTIONS
from infra.stacks.api import RDS_CA_BUNDLE
from infra.stacks.bookings import TABLE_ACCESS
from littlelemon.bookings import table as bookings_table
from littlelemon.gateway.routes import ROUTES
from tests.infra.infra_support import Synthesized, as_list, resources, statements

AWS_CUSTOM_RESOURCE_PROVIDER = "AWS679f53fac002430cb0da5b7982bd2287"
STACKS = {"network", "data", "api", "bookings", "web", "observability", "budget"}
# AWS-maintained policies that are allowed, each with a cdk-nag suppression that says why.
ALLOWED_MANAGED_POLICIES = {
    "service-role/AWSElasticBeanstalkEnhancedHealth",
    "AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy",
}


def test_every_stack_synthesizes_in_both_profiles(synthesized: Synthesized) -> None:
    assert set(synthesized.templates) == STACKS
    for template in synthesized.templates.values():
        assert template.to_json()["Resources"]


def test_vpc_has_two_azs_public_and_isolated_subnets_and_no_nat(synthesized: Synthesized) -> None:
    network = synthesized.templates["network"]
    network.resource_count_is("AWS::EC2::NatGateway", 0)
    network.has_resource_properties("AWS::EC2::Subnet", {"MapPublicIpOnLaunch": True})
    network.has_resource_properties("AWS::EC2::Subnet", {"MapPublicIpOnLaunch": False})
    zones = {
        json.dumps(subnet["Properties"]["AvailabilityZone"])
        for _, _, subnet in resources(synthesized, "AWS::EC2::Subnet")
    }
    assert len(zones) == 2
    network.has_resource_properties("AWS::EC2::FlowLog", {"TrafficType": "REJECT"})


def test_database_is_private_encrypted_backed_up_and_protected(synthesized: Synthesized) -> None:
    data = synthesized.templates["data"]
    data.has_resource(
        "AWS::RDS::DBInstance",
        {
            "Properties": Match.object_like(
                {
                    "Engine": "mysql",
                    "EngineVersion": "8.4",
                    "DBInstanceClass": "db.t4g.micro",
                    "PubliclyAccessible": False,
                    "StorageEncrypted": True,
                    "BackupRetentionPeriod": 7,
                    "DeletionProtection": True,
                    "EnableIAMDatabaseAuthentication": True,
                    "ManageMasterUserPassword": True,
                    "MultiAZ": False,
                }
            ),
            "DeletionPolicy": "Snapshot",
            "UpdateReplacePolicy": "Snapshot",
        },
    )
    instance = next(resources(synthesized, "AWS::RDS::DBInstance"))[2]
    assert "MasterUserPassword" not in instance["Properties"]
    data.has_resource_properties(
        "AWS::RDS::DBParameterGroup",
        {"Parameters": {"require_secure_transport": "ON"}},
    )


def test_only_standard_has_an_rds_proxy_with_tls_and_iam_auth(
    standard: Synthesized, lean: Synthesized
) -> None:
    standard.templates["data"].has_resource_properties(
        "AWS::RDS::DBProxy",
        {
            "RequireTLS": True,
            "EngineFamily": "MYSQL",
            "Auth": [Match.object_like({"AuthScheme": "SECRETS", "IAMAuth": "REQUIRED"})],
        },
    )
    lean.templates["data"].resource_count_is("AWS::RDS::DBProxy", 0)


def test_database_security_group_admits_mysql_only_from_the_proxy_or_functions(
    synthesized: Synthesized,
) -> None:
    rules = [
        rule["Properties"]
        for stack, _, rule in resources(synthesized, "AWS::EC2::SecurityGroupIngress")
        if stack == "data"
    ]
    assert rules
    for rule in rules:
        # the RDS Proxy construct adds its own rule on the database's port attribute (3306)
        port = {"Fn::GetAtt": ["DatabaseB269D8BB", "Endpoint.Port"]}
        assert rule["FromPort"] in (3306, port)
        assert rule["ToPort"] in (3306, port)
        assert rule["IpProtocol"] == "tcp"
        assert "SourceSecurityGroupId" in rule
        assert "CidrIp" not in rule


def test_functions_are_python312_arm64_traced_with_log_retention(
    synthesized: Synthesized,
) -> None:
    functions = [
        (stack, logical_id, function)
        for stack, logical_id, function in resources(synthesized, "AWS::Lambda::Function")
        # CDK's own provider of AwsCustomResource (the CloudFront prefix-list lookup) and
        # the Provider framework's function (Node.js, CDK's code) that drives the runner
        if not logical_id.startswith(AWS_CUSTOM_RESOURCE_PROVIDER)
        and function["Properties"].get("Handler") != "framework.onEvent"
    ]
    # api, manage, six bookings functions, the mailer, migration runner
    assert len(functions) == 10
    for _, _, function in functions:
        properties = function["Properties"]
        assert properties["Runtime"] == "python3.12"
        assert properties["Architectures"] == ["arm64"]
        assert "LogGroup" in properties["LoggingConfig"]
    for _, _, function in resources(synthesized, "AWS::Lambda::Function"):
        if (
            "Handler" in function["Properties"]
            and "littlelemon" in function["Properties"]["Handler"]
        ):
            assert function["Properties"]["TracingConfig"] == {"Mode": "Active"}
    for _, _, group in resources(synthesized, "AWS::Logs::LogGroup"):
        assert group["Properties"]["RetentionInDays"] == 30


def test_api_function_runs_in_isolated_subnets_with_iam_database_auth(
    synthesized: Synthesized,
) -> None:
    synthesized.templates["api"].has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Handler": "littlelemon.runtime.api.handler",
            "MemorySize": 1024,
            "VpcConfig": Match.object_like({"SubnetIds": Match.any_value()}),
            "Environment": {
                "Variables": Match.object_like(
                    {
                        "DJANGO_ENV": "production",
                        "DATABASE_CREDENTIALS": "iam",
                        "JWT_AUDIENCE": "littlelemon",
                        "DJANGO_SECRET_KEY": Match.any_value(),
                        "JWT_PRIVATE_KEY": Match.any_value(),
                    }
                )
            },
        },
    )


def test_api_secrets_are_resolved_at_deploy_time_from_the_app_secret(
    synthesized: Synthesized,
) -> None:
    api = next(
        f
        for _, _, f in resources(synthesized, "AWS::Lambda::Function")
        if f["Properties"].get("Handler") == "littlelemon.runtime.api.handler"
    )
    variables = api["Properties"]["Environment"]["Variables"]
    for name, key in (
        ("DJANGO_SECRET_KEY", "django_secret_key"),
        ("JWT_PRIVATE_KEY", "jwt_private_key"),
        ("JWT_PUBLIC_KEY", "jwt_public_key"),
    ):
        assert (
            variables[name]
            == f"{{{{resolve:secretsmanager:littlelemon/app:SecretString:{key}::}}}}"
        )


# Lambda refuses a function whose environment variables (names and values) exceed 4 KB.
LAMBDA_ENVIRONMENT_BYTES = 4096
# What a reference resolves to at most here: S3 bucket names have up to 63 characters;
# table names, RDS endpoints and CloudFront domains that CloudFormation makes stay below 100.
REFERENCE_BYTES = 100


def _resolved_size(value: Any, secret: dict[str, str]) -> int:
    if isinstance(value, str):
        for key, item in secret.items():
            value = value.replace(
                f"{{{{resolve:secretsmanager:littlelemon/app:SecretString:{key}::}}}}", item
            )
        return len(value.encode())
    if "Fn::Join" in value:
        return sum(_resolved_size(part, secret) for part in value["Fn::Join"][1])
    return REFERENCE_BYTES


def test_the_django_functions_environment_fits_lambdas_4_kb_with_real_keys(
    standard_with_domain: Synthesized,
) -> None:
    from littlelemon.deploy import generate_app_secret

    secret = generate_app_secret()
    handlers = {"littlelemon.runtime.api.handler", "littlelemon.runtime.manage.handler"}
    sizes = {
        f["Properties"]["Handler"]: sum(
            len(name) + _resolved_size(value, secret)
            for name, value in f["Properties"]["Environment"]["Variables"].items()
        )
        for _, _, f in resources(standard_with_domain, "AWS::Lambda::Function")
        if f["Properties"].get("Handler") in handlers
    }
    assert set(sizes) == handlers
    assert max(sizes.values()) <= LAMBDA_ENVIRONMENT_BYTES, sizes


def test_web_and_api_share_the_web_tier_key_and_the_web_counts_its_proxies(
    standard: Synthesized, lean: Synthesized, standard_with_domain: Synthesized
) -> None:
    reference = "{{resolve:secretsmanager:littlelemon/app:SecretString:web_tier_key::}}"
    # nginx, plus CloudFront when it fronts the site, plus the load balancer in standard
    for synth, proxies in ((lean, "2"), (standard, "3"), (standard_with_domain, "2")):
        environment = next(resources(synth, "AWS::ElasticBeanstalk::Environment"))[2]
        options = {
            (option["Namespace"], option["OptionName"]): option["Value"]
            for option in environment["Properties"]["OptionSettings"]
        }
        assert options["aws:elasticbeanstalk:application:environment", "WEB_TRUSTED_PROXIES"] == (
            proxies
        )
        # the value reaches the instance as a secret of its own, copied from the app secret
        assert ("aws:elasticbeanstalk:application:environmentsecrets", "WEB_TIER_KEY") in options
        copies = [
            secret["Properties"].get("SecretString")
            for _, _, secret in resources(synth, "AWS::SecretsManager::Secret")
        ]
        assert reference in copies
        api = next(
            f
            for _, _, f in resources(synth, "AWS::Lambda::Function")
            if f["Properties"].get("Handler") == "littlelemon.runtime.api.handler"
        )
        assert api["Properties"]["Environment"]["Variables"]["WEB_TIER_KEY"] == reference


def test_api_concurrency_is_not_reserved_unless_configured(synthesized: Synthesized) -> None:
    # A new account's quota (10) leaves nothing to reserve; preflight passes apiConcurrency.
    api = next(
        f
        for _, _, f in resources(synthesized, "AWS::Lambda::Function")
        if f["Properties"].get("Handler") == "littlelemon.runtime.api.handler"
    )
    assert "ReservedConcurrentExecutions" not in api["Properties"]


def test_rds_db_connect_names_the_exact_database_user(
    standard: Synthesized, lean: Synthesized
) -> None:
    # One application user in both profiles (api and manage sign in as it).
    for synth, users, marker in (
        (standard, ["littlelemon", "littlelemon"], "DBProxyArn"),
        (lean, ["littlelemon", "littlelemon"], "DbiResourceId"),
    ):
        connects = [
            json.dumps(resource)
            for stack, _, statement in statements(synth)
            if "rds-db:connect" in as_list(statement["Action"])
            for resource in as_list(statement["Resource"])
        ]
        assert all(marker in resource for resource in connects), connects
        assert sorted(resource.rsplit("/", 1)[-1].strip('"]}') for resource in connects) == (
            users
        ), connects


def test_every_iam_statement_names_exact_resources(synthesized: Synthesized) -> None:
    for stack, logical_id, statement in statements(synthesized):
        resources_ = as_list(statement.get("Resource", []))
        if "*" in resources_:
            actions = set(as_list(statement["Action"]))
            assert actions <= UNSCOPABLE_ACTIONS, (stack, logical_id, statement)
        for action in as_list(statement.get("Action", [])):
            assert not action.endswith(":*"), (stack, logical_id, action)


def test_only_listed_managed_policies_are_attached(synthesized: Synthesized) -> None:
    for _, _, role in resources(synthesized, "AWS::IAM::Role"):
        for arn in role["Properties"].get("ManagedPolicyArns", []):
            name = json.dumps(arn).split(":policy/")[-1].rstrip('"]}')
            assert name in ALLOWED_MANAGED_POLICIES


def test_routes_and_authorizers_match_the_route_table(synthesized: Synthesized) -> None:
    deployed = {
        route["Properties"]["RouteKey"]: route["Properties"]
        for _, _, route in resources(synthesized, "AWS::ApiGatewayV2::Route")
    }
    assert set(deployed) == {route.route_key for route in ROUTES}
    for route in ROUTES:
        properties = deployed[route.route_key]
        if route.authorizer == "jwt":
            assert properties["AuthorizationType"] == "JWT"
            assert "AuthorizerId" in properties
        else:
            assert properties.get("AuthorizationType", "NONE") == "NONE"
    synthesized.templates["bookings"].has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {
            "AuthorizerType": "JWT",
            "IdentitySource": ["$request.header.Authorization"],
            "JwtConfiguration": {
                "Audience": ["littlelemon"],
                "Issuer": Match.any_value(),
            },
        },
    )
    authorizer = next(resources(synthesized, "AWS::ApiGatewayV2::Authorizer"))[2]
    issuer = json.dumps(authorizer["Properties"]["JwtConfiguration"]["Issuer"])
    assert "https://" in issuer
    assert ".execute-api." in issuer


def test_stage_throttles_and_writes_json_access_logs(synthesized: Synthesized) -> None:
    stage = next(resources(synthesized, "AWS::ApiGatewayV2::Stage"))[2]["Properties"]
    assert stage["StageName"] == "$default"
    assert stage["AutoDeploy"] is True
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 50
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 100
    access_log = json.loads(stage["AccessLogSettings"]["Format"])
    assert {"requestId", "status", "routeKey", "latencyMs"} <= set(access_log)
    assert "authorization" not in json.dumps(access_log).lower().replace("authorizererror", "")


def test_bookings_table_mirrors_the_service_definition(synthesized: Synthesized) -> None:
    synthesized.templates["data"].has_resource(
        "AWS::DynamoDB::Table",
        {
            "Properties": Match.object_like(
                {
                    "BillingMode": "PAY_PER_REQUEST",
                    "KeySchema": bookings_table.TABLE_KEY_SCHEMA,
                    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                    "SSESpecification": {"SSEEnabled": True},
                    "TimeToLiveSpecification": {
                        "AttributeName": bookings_table.TTL_ATTRIBUTE,
                        "Enabled": True,
                    },
                    "GlobalSecondaryIndexes": Match.array_with(
                        [
                            Match.object_like(
                                {
                                    "IndexName": index["IndexName"],
                                    "KeySchema": index["KeySchema"],
                                    "Projection": index["Projection"],
                                }
                            )
                            for index in bookings_table.TABLE_GLOBAL_SECONDARY_INDEXES
                        ]
                    ),
                }
            ),
            "DeletionPolicy": "Retain",
        },
    )
    table = next(resources(synthesized, "AWS::DynamoDB::Table"))[2]["Properties"]
    assert sorted(table["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == sorted(
        bookings_table.TABLE_ATTRIBUTE_DEFINITIONS, key=lambda a: a["AttributeName"]
    )


def test_each_bookings_function_may_call_only_its_own_dynamodb_actions(
    synthesized: Synthesized,
) -> None:
    template = synthesized.template_json("bookings")
    resources_ = template["Resources"]
    by_role = {
        json.dumps(fn["Properties"]["Role"]): fn["Properties"]["Handler"]
        for fn in resources_.values()
        if fn["Type"] == "AWS::Lambda::Function"
    }
    seen: dict[str, set[str]] = {}
    for policy in resources_.values():
        if policy["Type"] != "AWS::IAM::Policy":
            continue
        role_ref = policy["Properties"]["Roles"][0]
        handler = by_role[json.dumps({"Fn::GetAtt": [role_ref["Ref"], "Arn"]})]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = set(as_list(statement["Action"]))
            if not any(action.startswith("dynamodb:") for action in actions):
                continue
            seen.setdefault(handler, set()).update(actions)
            for resource in as_list(statement["Resource"]):
                text = json.dumps(resource)
                # bookings-create also puts its confirmation into the mail outbox
                assert "BookingsTable" in text or (
                    "MailOutbox" in text and actions == {"dynamodb:PutItem"}
                )
                assert "*" not in text
    expected = {
        f"littlelemon.bookings.handlers.{name.removeprefix('bookings-')}.handler": set(
            access.actions
        )
        for name, access in TABLE_ACCESS.items()
    }
    assert seen == expected


def test_migrations_run_through_the_management_function_on_deploy(
    synthesized: Synthesized,
) -> None:
    synthesized.templates["api"].has_resource_properties(
        "Custom::DjangoMigrate",
        {
            "ManageTimeoutSeconds": "300",
            "CodeVersion": Match.string_like_regexp(r"^[0-9a-f]{64}$"),
        },
    )


def test_web_is_single_instance_in_lean_and_load_balanced_with_health_check_in_standard(
    standard: Synthesized, lean: Synthesized
) -> None:
    def options(synth: Synthesized) -> dict[tuple[str, str], Any]:
        environment = next(resources(synth, "AWS::ElasticBeanstalk::Environment"))[2]
        return {
            (option["Namespace"], option["OptionName"]): option["Value"]
            for option in environment["Properties"]["OptionSettings"]
        }

    lean_options = options(lean)
    assert lean_options["aws:elasticbeanstalk:environment", "EnvironmentType"] == "SingleInstance"
    standard_options = options(standard)
    assert standard_options["aws:elasticbeanstalk:environment", "EnvironmentType"] == (
        "LoadBalanced"
    )
    assert (
        standard_options["aws:elasticbeanstalk:environment:process:default", "HealthCheckPath"]
        == "/health"
    )
    # lean: a nano (512 MiB) fits the measured web tier (docs/cost.md); standard keeps a micro
    assert lean_options["aws:ec2:instances", "InstanceTypes"] == "t4g.nano"
    assert standard_options["aws:ec2:instances", "InstanceTypes"] == "t4g.micro"
    for opts in (lean_options, standard_options):
        assert opts["aws:elasticbeanstalk:application:environment", "WEB_CONCURRENCY"] == "2"
        assert opts["aws:autoscaling:launchconfiguration", "DisableIMDSv1"] == "true"
        assert opts["aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays"] == "30"
        # an ARN, fetched by Elastic Beanstalk on the instance (issue 10.12)
        assert "CopyWebSecretKey" in json.dumps(
            opts["aws:elasticbeanstalk:application:environmentsecrets", "DJANGO_SECRET_KEY"]
        )
    # no domain: CloudFront gives HTTPS on *.cloudfront.net in both profiles
    lean.templates["web"].has_resource_properties(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": Match.object_like(
                {
                    "DefaultCacheBehavior": Match.object_like(
                        {"ViewerProtocolPolicy": "redirect-to-https"}
                    )
                }
            )
        },
    )


def test_standard_with_a_domain_terminates_tls_at_the_load_balancer(
    standard_with_domain: Synthesized,
) -> None:
    web = standard_with_domain.templates["web"]
    web.resource_count_is("AWS::CloudFront::Distribution", 0)
    web.has_resource_properties(
        "AWS::CertificateManager::Certificate",
        {"DomainName": "www.littlelemon.example.com", "ValidationMethod": "DNS"},
    )
    environment = next(resources(standard_with_domain, "AWS::ElasticBeanstalk::Environment"))[2]
    namespaces = {option["Namespace"] for option in environment["Properties"]["OptionSettings"]}
    assert "aws:elbv2:listener:443" in namespaces
    api = standard_with_domain.templates["api"]
    api.has_resource_properties(
        "AWS::ApiGatewayV2::DomainName", {"DomainName": "api.littlelemon.example.com"}
    )
    authorizer = next(resources(standard_with_domain, "AWS::ApiGatewayV2::Authorizer"))[2]
    assert authorizer["Properties"]["JwtConfiguration"]["Issuer"] == (
        "https://api.littlelemon.example.com"
    )


def test_alarms_notify_the_alarm_topic_which_mails_the_alarm_email(
    synthesized: Synthesized,
) -> None:
    observability = synthesized.templates["observability"]
    observability.has_resource_properties(
        "AWS::SNS::Subscription", {"Protocol": "email", "Endpoint": "alarms@example.com"}
    )
    alarms = list(resources(synthesized, "AWS::CloudWatch::Alarm"))
    names = {alarm["Properties"]["AlarmName"].rsplit("-", 1)[-1] for _, _, alarm in alarms}
    assert {
        "ApiServerErrors",
        "ApiFunctionErrors",
        "ApiFunctionThrottles",
        "DatabaseCpu",
        "DatabaseFreeStorage",
        "BookingsTableThrottles",
        "WebHealth",
    } <= names
    for _, _, alarm in alarms:
        assert (
            alarm["Properties"]["AlarmActions"] == [{"Ref": Match.any_value()}]
            or len(alarm["Properties"]["AlarmActions"]) == 1
        )
    observability.resource_count_is("AWS::CloudWatch::Dashboard", 1)
    # Within CloudWatch's always-free 10 alarm metrics (see the cost model).
    assert len(alarms) <= 10


def test_monthly_budget_alerts_at_50_80_100_percent_forecast_and_actual(
    synthesized: Synthesized,
) -> None:
    budget = next(resources(synthesized, "AWS::Budgets::Budget"))[2]["Properties"]
    assert budget["Budget"]["BudgetType"] == "COST"
    assert budget["Budget"]["TimeUnit"] == "MONTHLY"
    # the amount follows the cost model (test_first_deploy checks the arithmetic)
    assert budget["Budget"]["BudgetLimit"]["Unit"] == "USD"
    assert budget["Budget"]["BudgetLimit"]["Amount"] > 0
    alerts = {
        (n["Notification"]["NotificationType"], n["Notification"]["Threshold"])
        for n in budget["NotificationsWithSubscribers"]
    }
    assert alerts == {(kind, pct) for kind in ("ACTUAL", "FORECASTED") for pct in (50, 80, 100)}
    for notification in budget["NotificationsWithSubscribers"]:
        assert notification["Subscribers"] == [
            {"SubscriptionType": "EMAIL", "Address": "alarms@example.com"}
        ]


def test_lean_verifies_the_rds_certificate_with_the_bundled_ca_or_warns(
    lean: Synthesized, bundles: dict[str, Any]
) -> None:
    member = find_in_bundle(str(bundles["api"]), RDS_CA_BUNDLE)
    with zipfile.ZipFile(bundles["api"]) as archive:
        placeholder = "PLACEHOLDER.txt" in archive.namelist()
    api = next(
        f
        for _, _, f in resources(lean, "AWS::Lambda::Function")
        if f["Properties"].get("Handler") == "littlelemon.runtime.api.handler"
    )
    variables = api["Properties"]["Environment"]["Variables"]
    warning = Match.string_like_regexp(RDS_CA_BUNDLE)
    if placeholder:
        assert "DATABASE_TLS_CA_FILE" not in variables
        Annotations.from_stack(lean.stacks["api"]).has_warning("*", warning)
        return
    # `littlelemon bundle api` ships the RDS certificate authorities: no warning then.
    assert member == "littlelemon/runtime/db/rds-global-bundle.pem"
    assert variables["DATABASE_TLS_CA_FILE"] == f"/var/task/{member}"
    Annotations.from_stack(lean.stacks["api"]).has_no_warning("*", warning)


def test_find_in_bundle_finds_a_member_by_file_name(tmp_path: Any) -> None:
    bundle = tmp_path / "b.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("littlelemon/runtime/db/rds-global-bundle.pem", "pem")
        archive.writestr("other.txt", "x")
    assert find_in_bundle(str(bundle), "rds-global-bundle.pem") == (
        "littlelemon/runtime/db/rds-global-bundle.pem"
    )
    assert find_in_bundle(str(bundle), "missing.pem") is None


def test_snapstart_publishes_a_version_and_the_api_routes_to_its_alias(
    standard_with_domain: Synthesized, standard: Synthesized
) -> None:
    api = standard_with_domain.templates["api"]
    api.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Handler": "littlelemon.runtime.api.handler",
            "SnapStart": {"ApplyOn": "PublishedVersions"},
        },
    )
    api.has_resource_properties("AWS::Lambda::Alias", {"Name": "live"})
    integration = next(
        i["Properties"]
        for _, _, i in resources(standard_with_domain, "AWS::ApiGatewayV2::Integration")
        if "Alias" in json.dumps(i["Properties"]["IntegrationUri"])
        or "Live" in json.dumps(i["Properties"]["IntegrationUri"])
    )
    assert integration["PayloadFormatVersion"] == "2.0"
    standard.templates["api"].resource_count_is("AWS::Lambda::Alias", 0)
