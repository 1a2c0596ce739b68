"""Issue 10: what the templates guarantee for a first deploy into a fresh account."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path
from typing import Any

from aws_cdk.assertions import Annotations, Match
from infra_support import Synthesized, as_list, resources, statements

from infra.config import (
    CAPABILITIES,
    UNRESOLVED_EB_SOLUTION_STACK,
    InfraConfig,
)
from infra.constructs.database import MYSQL_VERSIONS
from infra.stacks.api import PROXY_CA_BUNDLE, RDS_CA_BUNDLE
from littlelemon.contract.webtier import ORIGIN_VERIFY_HEADER
from littlelemon.cost.assembly import load_templates
from littlelemon.cost.model import Usage, estimate

ALL_VIEWER_AND_CLOUDFRONT = "33f36d7e-f396-46d9-90e0-52428a34d9dc"  # managed policy ID
API_HANDLER = "littlelemon.runtime.api.handler"
MANAGE_HANDLER = "littlelemon.runtime.manage.handler"


def function(synth: Synthesized, handler: str) -> dict[str, Any]:
    return next(
        f["Properties"]
        for _, _, f in resources(synth, "AWS::Lambda::Function")
        if f["Properties"].get("Handler") == handler
    )


def eb_options(synth: Synthesized) -> dict[tuple[str, str], Any]:
    environment = next(resources(synth, "AWS::ElasticBeanstalk::Environment"))[2]
    return {
        (option["Namespace"], option["OptionName"]): option["Value"]
        for option in environment["Properties"]["OptionSettings"]
    }


def distribution_config(synth: Synthesized) -> dict[str, Any]:
    distribution = next(resources(synth, "AWS::CloudFront::Distribution"))[2]
    config: dict[str, Any] = distribution["Properties"]["DistributionConfig"]
    return config


def placeholder_bundles(bundles: dict[str, Path]) -> bool:
    with zipfile.ZipFile(bundles["api"]) as archive:
        return "PLACEHOLDER.txt" in archive.namelist()


# 1 ---------------------------------------------------------------------------------------
def test_jwt_authorizer_is_created_in_the_bookings_stack_after_the_whole_api_stack(
    synthesized: Synthesized,
) -> None:
    synthesized.templates["api"].resource_count_is("AWS::ApiGatewayV2::Authorizer", 0)
    synthesized.templates["bookings"].has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {
            "AuthorizerType": "JWT",
            "JwtConfiguration": {"Audience": ["littlelemon"], "Issuer": Match.any_value()},
        },
    )
    # CloudFormation deploys bookings only once the api stack (stage, routes, domain record,
    # migrations) is complete.
    assert synthesized.stacks["api"] in synthesized.stacks["bookings"].dependencies
    synthesized.templates["api"].has_resource("Custom::DjangoMigrate", {})
    synthesized.templates["api"].has_resource("AWS::ApiGatewayV2::Stage", {})


# 2 ---------------------------------------------------------------------------------------
def test_cloudfront_origin_is_the_environments_cname_not_its_endpoint_address(
    lean: Synthesized,
) -> None:
    environment = next(resources(lean, "AWS::ElasticBeanstalk::Environment"))[2]["Properties"]
    prefix = environment["CNAMEPrefix"]
    assert "littlelemon-prod-lean-web-" in json.dumps(prefix)
    (origin,) = distribution_config(lean)["Origins"]
    domain = json.dumps(origin["DomainName"])
    assert "EndpointURL" not in domain
    assert ".us-east-1.elasticbeanstalk.com" in domain
    assert "littlelemon-prod-lean-web-" in domain


# 3 ---------------------------------------------------------------------------------------
def test_tls_trust_is_amazons_roots_for_the_proxy_and_the_rds_cas_for_the_instance(
    standard: Synthesized, lean: Synthesized, bundles: dict[str, Path]
) -> None:
    standard_api = function(standard, API_HANDLER)["Environment"]["Variables"]
    lean_api = function(lean, API_HANDLER)["Environment"]["Variables"]
    standard_manage = function(standard, MANAGE_HANDLER)["Environment"]["Variables"]
    if placeholder_bundles(bundles):
        assert "DATABASE_TLS_CA_FILE" not in standard_api
        Annotations.from_stack(standard.stacks["api"]).has_warning(
            "*", Match.string_like_regexp(PROXY_CA_BUNDLE)
        )
        return
    assert standard_api["DATABASE_TLS_CA_FILE"].endswith(f"/{PROXY_CA_BUNDLE}")
    assert lean_api["DATABASE_TLS_CA_FILE"].endswith(f"/{RDS_CA_BUNDLE}")
    # the bootstrap signs in on the instance itself, whose certificate is an RDS one
    assert standard_manage["DATABASE_BOOTSTRAP_TLS_CA_FILE"].endswith(f"/{RDS_CA_BUNDLE}")


# 4 ---------------------------------------------------------------------------------------
def test_no_retired_platform_version_is_pinned_and_preflights_choice_is_used(
    lean: Synthesized, lean_resolved: Synthesized
) -> None:
    unresolved = next(resources(lean, "AWS::ElasticBeanstalk::Environment"))[2]["Properties"]
    assert unresolved["SolutionStackName"] == UNRESOLVED_EB_SOLUTION_STACK
    assert "v4.7.0" not in json.dumps(lean.template_json("web"))
    Annotations.from_stack(lean.stacks["web"]).has_warning(
        "*", Match.string_like_regexp("ebSolutionStack")
    )
    resolved = next(resources(lean_resolved, "AWS::ElasticBeanstalk::Environment"))[2]
    assert resolved["Properties"]["SolutionStackName"] == (
        "64bit Amazon Linux 2023 v4.9.9 running Python 3.12"
    )
    Annotations.from_stack(lean_resolved.stacks["web"]).has_no_warning(
        "*", Match.string_like_regexp("ebSolutionStack")
    )


# 5 ---------------------------------------------------------------------------------------
def test_api_concurrency_is_unreserved_by_default_and_follows_the_context(
    lean: Synthesized, lean_resolved: Synthesized
) -> None:
    assert "ReservedConcurrentExecutions" not in function(lean, API_HANDLER)
    assert function(lean_resolved, API_HANDLER)["ReservedConcurrentExecutions"] == 8


# 6 ---------------------------------------------------------------------------------------
def test_engine_version_names_the_major_only_with_minor_upgrades_on(
    synthesized: Synthesized,
) -> None:
    synthesized.templates["data"].has_resource_properties(
        "AWS::RDS::DBInstance",
        {"Engine": "mysql", "EngineVersion": "8.4", "AutoMinorVersionUpgrade": True},
    )
    synthesized.templates["data"].has_resource_properties(
        "AWS::RDS::DBParameterGroup", {"Family": "mysql8.4"}
    )
    assert MYSQL_VERSIONS["8.0"].mysql_full_version == "8.0"


# 7 ---------------------------------------------------------------------------------------
def test_behind_cloudfront_django_trusts_cloudfront_forwarded_proto(
    standard: Synthesized, lean: Synthesized
) -> None:
    for synth in (standard, lean):
        options = eb_options(synth)
        variable = (
            "aws:elasticbeanstalk:application:environment",
            "DJANGO_SECURE_PROXY_SSL_HEADER",
        )
        assert options[variable] == "HTTP_CLOUDFRONT_FORWARDED_PROTO"
        config = distribution_config(synth)
        behaviors = [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]
        for behavior in behaviors:
            assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_AND_CLOUDFRONT
        (origin,) = config["Origins"]
        names = {h["HeaderName"] for h in origin.get("OriginCustomHeaders", [])}
        assert "X-Forwarded-Proto" not in names  # the load balancer overwrote it


# 10a -------------------------------------------------------------------------------------
def test_default_budget_is_the_profiles_estimate_with_a_quarter_headroom(
    synthesized: Synthesized, lean_resolved: Synthesized
) -> None:
    templates = load_templates(synthesized.outdir)
    templates.pop("budget")
    expected = math.ceil(
        estimate(templates, profile=synthesized.profile, usage=Usage()).total * 1.25
    )
    budget = next(resources(synthesized, "AWS::Budgets::Budget"))[2]["Properties"]["Budget"]
    assert budget["BudgetLimit"] == {"Amount": expected, "Unit": "USD"}
    assert expected > estimate(templates, profile=synthesized.profile, usage=Usage()).total
    configured = next(resources(lean_resolved, "AWS::Budgets::Budget"))[2]["Properties"]
    assert configured["Budget"]["BudgetLimit"] == {"Amount": 55, "Unit": "USD"}


# 12a -------------------------------------------------------------------------------------
def test_function_environments_are_encrypted_with_a_key_only_their_roles_may_use(
    synthesized: Synthesized,
) -> None:
    api = synthesized.templates["api"]
    api.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
    for handler in (API_HANDLER, MANAGE_HANDLER):
        assert "KmsKeyArn" in function(synthesized, handler)
    decrypters = {
        logical_id
        for _, logical_id, statement in statements(synthesized)
        if "kms:Decrypt" in as_list(statement["Action"])
    }
    assert decrypters
    assert all(
        name.startswith(("ApiRoleDefaultPolicy", "ManageRoleDefaultPolicy")) for name in decrypters
    )
    manage = function(synthesized, MANAGE_HANDLER)["Environment"]["Variables"]
    assert "DATABASE_BOOTSTRAP_PASSWORD" not in manage
    assert "MasterUserSecret" not in json.dumps(manage)


def test_web_secrets_reach_the_instance_through_elastic_beanstalks_secrets_integration(
    synthesized: Synthesized,
) -> None:
    options = eb_options(synthesized)
    plain = {
        name: value
        for (namespace, name), value in options.items()
        if namespace == "aws:elasticbeanstalk:application:environment"
    }
    assert "resolve:secretsmanager" not in json.dumps(plain)
    secrets = {
        name: value
        for (namespace, name), value in options.items()
        if namespace == "aws:elasticbeanstalk:application:environmentsecrets"
    }
    assert set(secrets) == {
        "DJANGO_SECRET_KEY",
        "SESSION_ENCRYPTION_KEYS",
        "WEB_ORIGIN_VERIFY_SECRET",
    }
    granted = [
        statement
        for _, _, statement in statements(synthesized)
        if "secretsmanager:GetSecretValue" in as_list(statement["Action"])
        and statement.get("Sid") == "EnvironmentSecrets"
    ]
    (statement,) = granted
    assert sorted(map(json.dumps, as_list(statement["Resource"]))) == sorted(
        map(json.dumps, secrets.values())
    )


# 13 --------------------------------------------------------------------------------------
def test_standard_signs_in_to_the_proxy_as_the_application_user_only(
    standard: Synthesized, lean: Synthesized
) -> None:
    data = standard.templates["data"]
    data.has_resource_properties(
        "AWS::SecretsManager::Secret",
        {
            "GenerateSecretString": Match.object_like(
                {
                    "SecretStringTemplate": json.dumps(
                        {"username": "littlelemon"}, separators=(",", ":")
                    )
                }
            )
        },
    )
    proxy = next(resources(standard, "AWS::RDS::DBProxy"))[2]["Properties"]
    (auth,) = proxy["Auth"]
    assert "AppUserSecret" in json.dumps(auth["SecretArn"])
    assert "MasterUserSecret" not in json.dumps(proxy)
    for synth in (standard, lean):
        connects = [
            json.dumps(statement["Resource"])
            for _, _, statement in statements(synth)
            if "rds-db:connect" in as_list(statement["Action"])
        ]
        assert connects
        assert all("/littlelemon" in c and "llmaster" not in c for c in connects)
        variables = function(synth, API_HANDLER)["Environment"]["Variables"]
        assert json.dumps(variables["DATABASE_URL"]).count("mysql://littlelemon@") == 1
    assert standard.stacks["data"].app_user_secret is not None  # type: ignore[attr-defined]
    assert lean.stacks["data"].app_user_secret is None  # type: ignore[attr-defined]


# 14 --------------------------------------------------------------------------------------
def test_web_origin_admits_only_cloudfront_and_checks_the_secret_header(
    standard: Synthesized, lean: Synthesized
) -> None:
    for synth in (standard, lean):
        web = synth.templates["web"]
        web.has_resource_properties(
            "Custom::AWS",
            {"Create": Match.string_like_regexp("com.amazonaws.global.cloudfront.origin-facing")},
        )
        group = next(
            (logical_id, g["Properties"])
            for _, logical_id, g in resources(synth, "AWS::EC2::SecurityGroup")
            if logical_id.startswith("OriginSecurityGroup")
        )
        assert "SecurityGroupIngress" not in group[1]  # no inline rule open to anyone
        (rule,) = [
            r["Properties"]
            for _, _, r in resources(synth, "AWS::EC2::SecurityGroupIngress")
            if group[0] in json.dumps(r["Properties"]["GroupId"])
        ]
        assert rule["FromPort"] == rule["ToPort"] == 80
        assert "CloudFrontPrefixList" in json.dumps(rule["SourcePrefixListId"])
        assert "CidrIp" not in rule
        (origin,) = distribution_config(synth)["Origins"]
        headers = {h["HeaderName"]: h["HeaderValue"] for h in origin["OriginCustomHeaders"]}
        assert "resolve:secretsmanager" in json.dumps(headers[ORIGIN_VERIFY_HEADER])
        options = eb_options(synth)
        hosts = json.dumps(
            options["aws:elasticbeanstalk:application:environment", "DJANGO_ALLOWED_HOSTS"]
        )
        assert "cloudfront.net" not in hosts.replace("DomainName", "")
        assert "Distribution" in hosts
        assert "DomainName" in hosts
    lean_options = eb_options(lean)
    assert lean_options[
        "aws:autoscaling:launchconfiguration", "DisableDefaultEC2SecurityGroup"
    ] == ("true")
    assert "OriginSecurityGroup" in json.dumps(
        lean_options["aws:autoscaling:launchconfiguration", "SecurityGroups"]
    )
    standard_options = eb_options(standard)
    assert "OriginSecurityGroup" in json.dumps(
        standard_options["aws:elbv2:loadbalancer", "ManagedSecurityGroup"]
    )


def test_a_load_balancer_with_its_own_certificate_stays_open_to_viewers(
    standard_with_domain: Synthesized,
) -> None:
    options = eb_options(standard_with_domain)
    assert ("aws:elbv2:loadbalancer", "ManagedSecurityGroup") not in options
    assert options["aws:elasticbeanstalk:application:environment", "DJANGO_ALLOWED_HOSTS"] == (
        "www.littlelemon.example.com"
    )


# 15 --------------------------------------------------------------------------------------
def test_vpc_functions_get_the_network_interface_actions_inline_not_the_managed_policy(
    synthesized: Synthesized,
) -> None:
    for _, _, role in resources(synthesized, "AWS::IAM::Role"):
        assert "AWSLambdaVPCAccessExecutionRole" not in json.dumps(role)
    for handler in (API_HANDLER, MANAGE_HANDLER):
        role = json.dumps(function(synthesized, handler)["Role"])
        actions = {
            action
            for _, logical_id, statement in statements(synthesized)
            if logical_id.split("DefaultPolicy")[0] in role
            for action in as_list(statement["Action"])
        }
        assert {"ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"} <= actions
        assert not any(action.startswith("logs:CreateLogGroup") for action in actions)


# structure and environments ---------------------------------------------------------------
def test_profiles_are_rows_of_capabilities() -> None:
    assert CAPABILITIES["lean"].rds_proxy is False
    assert CAPABILITIES["standard"].rds_proxy is True
    assert InfraConfig(profile="standard").capabilities.load_balancer is True


PHYSICAL_NAME_KEYS = {
    "AlarmName",
    "AliasName",
    "ApplicationName",
    "BudgetName",
    "CNAMEPrefix",
    "DashboardName",
    "DBProxyName",
    "EnvironmentName",
    "Name",
}


def physical_names(synth: Synthesized) -> set[str]:
    """Every account-wide name the templates set, plus the stack names."""
    names = {stack.stack_name for stack in synth.stacks.values()}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in {"Dimensions", "Tags"}:  # metric dimensions name metrics, not things
                    continue
                if key in PHYSICAL_NAME_KEYS and not isinstance(item, (dict, list)):
                    names.add(str(item))
                elif key in PHYSICAL_NAME_KEYS and isinstance(item, dict):
                    names.add(json.dumps(item, sort_keys=True))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for template in synth.templates.values():
        for resource in template.to_json()["Resources"].values():
            walk(resource.get("Properties", {}))
    return names


def test_two_environments_share_no_physical_name(
    lean: Synthesized, lean_staging: Synthesized
) -> None:
    prod, staging = physical_names(lean), physical_names(lean_staging)
    assert len(prod) > 20
    assert prod & staging == set()
    assert "littlelemon-staging-lean-data" in staging
