"""`littlelemon destroy --purge` and `littlelemon status`: what an environment leaves, and its cost.

A plain `destroy` keeps what CloudFormation retains on purpose: the final DB snapshot, the
bookings table (deletion protection on), log groups, the uploaded bundles in the CDK
bootstrap bucket and the application secret. `--purge` removes those too, asking first for
the ones that hold data. The resources of each stack are recorded in
`<assembly>/<profile>/retained.json` before the stacks go, so `status` and a later purge
still know them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click

from littlelemon import deploy as deploy_commands
from littlelemon.cost.assembly import STACK_ARTIFACT
from littlelemon.cost.prices import PRICES

GB = 1024**3
INVENTORY_FILE = "retained.json"
DEFAULT_ENVIRONMENT = "prod"  # infra/config.py: the environment without `-c env=`
DATA_KINDS = frozenset({"db-snapshot", "db-automated-backup", "dynamodb-table", "secret"})
NO_DATA_LOSS = "Nothing with data was deleted: the snapshot, table and secret are still there."


@dataclass
class Inventory:
    """Names an environment's stacks created, from the assembly and the stacks themselves."""

    stacks: list[str] = field(default_factory=list)
    db_instances: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    log_groups: list[str] = field(default_factory=list)
    log_group_prefixes: list[str] = field(default_factory=list)
    assets: list[tuple[str, str]] = field(default_factory=list)  # (bucket, key)
    secrets: list[str] = field(default_factory=list)
    # resource or log-group prefix -> the stack that holds it (the price is in its estimate)
    owners: dict[str, str] = field(default_factory=dict)

    def merge(self, other: Inventory) -> Inventory:
        """Both inventories' names, each once, in first-seen order."""

        def union(a: Iterable[Any], b: Iterable[Any]) -> list[Any]:
            return list(dict.fromkeys([*a, *b]))

        lists = {
            name: union(getattr(self, name), getattr(other, name))
            for name in Inventory.__dataclass_fields__
            if name != "owners"
        }
        return Inventory(**lists, owners={**self.owners, **other.owners})

    def owner(self, name: str) -> str | None:
        """The stack a resource (or the log-group prefix it falls under) belongs to."""
        for key, stack in self.owners.items():
            if name == key or name.startswith(key):
                return stack
        return None

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> Inventory:
        """The recorded inventory, or an empty one when none was recorded."""
        if not path.is_file():
            return cls()
        values = json.loads(path.read_text())
        values["assets"] = [tuple(pair) for pair in values.get("assets", [])]
        values.setdefault("owners", {})
        return cls(**values)


@dataclass(frozen=True)
class Retained:
    """One resource left in the account, and what it costs per month while it exists."""

    kind: str
    name: str
    monthly_usd: float
    detail: str = ""
    key: str = ""  # what the delete call needs when it is not the name

    @property
    def holds_data(self) -> bool:
        return self.kind in DATA_KINDS


@dataclass(frozen=True)
class Clients:
    """The boto3 clients teardown and status use, all in one region."""

    cloudformation: Any
    rds: Any
    dynamodb: Any
    logs: Any
    s3: Any
    secretsmanager: Any
    sts: Any

    @classmethod
    def create(cls, region: str) -> Clients:
        import boto3

        session = boto3.session.Session(region_name=region)
        return cls(
            cloudformation=session.client("cloudformation"),
            rds=session.client("rds"),
            dynamodb=session.client("dynamodb"),
            logs=session.client("logs"),
            s3=session.client("s3"),
            secretsmanager=session.client("secretsmanager"),
            sts=session.client("sts"),
        )


# --- what the environment created --------------------------------------------------------


