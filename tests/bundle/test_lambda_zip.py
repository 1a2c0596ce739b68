"""The Lambda zips: only runtime dependencies, our code for that function, reproducible, working.

They are built for this machine's Python (x86_64) so the bundle can be unpacked and run
here; the wheel cache under build/wheels keeps the second and later builds offline.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import bundle_builds
import pytest

from littlelemon.bundle import lambda_zip

REPOSITORY = Path(__file__).resolve().parents[2]
WHEELS = REPOSITORY / "build" / "wheels"
HERE_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
EVENT = REPOSITORY / "tests" / "gateway" / "aws-events" / "apiGatewayProxyV2Event_GET.json"


def build(target: str, out_dir: Path) -> Path:
    return lambda_zip.build(
        target, out_dir=out_dir, arch="x86_64", python_version=HERE_PYTHON, wheel_cache=WHEELS
    )


@pytest.fixture(scope="module")
def api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The api zip for this machine's CPU and Python, so it can be unpacked and run here."""
    return bundle_builds.api_zip(tmp_path_factory, deployed=False)


@pytest.fixture(scope="module")
def lambda_api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The api zip exactly as deployed: arm64, Python 3.12."""
    return bundle_builds.api_zip(tmp_path_factory, deployed=True)


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_api_zip_has_the_handler_and_its_dependencies_but_not_what_lambda_ships(
    api_zip: Path,
) -> None:
    entries = names(api_zip)
    tops = {name.split("/")[0] for name in entries}
    assert "littlelemon/runtime/api.py" in entries
    assert "littlelemon/api/settings.py" in entries
    assert {"django", "rest_framework", "apig_wsgi", "aws_lambda_powertools"} <= tops
    assert not {"boto3", "botocore", "s3transfer"} & tops
    assert not {"social_core", "requests", "oauthlib"} & tops
    assert not any(name.startswith(("littlelemon/bookings", "littlelemon/web")) for name in entries)
    assert not any(name.startswith("bin/") or name.endswith(".po") for name in entries)


def test_api_zip_is_byte_compiled_dependencies_without_source(api_zip: Path) -> None:
    entries = set(names(api_zip))
    assert "django/__init__.pyc" in entries
    assert "django/__init__.py" not in entries
    tag = f"cpython-{sys.version_info.major}{sys.version_info.minor}"
    assert f"littlelemon/runtime/__pycache__/api.{tag}.pyc" in entries


def test_api_zip_entries_are_sorted_with_fixed_timestamps(api_zip: Path) -> None:
    with zipfile.ZipFile(api_zip) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert {info.date_time for info in infos} == {lambda_zip.FIXED_DATE_TIME}


def test_same_input_gives_the_same_zip(api_zip: Path, tmp_path: Path) -> None:
    assert lambda_zip.sha256(build("api", tmp_path)) == lambda_zip.sha256(api_zip)


def test_unpacked_api_zip_serves_a_request_without_site_packages(
    api_zip: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(api_zip) as archive:
        archive.extractall(tmp_path / "task")
    script = f"""
