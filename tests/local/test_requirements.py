"""The virtualenv `make up` makes (requirements/local.txt) runs every documented command."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
LOCAL_LOCK = REPOSITORY / "requirements" / "local.txt"
DEPLOY_LOCK = REPOSITORY / "requirements" / "deploy.txt"
# The driver Django's backend for each DATABASE_URL scheme imports.
DRIVER_OF_SCHEME = {"postgres": "psycopg", "mysql": "pymysql", "sqlite": None}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def _locked(lock: Path = LOCAL_LOCK) -> set[str]:
    names = re.findall(r"^([A-Za-z0-9_.-]+)==", lock.read_text(), flags=re.MULTILINE)
    return {_normal(name) for name in names}


def _third_party_imports(folder: Path) -> set[str]:
    modules: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return {
        m for m in modules if m not in sys.stdlib_module_names and m not in {"infra", "littlelemon"}
    }


def test_every_database_url_the_docs_show_has_its_driver_in_the_local_set() -> None:
    documented = set(
        re.findall(r"DATABASE_URL=([a-z]+)://", (REPOSITORY / "README.md").read_text())
    )
    distributions = packages_distributions()

    assert {"postgres", "mysql"} <= documented
    for scheme in documented:
        driver = DRIVER_OF_SCHEME[scheme]
        if driver is not None:
            assert {_normal(d) for d in distributions[driver]} <= _locked(), scheme


def test_the_cdk_app_behind_synth_cost_and_deploy_imports_only_the_deploy_set() -> None:
    distributions = packages_distributions()
    needed = {
        _normal(dist)
        for module in _third_party_imports(REPOSITORY / "infra")
        for dist in distributions[module]
    }
    deploy_set = _locked(DEPLOY_LOCK)

    assert "aws-cdk-lib" in needed
    assert needed <= deploy_set, needed - deploy_set
    # `make up` stays light: the CDK app's libraries come with the deploy set only
    assert "aws-cdk-lib" not in _locked()
    assert _locked() <= deploy_set
