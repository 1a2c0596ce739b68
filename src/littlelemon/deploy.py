"""`littlelemon synth | deploy | destroy`: the pinned AWS CDK CLI, with a price and a question.

The CDK CLI is the one pinned in package.json (run through `npx --no-install`, so npm never
fetches another version). Before synthesizing, the commands install what a `make up` venv
lacks (requirements/deploy.txt), check Node.js and the CDK CLI (one line if absent) and
build the bundles that are missing or older than their sources. `deploy` runs the account
preflight, synthesizes one profile, prints its monthly estimate and asks before deploying
exactly that assembly, then smoke-checks the result (`littlelemon verify`); `destroy`
lists what it keeps.
"""

from __future__ import annotations

import json
import secrets
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

CDK = ("npx", "--no-install", "cdk")
PROFILES = ("lean", "standard")
DEFAULT_ASSEMBLY = Path("cdk.out")
DEFAULT_APP_SECRET = "littlelemon/app"
# Stacks without data, in the order they can go (dependents first).
STATELESS_STACKS = ("Budget", "Observability", "Web", "Bookings", "Api")
STATEFUL_STACKS = ("Data", "Network")


def context_args(profile: str, context: Mapping[str, str]) -> list[str]:
    """`-c key=value` arguments: the profile first, then the rest in a stable order."""
    args = ["-c", f"profile={profile}"]
    for key in sorted(context):
        if key != "profile":
            args += ["-c", f"{key}={context[key]}"]
    return args


def app_command() -> str:
    """The CDK app run by this very interpreter (the venv the deploy requirements went to),
    not whatever `.venv` cdk.json names."""
    return f"{shlex.quote(sys.executable)} -m infra.app"


def synth_argv(*, profile: str, outdir: Path, context: Mapping[str, str]) -> list[str]:
    """The command that synthesizes one profile into `outdir`."""
    return [
        *CDK,
        "synth",
        "--quiet",
        "--app",
        app_command(),
        "--output",
        str(outdir),
        *context_args(profile, context),
    ]


def deploy_argv(*, outdir: Path, stacks: Sequence[str] = (), approved: bool = False) -> list[str]:
    """Deploy the already synthesized assembly (what was priced is what is deployed).

    `approved`: the operator already said yes (`--yes`, after our own price and question),
    so CDK must not ask again; without a terminal its prompt would wait forever.
    """
    selection = list(stacks) or ["--all"]
    return [
        *CDK,
        "deploy",
        "--app",
        str(outdir),
        *selection,
        # Otherwise IAM and security-group changes that widen access need a yes in the terminal
        "--require-approval",
        "never" if approved else "broadening",
        "--outputs-file",
        str(outdir / "outputs.json"),
    ]


def destroy_argv(*, outdir: Path, stacks: Sequence[str]) -> list[str]:
    """Destroy the named stacks of the assembly (the question was asked already)."""
    return [*CDK, "destroy", "--app", str(outdir), *stacks, "--force"]


def kept_after_destroy(*, profile: str, include_data: bool, app_secret: str) -> list[str]:
    """What `destroy` leaves in the account, each with how to remove it."""
    prefix = f"littlelemon-{profile}"
    kept = [
        f"Secrets Manager secret {app_secret} (Django and JWT keys): "
        f"aws secretsmanager delete-secret --secret-id {app_secret} --recovery-window-in-days 7",
        "The CDK bootstrap stack CDKToolkit and its asset bucket (shared by every CDK app): "
        "empty the bucket, then aws cloudformation delete-stack --stack-name CDKToolkit",
    ]
    if not include_data:
        return [
            f"Stacks {prefix}-data and {prefix}-network (the database, the bookings table, the "
            "VPC): run destroy again with --include-data to remove them",
            *kept,
        ]
    return [
        f"The final DB snapshot RDS takes when {prefix}-data is deleted: "
        "aws rds describe-db-snapshots --snapshot-type manual "
        "--query 'DBSnapshots[].DBSnapshotIdentifier', then "
        "aws rds delete-db-snapshot --db-snapshot-identifier <id>",
        "The database's automated backups (kept for their 7-day retention): "
        "aws rds describe-db-instance-automated-backups, then "
        "aws rds delete-db-instance-automated-backup --dbi-resource-id <id>",
        "The bookings table (retained, deletion protection on): "
        "aws dynamodb update-table --table-name <name> --no-deletion-protection-enabled, then "
        "aws dynamodb delete-table --table-name <name>",
        *kept,
    ]


BUNDLES = ("api", "bookings", "web")


def bundle_argv(part: str) -> list[str]:
    """The command that builds one deployable bundle (reproducible; wheels are cached)."""
    return [sys.executable, "-m", "littlelemon", "bundle", part]


def run(argv: Sequence[str]) -> None:
    """Run one command in the foreground; a non-zero exit stops the CLI with its status."""
    click.echo("$ " + " ".join(argv), err=True)
    try:
        completed = subprocess.run(list(argv), check=False)  # noqa: S603 - argv built above
    except FileNotFoundError:
        raise click.ClickException(f"{argv[0]} is not installed or not on PATH") from None
    if completed.returncode != 0:
        raise click.exceptions.Exit(completed.returncode)


