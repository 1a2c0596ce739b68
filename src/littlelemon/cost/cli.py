"""`littlelemon cost`: the monthly estimate of one or both profiles, line by line."""

from __future__ import annotations

from pathlib import Path

import click

from littlelemon.cost.assembly import load_templates, profile_dir
from littlelemon.cost.model import Estimate, Usage, estimate
from littlelemon.cost.report import render

PROFILES = ("lean", "standard")


def estimate_profile(assembly: Path, profile: str, usage: Usage) -> Estimate:
    """Price one profile's synthesized templates, (re)synthesizing them first when they are
    missing or their inputs (infra/, bundles, locks) changed since."""
    from littlelemon.deploy import synth_if_stale

    directory = profile_dir(assembly, profile)
    synth_if_stale(profile=profile, outdir=directory)
    return estimate(load_templates(directory), profile=profile, usage=usage)


@click.command()
@click.option(
    "--profile",
    type=click.Choice([*PROFILES, "both"]),
    default="both",
    show_default=True,
    help="Which deployment profile to price.",
)
@click.option(
    "--requests-per-month",
    type=click.IntRange(min=0),
    default=Usage.requests_per_month,
    show_default=True,
    help="HTTP API requests per month (page views scale with them).",
)
@click.option(
    "--assembly",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("cdk.out"),
    show_default=True,
    help="Cloud assembly root; profiles live in <assembly>/<profile>/ (synthesized if missing).",
)
def command(profile: str, requests_per_month: int, assembly: Path) -> None:
    """Print the monthly cost estimate (us-east-1 list prices) from the synthesized templates."""
    # page views follow the API traffic: the default ratio is one view per two API requests
    usage = Usage(
        requests_per_month=requests_per_month,
        web_page_views_per_month=requests_per_month // 2,
    )
    profiles = PROFILES if profile == "both" else (profile,)
    totals = []
    for name in profiles:
        result = estimate_profile(assembly, name, usage)
        click.echo(render(result, usage))
        click.echo()
        totals.append(f"{name}: US${result.total:,.2f}/month (list US${result.list_total:,.2f})")
    if len(totals) > 1:
        click.echo("Summary  " + "   ".join(totals))