import json, sys
sys.path.insert(0, {str(tmp_path / "task")!r})
from littlelemon.runtime.api import handler
from littlelemon.runtime.context import LocalLambdaContext
event = json.load(open({str(EVENT)!r}))
event["rawPath"] = event["requestContext"]["http"]["path"] = "/health"
event["rawQueryString"] = ""  # the sample's parameters are unknown to /health (400)
event.pop("queryStringParameters", None)
event["headers"] = {{"host": "localhost"}}
print(json.dumps(handler(event, LocalLambdaContext(function_name="api"))))
"""
    # -S: no site-packages, so every import must come from the bundle (like /var/task).
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"LITTLELEMON_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
    )
    response = json.loads(result.stdout.strip().splitlines()[-1])
    assert (response["statusCode"], json.loads(response["body"])) == (200, {"status": "ok"})


def test_bookings_zip_carries_only_the_bookings_service(tmp_path: Path) -> None:
    entries = names(build("bookings", tmp_path))
    tops = {name.split("/")[0] for name in entries}
    assert any(name.startswith("littlelemon/bookings/handlers/") for name in entries)
    assert "pydantic" in tops
    assert not {"boto3", "botocore", "django"} & tops
    assert not any(name.startswith(("littlelemon/api", "littlelemon/runtime")) for name in entries)


def test_lock_filter_drops_whole_requirement_blocks() -> None:
    lock = (
        "boto3==1.0 \\\n    --hash=sha256:aa\n    # via x\nsix==1.17.0 \\\n    --hash=sha256:bb\n"
    )
    assert lambda_zip.requirements_without(lock, frozenset({"boto3"})) == (
        "six==1.17.0 \\\n    --hash=sha256:bb\n"
    )


def test_api_zip_carries_the_rds_certificate_authorities_as_parsable_pem(api_zip: Path) -> None:
    from cryptography import x509

    with zipfile.ZipFile(api_zip) as archive:
        pem = archive.read(lambda_zip.RDS_CA_MEMBER)
    certificates = x509.load_pem_x509_certificates(pem)
    subjects = [certificate.subject.rfc4514_string() for certificate in certificates]
    assert len(certificates) > 50  # one set of roots per region and algorithm
    assert all("Amazon RDS" in subject for subject in subjects)
    assert any("CN=Amazon RDS Root 2019 CA" in subject for subject in subjects)
    assert any("CN=Amazon RDS us-east-1 Root CA RSA2048 G1" in subject for subject in subjects)
    assert pem.count(b"-----BEGIN CERTIFICATE-----") == len(certificates)  # nothing else


def test_api_zip_carries_amazon_root_cas_for_rds_proxy_as_parsable_pem(api_zip: Path) -> None:
    """RDS Proxy's certificate chains to Amazon Trust Services' roots (issue 10.3)."""
    from cryptography import x509

    with zipfile.ZipFile(api_zip) as archive:
        pem = archive.read(lambda_zip.PROXY_CA_MEMBER)
    certificates = x509.load_pem_x509_certificates(pem)
    subjects = {certificate.subject.rfc4514_string() for certificate in certificates}
    for number in (1, 2, 3, 4):
        assert f"CN=Amazon Root CA {number},O=Amazon,C=US" in subjects
    assert not any("Amazon RDS" in subject for subject in subjects)


def test_rds_ca_bundle_is_the_same_bytes_every_build() -> None:
    source = REPOSITORY / lambda_zip.RDS_CA_SOURCE
    assert lambda_zip.rds_ca_pem(source) == lambda_zip.rds_ca_pem(source)


def test_missing_ca_package_fails_the_build_with_the_fix() -> None:
    with pytest.raises(FileNotFoundError, match="npm ci"):
        lambda_zip.rds_ca_pem(lambda_zip.REPOSITORY_ROOT / "node_modules" / "no-such" / "x.js")


LAMBDA_PYTHON = lambda_zip.find_python(lambda_zip.LAMBDA_PYTHON)
needs_lambda_python = pytest.mark.skipif(
    LAMBDA_PYTHON is None, reason="no Python 3.12 here (set LAMBDA_PYTHON) to run the bundle"
)
NODE = shutil.which("node")


def test_lambda_api_zip_is_compiled_for_3_12_and_at_most_15_mb(lambda_api_zip: Path) -> None:
    import importlib.util

    entries = set(names(lambda_api_zip))
    # 21.0 MB with Pillow whole; 14.7 MB trimmed and stripped (docs/performance.md). Without
    # binutils' aarch64 strip (scripts/ensure-binutils.sh) it is 1.7 MB more.
    assert lambda_api_zip.stat().st_size <= 15_000_000
    assert "django/__init__.pyc" in entries
    assert "django/__init__.py" not in entries
    assert "littlelemon/runtime/__pycache__/api.cpython-312.pyc" in entries
    assert "littlelemon/runtime/api.py" in entries  # our tracebacks keep their lines
    with zipfile.ZipFile(lambda_api_zip) as archive:
        magic = archive.read("django/__init__.pyc")[:4]
    if sys.version_info[:2] == (3, 12):
        assert magic == importlib.util.MAGIC_NUMBER
    assert magic == bytes.fromhex("cb0d0d0a")  # CPython 3.12's bytecode magic number


def test_without_a_local_3_12_the_bundle_is_compiled_by_pyodides_3_12(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(lambda_zip.LAMBDA_PYTHON_ENV, raising=False)
    monkeypatch.setattr(lambda_zip, "find_python", lambda version: None)
    compiler = lambda_zip.find_compiler(lambda_zip.LAMBDA_PYTHON)
    assert compiler == lambda_zip.Compiler(node=NODE)
    assert lambda_zip.find_compiler("3.11") is None  # Pyodide 0.27 is 3.12 only


@pytest.fixture(scope="module")
def pyodide_api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The arm64 api zip as a machine without any Python 3.12 builds it: Pyodide compiles."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lambda_zip, "find_python", lambda version: None)
        return lambda_zip.build(
            "api", out_dir=tmp_path_factory.mktemp("api-pyodide"), arch="arm64", wheel_cache=WHEELS
        )


@pytest.mark.skipif(NODE is None, reason="no node here to run Pyodide")
def test_python_3_12_imports_the_sourceless_bytecode_pyodide_compiled(
    pyodide_api_zip: Path, tmp_path: Path
) -> None:
    """Built with Pyodide's compiler, the arm64 zip's pure-Python modules load from .pyc alone
    in CPython 3.12 (Pyodide's again: the only 3.12 every machine with Node has)."""
    assert NODE is not None
    with zipfile.ZipFile(pyodide_api_zip) as archive:
        magics = {archive.read(name)[:4] for name in archive.namelist() if name.endswith(".pyc")}
        archive.extractall(tmp_path)
    assert magics == {bytes.fromhex("cb0d0d0a")}  # CPython 3.12, every module
    mount = lambda_zip.PYODIDE_MOUNT
    code = f"""
import json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, {mount!r})
import django, sqlparse
from django.utils.text import slugify
import littlelemon.runtime.imports as ours
json.dumps([sys.version_info[:2], type(django.__spec__.loader).__name__,
            django.__spec__.origin, slugify("Lemon Dessert"), sqlparse.format("select 1"),
            ours.__spec__.cached, ours.DRF_OPTIONAL])
"""
    result = lambda_zip.run_in_pyodide(NODE, tmp_path, code)
    assert result.returncode == 0, result.stderr[-3000:]
    version, loader, origin, slug, sql, cached, names = json.loads(
        result.stdout.strip().splitlines()[-1]
    )
    assert version == [3, 12]
    assert (loader, origin) == ("SourcelessFileLoader", f"{mount}/django/__init__.pyc")
    assert (slug, sql) == ("lemon-dessert", "select 1")
    assert cached == f"{mount}/littlelemon/runtime/__pycache__/imports.cpython-312.pyc"
    assert names == ["requests", "yaml", "markdown", "pygments"]


def test_api_zip_leaves_out_stubs_source_maps_file_lists_and_the_yaml_accelerator(
    api_zip: Path,
) -> None:
    entries = names(api_zip)
    assert not [name for name in entries if name.endswith((".pyi", ".map"))]
    assert not [name for name in entries if name.endswith(".dist-info/RECORD")]
    assert not [name for name in entries if name.startswith(("yaml/_yaml.", "wrapt-stubs/"))]
    # importlib.metadata reads METADATA (e.g. for versions): it stays.
    metadata = [name for name in entries if name.endswith(".dist-info/METADATA")]
    assert any(name.startswith("django-") for name in metadata)
    assert any(name.endswith("swagger-ui-bundle.js") for name in entries)


@needs_lambda_python
def test_unpacked_3_12_zip_serves_the_menu_without_site_packages(tmp_path: Path) -> None:
    """The 3.12 bundle (x86_64 to run here) with sourceless dependencies, run by Python 3.12."""
    assert LAMBDA_PYTHON is not None
    bundle = lambda_zip.build("api", out_dir=tmp_path, arch="x86_64", wheel_cache=WHEELS)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "task")
    script = f"""
import json, sys
sys.path.insert(0, {str(tmp_path / "task")!r})
from django.core.management import call_command
from littlelemon.runtime.api import handler
from littlelemon.runtime.context import LocalLambdaContext
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
event = json.load(open({str(EVENT)!r}))
event["rawPath"] = event["requestContext"]["http"]["path"] = "/api/menu-items"
event["rawQueryString"], event["queryStringParameters"] = "", {{}}
event["headers"] = {{"host": "localhost"}}
print(json.dumps(handler(event, LocalLambdaContext(function_name="api"))))
import yaml
print(json.dumps([yaml.__with_libyaml__, yaml.safe_dump({{"a": 1}})]))
"""
    result = subprocess.run(
        [LAMBDA_PYTHON, "-S", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={"LITTLELEMON_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    response = json.loads(lines[-2])
    assert response["statusCode"] == 200, response
    assert json.loads(response["body"])["count"] > 0
    # Without its C accelerator PyYAML still writes YAML (the schema endpoint's format).
    assert json.loads(lines[-1]) == [False, "a: 1\n"]


def test_lambda_python_variable_names_the_interpreter_to_compile_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(lambda_zip.LAMBDA_PYTHON_ENV, sys.executable)
    assert lambda_zip.find_python(HERE_PYTHON) == sys.executable
    with pytest.raises(RuntimeError, match=r"is not a Python 3\.99 interpreter"):
        lambda_zip.find_python("3.99")


def test_no_interpreter_of_the_version_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(lambda_zip.LAMBDA_PYTHON_ENV, raising=False)
    assert lambda_zip.find_python("3.99") is None


@pytest.mark.parametrize("target", sorted(lambda_zip.TARGETS))
def test_every_littlelemon_package_a_bundle_imports_is_in_the_bundle(target: str) -> None:
    """A package the shipped code imports but the zip lacks fails only on Lambda, at import.

    Module-level imports only: the local command lines (runtime.cli) import the gateway
    inside their functions, which Lambda never calls.
    """
    source = Path(lambda_zip.__file__).resolve().parents[1]
    parts = lambda_zip.TARGETS[target].package_parts
    shipped = {part.split("/")[0].removesuffix(".py") for part in parts}
    imported: set[str] = set()
    for part in parts:
        path = source / part
        files = [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
        for file in files:
            for node in ast.parse(file.read_text()).body:
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                imported |= {
                    name.split(".")[1] for name in names if name.startswith("littlelemon.")
                }
    assert imported <= shipped, f"{target} imports {sorted(imported - shipped)} it does not ship"


def test_a_garbled_certificate_in_the_ca_source_fails_the_build(tmp_path: Path) -> None:
    import ssl

    source = REPOSITORY / lambda_zip.PROXY_CA_SOURCE
    text = "".join(lambda_zip.JS_STRING.findall(source.read_text())).replace("\\n", "\n")
    first = lambda_zip.PEM_BLOCK.search(text)
    assert first is not None
    lines = first.group(0).splitlines()
    # a certificate cut in the middle: still base64 between the markers, no longer a cert
    truncated = "\\n".join([*lines[:6], lines[-1]])
    garbled = tmp_path / "proxies.js"
    garbled.write_text(f"module.exports = ['{truncated}'];\n")
    with pytest.raises(ssl.SSLError):
        lambda_zip.rds_ca_pem(garbled)