def ensure_toolchain() -> None:
    """The CDK library in this venv, Node.js, npx and the CDK CLI; one line if absent."""
    from littlelemon.ops.toolchain import ToolMissingError, check_node, ensure_deploy_requirements

    try:
        ensure_deploy_requirements(echo=lambda line: click.echo(line, err=True))
        check_node(echo=lambda line: click.echo(line, err=True))
    except ToolMissingError as error:
        raise click.ClickException(str(error)) from None


def ensure_bundles() -> None:
    """Build the bundles that are missing or older than their sources."""
    from littlelemon.ops.freshness import stale_bundles

    for part in stale_bundles():
        run(bundle_argv(part))


def run_synth(*, profile: str, outdir: Path, context: Mapping[str, str] | None = None) -> None:
    """Synthesize one profile and record the digest of its inputs in the assembly."""
    from littlelemon.ops.freshness import inputs_digest, record_inputs

    values = dict(context or {})
    ensure_toolchain()
    digest = inputs_digest(context=values, profile=profile)
    run(synth_argv(profile=profile, outdir=outdir, context=values))
    if (outdir / "manifest.json").is_file():
        record_inputs(outdir, digest)


def synth_if_stale(*, profile: str, outdir: Path, context: Mapping[str, str] | None = None) -> bool:
    """Build stale bundles, then synthesize unless the assembly's inputs are unchanged.

    True when it synthesized. `littlelemon cost` uses it: a cdk.out left from before an
    infra change is re-synthesized instead of priced.
    """
    from littlelemon.ops.freshness import assembly_is_current, inputs_digest

    ensure_bundles()
    values = dict(context or {})
    if assembly_is_current(outdir, inputs_digest(context=values, profile=profile)):
        return False
    run_synth(profile=profile, outdir=outdir, context=values)
    return True


def parse_context(values: Sequence[str]) -> dict[str, str]:
    """`-c key=value` options into a dict; a value without `=` is a usage error."""
    context: dict[str, str] = {}
    for value in values:
        key, separator, item = value.partition("=")
        if not separator or not key:
            raise click.BadParameter(f"expected key=value, got {value!r}", param_hint="-c")
        context[key] = item
    return context


def generate_app_secret() -> dict[str, str]:
    """Fresh values for the application secret: Django keys, an RS256 pair, a Fernet key."""
    from cryptography.fernet import Fernet

    from littlelemon.api.core.keys import generate_private_key_pem

    pem = generate_private_key_pem()
    return {
        "django_secret_key": secrets.token_urlsafe(50),
        "jwt_private_key": pem,
        **jwt_public_half(pem),
        "web_secret_key": secrets.token_urlsafe(50),
        "session_encryption_keys": Fernet.generate_key().decode(),
        "web_tier_key": secrets.token_urlsafe(48),
        "admin_password": secrets.token_urlsafe(24),
    }


def jwt_public_half(private_pem: str) -> dict[str, str]:
    """`jwt_public_key`: the public PEM of `private_pem`, which the api reads as JWT_PUBLIC_KEY.

    Derived here, once per deploy on the operator's machine, so that no cold start of the
    api parses the private key to find it.
    """
    from littlelemon.api.core.keys import public_key_pem

    return {"jwt_public_key": public_key_pem(private_pem)}


def ensure_app_secret(client: Any, name: str) -> bool:
    """Create the application secret with generated values unless it exists; True if created.

    An existing secret keeps its values; keys it lacks (added by a newer version) are
    generated and added, except the JWT public key, which is always the public half of the
    secret's own private key (re-derived if someone replaced the private key alone). The
    values are generated on the operator's machine and go straight to Secrets Manager:
    they never appear in a template, the cloud assembly or a log.
    """
    fresh = generate_app_secret()
    try:
        current = json.loads(client.get_secret_value(SecretId=name)["SecretString"])
    except client.exceptions.ResourceNotFoundException:
        client.create_secret(
            Name=name,
            Description="Little Lemon: Django secret keys, JWT signing key, session keys",
            SecretString=json.dumps(fresh),
        )
        return True
    updated = {**fresh, **current}
    updated.update(jwt_public_half(updated["jwt_private_key"]))
    if updated != current:
        client.put_secret_value(SecretId=name, SecretString=json.dumps(updated))
    return False


def preflight(*, profile: str, region: str, context: Mapping[str, str]) -> dict[str, str]:
    """The account checks (littlelemon.ops.preflight); the CDK context they adapt."""
    from littlelemon.ops.preflight import preflight_or_stop

    return preflight_or_stop(profile=profile, region=region, context=context, echo=click.echo)


def deployed_urls(outputs_file: Path) -> tuple[str, str]:
    """ApiUrl and SiteUrl from the outputs file `cdk deploy --outputs-file` wrote."""
    outputs: dict[str, dict[str, str]] = json.loads(outputs_file.read_text())
    found = {key: value for stack in outputs.values() for key, value in stack.items()}
    try:
        return found["ApiUrl"], found["SiteUrl"]
    except KeyError as missing:
        raise click.ClickException(f"{outputs_file} has no {missing} output") from None


