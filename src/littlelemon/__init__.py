"""Little Lemon: a restaurant web application built as a hybrid AWS architecture."""

from __future__ import annotations

__version__ = "0.1.0"
