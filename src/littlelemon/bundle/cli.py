"""`littlelemon bundle api|bookings|web`: deployment artifacts under build/."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("target", type=click.Choice(["api", "bookings", "web"]))
@click.option("--arch", type=click.Choice(["arm64", "x86_64"]), default="arm64", show_default=True)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build")
)
def command(target: str, arch: str, out_dir: Path) -> None:
    """Build the Lambda zip of the api or bookings functions, or the web site's EB bundle."""
    if target == "web":
        from littlelemon.bundle import web

        path = web.build(out_dir)
    else:
        from littlelemon.bundle import lambda_zip

        path = lambda_zip.build(target, out_dir=out_dir, arch=arch)
        zipped, unzipped = path.stat().st_size / 1e6, lambda_zip.unzipped_size(path) / 1e6
        click.echo(
            f"{target}: {zipped:.1f} MB zipped, {unzipped:.1f} MB unzipped, "
            f"sha256 {lambda_zip.sha256(path)}",
            err=True,
        )
    click.echo(str(path))
