"""The synthesized profiles of tests/infra, for the deploy command's checks on a real assembly.

Synthesis is cached per process (tests/infra/infra_support.py), so running these folders
with tests/infra in one session synthesizes each profile once.
"""

from __future__ import annotations

from tests.infra.conftest import bundles, lean, standard  # noqa: F401
