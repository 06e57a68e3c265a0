"""Checking an uploaded file by what it contains, never by its name or the browser's word.

Filing evidence may be a PDF, a JPEG or a PNG up to ``RFS_UPLOAD_MAX_BYTES``. The type
is read from the file's first bytes, and images are opened with Pillow to make sure they
are what they claim; the detected type is what we store and later serve. A PNG named
``.pdf`` is accepted as a PNG; an HTML page or a program named ``.pdf`` is refused.
"""

import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# The first bytes of each accepted type.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
# What Pillow calls each image type.
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}


class UploadError(ValueError):
    """The file can't be accepted; the message says why and what to do, for the form field."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def detect_type(head: bytes) -> str | None:
    """The content type the first bytes announce, or None for anything we don't take."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def validate_upload(upload: UploadedFile) -> CheckedFile:
    """Check an uploaded file; raise ``UploadError`` with a message for the candidate.

    Leaves the file positioned at its start, ready to be saved.
    """
    size = upload.size or 0
    if size == 0:
        raise UploadError(_("This file is empty. Please choose the file again."))
    limit = settings.RFS_UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadError(
            _(
                "This file is %(size)s MB, and files can be up to %(limit)s MB. "
                "A smaller scan or a photo of the page works just as well."
            )
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = detect_type(head)
    if content_type is None:
        raise UploadError(
            _(
                "We can take PDF, JPEG or PNG files, and this file is none of those, whatever its name says. "
                "Try saving or scanning it as a PDF."
            )
        )
    if content_type in PILLOW_FORMATS:
        _verify_image(upload, PILLOW_FORMATS[content_type])
    return CheckedFile(content_type=content_type, size=size)


def _verify_image(upload: UploadedFile, expected_format: str) -> None:
    """Open the image with Pillow: a damaged file, or one too large to open safely, is refused."""
    damaged = UploadError(
        _("This image seems to be damaged. Please save it again, or upload a PDF instead.")
    )
    try:
        with warnings.catch_warnings():
            # An image with an enormous pixel count is a decompression bomb, not a filing.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != expected_format:
                    raise damaged
                image.verify()
    except UploadError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise damaged from error
    finally:
        upload.seek(0)
