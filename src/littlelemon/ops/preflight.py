"""`littlelemon preflight`: the account-side facts a first deploy depends on, before CloudFormation.

Each check prints one verdict line (PASS, ADAPT, INFO or STOP). ADAPT checks hand CDK
context back to the deploy (`apiConcurrency`, `ebSolutionStack`); a STOP ends the command
with the reason and, where one exists, the link to fix it. Read-only calls only:
- lambda GetAccountSettings: the concurrency quota and what is unreserved;
- elasticbeanstalk ListAvailableSolutionStacks: the current Python 3.12 AL2023 platform;
- rds DescribeOrderableDBInstanceOptions: MySQL 8.4 on db.t4g.micro in this region;
- cloudformation DescribeStacks (CDKToolkit) and ssm GetParameter (the bootstrap version);
- the region itself (known to every service the stacks use).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import click

Verdict = Literal["PASS", "ADAPT", "INFO", "STOP"]
ClientFactory = Callable[[str], Any]

LEAN_API_CONCURRENCY = 40  # infra/config.py reserves this much for the api in lean
# Lambda keeps part of the account's concurrency unreserved: 100 with the default quota of
# 1,000, the whole quota in new accounts with 10 ("You can reserve up to the Unreserved
# account concurrency value that is shown, minus 100 for functions that don't have
# reserved concurrency", https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
UNRESERVED_MINIMUM = 100
QUOTA_LINK = "https://console.aws.amazon.com/servicequotas/home/services/lambda/quotas/L-B99A9384"
EB_PLATFORM = re.compile(r"^64bit Amazon Linux 2023 v(\d+)\.(\d+)\.(\d+) running Python 3\.12$")
DB_ENGINE = "mysql"
DB_MAJOR = "8.4"
DB_CLASS = "db.t4g.micro"
BOOTSTRAP_STACK = "CDKToolkit"
BOOTSTRAP_PARAMETER = "/cdk-bootstrap/hnb659fds/version"
# aws-cdk-lib 2.x assets and roles need bootstrap version 6 or later (the template's own
# BootstrapVersion rule checks >= 6 when CloudFormation starts).
MIN_BOOTSTRAP_VERSION = 6
# (CloudFront is global: botocore lists no regions for it.)
REGION_SERVICES = ("lambda", "rds", "elasticbeanstalk", "dynamodb", "apigatewayv2")


@dataclass(frozen=True)
class Check:
    """One verdict line."""

    name: str
    verdict: Verdict
    message: str

    def line(self) -> str:
        return f"{self.verdict:<5} {self.name}: {self.message}"


@dataclass
class Report:
    """Every check's verdict and the CDK context the deploy should pass."""

    checks: list[Check] = field(default_factory=list)
    context: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(check.verdict != "STOP" for check in self.checks)


def check_region(region: str, available: Callable[[str], list[str]]) -> Check:
    """The region offers every service the stacks use."""
    missing = [service for service in REGION_SERVICES if region not in available(service)]
    if missing:
        return Check("region", "STOP", f"{region} does not offer {', '.join(missing)}")
    return Check("region", "PASS", f"{region} offers {', '.join(REGION_SERVICES)}")


