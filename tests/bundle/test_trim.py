"""What the api zip leaves out is never needed: its libraries load, and our code still runs.

The deployed zip is arm64, so its shared objects cannot run here: the ELF tests read what
each of them asks the dynamic loader for. The x86_64 zip for this machine's Python is the
same trim of the same wheels, so the run tests unpack it and use it with no site-packages.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import bundle_builds
import pytest
from elftools.elf.elffile import ELFFile
from PIL import Image, PngImagePlugin

from littlelemon.bundle import lambda_zip, trim

ELF_MAGIC = b"\x7fELF"
# What Lambda's Python 3.12 runtime (Amazon Linux 2023, glibc 2.34) has in its library path.
# glibc's libraries; libgcc_s, which glibc itself loads to unwind threads (the Rust extensions,
# cryptography and rpds, link it); zlib, which CPython's own zlib module links. Not
# libstdc++: once libavif is out, nothing in the zip needs it.
LAMBDA_SYSTEM_LIBRARIES = frozenset(
    {
        "ld-linux-aarch64.so.1",
        "libc.so.6",
        "libdl.so.2",
        "libgcc_s.so.1",
        "libm.so.6",
        "libpthread.so.0",
        "librt.so.1",
        "libz.so.1",
    }
)


@pytest.fixture(scope="module")
def api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The api zip for this machine's CPU and Python, so it can be unpacked and run here."""
    return bundle_builds.api_zip(tmp_path_factory, deployed=False)


@pytest.fixture(scope="module")
def lambda_api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The api zip exactly as deployed: arm64, Python 3.12."""
    return bundle_builds.api_zip(tmp_path_factory, deployed=True)


def shared_objects(path: Path) -> dict[str, ELFFile]:
    """Every ELF file in the zip by member name, parsed (pyelftools reads any architecture)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return {
        name: ELFFile(io.BytesIO(data)) for name, data in members.items() if data[:4] == ELF_MAGIC
    }


def needed(elf: ELFFile) -> list[str]:
    """The DT_NEEDED entries: the libraries the dynamic loader must find for this one."""
    dynamic = elf.get_section_by_name(".dynamic")
    assert dynamic is not None
    return [tag.needed for tag in dynamic.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]


def test_every_library_an_arm64_shared_object_needs_is_in_the_zip_or_on_lambda(
    lambda_api_zip: Path,
) -> None:
    elves = shared_objects(lambda_api_zip)
    shipped = {name.rsplit("/", 1)[-1] for name in elves}
    assert {elf.header.e_machine for elf in elves.values()} == {"EM_AARCH64"}
    missing = {
        name: sorted(set(needed(elf)) - shipped - LAMBDA_SYSTEM_LIBRARIES)
        for name, elf in elves.items()
    }
    assert {name: libraries for name, libraries in missing.items() if libraries} == {}
    # The vendored ones are found beside the extension: RPATH $ORIGIN/../pillow.libs.
    assert any(name.startswith("PIL/_imaging.") for name in elves)
    assert any(name.startswith("PIL/_webp.") for name in elves)


def misaligned_segments(elf: ELFFile, size: int) -> list[int]:
    """The loadable segments the dynamic loader refuses: file offset and address must agree
    modulo the alignment (glibc: "ELF load command address/offset not page-aligned"), and the
    segment must lie inside the file."""
    return [
        number
        for number, segment in enumerate(elf.iter_segments())
        if segment.header.p_type == "PT_LOAD"
        and (
            segment.header.p_offset % segment.header.p_align
            != segment.header.p_vaddr % segment.header.p_align
            or segment.header.p_offset + segment.header.p_filesz > size
        )
    ]


@pytest.mark.parametrize("zip_fixture", ["lambda_api_zip", "api_zip"])
def test_every_shared_object_in_the_zip_has_loadable_segments(
    zip_fixture: str, request: pytest.FixtureRequest
) -> None:
    """Stripping rewrites the files; the loader's own layout checks still hold (arm64 too)."""
    path: Path = request.getfixturevalue(zip_fixture)
    with zipfile.ZipFile(path) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    elves = shared_objects(path)
    bad = {name: misaligned_segments(elf, sizes[name]) for name, elf in elves.items()}
    assert {name: segments for name, segments in bad.items() if segments} == {}


