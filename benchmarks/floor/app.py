"""The cold-start floor: the smallest Django + DRF app that serves GET /api/menu-items.

Same JSON as the API (the benchmark checks the bodies are equal), from the same SQLite
file, through the same adapter (apig-wsgi) but nothing else: no auth, sessions, admin,
middleware, schema or logging. It declines DRF's unused optional imports as our handler
does, so the floor is not raised by them. Import `handler` from this module.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["localhost"],
    SECRET_KEY="floor-benchmark-only",
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["rest_framework"],
    MIDDLEWARE=[],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(os.environ["LITTLELEMON_DATA_DIR"]) / "api.sqlite3"),
        }
    },
    USE_TZ=True,
    # Where the API's local storage serves photos from, so their URLs are the same.
    MEDIA_URL="/media/",
    REST_FRAMEWORK={
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
        "PAGE_SIZE": 20,
    },
)

from littlelemon.runtime.imports import declined  # noqa: E402 (stdlib only)

with declined("requests", "django.contrib.postgres"):
    import rest_framework.compat  # noqa: F401
django.setup()

from apig_wsgi import make_lambda_handler  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import models  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework import generics, pagination, serializers  # noqa: E402


class Category(models.Model):
    title = models.CharField(max_length=120)

    class Meta:
        app_label = "menu"
        db_table = "menu_category"
        managed = False

    def __str__(self) -> str:
        return self.title


class MenuItem(models.Model):
    title = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=6, decimal_places=2)
    featured = models.BooleanField()
    available = models.BooleanField()
    category = models.ForeignKey(Category, on_delete=models.PROTECT)
    description = models.TextField()
    tags = models.JSONField()
    image = models.CharField(max_length=255)
    image_thumbnail = models.CharField(max_length=255)

    class Meta:
        app_label = "menu"
        db_table = "menu_menuitem"
        managed = False
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class FileURL(serializers.ReadOnlyField):
    def to_representation(self, value: str) -> str | None:
        if not value:
            return None
        return str(self.context["request"].build_absolute_uri(default_storage.url(value)))


class MenuItemSerializer(serializers.ModelSerializer[MenuItem]):
    category_title = serializers.CharField(source="category.title")
    image = FileURL()
    image_thumbnail = FileURL()

    class Meta:
        model = MenuItem
        fields = [
            "id",
            "title",
            "price",
            "featured",
            "available",
            "category",
            "category_title",
            "description",
            "tags",
            "image",
            "image_thumbnail",
        ]


class Pages(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class MenuItems(generics.ListAPIView[Any]):
    queryset = MenuItem.objects.select_related("category")
    serializer_class = MenuItemSerializer
    pagination_class = Pages


urlpatterns = [path("api/menu-items", MenuItems.as_view())]
handler = make_lambda_handler(get_wsgi_application())