def smoke_check(*, api_url: str, site_url: str) -> bool:
    """`littlelemon verify` on the deployed system; True when every check passed."""
    from littlelemon.ops.verify import verify_system

    return verify_system(api_url=api_url, web_url=site_url, echo=click.echo)


def _secrets_client(region: str) -> Any:
    import boto3

    return boto3.client("secretsmanager", region_name=region)


profile_option = click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="lean",
    show_default=True,
    help="lean: no RDS Proxy, no load balancer; standard: both.",
)
context_option = click.option(
    "-c",
    "--context",
    "context_values",
    multiple=True,
    metavar="KEY=VALUE",
    help="CDK context (alarmEmail, domainName, hostedZoneId, monthlyBudget, ...).",
)
assembly_option = click.option(
    "--assembly",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_ASSEMBLY,
    show_default=True,
    help="Cloud assembly root; each profile goes to <assembly>/<profile>/.",
)
yes_option = click.option("--yes", is_flag=True, help="Do not ask for confirmation.")


@click.command()
@profile_option
@context_option
@assembly_option
def synth(profile: str, context_values: tuple[str, ...], assembly: Path) -> None:
    """Synthesize one profile's CloudFormation templates (no AWS account needed)."""
    ensure_bundles()
    run_synth(profile=profile, outdir=assembly / profile, context=parse_context(context_values))


@click.command()
@profile_option
@context_option
@assembly_option
@click.option("--region", default="us-east-1", show_default=True)
@click.option(
    "--requests-per-month",
    type=click.IntRange(min=0),
    default=100_000,
    show_default=True,
    help="Traffic the printed estimate assumes.",
)
@yes_option
def deploy(
    profile: str,
    context_values: tuple[str, ...],
    assembly: Path,
    region: str,
    requests_per_month: int,
    yes: bool,
) -> None:
    """Bundle, synthesize, print the monthly estimate, ask, create the app secret, deploy."""
    from littlelemon.cost.assembly import load_templates
    from littlelemon.cost.model import Usage, estimate
    from littlelemon.cost.report import render

    context = {"region": region, **parse_context(context_values)}
    if "alarmEmail" not in context:
        raise click.UsageError("give -c alarmEmail=<address>: alarms and budget alerts go there")
    outdir = assembly / profile
    # The account first: a STOP here costs nothing, a failed CloudFormation run an hour.
    context.update(preflight(profile=profile, region=region, context=context))
    # Build stale bundles, so what is synthesized, priced and deployed is this checkout.
    ensure_bundles()
    run_synth(profile=profile, outdir=outdir, context=context)
    usage = Usage(
        requests_per_month=requests_per_month,
        web_page_views_per_month=requests_per_month // 2,
    )
    click.echo(render(estimate(load_templates(outdir), profile=profile, usage=usage), usage))
    if not yes:
        click.confirm(f"Deploy the {profile} profile to {region}?", abort=True)
    secret_name = context.get("appSecretName", DEFAULT_APP_SECRET)
    if ensure_app_secret(_secrets_client(region), secret_name):
        click.echo(f"created the application secret {secret_name} with generated keys")
    run(deploy_argv(outdir=outdir, approved=yes))
    api_url, site_url = deployed_urls(outdir / "outputs.json")
    click.echo(f"verifying {api_url} and {site_url}")
    if not smoke_check(api_url=api_url, site_url=site_url):
        raise click.ClickException("the deploy finished but `littlelemon verify` failed (above)")


@click.command()
@profile_option
@context_option
@assembly_option
@click.option(
    "--include-data",
    is_flag=True,
    help="Also remove the database (final snapshot kept), the table's stack and the VPC.",
)
@yes_option
def destroy(
    profile: str,
    context_values: tuple[str, ...],
    assembly: Path,
    include_data: bool,
    yes: bool,
) -> None:
    """Remove the deployed stacks; say what stays in the account and how to remove it."""
    context = parse_context(context_values)
    outdir = assembly / profile
    stacks = list(STATELESS_STACKS) + (list(STATEFUL_STACKS) if include_data else [])
    click.echo(f"Will destroy ({profile}): {', '.join(stacks)}")
    if not yes:
        click.confirm("Destroy these stacks?", abort=True)
    ensure_bundles()  # synthesis reads them, even to destroy
    if include_data:
        # Deletion protection must be off before CloudFormation may delete the instance
        # (it still takes the final snapshot: the removal policy is SNAPSHOT).
        unprotected = {**context, "dbDeletionProtection": "false"}
        run_synth(profile=profile, outdir=outdir, context=unprotected)
        run(deploy_argv(outdir=outdir, stacks=["Data"]))
    else:
        run_synth(profile=profile, outdir=outdir, context=context)
    run(destroy_argv(outdir=outdir, stacks=stacks))
    click.echo("Kept in the account:")
    for item in kept_after_destroy(
        profile=profile,
        include_data=include_data,
        app_secret=context.get("appSecretName", DEFAULT_APP_SECRET),
    ):
        click.echo(f"  - {item}")