def test_every_vendored_library_left_in_the_zip_is_needed_by_another_shared_object(
    lambda_api_zip: Path,
) -> None:
    """Nothing in pillow.libs (or another wheel's .libs) is left that no one loads."""
    elves = shared_objects(lambda_api_zip)
    wanted = {library for elf in elves.values() for library in needed(elf)}
    vendored = {name.rsplit("/", 1)[-1] for name in elves if ".libs/" in name}
    assert vendored
    assert vendored - wanted == set()


def test_arm64_zip_leaves_out_pillows_avif_text_and_colour_management(
    lambda_api_zip: Path,
) -> None:
    with zipfile.ZipFile(lambda_api_zip) as archive:
        entries = archive.namelist()
    assert not [name for name in entries if trim.is_skipped(Path(name))]
    assert not [name for name in entries if name.startswith(("PIL/_avif.", "PIL/_imagingft."))]
    assert any(name.startswith("pillow.libs/libjpeg-") for name in entries)
    assert any(name.startswith("pillow.libs/libwebp-") for name in entries)


def _photos(folder: Path) -> dict[str, str]:
    """A JPEG with EXIF (camera, GPS, rotated 90 degrees), a PNG with a text chunk, a WebP."""
    folder.mkdir()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: the camera was turned, the picture is to be rotated 90
    exif.get_ifd(0x8825)[2] = (41.0, 52.0, 0.0)  # GPS IFD, GPSLatitude
    Image.new("RGB", (1200, 800), (200, 180, 40)).save(
        folder / "dish.jpg", "JPEG", exif=exif.tobytes()
    )
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at home")
    Image.new("RGBA", (640, 400), (10, 120, 200, 128)).save(folder / "dish.png", pnginfo=text)
    Image.new("RGB", (900, 600), (90, 160, 60)).save(folder / "dish.webp", "WEBP")
    return {name: str(folder / name) for name in ("dish.jpg", "dish.png", "dish.webp")}