def check_concurrency(
    settings: Mapping[str, Any], *, profile: str, requested: str | None
) -> tuple[Check, dict[str, str]]:
    """Can the api function get its reserved concurrency? Adapt it, or stop."""
    limits = settings.get("AccountLimit", {})
    quota = int(limits.get("ConcurrentExecutions", 0))
    unreserved = int(limits.get("UnreservedConcurrentExecutions", quota))
    reservable = max(0, unreserved - min(UNRESERVED_MINIMUM, quota))
    if requested is not None:
        wanted = int(requested)
    else:
        wanted = LEAN_API_CONCURRENCY if profile == "lean" else 0
    if wanted <= reservable:
        note = f"reserving {wanted}" if wanted else "no reservation asked"
        return Check(
            "lambda concurrency", "PASS", f"quota {quota}, {reservable} reservable; {note}"
        ), {}
    if requested is not None:  # the operator's own number: never lowered silently
        return Check(
            "lambda concurrency",
            "STOP",
            f"apiConcurrency={wanted} but only {reservable} of the quota {quota} can be "
            f"reserved; ask for more at {QUOTA_LINK} or pass a smaller apiConcurrency",
        ), {}
    if reservable >= 1:
        return Check(
            "lambda concurrency",
            "ADAPT",
            f"quota {quota}: reserving {reservable} instead of {wanted} (apiConcurrency="
            f"{reservable}); the api opens at most {reservable} database connections. "
            f"More: {QUOTA_LINK}",
        ), {"apiConcurrency": str(reservable)}
    return Check(
        "lambda concurrency",
        "ADAPT",
        f"quota {quota} leaves nothing to reserve: the api runs unreserved (apiConcurrency=0), "
        f"so the quota itself caps it at {quota} instances and database connections. "
        f"More: {QUOTA_LINK}",
    ), {"apiConcurrency": "0"}


def platform_version(name: str) -> tuple[int, int, int] | None:
    match = EB_PLATFORM.match(name)
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def check_eb_platform(stacks: list[str], *, pinned: str | None) -> tuple[Check, dict[str, str]]:
    """The newest `64bit Amazon Linux 2023 v* running Python 3.12`, unless one is pinned."""
    candidates = sorted(
        (version, name) for name in stacks if (version := platform_version(name)) is not None
    )
    if pinned is not None:
        if pinned in stacks:
            return Check("eb platform", "PASS", f"pinned {pinned!r} is available"), {}
        return Check(
            "eb platform",
            "STOP",
            f"pinned ebSolutionStack {pinned!r} is not offered here; current: "
            f"{candidates[-1][1] if candidates else 'none'}",
        ), {}
    if not candidates:
        return Check("eb platform", "STOP", "no Python 3.12 Amazon Linux 2023 platform"), {}
    newest = candidates[-1][1]
    return Check("eb platform", "ADAPT", f"using {newest!r}"), {"ebSolutionStack": newest}


def check_rds(options: list[Mapping[str, Any]], *, profile: str) -> list[Check]:
    """MySQL 8.4 on db.t4g.micro can be ordered here (and what RDS Proxy adds in standard)."""
    versions = sorted(
        {
            str(option.get("EngineVersion"))
            for option in options
            if option.get("DBInstanceClass") == DB_CLASS
        }
    )
    checks = []
    if versions:
        checks.append(
            Check("rds", "PASS", f"{DB_ENGINE} {DB_MAJOR} on {DB_CLASS}: {', '.join(versions)}")
        )
    else:
        checks.append(
            Check("rds", "STOP", f"{DB_ENGINE} {DB_MAJOR} on {DB_CLASS} cannot be ordered here")
        )
    if profile == "standard":
        # No read-only API says whether RDS Proxy serves an engine version in a region;
        # the docs list MySQL 8.4 for RDS Proxy, the deploy itself confirms it.
        checks.append(
            Check(
                "rds proxy",
                "INFO",
                f"RDS Proxy supports {DB_ENGINE} {DB_MAJOR} per its docs; only the deploy "
                "confirms it in this region",
            )
        )
    return checks


def check_bootstrap(*, stack_status: str | None, version: str | None, region: str) -> Check:
    """The CDK bootstrap stack exists and is new enough for aws-cdk-lib 2."""
    how = f"run `npx cdk bootstrap aws://<account>/{region}`"
    if stack_status is None:
        return Check("cdk bootstrap", "STOP", f"no {BOOTSTRAP_STACK} stack: {how}")
    if not stack_status.endswith("_COMPLETE") or "ROLLBACK" in stack_status:
        return Check("cdk bootstrap", "STOP", f"{BOOTSTRAP_STACK} is {stack_status}: {how}")
    if version is None or not version.isdigit() or int(version) < MIN_BOOTSTRAP_VERSION:
        return Check(
            "cdk bootstrap",
            "STOP",
            f"bootstrap version {version or 'missing'} (need >= {MIN_BOOTSTRAP_VERSION}): {how}",
        )
    return Check("cdk bootstrap", "PASS", f"{BOOTSTRAP_STACK} {stack_status}, version {version}")