def assembly_inventory(outdir: Path, *, app_secret: str) -> Inventory:
    """Stack names and uploaded asset objects, read from the synthesized assembly."""
    manifest = json.loads((outdir / "manifest.json").read_text())
    stacks = [
        artifact["properties"].get("stackName", artifact_id)
        for artifact_id, artifact in manifest.get("artifacts", {}).items()
        if artifact.get("type") == STACK_ARTIFACT
    ]
    assets: list[tuple[str, str]] = []
    for assets_file in sorted(outdir.glob("*.assets.json")):
        for entry in json.loads(assets_file.read_text()).get("files", {}).values():
            for destination in entry.get("destinations", {}).values():
                assets.append((destination["bucketName"], destination["objectKey"]))
    return Inventory(stacks=stacks, assets=list(dict.fromkeys(assets)), secrets=[app_secret])


def _stack_resources(cloudformation: Any, stack: str) -> Iterator[dict[str, Any]]:
    paginator = cloudformation.get_paginator("list_stack_resources")
    for page in paginator.paginate(StackName=stack):
        yield from page["StackResourceSummaries"]


def stack_inventory(cloudformation: Any, stacks: Iterable[str]) -> Inventory:
    """The physical names of what the live stacks hold that may outlive them."""
    found = Inventory()
    for stack in stacks:
        if _stack_status(cloudformation, stack) is None:
            continue
        for resource in _stack_resources(cloudformation, stack):
            kind, name = resource["ResourceType"], resource.get("PhysicalResourceId", "")
            if not name:
                continue
            owned = name
            if kind == "AWS::RDS::DBInstance":
                found.db_instances.append(name)
                owned = f"/aws/rds/instance/{name}/"
                found.log_group_prefixes.append(owned)
            elif kind == "AWS::DynamoDB::Table":
                found.tables.append(name)
            elif kind == "AWS::Logs::LogGroup":
                found.log_groups.append(name)
            elif kind == "AWS::Lambda::Function":
                # created by Lambda itself on the first invocation, outside any stack
                owned = f"/aws/lambda/{name}"
                found.log_group_prefixes.append(owned)
            elif kind == "AWS::ElasticBeanstalk::Environment":
                owned = f"/aws/elasticbeanstalk/{name}/"
                found.log_group_prefixes.append(owned)
            else:
                continue
            found.owners[owned] = stack
    return found