def test_unpacked_zip_prepares_jpeg_png_and_webp_photos_without_site_packages(
    api_zip: Path, tmp_path: Path
) -> None:
    """Our own photo code (menu.images), run with the trimmed Pillow of the bundle alone."""
    with zipfile.ZipFile(api_zip) as archive:
        archive.extractall(tmp_path / "task")
    photos = _photos(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    script = f"""
import io, json, sys
sys.path.insert(0, {str(tmp_path / "task")!r})
import PIL
from PIL import features
from littlelemon.api.menu.images import photo_prepare
prepared = {{}}
for name, path in {photos!r}.items():
    data = open(path, "rb").read()
    photo = photo_prepare(upload=io.BytesIO(data), size=len(data), max_bytes=5 * 1024 * 1024)
    open({str(out)!r} + "/" + name + ".photo", "wb").write(photo.photo)
    open({str(out)!r} + "/" + name + ".thumbnail", "wb").write(photo.thumbnail)
    prepared[name] = [photo.extension, photo.width, photo.height]
names = ("webp", "avif", "freetype2", "littlecms2")
modules = {{name: features.check_module(name) for name in names}}
print(json.dumps([PIL.__file__, modules, prepared]))
"""
    # -S: no site-packages, so Pillow and its libraries come from the bundle alone.
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    pil_file, modules, prepared = json.loads(result.stdout.strip().splitlines()[-1])
    assert pil_file.startswith(str(tmp_path / "task"))
    assert modules == {"webp": True, "avif": False, "freetype2": False, "littlecms2": False}
    # The JPEG was turned upright (EXIF orientation 6): 800 wide, 1200 high.
    assert prepared == {
        "dish.jpg": ["jpg", 800, 1200],
        "dish.png": ["png", 640, 400],
        "dish.webp": ["webp", 900, 600],
    }
    expected: dict[str, tuple[str, tuple[int, int]]] = {
        "dish.jpg": ("JPEG", (480, 720)),
        "dish.png": ("PNG", (480, 300)),
        "dish.webp": ("WEBP", (480, 320)),
    }
    for name, (image_format, thumbnail_size) in expected.items():
        photo: Any = Image.open(out / f"{name}.photo")
        assert photo.format == image_format
        assert not photo.getexif()  # no camera, no GPS
        assert "Comment" not in photo.info
        photo.load()  # the whole re-encoded picture decodes
        thumbnail = Image.open(out / f"{name}.thumbnail")
        assert (thumbnail.format, thumbnail.size) == ("WEBP", thumbnail_size)
        thumbnail.load()


@pytest.mark.parametrize(
    ("name", "skipped"),
    [
        ("PIL/_avif.cpython-312-aarch64-linux-gnu.so", True),
        ("pillow.libs/libfreetype-987c360c.so.6.20.6", True),
        ("pillow.libs/libpng16-7c8e2a9d.so.16.56.0", True),
        ("PIL/_imaging.cpython-312-aarch64-linux-gnu.so", False),
        ("PIL/_webp.cpython-312-aarch64-linux-gnu.so", False),
        ("pillow.libs/libwebp-bb475007.so.7.2.0", False),
        ("PIL/AvifImagePlugin.pyc", False),  # tries `_avif`, goes on without it
    ],
)
def test_pillow_trim_names_the_extensions_and_their_libraries_only(
    name: str, skipped: bool
) -> None:
    assert trim.is_skipped(Path(name)) is skipped


needs_strip = pytest.mark.skipif(
    trim.find_strip("arm64") is None,
    reason="no aarch64-linux-gnu-strip here (scripts/ensure-binutils.sh installs it)",
)


@needs_strip
def test_arm64_shared_objects_lose_symbol_tables_and_debug_info_but_keep_entry_points(
    lambda_api_zip: Path,
) -> None:
    elves = shared_objects(lambda_api_zip)
    debug = {
        name: sorted(
            section.name
            for section in elf.iter_sections()
            if section.name == ".symtab" or section.name.startswith(".debug")
        )
        for name, elf in elves.items()
    }
    assert {name: sections for name, sections in debug.items() if sections} == {}
    extensions = {name: elf for name, elf in elves.items() if ".libs/" not in name}
    assert len(extensions) >= 5  # cryptography, rpds, wrapt, cffi, Pillow's
    for name, elf in extensions.items():
        module = name.rsplit("/", 1)[-1].split(".")[0]
        dynamic_symbols: Any = elf.get_section_by_name(".dynsym")
        # What `import` calls: a dynamic symbol, which stripping keeps.
        assert dynamic_symbols.get_symbol_by_name(f"PyInit_{module}"), name


def test_strip_tool_is_binutils_for_the_architecture(monkeypatch: pytest.MonkeyPatch) -> None:
    tools = {"aarch64-linux-gnu-strip", "strip", "llvm-strip"}
    monkeypatch.setattr(trim.shutil, "which", lambda name: f"/bin/{name}" * (name in tools))
    monkeypatch.setattr(trim.platform, "machine", lambda: "x86_64")
    assert trim.find_strip("arm64") == "/bin/aarch64-linux-gnu-strip"
    assert trim.find_strip("x86_64") == "/bin/strip"  # binutils' own architecture
    tools.discard("aarch64-linux-gnu-strip")
    # Neither an x86_64 strip (cannot read arm64) nor llvm-strip (misaligns Pillow's segments).
    assert trim.find_strip("arm64") is None


def _lambda_runtime(folder: Path) -> Path:
    """What Lambda's Python runtime puts on the path after /var/task: boto3 and its kin."""
    import importlib.util

    folder.mkdir()
    for name in sorted(lambda_zip.PROVIDED_BY_LAMBDA):
        spec = importlib.util.find_spec(name)
        assert spec is not None
        assert spec.origin is not None
        (folder / name).symlink_to(Path(spec.origin).parent)
    return folder


def test_unpacked_zip_reads_the_database_secret_and_logs_without_powertools_router(
    api_zip: Path, tmp_path: Path
) -> None:
    """Powertools as the api uses it (logger, parameters) works with event_handler left out."""
    with zipfile.ZipFile(api_zip) as archive:
        archive.extractall(tmp_path / "task")
    runtime = _lambda_runtime(tmp_path / "runtime")
    secret = {"username": "littlelemon", "password": "s3cret"}
    script = f"""
import json, sys
sys.path[:0] = [{str(tmp_path / "task")!r}, {str(runtime)!r}]
import boto3
from botocore.stub import Stubber
from aws_lambda_powertools.utilities import parameters
from littlelemon.runtime.credentials import SecretCredentials
from littlelemon.runtime.observability import logger
client = boto3.client("secretsmanager", region_name="eu-west-1")
stubber = Stubber(client)
stubber.add_response(
    "get_secret_value",
    {{"Name": "db", "SecretString": json.dumps({secret!r})}},
    {{"SecretId": "db"}},
)
stubber.activate()
parameters.secrets.DEFAULT_PROVIDERS["secrets"] = parameters.SecretsProvider(boto3_client=client)
credentials = SecretCredentials(secret_id="db").credentials()
logger.info("secret read", extra={{"user": credentials.user}})
try:
    import aws_lambda_powertools.event_handler
    router = "importable"
except ModuleNotFoundError:
    router = "absent"
left_out = ("aws_lambda_powertools.event_handler", "aws_lambda_powertools.utilities.parser")
loaded = sorted(name for name in sys.modules if name.startswith(left_out))
print(json.dumps([credentials.user, credentials.password, router, loaded]))
"""
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "LITTLELEMON_DATA_DIR": str(tmp_path / "data"),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert json.loads(lines[-1]) == ["littlelemon", "s3cret", "absent", []]
    logged = json.loads(lines[-2])
    assert (logged["message"], logged["user"]) == ("secret read", "littlelemon")


def test_powertools_router_is_left_out_of_the_api_bundle_only() -> None:
    router = Path("aws_lambda_powertools/event_handler/api_gateway.pyc")
    api = lambda_zip.TARGETS["api"].unused_paths
    bookings = lambda_zip.TARGETS["bookings"].unused_paths
    assert trim.is_skipped(router, extra_paths=api)
    assert not trim.is_skipped(router, extra_paths=bookings)  # idempotency and pydantic there
    assert not trim.is_skipped(Path("aws_lambda_powertools/utilities/parameters/secrets.pyc"))


def test_every_static_file_the_apis_pages_link_is_served_from_the_unpacked_zip(
    api_zip: Path, tmp_path: Path
) -> None:
    """Swagger UI and every admin page a manager opens: each /static/ file their HTML (and
    the CSS it loads) links is in the zip, so the static files left out are never asked for."""
    with zipfile.ZipFile(api_zip) as archive:
        archive.extractall(tmp_path / "task")
    script = f"""
import json, posixpath, re, sys
sys.path.insert(0, {str(tmp_path / "task")!r})
from littlelemon.runtime.api import handler  # sets Django up as on Lambda
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.test.utils import setup_test_environment
from django.urls import reverse
setup_test_environment()
call_command("migrate", verbosity=0)
boss = User.objects.create_superuser("boss", "boss@example.com", "pw")
manager = Client()
manager.force_login(boss)
request = RequestFactory().get("/admin/")
request.user = boss
pages = {{"/api/docs/": Client(), "/api/schema/": Client(), "/admin/login/": Client()}}
pages["/admin/"] = manager
admin.autodiscover()  # the api discovers the model admins when the admin is first routed
for model, model_admin in admin.site._registry.items():
    name = f"admin:{{model._meta.app_label}}_{{model._meta.model_name}}"
    pages[reverse(name + "_changelist")] = manager
    if model_admin.has_add_permission(request):  # not for issued tokens, say
        pages[reverse(name + "_add")] = manager
linked = re.compile(r'(?:src|href)="(/static/[^"?#]+)')
in_css = re.compile(r"url\\(['\\"]?(?!data:)([^'\\")?#]+)")
statuses, assets = {{}}, set()
for page, client in pages.items():
    response = client.get(page)
    statuses[page] = response.status_code
    assets |= set(linked.findall(response.content.decode()))
served = {{}}
while assets - served.keys():
    asset = sorted(assets - served.keys())[0]
    response = Client().get(asset)
    served[asset] = response.status_code
    if asset.endswith(".css") and response.status_code == 200:
        css = b"".join(response.streaming_content).decode()
        folder = posixpath.dirname(asset)
        assets |= {{posixpath.normpath(posixpath.join(folder, url)) for url in in_css.findall(css)}}
print(json.dumps([statuses, served]))
"""
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={"LITTLELEMON_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    statuses, served = json.loads(result.stdout.strip().splitlines()[-1])
    assert {page: status for page, status in statuses.items() if status != 200} == {}
    assert {asset: status for asset, status in served.items() if status != 200} == {}
    assert len(statuses) >= 10  # the docs, the schema, login, index, 2 pages per model
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in served)
    assert any(asset.endswith("xregexp.min.js") for asset in served)  # Category's slug field
    assert any(asset.endswith(".svg") for asset in served)  # from the admin's CSS
