"""`python -m littlelemon`: the `littlelemon` command without the console script."""

from __future__ import annotations

from littlelemon.cli import main

main()
