"""Dish photos, description and tags: what a manager may upload, what is stored and served."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from littlelemon.api.menu import images
from littlelemon.api.menu.models import MenuItem
from tests.api.factories import CategoryFactory, MenuItemFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": "/media/"},
        },
    }
    return root


def _picture(fmt: str, size: tuple[int, int] = (1200, 800), *, gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 180, 40))
    out = io.BytesIO()
    extra: dict[str, Any] = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif.get_ifd(GPS_IFD)[2] = (41.0, 52.0, 0.0)  # GPSLatitude
        extra["exif"] = exif.tobytes()
    image.save(out, fmt, **extra)
    return out.getvalue()


def _upload(client: APIClient, item: MenuItem, data: bytes, name: str = "dish.jpg") -> Any:
    return client.put(
        f"/api/menu-items/{item.pk}/image",
        {"image": SimpleUploadedFile(name, data, content_type="image/jpeg")},
        format="multipart",
    )


def test_a_manager_uploads_a_photo_stored_without_exif_with_a_480px_webp_thumbnail(
    manager: Any, client_for: Callable[[Any], APIClient], media_root: Path
) -> None:
    item = MenuItemFactory()
    original = _picture("JPEG", gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the input has GPS

    response = _upload(client_for(manager), item, original)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["image"].startswith("http://testserver/media/menu/")
    assert body["image"].endswith(".jpg")
    assert body["image_thumbnail"].endswith(".webp")
    item.refresh_from_db()
    stored = Image.open(media_root / item.image)
    assert stored.format == "JPEG"
    assert stored.size == (1200, 800)
    assert not stored.getexif()  # no EXIF at all: no GPS, no camera
    thumbnail = Image.open(media_root / item.image_thumbnail)
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (480, 320))
    # The API serves it (locally; CloudFront on AWS).
    served = client_for(None).get(body["image"].removeprefix("http://testserver"))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == (media_root / item.image).read_bytes()


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_keep_their_format(
    fmt: str, extension: str, manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    item = MenuItemFactory()
    response = _upload(client_for(manager), item, _picture(fmt, (300, 200)), name="x.jpg")
    assert response.status_code == 200
    assert response.json()["image"].endswith(f".{extension}")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<?php echo 'not a photo'; ?>", images.NOT_AN_IMAGE),
        (b"GIF89a" + b"\x00" * 100, images.NOT_AN_IMAGE),
        (_picture("GIF", (10, 10)), images.NOT_AN_IMAGE),
        (_picture("BMP", (10, 10)), images.NOT_AN_IMAGE),
        (_picture("PNG", (6001, 1)), images.TOO_MANY_PIXELS),
        (_picture("JPEG")[:400], images.UNREADABLE),
        (b"", images.EMPTY),
    ],
    ids=["text", "gif-header", "gif", "bmp", "too-wide", "truncated", "empty"],
)
def test_bad_photos_are_refused_by_field_and_nothing_is_stored(
    data: bytes,
    message: str,
    manager: Any,
    client_for: Callable[[Any], APIClient],
    media_root: Path,
) -> None:
    item = MenuItemFactory()
    response = _upload(client_for(manager), item, data)
    assert response.status_code == 400
    assert response.json()["image"] == [message]
    item.refresh_from_db()
    assert (item.image, item.image_thumbnail) == ("", "")
    assert not list(media_root.rglob("*.*"))


def test_a_decompression_bomb_is_refused_before_decoding(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    # 40000 x 40000 px of one colour compresses to a few KB of PNG but 4.8 GB decoded.
    image = Image.new("1", (40_000, 40_000))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert len(out.getvalue()) < 1_000_000
    response = _upload(client_for(manager), MenuItemFactory(), out.getvalue())
    assert response.status_code == 400
    assert response.json()["image"] == [images.TOO_MANY_PIXELS]


def test_a_photo_over_the_size_limit_is_refused(
    manager: Any, client_for: Callable[[Any], APIClient], settings: Any
) -> None:
    settings.MEDIA_MAX_BYTES = 1024 * 1024
    noisy = Image.frombytes("RGB", (1000, 1000), os.urandom(1000 * 1000 * 3))  # incompressible
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > settings.MEDIA_MAX_BYTES
    response = _upload(client_for(manager), MenuItemFactory(), out.getvalue())
    assert response.status_code == 400
    assert response.json()["image"] == [images.TOO_LARGE.format(megabytes=1)]


def test_replacing_and_deleting_a_photo_removes_the_old_files(
    manager: Any,
    client_for: Callable[[Any], APIClient],
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    item = MenuItemFactory()
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, item, _picture("JPEG"))
    item.refresh_from_db()
    first = {item.image, item.image_thumbnail}
    with django_capture_on_commit_callbacks(execute=True):
        assert _upload(client, item, _picture("PNG", (100, 100))).status_code == 200
    item.refresh_from_db()
    assert {p.relative_to(media_root).as_posix() for p in media_root.rglob("*.*")} == {
        item.image,
        item.image_thumbnail,
    }
    assert first.isdisjoint({item.image, item.image_thumbnail})
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.delete(f"/api/menu-items/{item.pk}/image")
    assert deleted.status_code == 204
    assert not list(media_root.rglob("*.*"))
    body = client.get(f"/api/menu-items/{item.pk}").json()
    assert (body["image"], body["image_thumbnail"]) == (None, None)


def test_only_managers_upload_photos(
    customer: Any, crew: Any, client_for: Callable[[Any], APIClient]
) -> None:
    item = MenuItemFactory()
    assert _upload(client_for(None), item, _picture("JPEG")).status_code == 401
    assert _upload(client_for(customer), item, _picture("JPEG")).status_code == 403
    assert _upload(client_for(crew), item, _picture("JPEG")).status_code == 403
    assert client_for(customer).delete(f"/api/menu-items/{item.pk}/image").status_code == 403


def test_a_photo_upload_needs_multipart_and_the_image_field(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    item = MenuItemFactory()
    client = client_for(manager)
    as_json = client.put(f"/api/menu-items/{item.pk}/image", {"image": "x"}, format="json")
    assert as_json.status_code == 415
    missing = client.put(f"/api/menu-items/{item.pk}/image", {}, format="multipart")
    assert missing.status_code == 400
    assert "image" in missing.json()
    assert _upload(client, MenuItem(pk=999_999), _picture("JPEG")).status_code == 404


def test_managers_set_description_and_tags_in_the_menu_order_without_duplicates(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    client = client_for(manager)
    created = client.post(
        "/api/menu-items",
        {
            "title": "Chili Bowl",
            "price": "11.00",
            "category": CategoryFactory().pk,
            "description": "Slow-cooked beans, smoked chili.",
            "tags": ["spicy", "vegan", "spicy"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["tags"] == ["vegan", "spicy"]
    assert created.json()["description"] == "Slow-cooked beans, smoked chili."
    item_id = created.json()["id"]
    patched = client.patch(f"/api/menu-items/{item_id}", {"tags": []}, format="json")
    assert patched.json()["tags"] == []
    bad = client.patch(f"/api/menu-items/{item_id}", {"tags": ["halal"]}, format="json")
    assert bad.status_code == 400
    assert "tags" in bad.json()
    too_long = client.patch(
        f"/api/menu-items/{item_id}", {"description": "x" * 1001}, format="json"
    )
    assert too_long.status_code == 400
    assert MenuItem.objects.get(pk=item_id).description == "Slow-cooked beans, smoked chili."


def test_the_url_conf_and_every_view_load_without_pillow(tmp_path: Path) -> None:
    """Pillow is imported by the photo upload only, not on every request's cold path."""
    script = (
        "import django, sys; django.setup();"
        "from django.urls import resolve;"
        "resolve('/api/menu-items'); resolve('/api/menu-items/1/image'); resolve('/api/orders');"
        "print('PIL' in sys.modules)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "LITTLELEMON_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
