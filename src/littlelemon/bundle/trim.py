"""What a Lambda bundle leaves out of the installed wheels: files, and symbols, no handler reads."""

from __future__ import annotations

import fnmatch
import platform
import shutil
import subprocess
from pathlib import Path

# Console scripts (bin/) carry this machine's interpreter path; tests are never imported.
SKIPPED_DIRECTORIES = frozenset({"bin", "tests"})
# What the functions never read, left out to stay under the size target (measured in
# docs/performance.md): gettext sources (*.po; only compiled *.mo are read), message
# catalogues of languages other than English (the API has no LocaleMiddleware, so it only
# ever speaks LANGUAGE_CODE), GeoDjango (not installed), ReDoc (only Swagger UI is routed),
# type stubs (*.pyi, *-stubs), source maps (*.map: only a browser's developer tools fetch
# them, a 404 there is harmless), the installers' file lists (dist-info/RECORD; the
# METADATA that importlib.metadata reads stays) and PyYAML's optional C accelerator (YAML is
# written only by the schema endpoint; PyYAML falls back to its pure-Python emitter).
SKIPPED_SUFFIXES = frozenset({".po", ".pyi", ".map"})
KEPT_LANGUAGE_PREFIX = "en"
# Of Powertools the api functions use the logger, its correlation paths and `parameters`
# (secrets); not its HTTP router (event_handler, with a Swagger UI copy of its own: our router
# is Django's, apig-wsgi adapts the events), which Powertools itself imports only to dump a
# pydantic model, nor what builds on it (auth_alpha) or on pydantic (parser): the api bundle
# has no pydantic, so neither can ever be imported there. (The bookings functions have
# pydantic and Powertools' idempotency: they keep all of it.)
POWERTOOLS_UNUSED = (
    "aws_lambda_powertools/event_handler",
    "aws_lambda_powertools/utilities/auth_alpha",
    "aws_lambda_powertools/utilities/parser",
)
# Static files no page of the API links: it renders JSON only (REST_FRAMEWORK's
# DEFAULT_RENDERER_CLASSES), so DRF's browsable-API assets (Bootstrap, jQuery, fonts) are
# never asked for; Django's admin links the minified copies of its vendored scripts unless
# DEBUG, which is never on in Lambda (DJANGO_DEBUG is unset there, False by default).
ADMIN_VENDOR = "django/contrib/admin/static/admin/js/vendor"
API_STATIC_UNUSED = (
    "rest_framework/static",
    f"{ADMIN_VENDOR}/jquery/jquery.js",
    f"{ADMIN_VENDOR}/select2/select2.full.js",
    f"{ADMIN_VENDOR}/xregexp/xregexp.js",
)
SKIPPED_PATHS = (
    "django/contrib/gis",
    "drf_spectacular_sidecar/static/drf_spectacular_sidecar/redoc",
)
# Pillow's extensions for AVIF (libavif, the only library that needs the system's
# libstdc++), text drawing (FreeType and HarfBuzz, and libpng and Brotli, which only FreeType
# loads) and colour management (LittleCMS). Dish photos (menu.images) decode JPEG, PNG and
# WebP and write JPEG, PNG and WebP: `_imaging` and `_webp` do that, with libjpeg, zlib and
# libwebp. Pillow imports each left-out extension in a try block and goes on without it.
PILLOW_UNUSED = (
    "PIL/_avif.*",
    "PIL/_imagingcms.*",
    "PIL/_imagingft.*",
    "pillow.libs/libavif-*",
    "pillow.libs/libbrotlicommon-*",
    "pillow.libs/libbrotlidec-*",
    "pillow.libs/libfreetype-*",
    "pillow.libs/libharfbuzz-*",
    "pillow.libs/liblcms2-*",
    "pillow.libs/libpng16-*",
)
SKIPPED_PATTERNS = ("*.dist-info/RECORD", "*-stubs/*", "yaml/_yaml.*.so", *PILLOW_UNUSED)


def is_skipped(relative: Path, *, extra_paths: tuple[str, ...] = ()) -> bool:
    """Whether the installed file at `relative` (to the bundle's root) stays out of the zip.

    `extra_paths` are folders or files one target leaves out beyond SKIPPED_PATHS.
    """
    parts = relative.parts
    if SKIPPED_DIRECTORIES.intersection(parts[:-1]) or relative.suffix in SKIPPED_SUFFIXES:
        return True
    if "LC_MESSAGES" in parts:
        language = parts[parts.index("LC_MESSAGES") - 1]
        if not language.startswith(KEPT_LANGUAGE_PREFIX):
            return True
    posix = relative.as_posix()
    if any(fnmatch.fnmatchcase(posix, pattern) for pattern in SKIPPED_PATTERNS):
        return True
    paths = SKIPPED_PATHS + extra_paths
    return any(posix == path or posix.startswith(path + "/") for path in paths)


def prune(staging: Path, *, extra_paths: tuple[str, ...] = ()) -> None:
    """Delete what the functions never read (see SKIPPED_* above, and `extra_paths`)."""
    for path in sorted(staging.rglob("*")):
        if path.is_file() and is_skipped(path.relative_to(staging), extra_paths=extra_paths):
            path.unlink()


# binutils' strip for each architecture (Debian: binutils-aarch64-linux-gnu). Not llvm-strip:
# llvm-strip 14 moves the segments that auditwheel's patchelf appended to Pillow's libraries
# off their page alignment, and the loader then refuses them ("ELF load command
# address/offset not page-aligned", seen in tests/bundle/test_trim.py); binutils 2.40 keeps it.
STRIP_TRIPLES = {"arm64": "aarch64-linux-gnu", "x86_64": "x86_64-linux-gnu"}
HOST_MACHINES = {"arm64": {"aarch64", "arm64"}, "x86_64": {"x86_64", "amd64"}}
ELF_MAGIC = b"\x7fELF"


def find_strip(arch: str) -> str | None:
    """binutils' strip for `arch`'s ELF files, or None.

    `<triple>-strip` is the cross tool; the plain `strip` counts only when this machine is
    `arch` too, since binutils' strip reads its own architecture only.
    """
    candidates = [f"{STRIP_TRIPLES[arch]}-strip"]
    if platform.machine().lower() in HOST_MACHINES[arch]:
        candidates.append("strip")
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def shared_objects(staging: Path) -> list[Path]:
    """Every ELF file under `staging` (extension modules and the libraries wheels vendor)."""
    found: list[Path] = []
    for path in sorted(staging.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def strip_shared_objects(staging: Path, strip: str) -> None:
    """Drop the symbol tables and debug info of every shared object (`--strip-unneeded`).

    The dynamic loader and Python's import read only the dynamic symbols (PyInit_*, the
    exported API), which stay; .symtab and .debug_* serve debuggers and tracebacks of C
    code, which Lambda never shows. What Debian's packaging does to every library it ships.
    """
    objects = shared_objects(staging)
    if objects:
        command = [strip, "--strip-unneeded", *(str(path) for path in objects)]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603 (our fixed tool)
