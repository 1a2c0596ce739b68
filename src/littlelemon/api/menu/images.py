"""Dish photos: checked with Pillow from their bytes, re-encoded without metadata, thumbnailed.

Nothing about a photo is trusted: not its name, not its Content-Type. The format is sniffed
from the bytes; the dimensions are read from the header before any pixel is decoded (so a
small file that expands to gigabytes, a decompression bomb, is refused cheaply); the picture
is then decoded, turned upright (EXIF orientation) and saved anew, which drops EXIF (GPS,
camera), XMP and text chunks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO, Final

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> file extension.
FORMATS: Final = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_SIDE_PX: Final = 6000
THUMBNAIL_WIDTH_PX: Final = 480
JPEG_QUALITY: Final = 85
WEBP_QUALITY: Final = 80

NOT_AN_IMAGE = "Upload a JPEG, PNG or WebP photo."
TOO_LARGE = "The photo is larger than {megabytes} MB."
TOO_MANY_PIXELS = f"The photo is larger than {MAX_SIDE_PX} x {MAX_SIDE_PX} pixels."
UNREADABLE = "The photo could not be read (is the file complete?)."
EMPTY = "The photo is empty."


@dataclass(frozen=True, kw_only=True)
class PreparedPhoto:
    """The re-encoded photo and its thumbnail, ready to store."""

    photo: bytes
    extension: str
    thumbnail: bytes  # always WebP
    width: int
    height: int


def _reject(message: str, code: str) -> ValidationError:
    return ValidationError({"image": [message]}, code=code)


def photo_prepare(*, upload: IO[bytes], size: int, max_bytes: int) -> PreparedPhoto:
    """Check an uploaded photo and produce what is stored; a ValidationError on `image` else."""
    if size <= 0:
        raise _reject(EMPTY, "empty")
    if size > max_bytes:
        raise _reject(TOO_LARGE.format(megabytes=max_bytes // (1024 * 1024)), "too_large")
    try:
        # `formats` limits the sniffing to the three allowed decoders.
        with Image.open(upload, formats=list(FORMATS)) as image:
            if image.format not in FORMATS:
                raise _reject(NOT_AN_IMAGE, "type")
            width, height = image.size  # from the header: nothing decoded yet
            if width > MAX_SIDE_PX or height > MAX_SIDE_PX:
                raise _reject(TOO_MANY_PIXELS, "dimensions")
            image_format = image.format
            upright = ImageOps.exif_transpose(image)  # decodes the (first) frame
    except UnidentifiedImageError as error:
        raise _reject(NOT_AN_IMAGE, "type") from error
    except Image.DecompressionBombError as error:  # Pillow's own guard, beyond our limit
        raise _reject(TOO_MANY_PIXELS, "dimensions") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise _reject(UNREADABLE, "unreadable") from error
    photo = _encode(upright, image_format)
    return PreparedPhoto(
        photo=photo,
        extension=FORMATS[image_format],
        thumbnail=_thumbnail(upright),
        width=upright.width,
        height=upright.height,
    )


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Save anew in the same format; no exif/icc/text is passed on, so none is written."""
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif image_format == "PNG":
        keep = image if image.mode in {"RGB", "RGBA", "L", "LA", "P"} else image.convert("RGBA")
        keep.save(out, "PNG", optimize=True)
    else:
        image.convert("RGBA" if "A" in image.getbands() else "RGB").save(
            out, "WEBP", quality=WEBP_QUALITY
        )
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    """A WebP at most THUMBNAIL_WIDTH_PX wide, the aspect ratio kept (never enlarged)."""
    thumb = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if thumb.width > THUMBNAIL_WIDTH_PX:
        height = max(1, round(thumb.height * THUMBNAIL_WIDTH_PX / thumb.width))
        thumb = thumb.resize((THUMBNAIL_WIDTH_PX, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    thumb.save(out, "WEBP", quality=WEBP_QUALITY)
    return out.getvalue()
