"""`document()`: attach OpenAPI details to a view without the view importing drf-spectacular.

Only the per-app `schema.py` modules call it, and only `core.schema` (loaded when the schema is
generated) imports those.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import extend_schema_view


def document(view_path: str, **methods: Any) -> None:
    """Register `extend_schema(...)` per HTTP method (`get=`, `post=`, ...) for `view_path`."""

    def view_replacement(extension: OpenApiViewExtension) -> Any:
        # A subclass: the real view class stays untouched.
        view_class = cast(type, extension.target_class)
        documented = type("Documented", (view_class,), {})
        return extend_schema_view(**methods)(documented)

    # Defining the subclass registers it with drf-spectacular.
    type(
        f"{view_path.rsplit('.', 1)[-1]}Schema",
        (OpenApiViewExtension,),
        {"target_class": view_path, "view_replacement": view_replacement},
    )