def _bootstrap_facts(clients: ClientFactory) -> tuple[str | None, str | None]:
    from botocore.exceptions import ClientError

    try:
        stacks = clients("cloudformation").describe_stacks(StackName=BOOTSTRAP_STACK)["Stacks"]
        status: str | None = stacks[0]["StackStatus"] if stacks else None
    except ClientError:
        status = None
    try:
        version: str | None = clients("ssm").get_parameter(Name=BOOTSTRAP_PARAMETER)["Parameter"][
            "Value"
        ]
    except ClientError:
        version = None
    return status, version


def run_preflight(
    *,
    profile: str,
    region: str,
    context: Mapping[str, str],
    clients: ClientFactory,
    available_regions: Callable[[str], list[str]],
) -> Report:
    """Every check, in order; the context to pass to synth."""
    report = Report()
    region_check = check_region(region, available_regions)
    report.checks.append(region_check)
    if region_check.verdict == "STOP":
        return report
    concurrency, adapted = check_concurrency(
        clients("lambda").get_account_settings(),
        profile=profile,
        requested=context.get("apiConcurrency"),
    )
    report.checks.append(concurrency)
    report.context.update(adapted)
    stacks = clients("elasticbeanstalk").list_available_solution_stacks()["SolutionStacks"]
    platform, adapted = check_eb_platform(stacks, pinned=context.get("ebSolutionStack"))
    report.checks.append(platform)
    report.context.update(adapted)
    options = clients("rds").describe_orderable_db_instance_options(
        Engine=DB_ENGINE, DBInstanceClass=DB_CLASS
    )["OrderableDBInstanceOptions"]
    major = [o for o in options if str(o.get("EngineVersion", "")).startswith(DB_MAJOR + ".")]
    report.checks.extend(check_rds(major, profile=profile))
    status, version = _bootstrap_facts(clients)
    report.checks.append(check_bootstrap(stack_status=status, version=version, region=region))
    return report


def aws_clients(region: str) -> tuple[ClientFactory, Callable[[str], list[str]]]:
    """boto3 clients for `region` and the regions botocore knows for a service."""
    import boto3

    session = boto3.session.Session(region_name=region)

    def client(service: str) -> Any:
        return session.client(service)  # type: ignore[call-overload]

    def regions(service: str) -> list[str]:
        return list(session.get_available_regions(service))

    return client, regions


def preflight_or_stop(
    *, profile: str, region: str, context: Mapping[str, str], echo: Callable[[str], None]
) -> dict[str, str]:
    """Run the checks, print each verdict; the adapted context, or ClickException on STOP."""
    from botocore.exceptions import BotoCoreError, ClientError

    clients, regions = aws_clients(region)
    try:
        report = run_preflight(
            profile=profile,
            region=region,
            context=context,
            clients=clients,
            available_regions=regions,
        )
    except (BotoCoreError, ClientError) as error:
        raise click.ClickException(f"preflight could not read the account: {error}") from None
    for check in report.checks:
        echo(check.line())
    if not report.ok:
        raise click.ClickException("preflight stopped the deploy (see STOP above)")
    return report.context


@click.command()
@click.option(
    "--profile", type=click.Choice(["lean", "standard"]), default="lean", show_default=True
)
@click.option("--region", default="us-east-1", show_default=True)
@click.option("-c", "--context", "context_values", multiple=True, metavar="KEY=VALUE")
def command(profile: str, region: str, context_values: tuple[str, ...]) -> None:
    """Check the account before a deploy: concurrency, EB platform, RDS, CDK bootstrap, region."""
    from littlelemon.deploy import parse_context

    adapted = preflight_or_stop(
        profile=profile, region=region, context=parse_context(context_values), echo=click.echo
    )
    for key, value in adapted.items():
        click.echo(f"deploy will pass -c {key}={value}")
