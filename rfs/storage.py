"""Where uploads live, chosen by environment: the local filesystem (the default) or any
S3-compatible object store (AWS S3, MinIO, R2) through django-storages.

Two stores, each a ``settings.STORAGES`` entry:

- ``default``: public uploads (endorsed candidates' photos, library files). Served from
  the store's own URL when ``RFS_MEDIA_FROM_STORE`` is on, otherwise through the
  ``media`` view (``rfs.views.media``), which streams them from whichever store.
- ``private``: filing evidence. Never given a URL: the evidence view checks permission,
  then streams the file from the store (no presigned URLs: a store inside the compose
  network has a hostname the browser can't reach, and a link would outlive the check).

With ``RFS_STORAGE=s3`` both live in one bucket (``RFS_S3_BUCKET``), under the prefixes
``media/`` and ``private/``. The bucket itself stays private; only ``media/`` may be
made readable when public files are served from the store. AWS keys come from the
environment (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``), read by boto3 itself.

Settings import this module, so it imports nothing from Django's app registry.
"""

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

# The upload stores a backup copies and a restore fills, by STORAGES name.
UPLOAD_STORES = ("default", "private")

S3_PUBLIC_BACKEND = "rfs.storage_s3.PublicS3Storage"
S3_PRIVATE_BACKEND = "rfs.storage_s3.PrivateS3Storage"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def upload_storages(
    environ: Mapping[str, str], *, private_root: Path, media_url: str
) -> dict[str, dict]:
    """The ``default`` and ``private`` entries of ``settings.STORAGES`` for this environment."""
    kind = environ.get("RFS_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {
            # No options: it follows settings.MEDIA_ROOT and MEDIA_URL, as Django's default does.
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": private_root, "base_url": None},
            },
        }
    if kind != "s3":
        raise ValueError(f"RFS_STORAGE must be 'local' or 's3', not {kind!r}.")
    bucket = environ.get("RFS_S3_BUCKET", "").strip()
    if not bucket:
        raise ValueError("RFS_STORAGE=s3 needs RFS_S3_BUCKET.")
    common = {
        "bucket_name": bucket,
        # Empty means AWS itself; MinIO, R2 and test servers give their address.
        "endpoint_url": environ.get("RFS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("RFS_S3_REGION") or None,
        # Path-style addressing (host/bucket/key) works with every S3-compatible store.
        "addressing_style": environ.get("RFS_S3_ADDRESSING_STYLE") or "path",
        "signature_version": "s3v4",
        # Never replace an object that already has the name: a second upload gets its own.
        "file_overwrite": False,
    }
    public_url = (environ.get("RFS_S3_PUBLIC_URL") or "").strip().rstrip("/")
    return {
        "default": {
            "BACKEND": S3_PUBLIC_BACKEND,
            "OPTIONS": {
                **common,
                "location": "media",
                "querystring_auth": False,
                "serve_from_store": _flag(environ.get("RFS_MEDIA_FROM_STORE")),
                # A CDN or the bucket's public address, e.g. https://media.example.org
                # (scheme included); empty: the endpoint's own address.
                "public_url": public_url,
                "media_url": media_url,
            },
        },
        "private": {
            "BACKEND": S3_PRIVATE_BACKEND,
            "OPTIONS": {**common, "location": "private"},
        },
    }


def public_media_origins(environ: Mapping[str, str]) -> list[str]:
    """The origins photos load from when the store serves them itself (for the CSP's
    img-src); none when the site's own /media/ path serves them."""
    if (environ.get("RFS_STORAGE") or "local").strip().lower() != "s3":
        return []
    if not _flag(environ.get("RFS_MEDIA_FROM_STORE")):
        return []
    address = (environ.get("RFS_S3_PUBLIC_URL") or environ.get("RFS_S3_ENDPOINT_URL") or "").strip()
    if not address:
        # AWS itself: the bucket's virtual host or the regional endpoint.
        return ["https://*.amazonaws.com"]
    parts = urlsplit(address)
    return [f"{parts.scheme}://{parts.netloc}"]