def _stack_status(cloudformation: Any, stack: str) -> str | None:
    try:
        (described,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except cloudformation.exceptions.ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    status = str(described["StackStatus"])
    return None if status == "DELETE_COMPLETE" else status


def record(outdir: Path, clients: Clients, *, app_secret: str) -> Inventory:
    """Inventory from the assembly and the live stacks, merged into `retained.json`."""
    path = outdir / INVENTORY_FILE
    inventory = Inventory.load(path).merge(assembly_inventory(outdir, app_secret=app_secret))
    inventory = inventory.merge(stack_inventory(clients.cloudformation, inventory.stacks))
    inventory.save(path)
    return inventory


# --- what is left, and its price ------------------------------------------------------------


def _usd(price_key: str, quantity: float) -> float:
    return quantity * PRICES[price_key].usd


def _account(clients: Clients) -> str:
    return str(clients.sts.get_caller_identity()["Account"])


def find_retained(clients: Clients, inventory: Inventory) -> list[Retained]:
    """Everything the inventory names that still exists, once the stacks are gone or not."""
    return [
        *_snapshots(clients.rds, inventory),
        *_automated_backups(clients.rds, inventory),
        *_tables(clients.dynamodb, inventory),
        *_log_groups(clients.logs, inventory),
        *_assets(clients, inventory),
        *_secrets(clients.secretsmanager, inventory),
    ]


def _snapshots(rds: Any, inventory: Inventory) -> Iterator[Retained]:
    paginator = rds.get_paginator("describe_db_snapshots")
    for page in paginator.paginate(SnapshotType="manual"):
        for snapshot in page["DBSnapshots"]:
            if snapshot.get("DBInstanceIdentifier") not in inventory.db_instances:
                continue
            size = float(snapshot.get("AllocatedStorage", 0))
            yield Retained(
                kind="db-snapshot",
                name=snapshot["DBSnapshotIdentifier"],
                monthly_usd=_usd("rds.snapshot.gb_month", size),
                detail=f"{size:g} GB of {snapshot['DBInstanceIdentifier']}",
            )


def _automated_backups(rds: Any, inventory: Inventory) -> Iterator[Retained]:
    backups = rds.describe_db_instance_automated_backups().get("DBInstanceAutomatedBackups", [])
    for backup in backups:
        if backup.get("DBInstanceIdentifier") not in inventory.db_instances:
            continue
        if backup.get("Status") != "retained":
            continue  # the instance still exists: its backups are free up to its size
        size = float(backup.get("AllocatedStorage", 0))
        yield Retained(
            kind="db-automated-backup",
            name=backup["DBInstanceIdentifier"],
            monthly_usd=_usd("rds.snapshot.gb_month", size),
            detail=f"automated backups, up to {size:g} GB",
            key=backup["DbiResourceId"],
        )


def _tables(dynamodb: Any, inventory: Inventory) -> Iterator[Retained]:
    for name in inventory.tables:
        try:
            table = dynamodb.describe_table(TableName=name)["Table"]
        except dynamodb.exceptions.ResourceNotFoundException:
            continue
        gb = float(table.get("TableSizeBytes", 0)) / GB
        backups = dynamodb.describe_continuous_backups(TableName=name)
        pitr = backups["ContinuousBackupsDescription"].get("PointInTimeRecoveryDescription", {})
        cost = _usd("dynamodb.storage.gb_month", gb)
        if pitr.get("PointInTimeRecoveryStatus") == "ENABLED":
            cost += _usd("dynamodb.pitr.gb_month", gb)
        protected = table.get("DeletionProtectionEnabled", False)
        yield Retained(
            kind="dynamodb-table",
            name=name,
            monthly_usd=cost,
            detail=f"{gb * 1024:.1f} MB{', deletion protection on' if protected else ''}",
        )


def _log_groups(logs: Any, inventory: Inventory) -> Iterator[Retained]:
    seen: set[str] = set()
    paginator = logs.get_paginator("describe_log_groups")
    for prefix in [*inventory.log_groups, *inventory.log_group_prefixes]:
        for page in paginator.paginate(logGroupNamePrefix=prefix):
            for group in page["logGroups"]:
                name = group["logGroupName"]
                exact = prefix in inventory.log_groups
                if name in seen or (exact and name != prefix):
                    continue
                seen.add(name)
                gb = float(group.get("storedBytes", 0)) / GB
                yield Retained(
                    kind="log-group",
                    name=name,
                    monthly_usd=_usd("cloudwatch.logs.storage_gb_month", gb),
                    detail=f"{gb * 1024:.1f} MB stored",
                )


def _resolve(text: str, account: str, region: str) -> str:
    return text.replace("${AWS::AccountId}", account).replace("${AWS::Region}", region)


def _assets(clients: Clients, inventory: Inventory) -> Iterator[Retained]:
    if not inventory.assets:
        return
    account, region = _account(clients), clients.s3.meta.region_name
    in_use = _keys_used_by_other_stacks(clients.cloudformation, inventory)
    for bucket, key in inventory.assets:
        bucket = _resolve(bucket, account, region)
        if key in in_use:
            continue  # another environment deployed the same bundle: it stays
        try:
            head = clients.s3.head_object(Bucket=bucket, Key=key)
        except clients.s3.exceptions.ClientError:
            continue  # gone already (or the bucket was emptied)
        gb = float(head["ContentLength"]) / GB
        yield Retained(
            kind="asset",
            name=f"s3://{bucket}/{key}",
            monthly_usd=_usd("s3.standard.gb_month", gb),
            detail=f"{gb * 1024:.1f} MB",
        )


def _keys_used_by_other_stacks(cloudformation: Any, inventory: Inventory) -> set[str]:
    """Asset keys that live stacks outside this environment still name in their templates."""
    keys = {key for _, key in inventory.assets}
    used: set[str] = set()
    paginator = cloudformation.get_paginator("list_stacks")
    for page in paginator.paginate():
        for summary in page["StackSummaries"]:
            name = summary["StackName"]
            if summary["StackStatus"] == "DELETE_COMPLETE" or name in inventory.stacks:
                continue
            body = cloudformation.get_template(StackName=name)["TemplateBody"]
            text = body if isinstance(body, str) else json.dumps(body)
            used.update(key for key in keys if key.split(".")[0] in text)
    return used


def _secrets(secretsmanager: Any, inventory: Inventory) -> Iterator[Retained]:
    for name in inventory.secrets:
        try:
            secret = secretsmanager.describe_secret(SecretId=name)
        except secretsmanager.exceptions.ResourceNotFoundException:
            continue
        if secret.get("DeletedDate"):
            continue  # already scheduled for deletion
        yield Retained(
            kind="secret",
            name=name,
            monthly_usd=_usd("secretsmanager.secret_month", 1),
            detail="Django and JWT keys; a new deploy generates new ones",
        )


# --- removing it ----------------------------------------------------------------------------


def purge_retained(
    clients: Clients, retained: list[Retained], *, delete_data: bool
) -> list[Retained]:
    """Delete what was found; the data-holding ones only with `delete_data`. Returns the deleted."""
    deleted: list[Retained] = []
    for item in retained:
        if item.holds_data and not delete_data:
            continue
        _delete(clients, item)
        deleted.append(item)
    return deleted


def _delete(clients: Clients, item: Retained) -> None:
    if item.kind == "log-group":
        clients.logs.delete_log_group(logGroupName=item.name)
    elif item.kind == "asset":
        bucket, _, key = item.name.removeprefix("s3://").partition("/")
        clients.s3.delete_object(Bucket=bucket, Key=key)
    elif item.kind == "db-snapshot":
        clients.rds.delete_db_snapshot(DBSnapshotIdentifier=item.name)
    elif item.kind == "db-automated-backup":
        clients.rds.delete_db_instance_automated_backup(DbiResourceId=item.key)
    elif item.kind == "dynamodb-table":
        # The table was retained with deletion protection; lift it only for this delete.
        clients.dynamodb.update_table(TableName=item.name, DeletionProtectionEnabled=False)
        clients.dynamodb.delete_table(TableName=item.name)
    elif item.kind == "secret":
        # The shortest recovery window Secrets Manager allows: a mistake can still be undone.
        clients.secretsmanager.delete_secret(SecretId=item.name, RecoveryWindowInDays=7)
    else:
        raise ValueError(f"no delete for {item.kind}")


def describe(items: Iterable[Retained]) -> Iterator[str]:
    """One line per resource: kind, name, detail, price per month."""
    for item in items:
        detail = f" ({item.detail})" if item.detail else ""
        yield f"  {item.kind:<20} {item.name}{detail}  US${item.monthly_usd:,.2f}/month"


# --- the commands ---------------------------------------------------------------------------


def _ensure_assembly(profile: str, outdir: Path, context: dict[str, str]) -> None:
    if not (outdir / "manifest.json").is_file():
        deploy_commands.run_synth(profile=profile, outdir=outdir, context=context)


def app_secret_name(context: dict[str, str]) -> str:
    """The environment's application secret, named as infra/config.py names it."""
    if context.get("appSecretName"):
        return context["appSecretName"]
    environment = context.get("env", DEFAULT_ENVIRONMENT)
    if environment == DEFAULT_ENVIRONMENT:
        return deploy_commands.DEFAULT_APP_SECRET  # the name earlier releases created
    return f"littlelemon/{environment}/app"


def _region(context: dict[str, str]) -> str:
    return context.get("region", "us-east-1")


def _clients(region: str) -> Clients:
    return Clients.create(region)


def _confirm_data(items: list[Retained], *, delete_data: bool) -> bool:
    data = [item for item in items if item.holds_data]
    if not data:
        return False
    click.echo("These hold data and cannot be recovered once deleted:")
    for line in describe(data):
        click.echo(line)
    if delete_data:
        return True
    return click.confirm("Delete them too?", default=False)


PURGE_OPTIONS = [
    click.Option(
        ["--purge"],
        is_flag=True,
        help="Also remove what destroy keeps: log groups, uploaded bundles and (asked "
        "separately) the final snapshot, the bookings table and the app secret. "
        "Implies --include-data.",
    ),
    click.Option(
        ["--delete-data"],
        is_flag=True,
        help="With --purge: delete the snapshot, table and secret without asking (CI).",
    ),
]


def _destroy(ctx: click.Context, purge: bool, delete_data: bool, **params: Any) -> None:
    """Remove the deployed stacks; with --purge, also what they keep; say what stays."""
    context = deploy_commands.parse_context(params.get("context_values", ()))
    profile = str(params["profile"])
    outdir = Path(params["assembly"]) / profile
    if not purge:
        ctx.invoke(deploy_commands.destroy, **params)
        return
    params["include_data"] = True
    clients = _clients(_region(context))
    _ensure_assembly(profile, outdir, context)
    inventory = record(outdir, clients, app_secret=app_secret_name(context))
    ctx.invoke(deploy_commands.destroy, **params)
    retained = find_retained(clients, inventory)
    if not retained:
        click.echo("Purged: nothing of this environment is left.")
        return
    delete = _confirm_data(retained, delete_data=delete_data)
    deleted = purge_retained(clients, retained, delete_data=delete)
    click.echo("Purged:")
    for line in describe(deleted):
        click.echo(line)
    if not delete and any(item.holds_data for item in retained):
        click.echo(NO_DATA_LOSS)


destroy = click.Command(
    name="destroy",
    callback=click.pass_context(_destroy),
    params=[*deploy_commands.destroy.params, *PURGE_OPTIONS],
    help=(
        "Remove the deployed stacks; say what stays in the account. With --purge, also "
        "remove what stays (asking before anything that holds data)."
    ),
)


@click.command()
@deploy_commands.profile_option
@deploy_commands.context_option
@deploy_commands.assembly_option
def status(profile: str, context_values: tuple[str, ...], assembly: Path) -> None:
    """List the environment's stacks and retained resources, and what each costs a month."""
    from littlelemon.cost.assembly import load_templates
    from littlelemon.cost.model import Usage, estimate

    context = deploy_commands.parse_context(context_values)
    outdir = assembly / profile
    _ensure_assembly(profile, outdir, context)
    clients = _clients(_region(context))
    inventory = record(outdir, clients, app_secret=app_secret_name(context))
    by_part: dict[str, float] = {}
    for cost_line in estimate(load_templates(outdir), profile=profile, usage=Usage()).lines:
        by_part[cost_line.stack] = by_part.get(cost_line.stack, 0.0) + cost_line.usd
    total = 0.0
    click.echo(f"Stacks ({profile}, {_region(context)}):")
    for stack in inventory.stacks:
        state = _stack_status(clients.cloudformation, stack)
        if state is None:
            click.echo(f"  {stack:<40} not deployed")
            continue
        cost = by_part.get(stack.rsplit("-", 1)[-1], 0.0)
        total += cost
        click.echo(f"  {stack:<40} {state:<20} US${cost:,.2f}/month (estimate, list prices)")
    live = {stack for stack in inventory.stacks if _stack_status(clients.cloudformation, stack)}
    retained = find_retained(clients, inventory)
    inside = [item for item in retained if inventory.owner(item.name) in live]
    left = [item for item in retained if item not in inside]
    if inside:
        click.echo("Kept by a destroy (priced with their stack while it exists):")
        for line in describe(inside):
            click.echo(line)
    click.echo("Retained resources:" if left else "Retained resources: none")
    for line in describe(left):
        click.echo(line)
    total += sum(item.monthly_usd for item in left)
    click.echo(f"Total while it exists: US${total:,.2f}/month")
